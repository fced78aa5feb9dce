"""Chinese names for the third-party apps and models the admin lists (their own configs leave
the name to be made from the label: "Axes", "Otp_Totp"; a few models have only an English
name). ``INSTALLED_APPS`` names these configs instead of the packages; labels, models and
migrations stay the packages' own."""

import threading
from collections import OrderedDict

from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin import apps as admin_apps
from django.contrib.admin import sites as admin_sites
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig
from guardian.apps import GuardianConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("登录安全")


class TOTPConfig(TOTPAppConfig):
    verbose_name = _("双因素认证")


class ObjectPermissionsConfig(GuardianConfig):
    verbose_name = _("对象权限")


class AppList(list):
    """The sorted app list of a request, with the key it was kept under (``cache_key``): what
    the sidebar and the index render from it is kept under the same key
    (``congress_admin.app_list``)."""

    cache_key: tuple = ()


class KeptRenders:
    """A small in-process LRU of values built from an app list (the list itself, the HTML of
    the sidebar and of the index's list). Keys hold everything the value depends on, so no
    entry is ever stale: a permission change makes a new key, the old entry ages out."""

    def __init__(self, size: int = 256):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


KEPT = KeptRenders()


class AdminSite(admin_sites.AdminSite):
    """The admin site, with Chinese names for the models whose packages name them in English
    that no catalog translates (a plain string as ``verbose_name``).

    The app list of every admin page (sidebar, index: a permission check, ``reverse()`` and
    translated names per model, ~0.1 s a page, issue 16) is built once per *permission state*
    and language and kept in this process (``KEPT``). The key is the state itself, read from
    what the admins' permission methods read: the user's active / staff / superuser flags,
    roles (group names, ``roles.role_names``, cached until the groups change) and model
    permissions (``get_all_permissions``, the queries ``has_perm`` makes anyway), whether a
    district profile exists (``DistrictProfileAdmin.has_add_permission``, for who may open
    the core app), the language, the script prefix and the registry. A permission or group change therefore shows on the next
    request in every process: there is nothing to invalidate. A new data-dependent permission
    method on a model admin must add what it reads to ``app_list_key``."""

    _registry_version = 0

    def register(self, *args, **kwargs):
        self._registry_version += 1
        return super().register(*args, **kwargs)

    def unregister(self, *args, **kwargs):
        self._registry_version += 1
        return super().unregister(*args, **kwargs)

    def app_list_key(self, request) -> tuple:
        key = getattr(request, "_congress_app_list_key", None)
        if key is None:
            from congress import roles
            from congress.models import DistrictProfile

            user = request.user
            key = (
                self.name,
                self._registry_version,
                translation.get_language(),
                get_script_prefix(),
                user.is_active,
                user.is_staff,
                user.is_superuser,
                frozenset(roles.role_names(user)),
                frozenset(user.get_all_permissions()),
                # read only by DistrictProfileAdmin.has_add_permission, asked only of who may
                # open the core app (the default has_module_permission)
                user.has_module_perms("congress") and DistrictProfile.objects.exists(),
            )
            request._congress_app_list_key = key
        return key

    def get_app_list(self, request, app_label=None):
        if app_label is not None:
            return super().get_app_list(request, app_label)
        key = self.app_list_key(request)
        kept = KEPT.get(("apps", key))
        if kept is None:
            kept = [
                {
                    **app,
                    "name": str(app["name"]),
                    "models": [{**model, "name": str(model["name"])} for model in app["models"]],
                }
                for app in super().get_app_list(request)
            ]
            KEPT.put(("apps", key), kept)
        # a copy: callers may sort or change the list of their request
        app_list = AppList(
            {
                **app,
                "models": [{**model, "perms": dict(model["perms"])} for model in app["models"]],
            }
            for app in kept
        )
        app_list.cache_key = key
        return app_list

    MODEL_NAMES = {
        ("otp_totp", "totpdevice"): _("TOTP 验证设备"),
    }

    def _build_app_dict(self, request, label=None):
        app_dict = super()._build_app_dict(request, label)
        apps = [app_dict] if label else app_dict.values()
        for app in apps:
            for model in app.get("models", []):
                name = self.MODEL_NAMES.get((app["app_label"], model["object_name"].lower()))
                if name is not None:
                    model["name"] = name
        return app_dict


class AdminConfig(admin_apps.AdminConfig):
    default_site = "congress.thirdparty.AdminSite"
