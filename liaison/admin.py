"""The admin of the liaison stations (staff): stations with their deputies, workers and file,
reception days, opinion categories, and the opinions with their route and close steps and
their timeline. Committee members read."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from congress import roles
from congress.casework.admin import AdminStep, StepForm, TransitionEventColumns, WorkflowStepsAdmin
from congress.history_admin import SimpleHistoryAdmin
from congress.models import Organization
from congress.privacy import mask_phone
from liaison import services
from liaison.models import Opinion, OpinionCategory, OpinionEvent, Reception, Station, StationRecord
from liaison.workflow import OPINION


class StaffAccessMixin:
    """Staff keep the stations; members read; deleting is left to system administrators."""

    def has_module_permission(self, request):
        return roles.is_staff_member(request.user) or roles.has_role(request.user, roles.MEMBER)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, *args):
        return roles.is_staff_member(request.user)

    def has_change_permission(self, request, obj=None):
        return roles.is_staff_member(request.user)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class RecordInline(StaffAccessMixin, admin.TabularInline):
    model = StationRecord
    extra = 0
    fields = ["kind", "title", "content", "recorded_on", "is_public"]


@admin.register(Station)
class StationAdmin(StaffAccessMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "street", "address", "is_active"]
    list_display_links = ["name"]
    list_filter = ["kind", "street", "is_active"]
    search_fields = ["name", "address"]
    list_select_related = ["street"]
    autocomplete_fields = ["deputies"]
    filter_horizontal = ["workers"]
    inlines = [RecordInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "street":
            kwargs["queryset"] = Organization.objects.filter(kind__in=services.STREET_KINDS)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "workers":
            from congress.models import User

            kwargs["queryset"] = User.objects.filter(groups__name=roles.STATION_WORKER).order_by("username")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Reception)
class ReceptionAdmin(StaffAccessMixin, SimpleHistoryAdmin):
    list_display = ["station", "starts_at", "ends_at", "topic", "cancelled_reason"]
    list_display_links = ["station"]
    list_filter = ["station__street", "station"]
    list_select_related = ["station"]
    autocomplete_fields = ["deputies"]
    date_hierarchy = "starts_at"


@admin.register(OpinionCategory)
class OpinionCategoryAdmin(StaffAccessMixin, SimpleHistoryAdmin):
    list_display = ["name", "code", "sort_order", "is_active"]
    list_display_links = ["name"]


class RouteStepForm(StepForm):
    layer = forms.ChoiceField(label=_("办理层级"), choices=Opinion.Layer.choices)
    unit = forms.ModelChoiceField(
        label=_("办理部门"),
        queryset=Organization.objects.filter(is_active=True, kind__in=services.DEPARTMENT_KINDS),
        required=False,
    )
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


class CloseStepForm(StepForm):
    result = forms.CharField(label=_("办理结果"), widget=forms.Textarea(attrs={"rows": 4}))


class OpinionEventInline(TransitionEventColumns, admin.TabularInline):
    model = OpinionEvent
    extra = 0
    can_delete = False
    fields = ["action_name", "from_name", "to_name", "actor", "note", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Opinion)
class OpinionAdmin(StaffAccessMixin, WorkflowStepsAdmin, SimpleHistoryAdmin):
    """Opinions are taken on the website and in the portal; the admin routes and closes them."""

    workflow = OPINION
    workflow_steps = (
        AdminStep(
            "route",
            "route",
            form=RouteStepForm,
            run=lambda request, obj, data: services.opinion_route(actor=request.user, opinion=obj, **data),
        ),
        AdminStep(
            "close",
            "close",
            form=CloseStepForm,
            run=lambda request, obj, data: services.opinion_close(actor=request.user, opinion=obj, **data),
        ),
    )
    list_display = [
        "receipt",
        "category",
        "street",
        "station",
        "deputy",
        "state",
        "layer",
        "unit",
        "deadline",
        "created_at",
    ]
    list_display_links = ["receipt"]
    list_filter = ["state", "layer", "category", "street", "channel", "citizen_result"]
    search_fields = ["receipt", "content"]
    list_select_related = ["category", "street", "station", "deputy", "unit"]
    inlines = [OpinionEventInline]
    fields = [
        "receipt",
        "channel",
        "station",
        "deputy",
        "reception",
        "street",
        "category",
        "content",
        "name",
        "masked_mobile",
        "state",
        "layer",
        "unit",
        "deadline",
        "proposal",
        "result",
        "closed_at",
        "citizen_result",
        "citizen_comment",
        "reopen_count",
        "recorded_by",
    ]
    readonly_fields = fields

    @admin.display(description=_("手机号码"))
    def masked_mobile(self, obj):
        return mask_phone(obj.mobile)

    def has_add_permission(self, request, *args):
        return False  # taken on the website and in the portal


@admin.register(OpinionEvent)
class OpinionEventAdmin(TransitionEventColumns, StaffAccessMixin, admin.ModelAdmin):
    list_display = ["opinion", "action_name", "from_name", "to_name", "actor", "note", "created_at"]
    list_select_related = ["opinion", "actor"]
    search_fields = ["opinion__receipt"]
    readonly_fields = list_display
    fields = list_display

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
