"""Staff run inquiries in the admin: set one up at a meeting, enter questions asked on paper,
record answers and commitments, mark it held; follow commitments (accept or send back). Every
step is a button on the record's page (``WorkflowStepsAdmin``) calling one service; lists are
filterable, export to Excel and keep history. Imported by ``supervision.admin``."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from congress.casework.admin import AdminStep, WorkflowStepsAdmin
from congress.history_admin import SimpleHistoryAdmin
from supervision import forms_inquiries as f
from supervision import services
from supervision.admin import (
    EventInline,
    ExcelExport,
    ReadOnlyInline,
    ServiceSaveMixin,
    StaffAccessMixin,
    _EventAdmin,
    service_step,
)
from supervision.models import CommitmentEvent, Inquiry, InquiryCommitment, InquiryEvent, InquiryQuestion
from supervision.workflow_inquiries import COMMITMENT, INQUIRY, QUESTION

# --- exports -------------------------------------------------------------------------------------


class InquiryQuestionResource(resources.ModelResource):
    inquiry = fields.Field(attribute="inquiry__title", column_name="询问")
    asker = fields.Field(column_name="提问人")
    unit = fields.Field(attribute="unit__name", column_name="被询问单位")
    content = fields.Field(attribute="content", column_name="询问问题")
    state = fields.Field(column_name="状态")
    answerer = fields.Field(column_name="应询人")
    answer = fields.Field(attribute="answer", column_name="答复")

    class Meta:
        model = InquiryQuestion
        fields = ("inquiry", "asker", "unit", "content", "state", "answerer", "answer")
        export_order = fields

    def dehydrate_asker(self, obj):
        return str(obj.asker)

    def dehydrate_state(self, obj):
        return obj.get_state_display()

    def dehydrate_answerer(self, obj):
        return f"{obj.answerer_name}（{obj.get_answerer_role_display()}）" if obj.answerer_name else ""


class CommitmentResource(resources.ModelResource):
    content = fields.Field(attribute="content", column_name="承诺事项")
    unit = fields.Field(attribute="unit__name", column_name="承诺单位")
    inquiry = fields.Field(attribute="question__inquiry__title", column_name="询问")
    due_date = fields.Field(attribute="due_date", column_name="落实期限")
    state = fields.Field(column_name="状态")
    reported_at = fields.Field(attribute="reported_at", column_name="报告时间")
    done_at = fields.Field(attribute="done_at", column_name="确认落实时间")

    class Meta:
        model = InquiryCommitment
        fields = ("content", "unit", "inquiry", "due_date", "state", "reported_at", "done_at")
        export_order = fields

    def dehydrate_state(self, obj):
        return obj.get_state_display()


# --- inquiries -----------------------------------------------------------------------------------


class QuestionInline(ReadOnlyInline):
    model = InquiryQuestion
    fields = ["asker", "unit", "content", "state", "answerer_name", "answer"]
    show_change_link = True


class InquiryEventInline(EventInline):
    model = InquiryEvent


INQUIRY_STEPS = (
    AdminStep(
        "ask",
        "ask",
        form=f.AskStepForm,
        label=_("录入询问问题"),
        done=_("询问问题已录入。"),
        run=service_step(services.question_ask, "inquiry"),
    ),
    AdminStep(
        "hold",
        "hold",
        form=f.HoldStepForm,
        done=_("询问已结束，询问记录已在网站公开。"),
        run=service_step(services.inquiry_hold, "inquiry"),
    ),
)


@admin.register(Inquiry)
class InquiryAdmin(StaffAccessMixin, ServiceSaveMixin, WorkflowStepsAdmin, SimpleHistoryAdmin):
    workflow = INQUIRY
    workflow_steps = INQUIRY_STEPS
    form = f.InquiryForm
    list_display = ["title", "kind", "meeting", "committee", "state", "held_at"]
    list_display_links = ["title"]
    list_filter = ["state", "kind", "committee", "meeting"]
    search_fields = ["title", "description"]
    list_select_related = ["meeting", "committee"]
    inlines = [QuestionInline, InquiryEventInline]
    CREATE_FIELDS = ["title", "kind", "meeting", "plan_item", "committee", "description"]

    def get_fields(self, request, obj=None):
        return self.CREATE_FIELDS if obj is None else [*self.CREATE_FIELDS, "state", "held_at", "created_by"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def perform(self, request, obj, form):
        if obj is not None:
            return obj  # read-only once set up: the steps change it
        data = {name: form.cleaned_data.get(name) for name in self.CREATE_FIELDS}
        return services.inquiry_create(actor=request.user, **data)


# --- questions -----------------------------------------------------------------------------------


class CommitmentInline(ReadOnlyInline):
    model = InquiryCommitment
    fields = ["content", "due_date", "state", "reported_at", "done_at"]
    show_change_link = True


def _default_answerer(question) -> dict:
    return {"answerer_role": InquiryQuestion.AnswererRole.HEAD, "answerer_name": question.unit.head_name}


QUESTION_STEPS = (
    AdminStep(
        "answer",
        "answer",
        form=f.AnswerStepForm,
        initial=_default_answerer,
        done=_("答复已录入。"),
        run=service_step(services.question_answer, "question"),
    ),
    AdminStep(
        "commit",
        "commit",
        form=f.CommitmentStepForm,
        done=_("承诺事项已录入，已通知被询问单位按期落实。"),
        run=service_step(services.commitment_add, "question"),
    ),
)


@admin.register(InquiryQuestion)
class InquiryQuestionAdmin(StaffAccessMixin, WorkflowStepsAdmin, ExcelExport, SimpleHistoryAdmin):
    workflow = QUESTION
    workflow_steps = QUESTION_STEPS
    resource_classes = [InquiryQuestionResource]
    list_display = ["content_short", "inquiry", "asker", "unit", "state", "answerer_name"]
    list_display_links = ["content_short"]
    list_filter = ["state", "answerer_role", "unit", "inquiry"]
    search_fields = ["content", "answer", "unit__name", "inquiry__title"]
    list_select_related = ["inquiry", "asker", "unit"]
    fields = [
        "inquiry",
        "asker",
        "unit",
        "content",
        "state",
        "answerer_role",
        "answerer_name",
        "answer",
        "answered_at",
    ]
    readonly_fields = fields
    inlines = [CommitmentInline]

    def has_add_permission(self, request, *args):
        return False  # questions are put on the inquiry's page (录入询问问题) or in the portal

    @admin.display(description=_("询问问题"), ordering="content")
    def content_short(self, obj):
        return obj.content[:40]


# --- commitments ---------------------------------------------------------------------------------


class CommitmentEventInline(EventInline):
    model = CommitmentEvent


COMMITMENT_STEPS = (
    AdminStep(
        "accept",
        "accept",
        form=f.AcceptStepForm,
        done=_("已确认落实。"),
        run=service_step(services.commitment_accept, "commitment"),
    ),
    AdminStep(
        "send_back",
        "send_back",
        form=f.SendBackStepForm,
        danger=True,
        done=_("已退回被询问单位继续落实。"),
        run=service_step(services.commitment_send_back, "commitment"),
    ),
)


@admin.register(InquiryCommitment)
class InquiryCommitmentAdmin(StaffAccessMixin, WorkflowStepsAdmin, ExcelExport, SimpleHistoryAdmin):
    workflow = COMMITMENT
    workflow_steps = COMMITMENT_STEPS
    resource_classes = [CommitmentResource]
    list_display = ["content_short", "unit", "due_date", "state", "reported_at", "done_at"]
    list_display_links = ["content_short"]
    list_filter = ["state", "unit", "question__inquiry"]
    search_fields = ["content", "report", "unit__name"]
    list_select_related = ["unit"]
    date_hierarchy = "due_date"
    fields = [
        "question",
        "unit",
        "content",
        "due_date",
        "state",
        "report",
        "reported_at",
        "done_at",
        "created_by",
    ]
    readonly_fields = fields
    inlines = [CommitmentEventInline]

    def has_add_permission(self, request, *args):
        return False  # commitments follow an answer (录入承诺事项 on the question's page)

    @admin.display(description=_("承诺事项"), ordering="content")
    def content_short(self, obj):
        return obj.content[:40]


@admin.register(InquiryEvent)
class InquiryEventAdmin(_EventAdmin):
    owner = "inquiry"
    search_fields = ["inquiry__title"]


@admin.register(CommitmentEvent)
class CommitmentEventAdmin(_EventAdmin):
    owner = "commitment"
