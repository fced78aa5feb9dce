"""The admin of court and procuratorate supervision (seed 十): staff appoint special supervisors
(the add page writes through ``special_supervisor_appoint``), change a term or end it with a
reason (steps on the change page); staff and members read the hearing-attendance records, and
staff enter a reply received on paper. Lists filterable, Excel export, history. Loaded by
``supervision.admin``."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from congress.casework.admin import AdminStep, WorkflowStepsAdmin
from congress.history_admin import SimpleHistoryAdmin
from supervision import services
from supervision.admin import (
    EventInline,
    ExcelExport,
    ServiceSaveMixin,
    StaffAccessMixin,
    changed,
)
from supervision.forms_judicial import EndForm, HearingReplyForm, SpecialSupervisorForm
from supervision.models_judicial import (
    HearingAttendance,
    HearingAttendanceEvent,
    SpecialSupervisor,
    SpecialSupervisorEvent,
)
from supervision.workflow_judicial import HEARING, SPECIAL_SUPERVISOR

# --- Excel ----------------------------------------------------------------------------------------


class SpecialSupervisorResource(resources.ModelResource):
    deputy = fields.Field(attribute="deputy__name", column_name="代表")
    institution = fields.Field(attribute="institution__name", column_name="聘请机关")
    term_start = fields.Field(attribute="term_start", column_name="聘期开始")
    term_end = fields.Field(attribute="term_end", column_name="聘期结束")
    state = fields.Field(column_name="状态")
    end_reason = fields.Field(attribute="end_reason", column_name="解聘理由")

    class Meta:
        model = SpecialSupervisor
        fields = ("deputy", "institution", "term_start", "term_end", "state", "end_reason")
        export_order = fields

    def dehydrate_state(self, obj):
        return obj.get_state_display()


class HearingAttendanceResource(resources.ModelResource):
    hearing_date = fields.Field(attribute="hearing_date", column_name="庭审日期")
    deputy = fields.Field(attribute="deputy__display_name", column_name="旁听代表")
    unit = fields.Field(attribute="unit__name", column_name="意见转交机关")
    case_number = fields.Field(attribute="case_number", column_name="案号")
    case_title = fields.Field(attribute="case_title", column_name="案由")
    court = fields.Field(attribute="court", column_name="审判法庭")
    remarks = fields.Field(attribute="remarks", column_name="旁听意见建议")
    state = fields.Field(column_name="状态")
    reply_due = fields.Field(attribute="reply_due", column_name="答复期限")
    replied_at = fields.Field(attribute="replied_at", column_name="答复时间")
    reply = fields.Field(attribute="reply", column_name="答复内容")

    class Meta:
        model = HearingAttendance
        fields = (
            "hearing_date",
            "deputy",
            "unit",
            "case_number",
            "case_title",
            "court",
            "remarks",
            "state",
            "reply_due",
            "replied_at",
            "reply",
        )
        export_order = fields

    def dehydrate_state(self, obj):
        return obj.get_state_display()


# --- timelines ------------------------------------------------------------------------------------


class _EventInline(EventInline):
    fields = ["created_at", "action_name", "from_name", "to_name", "actor", "note"]


class SpecialSupervisorEventInline(_EventInline):
    model = SpecialSupervisorEvent


class HearingAttendanceEventInline(_EventInline):
    model = HearingAttendanceEvent


# --- special supervisors --------------------------------------------------------------------------


@admin.register(SpecialSupervisor)
class SpecialSupervisorAdmin(
    StaffAccessMixin, ServiceSaveMixin, WorkflowStepsAdmin, ExcelExport, SimpleHistoryAdmin
):
    form = SpecialSupervisorForm
    resource_classes = [SpecialSupervisorResource]
    workflow = SPECIAL_SUPERVISOR
    workflow_steps = (
        AdminStep(
            "end",
            "end",
            lambda request, obj, data: services.special_supervisor_end(
                actor=request.user, supervisor=obj, **data
            ),
            form=EndForm,
            danger=True,
        ),
    )
    list_display = ["deputy", "institution", "term_start", "term_end", "state"]
    list_display_links = ["deputy"]
    list_filter = ["state", "institution", "term_end"]
    search_fields = ["deputy__name", "note"]
    list_select_related = ["deputy", "institution"]
    inlines = [SpecialSupervisorEventInline]
    readonly_fields = ["state", "ended_at", "end_reason", "appointed_by"]
    EDITABLE = ["term_start", "term_end", "note"]

    def get_fields(self, request, obj=None):
        base = ["deputy", "institution", *self.EDITABLE]
        return base if obj is None else [*base, *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if SPECIAL_SUPERVISOR.can(obj, "edit"):
            return ["deputy", "institution", *self.readonly_fields]
        return self.get_fields(request, obj)

    def perform(self, request, obj, form):
        data = form.cleaned_data
        if obj is None:
            return services.special_supervisor_appoint(
                actor=request.user,
                deputy=data.get("deputy"),
                institution=data.get("institution"),
                term_start=data.get("term_start"),
                term_end=data.get("term_end"),
                note=data.get("note", ""),
            )
        if not changed(form, set(self.EDITABLE)):
            return obj
        return services.special_supervisor_update(
            actor=request.user,
            supervisor=obj,
            term_start=data.get("term_start"),
            term_end=data.get("term_end"),
            note=data.get("note", ""),
        )


# --- hearing attendance ---------------------------------------------------------------------------


@admin.register(HearingAttendance)
class HearingAttendanceAdmin(StaffAccessMixin, WorkflowStepsAdmin, ExcelExport, SimpleHistoryAdmin):
    resource_classes = [HearingAttendanceResource]
    workflow = HEARING
    workflow_steps = (
        AdminStep(
            "reply",
            "reply",
            lambda request, obj, data: services.hearing_reply(actor=request.user, attendance=obj, **data),
            form=HearingReplyForm,
            label=_("录入答复"),
        ),
    )
    list_display = ["case_title", "case_number", "deputy", "unit", "hearing_date", "state", "reply_due"]
    list_display_links = ["case_title"]
    list_filter = ["state", "unit", "hearing_date"]
    search_fields = ["case_title", "case_number", "remarks", "reply"]
    list_select_related = ["deputy", "unit"]
    date_hierarchy = "hearing_date"
    inlines = [HearingAttendanceEventInline]
    fields = [
        "deputy",
        "unit",
        "case_number",
        "case_title",
        "court",
        "hearing_date",
        "remarks",
        "state",
        "reply_due",
        "reply",
        "replied_at",
        "replied_by",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, *args):
        return False  # deputies record their hearings in the portal
