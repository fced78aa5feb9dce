"""Chinese names for the third-party apps and models the admin lists (their own configs leave
the name to be made from the label: "Axes", "Otp_Totp"; a few models have only an English
name). ``INSTALLED_APPS`` names these configs instead of the packages; labels, models and
migrations stay the packages' own."""

from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin import apps as admin_apps
from django.contrib.admin import sites as admin_sites
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig
from guardian.apps import GuardianConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("登录安全")


class TOTPConfig(TOTPAppConfig):
    verbose_name = _("双因素认证")


class ObjectPermissionsConfig(GuardianConfig):
    verbose_name = _("对象权限")


class AdminSite(admin_sites.AdminSite):
    """The admin site, with Chinese names for the models whose packages name them in English
    that no catalog translates (a plain string as ``verbose_name``)."""

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
