"""Staff run law-enforcement inspections in the admin: set one up, form its groups (members,
deputies chosen by specialty), start it, record visits, list issues against units, record the
deliberated report and opinions, draft and pass on law-amendment suggestions, close it; on
each issue accept the unit's rectification or send it back. Every step is a button on the
record's page (``WorkflowStepsAdmin``) calling one service; lists are filterable, export to
Excel and keep history. Imported by ``supervision.admin``."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from congress.casework.admin import (
    RECTIFICATION_ROUND_FIELDS,
    AdminStep,
    WorkflowStepsAdmin,
    rectification_steps,
)
from congress.history_admin import SimpleHistoryAdmin
from supervision import forms_inspections as f
from supervision.admin import (
    EventInline,
    ExcelExport,
    ReadOnlyInline,
    ServiceSaveMixin,
    StaffAccessMixin,
    _EventAdmin,
    service_step,
)
from supervision.admin_experts import ConsultationInline
from supervision.forms_filings import ConsultStepForm
from supervision.models import (
    AmendmentSuggestion,
    Inspection,
    InspectionEvent,
    InspectionGroup,
    InspectionGroupMember,
    InspectionIssue,
    InspectionIssueEvent,
    InspectionVisit,
    IssueRectification,
)
from supervision.services import experts as expert_services
from supervision.services import inspections as services
from supervision.workflow_inspections import AMENDMENT, INSPECTION, ISSUE

# --- exports -------------------------------------------------------------------------------------


class InspectionResource(resources.ModelResource):
    title = fields.Field(attribute="title", column_name="检查名称")
    law = fields.Field(attribute="law", column_name="检查的法律法规")
    year = fields.Field(attribute="year", column_name="年度")
    committee = fields.Field(attribute="committee__name", column_name="责任工委")
    state = fields.Field(column_name="状态")
    deliberated_at = fields.Field(attribute="deliberated_at", column_name="审议时间")

    class Meta:
        model = Inspection
        fields = ("title", "law", "year", "committee", "state", "deliberated_at")
        export_order = fields

    def dehydrate_state(self, obj):
        return obj.get_state_display()


class IssueResource(resources.ModelResource):
    inspection = fields.Field(attribute="inspection__title", column_name="执法检查")
    number = fields.Field(attribute="number", column_name="序号")
    unit = fields.Field(attribute="unit__name", column_name="责任单位")
    description = fields.Field(attribute="description", column_name="问题描述")
    due_date = fields.Field(attribute="deadline", column_name="整改期限")
    round = fields.Field(attribute="round", column_name="整改轮次")
    state = fields.Field(column_name="状态")
    accepted_at = fields.Field(attribute="accepted_at", column_name="认定整改到位时间")

    class Meta:
        model = InspectionIssue
        fields = ("inspection", "number", "unit", "description", "due_date", "round", "state", "accepted_at")
        export_order = fields

    def dehydrate_state(self, obj):
        return obj.get_state_display()


class AmendmentResource(resources.ModelResource):
    inspection = fields.Field(attribute="inspection__title", column_name="执法检查")
    article = fields.Field(attribute="article", column_name="涉及条款")
    content = fields.Field(attribute="content", column_name="修法建议")
    state = fields.Field(column_name="状态")
    sent_at = fields.Field(attribute="sent_at", column_name="报送时间")
    feedback = fields.Field(attribute="feedback", column_name="市人大反馈")

    class Meta:
        model = AmendmentSuggestion
        fields = ("inspection", "article", "content", "state", "sent_at", "feedback")
        export_order = fields

    def dehydrate_state(self, obj):
        return obj.get_state_display()


# --- the inspection ------------------------------------------------------------------------------


class GroupInline(ReadOnlyInline):
    model = InspectionGroup
    fields = ["name", "focus", "seats", "signup_open"]
    show_change_link = True


class VisitInline(ReadOnlyInline):
    model = InspectionVisit
    fields = ["date", "place", "group", "notes"]


class IssueInline(ReadOnlyInline):
    model = InspectionIssue
    fields = ["number", "unit", "description", "deadline", "round", "state"]
    show_change_link = True


class AmendmentInline(ReadOnlyInline):
    model = AmendmentSuggestion
    fields = ["article", "content", "state", "sent_at", "feedback"]
    show_change_link = True


class InspectionEventInline(EventInline):
    model = InspectionEvent


def _run(service):
    """A step whose service takes the group (chosen on the form), not the inspection."""
    return lambda request, obj, data: service(actor=request.user, **data)


INSPECTION_STEPS = (
    AdminStep(
        "add_group",
        "add_group",
        form=f.GroupStepForm,
        done=_("检查组已组建。"),
        run=service_step(services.group_add, "inspection"),
    ),
    AdminStep(
        "add_member",
        "add_member",
        form=f.MemberStepForm,
        done=_("成员已加入检查组。"),
        run=_run(services.group_add_member),
    ),
    AdminStep(
        "choose",
        "add_member",
        form=f.ChooseStepForm,
        label=_("按专业特长选定代表"),
        done=_("已按专业特长选定代表，并通知本人。"),
        run=_run(services.group_choose_by_specialty),
    ),
    AdminStep(
        "start",
        "start",
        form=f.NoteStepForm,
        done=_("执法检查已开始。"),
        run=service_step(services.inspection_start, "inspection"),
    ),
    AdminStep(
        "add_visit",
        "add_visit",
        form=f.VisitStepForm,
        done=_("检查活动已记录。"),
        run=service_step(services.visit_add, "inspection"),
    ),
    AdminStep(
        "add_issue",
        "add_issue",
        form=f.IssueStepForm,
        done=_("问题已列入清单，已通知责任单位按期整改。"),
        run=service_step(services.issue_add, "inspection"),
    ),
    AdminStep(
        "deliberate",
        "deliberate",
        form=f.DeliberateStepForm,
        done=_("执法检查报告和审议意见已录入，检查情况已在网站公开。"),
        run=service_step(services.inspection_deliberate, "inspection"),
    ),
    AdminStep(
        "suggest",
        "suggest",
        form=f.AmendmentStepForm,
        done=_("修法建议已起草。"),
        run=service_step(services.amendment_add, "inspection"),
    ),
    AdminStep(
        "close",
        "close",
        form=f.NoteStepForm,
        done=_("执法检查已办结。"),
        run=service_step(services.inspection_close, "inspection"),
    ),
    AdminStep(
        "consult",
        "consult",
        form=ConsultStepForm,
        done=_("专家咨询已记录。"),
        run=service_step(expert_services.inspection_consult, "inspection"),
    ),
)


@admin.register(Inspection)
class InspectionAdmin(
    StaffAccessMixin, ServiceSaveMixin, WorkflowStepsAdmin, ExcelExport, SimpleHistoryAdmin
):
    workflow = INSPECTION
    workflow_steps = INSPECTION_STEPS
    form = f.InspectionForm
    resource_classes = [InspectionResource]
    list_display = ["title", "law", "year", "committee", "state", "deliberated_at"]
    list_display_links = ["title"]
    list_filter = ["state", "year", "committee"]
    search_fields = ["title", "law", "description"]
    list_select_related = ["committee"]
    inlines = [
        GroupInline,
        VisitInline,
        IssueInline,
        AmendmentInline,
        ConsultationInline,
        InspectionEventInline,
    ]
    CREATE_FIELDS = ["title", "law", "year", "committee", "plan_item", "description"]
    RECORD_FIELDS = ["state", "meeting", "report", "opinions", "deliberated_at", "closed_at", "documents"]

    def get_fields(self, request, obj=None):
        return self.CREATE_FIELDS if obj is None else [*self.CREATE_FIELDS, *self.RECORD_FIELDS]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    @admin.display(description=_("文书"))
    def documents(self, obj):
        if not obj.report:
            return "—"
        url = reverse("portal:supervision-inspection-pdf", args=[obj.pk])
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("执法检查报告及审议意见（PDF）")
        )

    def perform(self, request, obj, form):
        if obj is not None:
            return obj  # read-only once set up: the steps change it
        data = {name: form.cleaned_data.get(name) for name in self.CREATE_FIELDS}
        return services.inspection_create(actor=request.user, **data)


# --- groups --------------------------------------------------------------------------------------


class MemberInline(ReadOnlyInline):
    model = InspectionGroupMember
    fields = ["user", "role", "source", "specialty", "joined_at"]


@admin.register(InspectionGroup)
class InspectionGroupAdmin(StaffAccessMixin, SimpleHistoryAdmin):
    list_display = ["name", "inspection", "seats", "signup_open"]
    list_display_links = ["name"]
    list_filter = ["signup_open", "inspection"]
    search_fields = ["name", "inspection__title"]
    list_select_related = ["inspection"]
    fields = ["inspection", "name", "focus", "seats", "signup_open"]
    readonly_fields = fields
    inlines = [MemberInline]

    def has_add_permission(self, request, *args):
        return False  # groups are formed on the inspection's page (组建检查组)


@admin.register(InspectionVisit)
class InspectionVisitAdmin(StaffAccessMixin, ExcelExport, SimpleHistoryAdmin):
    list_display = ["date", "place", "inspection", "group"]
    list_display_links = ["place"]
    list_filter = ["inspection", "group"]
    search_fields = ["place", "notes"]
    list_select_related = ["inspection", "group"]
    date_hierarchy = "date"
    fields = ["inspection", "group", "date", "place", "notes", "created_by"]
    readonly_fields = fields

    def has_add_permission(self, request, *args):
        return False  # visits are recorded on the inspection's page (记录检查活动)


# --- issues --------------------------------------------------------------------------------------


class RectificationInline(ReadOnlyInline):
    model = IssueRectification
    fields = RECTIFICATION_ROUND_FIELDS


class IssueEventInline(EventInline):
    model = InspectionIssueEvent


ISSUE_STEPS = rectification_steps(
    accept=service_step(services.issue_accept, "issue"),
    redo=service_step(services.issue_redo, "issue"),
    redo_form=f.RedoStepForm,
)


@admin.register(InspectionIssue)
class InspectionIssueAdmin(StaffAccessMixin, WorkflowStepsAdmin, ExcelExport, SimpleHistoryAdmin):
    workflow = ISSUE
    workflow_steps = ISSUE_STEPS
    resource_classes = [IssueResource]
    list_display = ["description_short", "inspection", "unit", "deadline", "round", "state"]
    list_display_links = ["description_short"]
    list_filter = ["state", "unit", "inspection"]
    search_fields = ["description", "unit__name", "inspection__title"]
    list_select_related = ["inspection", "unit"]
    date_hierarchy = "deadline"
    fields = [
        "inspection",
        "number",
        "unit",
        "description",
        "deadline",
        "round",
        "state",
        "reported_at",
        "accepted_at",
        "created_by",
    ]
    readonly_fields = fields
    inlines = [RectificationInline, IssueEventInline]

    def has_add_permission(self, request, *args):
        return False  # issues are listed on the inspection's page (列入问题清单)

    @admin.display(description=_("问题描述"), ordering="description")
    def description_short(self, obj):
        return obj.description[:40]


# --- law-amendment suggestions -------------------------------------------------------------------


AMENDMENT_STEPS = (
    AdminStep(
        "send",
        "send",
        form=f.NoteStepForm,
        done=_("修法建议已报送市人大常委会。"),
        run=service_step(services.amendment_send, "amendment"),
    ),
    AdminStep(
        "feedback",
        "feedback",
        form=f.FeedbackStepForm,
        done=_("市人大反馈已记录。"),
        run=service_step(services.amendment_feedback, "amendment"),
    ),
)


@admin.register(AmendmentSuggestion)
class AmendmentSuggestionAdmin(StaffAccessMixin, WorkflowStepsAdmin, ExcelExport, SimpleHistoryAdmin):
    workflow = AMENDMENT
    workflow_steps = AMENDMENT_STEPS
    resource_classes = [AmendmentResource]
    list_display = ["content_short", "inspection", "article", "state", "sent_at", "feedback_at"]
    list_display_links = ["content_short"]
    list_filter = ["state", "inspection"]
    search_fields = ["content", "article", "feedback"]
    list_select_related = ["inspection"]
    fields = ["inspection", "article", "content", "state", "sent_at", "feedback", "feedback_at", "created_by"]
    readonly_fields = fields

    def has_add_permission(self, request, *args):
        return False  # drafted on the inspection's page (提出修法建议)

    @admin.display(description=_("修法建议"), ordering="content")
    def content_short(self, obj):
        return obj.content[:40]


@admin.register(InspectionEvent)
class InspectionEventAdmin(_EventAdmin):
    owner = "inspection"
    search_fields = ["inspection__title"]


@admin.register(InspectionIssueEvent)
class InspectionIssueEventAdmin(_EventAdmin):
    owner = "issue"
