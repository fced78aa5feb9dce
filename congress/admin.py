import dataclasses
import hashlib

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin

from congress import roles
from congress.audit import AuditedExportMixin
from congress.exceptions import ApplicationError
from congress.forms import CalendarYearForm
from congress.history_admin import ChineseHistoryHelper, SimpleHistoryAdmin
from congress.holiday_notice import holiday_text_parse
from congress.models import (
    ApiToken,
    CalendarDay,
    DistrictProfile,
    EnrolmentCode,
    NewsItem,
    Notification,
    Organization,
    Rule,
    Term,
    User,
)
from congress.rule_forms import RuleAdminForm
from congress.rules import RULES
from congress.selectors import calendar_year_changes
from congress.services import (
    api_token_revoke,
    calendar_year_save,
    enrolment_code_issue,
    user_set_roles,
    user_set_unit,
)
from congress.units import acting_unit as unit_of
from congress.workdays import calendar_years


@admin.register(DistrictProfile)
class DistrictProfileAdmin(SimpleHistoryAdmin):
    list_display = ["name", "congress_name", "phone"]

    def has_add_permission(self, request):
        return not DistrictProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = ["name", "number", "start_year", "end_year", "is_current"]
    list_filter = ["is_current"]


@admin.register(Organization)
class OrganizationAdmin(AuditedExportMixin, ExportActionMixin, SimpleHistoryAdmin):
    list_display = [
        "name",
        "kind",
        "head_name",
        "head_title",
        "deputy_head_name",
        "is_handling_unit",
        "is_active",
        "sort_order",
    ]
    list_filter = ["kind", "is_handling_unit", "is_active"]
    search_fields = ["name", "short_name", "head_name"]
    list_editable = ["sort_order"]
    autocomplete_fields = ["parent"]


def _is_sysadmin(request) -> bool:
    return roles.has_role(request.user, roles.SYSADMIN)


