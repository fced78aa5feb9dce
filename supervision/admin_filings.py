"""Staff run filing review in the admin: enter a filing received on paper, give opinions article
by article, conclude the review, check the corrected text (shown against the filed one), send
it back or revoke; consult experts; answer citizens' review suggestions. Every step is a button
on the record's page (``WorkflowStepsAdmin``) calling one service; lists filter, export to Excel
and keep history. Imported by ``supervision.admin``."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from congress.casework.admin import AdminStep, WorkflowStepsAdmin
from congress.history_admin import SimpleHistoryAdmin
from supervision import forms_filings as f
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
from supervision.models import FilingEvent, FilingOpinion, FilingSuggestion, NormativeDocument
from supervision.models_filings import text_diff
from supervision.services import experts as expert_services
from supervision.services import filings as svc
from supervision.workflow_filings import FILING, SUGGESTION


class FilingResource(resources.ModelResource):
    unit = fields.Field(attribute="unit__name", column_name="制定机关")
    title = fields.Field(attribute="title", column_name="文件名称")
    doc_number = fields.Field(attribute="doc_number", column_name="文号")
    published_on = fields.Field(attribute="published_on", column_name="公布日期")
    filed_on = fields.Field(attribute="filed_on", column_name="报备日期")
    late = fields.Field(column_name="逾期报备")
    days_late = fields.Field(attribute="days_late", column_name="逾期天数")
    state = fields.Field(column_name="状态")
    outcome = fields.Field(column_name="审查结论")
    review_due = fields.Field(attribute="review_due", column_name="审查期限")
    correction_due = fields.Field(attribute="correction_due", column_name="纠正期限")

    class Meta:
        model = NormativeDocument
        fields = (
            "unit",
            "title",
            "doc_number",
            "published_on",
            "filed_on",
            "late",
            "days_late",
            "state",
            "outcome",
            "review_due",
            "correction_due",
        )
        export_order = fields

    def dehydrate_late(self, obj):
        return "是" if obj.late else "否"

    def dehydrate_state(self, obj):
        return obj.get_state_display()

    def dehydrate_outcome(self, obj):
        return obj.get_outcome_display()


class SuggestionResource(resources.ModelResource):
    receipt = fields.Field(attribute="receipt", column_name="回执编号")
    filing = fields.Field(attribute="filing__title", column_name="备案文件")
    article_label = fields.Field(attribute="article_label", column_name="条款")
    content = fields.Field(attribute="content", column_name="审查建议")
    state = fields.Field(column_name="状态")
    result = fields.Field(column_name="审查结果")
    answer = fields.Field(attribute="answer", column_name="答复")

    class Meta:
        model = FilingSuggestion
        fields = ("receipt", "filing", "article_label", "content", "state", "result", "answer")
        export_order = fields

    def dehydrate_state(self, obj):
        return obj.get_state_display()

    def dehydrate_result(self, obj):
        return obj.get_result_display()


class OpinionInline(ReadOnlyInline):
    model = FilingOpinion
    fields = ["article_label", "content", "author", "created_at"]


class SuggestionInline(ReadOnlyInline):
    model = FilingSuggestion
    fields = ["receipt", "article_label", "content", "state", "result"]
    show_change_link = True


class FilingEventInline(EventInline):
    model = FilingEvent


FILING_STEPS = (
    AdminStep(
        "comment",
        "comment",
        form=f.CommentStepForm,
        label=_("逐条审查意见"),
        done=_("审查意见已记录。"),
        run=service_step(svc.filing_comment, "filing"),
    ),
    AdminStep(
        "review",
        "review",
        form=f.ReviewStepForm,
        done=_("审查结论已作出，已通知制定机关。"),
        run=service_step(svc.filing_review, "filing"),
    ),
    AdminStep(
        "consult",
        "consult",
        form=f.ConsultStepForm,
        done=_("专家咨询已记录。"),
        run=service_step(expert_services.filing_consult, "filing"),
    ),
    AdminStep(
        "accept_correction",
        "accept_correction",
        form=f.NoteStepForm,
        done=_("已确认纠正。"),
        run=service_step(svc.filing_accept_correction, "filing"),
    ),
    AdminStep(
        "send_back",
        "send_back",
        form=f.SendBackStepForm,
        danger=True,
        done=_("已退回制定机关继续纠正。"),
        run=service_step(svc.filing_send_back, "filing"),
    ),
    AdminStep(
        "revoke",
        "revoke",
        form=f.RevokeStepForm,
        danger=True,
        done=_("文件已撤销。"),
        run=service_step(svc.filing_revoke, "filing"),
    ),
)


@admin.register(NormativeDocument)
class NormativeDocumentAdmin(
    StaffAccessMixin, ServiceSaveMixin, WorkflowStepsAdmin, ExcelExport, SimpleHistoryAdmin
):
    workflow = FILING
    workflow_steps = FILING_STEPS
    form = f.FilingAdminForm
    resource_classes = [FilingResource]
    list_display = ["title", "doc_number", "unit", "published_on", "filed_on", "late", "state", "review_due"]
    list_display_links = ["title"]
    list_filter = ["state", "outcome", "late", "unit"]  # the date hierarchy gives the years
    search_fields = ["title", "doc_number", "unit__name"]
    list_select_related = ["unit"]
    date_hierarchy = "filed_on"
    inlines = [OpinionInline, ConsultationInline, SuggestionInline, FilingEventInline]
    CREATE_FIELDS = ["unit", "title", "doc_number", "published_on", "filed_on", "text", "pdf"]
    SHOWN = [
        "unit",
        "title",
        "doc_number",
        "published_on",
        "filed_on",
        "filing_due",
        "late",
        "days_late",
        "state",
        "review_due",
        "outcome",
        "opinion",
        "reviewed_at",
        "correction_due",
        "pdf_link",
        "opinion_pdf",
        "text",
        "correction_diff",
        "correction_note",
        "corrected_at",
        "closed_at",
        "filed_by",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("text", "corrected_text")

    def get_fields(self, request, obj=None):
        return self.CREATE_FIELDS if obj is None else self.SHOWN

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.SHOWN

    @admin.display(description=_("文件PDF"))
    def pdf_link(self, obj):
        if not obj.pdf:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("portal:supervision-filing-pdf", args=[obj.pk]),
            obj.pdf_name or _("下载"),
        )

    @admin.display(description=_("备案审查意见书"))
    def opinion_pdf(self, obj):
        if not obj.outcome:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("portal:supervision-filing-opinion-pdf", args=[obj.pk]),
            _("备案审查意见书（PDF）"),
        )

    @admin.display(description=_("纠正前后对照"))
    def correction_diff(self, obj):
        if not obj.corrected_text:
            return "—"
        rows = format_html_join(
            "",
            '<div class="diff-{}">{}{}</div>',
            (
                (op, {"add": "+ ", "del": "- ", "same": "  "}[op], line)
                for op, line in text_diff(obj.text, obj.corrected_text)
            ),
        )
        return format_html('<div class="filing-diff">{}</div>', rows)

    def perform(self, request, obj, form):
        if obj is not None:
            return obj  # read-only once filed: the steps change it
        data = {name: form.cleaned_data.get(name) for name in self.CREATE_FIELDS}
        return svc.filing_create(actor=request.user, **data)


@admin.register(FilingSuggestion)
class FilingSuggestionAdmin(StaffAccessMixin, WorkflowStepsAdmin, ExcelExport, SimpleHistoryAdmin):
    workflow = SUGGESTION
    workflow_steps = (
        AdminStep(
            "answer",
            "answer",
            form=f.SuggestionAnswerStepForm,
            done=_("已答复，建议人可凭回执编号查询。"),
            run=service_step(svc.suggestion_answer, "suggestion"),
        ),
    )
    resource_classes = [SuggestionResource]
    list_display = ["receipt", "filing", "article_label", "state", "answer_due", "result", "created_at"]
    list_display_links = ["receipt"]
    list_filter = ["state", "result", "answer_due"]
    search_fields = ["receipt", "content", "filing__title", "filing__doc_number"]
    list_select_related = ["filing"]
    fields = [
        "receipt",
        "filing",
        "article_label",
        "content",
        "name",
        "mobile",
        "state",
        "answer_due",
        "result",
        "answer",
        "answered_at",
        "answered_by",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, *args):
        return False  # citizens send suggestions on the public register


@admin.register(FilingEvent)
class FilingEventAdmin(_EventAdmin):
    owner = "filing"
    search_fields = ["filing__title"]
