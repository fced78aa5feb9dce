from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin
from simple_history.admin import SimpleHistoryAdmin

from congress import roles
from congress.models import (
    CalendarDay,
    DistrictProfile,
    NewsItem,
    Notification,
    Organization,
    Rule,
    Term,
    User,
)
from congress.rules import RULES
from congress.services import user_set_roles, user_set_unit
from congress.units import acting_unit


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
class OrganizationAdmin(ExportActionMixin, SimpleHistoryAdmin):
    list_display = [
        "name",
        "kind",
        "head_name",
        "deputy_head_name",
        "is_handling_unit",
        "is_active",
        "sort_order",
    ]
    list_filter = ["kind", "is_handling_unit", "is_active"]
    search_fields = ["name", "short_name", "head_name"]
    list_editable = ["sort_order"]
    autocomplete_fields = ["parent"]


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


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    form = UserAdminForm
    list_display = ["username", "display_name", "email", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "groups"]
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

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "role_names" in form.base_fields:
            form.base_fields["role_names"].initial = list(obj.groups.values_list("name", flat=True))
            form.base_fields["acting_unit"].initial = acting_unit(obj)
        return form

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "role_names" in form.cleaned_data:
            user_set_roles(user=obj, role_names=form.cleaned_data["role_names"])
            user_set_unit(user=obj, unit=form.cleaned_data.get("acting_unit"))


class RuleAdminForm(forms.ModelForm):
    class Meta:
        model = Rule
        fields = ["key", "value", "note"]


@admin.register(Rule)
class RuleAdmin(SimpleHistoryAdmin):
    form = RuleAdminForm
    list_display = ["label", "key", "value", "updated_at"]
    search_fields = ["key"]
    readonly_fields = ["help"]

    @admin.display(description=_("规则"))
    def label(self, obj):
        spec = RULES.get(obj.key)
        return spec.label if spec else obj.key

    @admin.display(description=_("说明"))
    def help(self, obj):
        spec = RULES.get(obj.key)
        return f"{spec.help}（默认：{spec.default}）" if spec else ""

    def get_readonly_fields(self, request, obj=None):
        return ["key", "help"] if obj else ["help"]

    def has_delete_permission(self, request, obj=None):
        # Deleting a row would silently restore the default: edit the value instead.
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "is_workday", "name"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "level", "created_at", "read_at", "emailed_at"]
    list_filter = ["level"]
    search_fields = ["title", "recipient__username", "key"]
    raw_id_fields = ["recipient"]

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