class UserAdminForm(UserChangeForm):
    role_names = forms.MultipleChoiceField(
        label=_("角色"),
        choices=list(roles.LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    acting_unit = forms.ModelChoiceField(
        label=_("所属单位"),
        queryset=Organization.objects.filter(is_active=True),
        required=False,
        help_text=_("承办单位联络员、审核人代表该单位办理事务；只能看到本单位的数据。"),
    )

    class Meta(UserChangeForm.Meta):
        model = User
        fields = ["username", "password", "display_name", "email", "phone", "is_active"]

    def clean_role_names(self):
        names = self.cleaned_data["role_names"]
        if roles.roles_conflict(names):
            raise forms.ValidationError(roles.ROLES_EXCLUSIVE, code="roles_exclusive")
        return names


def role_label(name: str) -> str:
    """A role group's name for people (``roles.LABELS``); other groups keep their own."""
    return str(roles.LABELS.get(name, name))


class RoleFilter(admin.SimpleListFilter):
    title = _("角色")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [(name, label) for name, label in roles.LABELS.items()]

    def queryset(self, request, queryset):
        return queryset.filter(groups__name=self.value()) if self.value() else queryset


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    form = UserAdminForm
    list_display = ["username", "display_name", "role_list", "email", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", RoleFilter]
    search_fields = ["username", "display_name", "email", "phone"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("display_name", "email", "phone")}),
        (_("角色与单位"), {"fields": ("role_names", "acting_unit", "is_active")}),
        (_("重要日期"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "display_name", "password1", "password2")}),
    )
    readonly_fields = ["last_login", "date_joined"]

    # Accounts (e-mail, phone, passwords) are the system administrators'; roles and units are
    # the security administrator's (三员分立), who sees an account's name and roles only. Nobody
    # else opens accounts, whatever model permissions a group was once given: committee members
    # and staff read business records, not who logs in with which address.
    def _may_open(self, request) -> bool:
        return _is_sysadmin(request) or roles.can_assign_roles(request.user)

    def has_module_permission(self, request):
        return self._may_open(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._may_open(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return _is_sysadmin(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._may_open(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_sysadmin(request) and super().has_delete_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not _is_sysadmin(request):
            # the security administrator: who it is, and the roles and units to set
            return (
                (None, {"fields": ("username", "display_name")}),
                (_("角色与单位"), {"fields": ("role_names", "acting_unit")}),
            )
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not _is_sysadmin(request):
            fields += ["username", "display_name"]
        if not roles.can_assign_roles(request.user):
            fields += ["role_names", "acting_unit"]
        return fields

    actions = ["issue_enrolment_codes"]

    def has_issue_enrolment_code_permission(self, request):
        return request.user.has_perm("congress.add_enrolmentcode")

    @admin.action(description=_("发放绑定码"), permissions=["issue_enrolment_code"])
    def issue_enrolment_codes(self, request, queryset):
        """A one-time code per selected account to bind a first authenticator; shown on this
        page only (it is not kept), to be handed over in person or by phone."""
        issued = [(user, *enrolment_code_issue(user=user, issued_by=request.user)) for user in queryset]
        context = {
            **self.admin_site.each_context(request),
            "title": _("身份验证器绑定码"),
            "opts": self.model._meta,
            "issued": [
                {"user": user, "code": code, "expires_at": row.expires_at} for user, row, code in issued
            ],
        }
        response = TemplateResponse(request, "admin/congress/user/enrolment_codes.html", context)
        response["Cache-Control"] = "no-store"
        return response

    def user_change_password(self, request, id, form_url=""):
        if not _is_sysadmin(request):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("角色"))
    def role_list(self, obj):
        return "、".join(role_label(group.name) for group in obj.groups.all()) or "—"

    # Shown in place of the form's fields to those who may only read accounts.
    @admin.display(description=_("角色"))
    def role_names(self, obj):
        return self.role_list(obj)

    @admin.display(description=_("所属单位"))
    def acting_unit(self, obj):
        unit = unit_of(obj)
        return unit.name if unit else "—"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "role_names" in form.base_fields:
            form.base_fields["role_names"].initial = list(obj.groups.values_list("name", flat=True))
            form.base_fields["acting_unit"].initial = unit_of(obj)
        return form

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "role_names" in form.cleaned_data:
            user_set_roles(user=obj, role_names=form.cleaned_data["role_names"])
            user_set_unit(user=obj, unit=form.cleaned_data.get("acting_unit"))


class TokenStateFilter(admin.SimpleListFilter):
    title = _("状态")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", _("有效")), ("expired", _("已过期")), ("revoked", _("已吊销"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "active":
            return queryset.filter(revoked_at__isnull=True, expires_at__gt=now)
        if self.value() == "expired":
            return queryset.filter(revoked_at__isnull=True, expires_at__lte=now)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Every API token, for the security administrator: who holds which (first digits only),
    since when, from where, until when, last used; revoke any at once. Tokens are issued only by
    ``POST /api/v1/auth/token/`` and never changed or deleted here."""

    list_display = [
        "prefix",
        "user",
        "state_label",
        "created_at",
        "created_from",
        "expires_at",
        "last_used_at",
    ]
    list_filter = [TokenStateFilter, "revoke_reason"]
    search_fields = ["user__username", "user__display_name", "prefix"]
    list_select_related = ["user"]
    readonly_fields = [
        "user",
        "prefix",
        "created_at",
        "created_from",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
        "revoke_reason",
    ]
    fields = readonly_fields
    actions = ["revoke_tokens"]

    @admin.display(description=_("状态"))
    def state_label(self, obj):
        return obj.state_label

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("吊销所选令牌"), permissions=["change"])
    def revoke_tokens(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True, expires_at__gt=timezone.now()):
            api_token_revoke(token=token, actor=request.user, reason=ApiToken.RevokeReason.SECURITY_ADMIN)
            count += 1
        self.message_user(request, _("已吊销 %(n)d 个令牌。") % {"n": count}, messages.SUCCESS)


@admin.register(EnrolmentCode)
class EnrolmentCodeAdmin(admin.ModelAdmin):
    """The enrolment codes issued (never the codes themselves: only digests are kept). Issued
    from the users list (发放绑定码), never added, changed or deleted here."""

    list_display = ["user", "issued_by", "created_at", "expires_at", "used_at"]
    list_select_related = ["user", "issued_by"]
    search_fields = ["user__username", "user__display_name"]
    readonly_fields = fields = ["user", "issued_by", "created_at", "expires_at", "used_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


ACTIONS = {"add": _("增加"), "change": _("修改"), "delete": _("删除"), "view": _("查看")}


def model_label(model) -> str:
    """A model's name, its history table's too ("…的历史记录" instead of "historical …")."""
    instance_type = getattr(model, "instance_type", None)
    if instance_type is not None:
        return str(_("%(model)s的历史记录") % {"model": instance_type._meta.verbose_name})
    return str(model._meta.verbose_name)


def permission_label(permission) -> str:
    """ "应用 | 模型 | 操作" in Chinese: Django stores the default permissions' names in English
    ("Can add access log") when their table is created."""
    content_type = permission.content_type
    model = content_type.model_class()
    try:
        app = apps.get_app_config(content_type.app_label).verbose_name
    except LookupError:
        app = content_type.app_label
    if model is None:
        return f"{app} | {content_type.model} | {permission.name}"
    action, _sep, model_name = permission.codename.partition("_")
    name = model_label(model)
    if action in ACTIONS and model_name == model._meta.model_name:
        return f"{app} | {name} | {ACTIONS[action]}{name}"
    return f"{app} | {name} | {permission.name}"


INTERNAL_APPS = ("contenttypes", "sessions", "guardian")


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return permission_label(obj)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """Role groups by their Chinese names (``roles.LABELS``); a role's group keeps its name,
    which the code checks."""

    list_display = ["label"]

    @admin.display(description=_("名称"), ordering="name")
    def label(self, obj):
        return role_label(obj.name)

    def get_fields(self, request, obj=None):
        if obj is not None and obj.name in roles.LABELS:
            return ["label", "permissions"]
        return ["name", "permissions"]

    def get_readonly_fields(self, request, obj=None):
        return ["label"] if obj is not None and obj.name in roles.LABELS else []

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "permissions":
            kwargs["form_class"] = PermissionChoiceField
            # The framework's own tables are granted to nobody through a role.
            kwargs["queryset"] = Permission.objects.exclude(
                content_type__app_label__in=INTERNAL_APPS
            ).select_related("content_type")
        return super().formfield_for_manytomany(db_field, request=request, **kwargs)


class RuleHistoryHelper(ChineseHistoryHelper):
    """The history page's changes of a rule's value as staff read it ("3个月 → 60个工作日"),
    not as stored JSON."""

    def __init__(self, model, historical_record):
        super().__init__(model, historical_record, max_displayed_delta_change_chars=500)
        self.spec = RULES.get(historical_record.key)

    def format_delta_change(self, change):
        old, new = change.old, change.new
        if change.field == "value" and isinstance(old, dict) and isinstance(new, dict):
            if self.spec is not None and self.spec.kind == "mapping":
                # a table: only the items that changed ("街道 → 区政府办公室 → 街道 → 区委办公室")
                keys = [key for key in new if old.get(key) != new[key]] or list(new)
                change = dataclasses.replace(
                    change,
                    old={key: old[key] for key in keys if key in old},
                    new={key: new[key] for key in keys},
                )
        return super().format_delta_change(change)

    def prepare_delta_change_value(self, change, value):
        if change.field == "value" and self.spec is not None:
            try:
                return self.spec.display(value)
            except (KeyError, TypeError, ValueError, ZeroDivisionError):
                return value
        return super().prepare_delta_change_value(change, value)


@admin.register(Rule)
class RuleAdmin(SimpleHistoryAdmin):
    """业务规则: each value in the input of its type (``congress.rule_forms``), the seed's
    default beside it, 恢复默认值, and a history row per change whose reason is the note.
    Rows are made for every registered rule by ``manage.py bootstrap``: nothing to add or
    delete here (deleting would silently restore the default)."""

    form = RuleAdminForm
    list_display = ["label", "current_value", "default_value", "is_default", "updated_at"]
    search_fields = ["key"]
    # The rule by its name: its key is for code, not for people.
    readonly_fields = ["label", "help", "current_value", "default_value"]

    def get_historical_record_context_helper(self, request, historical_record):
        return RuleHistoryHelper(self.model, historical_record)

    def get_fieldsets(self, request, obj=None):
        if obj is not None and self.has_change_permission(request, obj) and RULES.get(obj.key):
            fields = ["label", "help", "value", "reset_to_default", "note"]
        else:
            fields = ["label", "help", "current_value", "default_value", "note"]
        return [(None, {"fields": fields})]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields

    @admin.display(description=_("规则"), ordering="key")
    def label(self, obj):
        spec = RULES.get(obj.key)
        return spec.label if spec else obj.key

    @admin.display(description=_("说明"))
    def help(self, obj):
        spec = RULES.get(obj.key)
        return spec.help if spec else _("未知的规则代码。")

    @admin.display(description=_("当前取值"))
    def current_value(self, obj):
        spec = RULES.get(obj.key)
        try:
            return spec.display(obj.value) if spec else obj.value
        except (KeyError, TypeError, ValueError, ZeroDivisionError):
            return obj.value  # a value stored before the rule's type changed: shown as stored

    @admin.display(description=_("默认值"))
    def default_value(self, obj):
        spec = RULES.get(obj.key)
        return spec.display(spec.default) if spec else "-"

    @admin.display(description=_("默认"), boolean=True)
    def is_default(self, obj):
        spec = RULES.get(obj.key)
        return spec is not None and spec.is_default(obj.value)

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data.get("note") or (
            _("恢复默认值") if form.cleaned_data.get("reset_to_default") else ""
        )
        if reason:
            obj._change_reason = str(reason)
        super().save_model(request, obj, form, change)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "is_workday", "name"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"
    search_fields = ["name"]

    def get_urls(self):
        return [
            path(
                "enter-year/",
                self.admin_site.admin_view(self.enter_year_view),
                name="congress_calendarday_enter_year",
            ),
            *super().get_urls(),
        ]

    def enter_year_view(self, request):
        """A year at once: paste the State Council's notice (or a list of dates), preview what
        was read and what it changes, then save it all with history. The save re-reads the
        text and saves only what the preview showed (the digest of year, text and choice)."""
        if not roles.can_enter_calendar(request.user):
            raise PermissionDenied
        can_remove = self.has_delete_permission(request)
        today = timezone.localdate()
        shown_years = set(range(today.year - 1, today.year + 3)) | {
            day.year for day in CalendarDay.objects.dates("date", "year")
        }
        years = calendar_years(shown_years)
        form = CalendarYearForm(
            request.POST or None,
            can_remove=can_remove,
            initial={"year": _initial_year(request, years, today)},
        )
        result = changes = digest = None
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            result = holiday_text_parse(data["text"], year=data["year"])
            digest = _preview_digest(result.year, data["text"], data.get("remove_others", False))
            if result.year is not None and result.days:
                changes = calendar_year_changes(year=result.year, days=result.days)
            if "save" in request.POST and result.ok:
                if request.POST.get("previewed") != digest:
                    messages.warning(request, _("内容在预览后有改动，请核对下面的预览后再保存。"))
                else:
                    try:
                        calendar_year_save(
                            year=result.year,
                            days=result.days,
                            actor=request.user,
                            remove_others=data.get("remove_others", False),
                        )
                    except ApplicationError as exc:
                        messages.error(request, exc.message)
                    else:
                        messages.success(
                            request,
                            _("已保存%(year)d年的节假日安排：新增 %(c)d 天，修改 %(u)d 天，未变 %(s)d 天。")
                            % {
                                "year": result.year,
                                "c": len(changes.created),
                                "u": len(changes.updated),
                                "s": len(changes.unchanged),
                            },
                        )
                        changelist = reverse("admin:congress_calendarday_changelist")
                        return redirect(f"{changelist}?date__year={result.year}")
        status = {}
        if changes is not None:
            status = {day.date: ("new", None) for day in changes.created}
            status |= {day.date: ("changed", row) for row, day in changes.updated}
            status |= {day.date: ("same", None) for day in changes.unchanged}
        rows = [(day, *status.get(day.date, ("new", None))) for day in (result.days if result else [])]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("按年度录入节假日与调休"),
            "form": form,
            "result": result,
            "rows": rows,
            "changes": changes,
            "digest": digest,
            "years": years,
            "can_remove": can_remove,
            "removing": bool(form.is_bound and form.is_valid() and form.cleaned_data.get("remove_others")),
        }
        return TemplateResponse(request, "admin/congress/calendarday/enter_year.html", context)


def _initial_year(request, years, today) -> int:
    """The year asked for (?year=, from the admin index's warning), else the first missing one."""
    try:
        wanted = int(request.GET.get("year", ""))
    except ValueError:
        wanted = 0
    if 2000 <= wanted <= 2100:
        return wanted
    missing = [y.year for y in years if not y.known and y.year >= today.year]
    return missing[0] if missing else today.year + 1


def _preview_digest(year, text: str, remove_others: bool) -> str:
    return hashlib.sha256(f"{year}\n{int(remove_others)}\n{text}".encode()).hexdigest()[:32]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Notices in the staff member's language (``display_title``); the search looks in the text
    stored in the default language."""

    list_display = ["shown_title", "recipient", "level", "created_at", "read_at", "emailed_at"]
    list_filter = ["level"]
    search_fields = ["title", "recipient__username", "key"]
    raw_id_fields = ["recipient"]
    list_select_related = ["recipient"]
    # ``key`` only keeps a notice from being sent twice: not for people to read.
    fields = [
        "recipient",
        "level",
        "shown_title",
        "shown_body",
        "url",
        "created_at",
        "read_at",
        "emailed_at",
        "sms_sent_at",
    ]
    readonly_fields = ["shown_title", "shown_body"]

    @admin.display(description=_("标题"), ordering="title")
    def shown_title(self, obj):
        return obj.display_title

    @admin.display(description=_("内容"))
    def shown_body(self, obj):
        return obj.display_body

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NewsItem)
class NewsItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "issue_number", "is_published", "published_at"]
    list_filter = ["kind", "is_published"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_at"
    actions = ["publish"]

    @admin.action(description=_("发布所选内容"))
    def publish(self, request, queryset):
        from congress.content import news_publish

        count = 0
        for item in queryset.filter(is_published=False):
            news_publish(item=item, actor=request.user)
            count += 1
        self.message_user(request, _("已发布 %(n)d 条。") % {"n": count}, messages.SUCCESS)


# --- third-party models, in Chinese ---------------------------------------------------------------
# Their packages name them in English that no catalog translates (plain strings); the admin
# shows them in words here. Tables, labels and migrations stay the packages' own.


def _when(moment):
    # A method's value is shown as it is on a form: None would read "None", a time in UTC.
    return formats.localize(timezone.localtime(moment)) if moment else "—"


class TOTPConfirmedFilter(admin.SimpleListFilter):
    title = _("已启用")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("1", _("是")), ("0", _("否"))]

    def queryset(self, request, queryset):
        return queryset.filter(confirmed=self.value() == "1") if self.value() in ("0", "1") else queryset


TOTP_FIELDS = {
    "user": (_("用户"), _("该设备所属的用户。")),
    "name": (_("设备名称"), _("便于识别的名称，例如“手机验证器”。")),
    "confirmed": (_("已启用"), _("设备已可用于登录验证。")),
    "key": (_("密钥"), _("十六进制编码的密钥，最长 40 字节。")),
    "step": (_("时间步长（秒）"), ""),
    "t0": (_("起始时间（Unix 秒）"), ""),
    "digits": (_("验证码位数"), ""),
    "tolerance": (_("容差（步数）"), _("允许前后偏差的时间步数。")),
    "drift": (_("时钟偏移（步数）"), _("设备时钟与服务器相差的时间步数。")),
    "throttling_failure_timestamp": (_("最近失败时间"), _("最近一次验证失败的时间；成功后清空。")),
    "throttling_failure_count": (_("连续失败次数"), ""),
}


def _chinese_totp_admin():
    from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin as BaseTOTPDeviceAdmin
    from django_otp.plugins.otp_totp.models import TOTPDevice

    class TOTPDeviceAdmin(BaseTOTPDeviceAdmin):
        list_display = ["user", "name", "created_on", "last_used_on", "is_confirmed"]
        list_filter = [TOTPConfirmedFilter]
        readonly_fields = ["created_on", "last_used_on", "qrcode_link"]
        search_help_text = _("按用户名或电子邮件搜索")

        @admin.display(description=_("创建时间"), ordering="created_at")
        def created_on(self, device):
            return _when(device.created_at)

        @admin.display(description=_("最近使用时间"), ordering="last_used_at")
        def last_used_on(self, device):
            return _when(device.last_used_at)

        @admin.display(description=_("已启用"), boolean=True, ordering="confirmed")
        def is_confirmed(self, device):
            return device.confirmed

        @admin.display(description=_("二维码"))
        def qrcode_link(self, device):
            url = reverse("admin:otp_totp_totpdevice_config", kwargs={"pk": device.pk})
            return format_html('<a href="{}">{}</a>', url, _("查看二维码"))

        def get_fieldsets(self, request, obj=None):
            titles = {
                "Identity": _("设备"),
                "Timestamps": _("时间"),
                "Configuration": _("配置"),
                "State": _("状态"),
                "Throttling": _("失败限制"),
            }
            renamed = {"created_at": "created_on", "last_used_at": "last_used_on"}
            return [
                (
                    titles.get(title, title),
                    {**options, "fields": [renamed.get(name, name) for name in options["fields"]]},
                )
                for title, options in super().get_fieldsets(request, obj)
            ]

        def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
            title = _("增加 TOTP 验证设备") if object_id is None else _("TOTP 验证设备")
            return super().changeform_view(
                request, object_id, form_url, {**(extra_context or {}), "title": title}
            )

        def changelist_view(self, request, extra_context=None):
            return super().changelist_view(request, {**(extra_context or {}), "title": _("TOTP 验证设备")})

        def formfield_for_dbfield(self, db_field, request, **kwargs):
            field = super().formfield_for_dbfield(db_field, request, **kwargs)
            if field is not None and db_field.name in TOTP_FIELDS:
                field.label, help_text = TOTP_FIELDS[db_field.name]
                field.help_text = help_text
            return field

    admin.site.unregister(TOTPDevice)
    admin.site.register(TOTPDevice, TOTPDeviceAdmin)


_chinese_totp_admin()


def _chinese_periodic_task_admin():
    """Registered tasks chosen by name (a task of ours says it with ``label=`` on its
    ``@shared_task``), not by the dotted path."""
    from django_celery_beat.admin import PeriodicTaskAdmin as BasePeriodicTaskAdmin
    from django_celery_beat.admin import PeriodicTaskForm, TaskChoiceField, TaskSelectWidget
    from django_celery_beat.models import PeriodicTask

    class NamedTaskSelect(TaskSelectWidget):
        def tasks_as_choices(self):
            choices = super().tasks_as_choices()
            tasks = self.celery_app.tasks
            return tuple(
                (name, str(getattr(tasks.get(name), "label", "") or name) if name else label)
                for name, label in choices
            )

    class NamedPeriodicTaskForm(PeriodicTaskForm):
        regtask = TaskChoiceField(label=_("任务（已注册）"), required=False, widget=NamedTaskSelect)

    class PeriodicTaskAdmin(BasePeriodicTaskAdmin):
        form = NamedPeriodicTaskForm

    admin.site.unregister(PeriodicTask)
    admin.site.register(PeriodicTask, PeriodicTaskAdmin)


_chinese_periodic_task_admin()


# The security audit log and the undeletable login records (auditors read them).
from congress import audit_admin  # noqa: E402,F401
