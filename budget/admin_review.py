"""Staff keep the preliminary review, the state-assets reports and the performance evaluations
in the admin, every write through a service (``ServiceSaveMixin``), every step a button
(``WorkflowStepsAdmin``): the review questions (read, withdraw), the remarks (read), the review
report (write, PDF), thematic reviews (codes checked against the year's list, a budget hearing
linked), the state-assets reports with their opinions (an opinion naming a unit is tracked:
accept or send back its handling report), the performance evaluations (indicators as lines,
the score computed). Members read. Imported by ``budget.admin``."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from budget import services_assets as assets
from budget import services_review as services
from budget.admin import BudgetAccessMixin
from budget.admin_audit import _ReadOnly, _ReadOnlyInline
from budget.models import (
    AssetOpinion,
    AssetOpinionEvent,
    AssetReport,
    PerformanceEvaluation,
    PerformanceIndicator,
    ReviewComment,
    ReviewQuestion,
    ReviewQuestionEvent,
    ReviewReport,
    ThematicReview,
)
from budget.workflow_assets import OPINION
from budget.workflow_review import QUESTION
from congress.casework.admin import (
    AdminStep,
    ServiceSaveMixin,
    StepForm,
    TransitionEventAdminMixin,
    TransitionEventColumns,
    WorkflowStepsAdmin,
)
from congress.exceptions import ApplicationError, field_error
from congress.history_admin import SimpleHistoryAdmin

# --- questions and remarks -------------------------------------------------------------------------


class QuestionEventInline(TransitionEventColumns, _ReadOnlyInline):
    model = ReviewQuestionEvent
    fields = ["action_name", "from_name", "to_name", "actor", "note", "created_at"]


class WithdrawStepForm(StepForm):
    reason = forms.CharField(
        label=_("撤回理由"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


@admin.register(ReviewQuestion)
class ReviewQuestionAdmin(BudgetAccessMixin, WorkflowStepsAdmin, SimpleHistoryAdmin):
    """Questions come from the portal and the API; staff read them and may withdraw one."""

    workflow = QUESTION
    workflow_steps = (
        AdminStep(
            "withdraw",
            "withdraw",
            form=WithdrawStepForm,
            danger=True,
            done=_("询问已撤回。"),
            run=lambda request, obj, data: services.question_withdraw(
                actor=request.user, question=obj, **data
            ),
        ),
    )
    list_display = [
        "text_short",
        "fiscal_year",
        "book",
        "stage",
        "code",
        "author",
        "unit",
        "deadline",
        "state",
    ]
    list_display_links = ["text_short"]
    list_filter = ["fiscal_year", "book", "stage", "state"]
    search_fields = ["text", "answer", "code", "line_name"]
    list_select_related = ["fiscal_year", "author", "unit"]
    fields = [
        "fiscal_year",
        "book",
        "stage",
        "code",
        "line_name",
        "author",
        "unit",
        "text",
        "deadline",
        "state",
        "answer",
        "answered_by",
        "answered_at",
    ]
    readonly_fields = fields
    inlines = [QuestionEventInline]

    def has_add_permission(self, request, *args):
        return False

    @admin.display(description=_("问题"), ordering="text")
    def text_short(self, obj):
        return obj.text[:40]


@admin.register(ReviewComment)
class ReviewCommentAdmin(_ReadOnly, SimpleHistoryAdmin):
    list_display = ["text_short", "fiscal_year", "book", "stage", "code", "author", "created_at"]
    list_display_links = ["text_short"]
    list_filter = ["fiscal_year", "book", "stage"]
    search_fields = ["text", "code", "line_name"]
    list_select_related = ["fiscal_year", "author"]
    fields = ["fiscal_year", "book", "stage", "code", "line_name", "author", "text", "created_at"]
    readonly_fields = fields

    @admin.display(description=_("意见"), ordering="text")
    def text_short(self, obj):
        return obj.text[:40]


@admin.register(ReviewQuestionEvent)
class ReviewQuestionEventAdmin(TransitionEventAdminMixin, _ReadOnly, admin.ModelAdmin):
    owner = "question"
    search_fields = ["question__text"]


# --- the review report and thematic reviews --------------------------------------------------------


@admin.register(ReviewReport)
class ReviewReportAdmin(BudgetAccessMixin, ServiceSaveMixin, SimpleHistoryAdmin):
    list_display = ["title", "fiscal_year", "stage", "adopted_on", "pdf_link"]
    list_filter = ["fiscal_year", "stage"]
    list_select_related = ["fiscal_year"]
    fields = ["fiscal_year", "stage", "title", "text", "adopted_on"]

    def get_readonly_fields(self, request, obj=None):
        return ["fiscal_year", "stage"] if obj is not None else []

    def perform(self, request, obj, form):
        data = form.cleaned_data
        return services.report_save(
            actor=request.user,
            fiscal_year=obj.fiscal_year if obj else data["fiscal_year"],
            stage=obj.stage if obj else data["stage"],
            title=data["title"],
            text=data["text"],
            adopted_on=data.get("adopted_on"),
            report=obj,
        )

    @admin.display(description="PDF")
    def pdf_link(self, obj):
        return format_html('<a href="{}">PDF</a>', reverse("portal:budget-review-report-pdf", args=[obj.pk]))


class ThematicReviewForm(forms.ModelForm):
    codes = forms.CharField(
        label=_("涉及科目"),
        required=False,
        help_text=_("科目编码，用逗号或空格分隔，须在该年度科目表中"),
        widget=forms.TextInput(attrs={"size": 60}),
    )

    class Meta:
        model = ThematicReview
        fields = ["fiscal_year", "topic", "codes", "findings", "report", "hearing", "published"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["codes"] = ", ".join(self.instance.codes or [])
        if "hearing" in self.fields:
            self.fields["hearing"].queryset = self.fields["hearing"].queryset.filter(kind="budget")


@admin.register(ThematicReview)
class ThematicReviewAdmin(BudgetAccessMixin, ServiceSaveMixin, SimpleHistoryAdmin):
    form = ThematicReviewForm
    list_display = ["topic", "fiscal_year", "hearing", "published"]
    list_filter = ["fiscal_year", "published"]
    search_fields = ["topic", "findings", "report"]
    list_select_related = ["fiscal_year", "hearing"]
    readonly_fields = ["codes_display"]

    def get_fields(self, request, obj=None):
        fields = list(ThematicReviewForm.Meta.fields)
        if obj is not None and not self.has_change_permission(request, obj):
            fields[fields.index("codes")] = "codes_display"  # a reader sees the codes, not a JSON list
        return fields

    @admin.display(description=_("涉及科目"))
    def codes_display(self, obj):
        return "、".join(obj.codes or [])

    def perform(self, request, obj, form):
        data = form.cleaned_data
        return services.thematic_review_save(
            actor=request.user,
            fiscal_year=data.get("fiscal_year"),
            topic=data.get("topic"),
            codes=data.get("codes") or "",
            findings=data.get("findings"),
            report=data.get("report"),
            hearing=data.get("hearing"),
            published=data.get("published"),
            review=obj,
        )


# --- state assets ----------------------------------------------------------------------------------


class OpinionInline(_ReadOnlyInline):
    model = AssetOpinion
    fields = ["text", "unit", "deadline", "state"]
    show_change_link = True


@admin.register(AssetReport)
class AssetReportAdmin(BudgetAccessMixin, ServiceSaveMixin, SimpleHistoryAdmin):
    list_display = ["title", "year", "kind", "total_assets", "net_assets", "deliberated_on"]
    list_filter = ["year", "kind"]
    search_fields = ["title", "summary"]
    fields = [
        "year",
        "kind",
        "title",
        "total_assets",
        "total_liabilities",
        "net_assets",
        "figures",
        "summary",
        "deliberated_on",
    ]
    inlines = [OpinionInline]

    def perform(self, request, obj, form):
        return assets.asset_report_save(
            actor=request.user, report=obj, **{f: form.cleaned_data.get(f) for f in self.fields}
        )


class OpinionEventInline(TransitionEventColumns, _ReadOnlyInline):
    model = AssetOpinionEvent
    fields = ["action_name", "from_name", "to_name", "actor", "note", "created_at"]


class OpinionAcceptForm(StepForm):
    reason = forms.CharField(
        label=_("评价意见"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class OpinionRedoForm(StepForm):
    reason = forms.CharField(
        label=_("退回理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("新的反馈期限按规则“国有资产审议意见反馈期限”计算"),
        error_messages={"required": _("请说明退回的理由。")},
    )


@admin.register(AssetOpinion)
class AssetOpinionAdmin(BudgetAccessMixin, ServiceSaveMixin, WorkflowStepsAdmin, SimpleHistoryAdmin):
    workflow = OPINION
    workflow_steps = (
        AdminStep(
            "accept",
            "accept",
            form=OpinionAcceptForm,
            done=_("已认定办理完毕。"),
            run=lambda request, obj, data: assets.opinion_accept(actor=request.user, opinion=obj, **data),
        ),
        AdminStep(
            "redo",
            "redo",
            form=OpinionRedoForm,
            danger=True,
            done=_("已退回重新反馈。"),
            run=lambda request, obj, data: assets.opinion_redo(actor=request.user, opinion=obj, **data),
        ),
    )
    list_display = ["text_short", "report", "unit", "deadline", "state"]
    list_display_links = ["text_short"]
    list_filter = ["state", "report__year"]
    search_fields = ["text", "handling"]
    list_select_related = ["report", "unit"]
    add_fields = ["report", "text", "unit"]
    record_fields = ["report", "text", "unit", "deadline", "state", "handling", "handled_at", "evaluation"]
    inlines = [OpinionEventInline]

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else self.record_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.record_fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None and "unit" in form.base_fields:
            form.base_fields["unit"].help_text = _("需要政府反馈办理情况时选择办理单位；不选则仅记录意见")
        return form

    def perform(self, request, obj, form):
        if obj is not None:
            return obj
        return assets.opinion_create(
            actor=request.user, **{f: form.cleaned_data.get(f) for f in self.add_fields}
        )

    @admin.display(description=_("审议意见"), ordering="text")
    def text_short(self, obj):
        return obj.text[:40]


@admin.register(AssetOpinionEvent)
class AssetOpinionEventAdmin(TransitionEventAdminMixin, _ReadOnly, admin.ModelAdmin):
    owner = "opinion"
    search_fields = ["opinion__text"]


# --- performance evaluation ------------------------------------------------------------------------

INDICATOR_COLUMNS = ("name", "target", "actual", "weight", "score")


def parse_indicator_lines(text: str) -> list[dict]:
    """One indicator a line: 指标 | 目标值 | 完成值 | 分值 | 得分 (the score may be left empty)."""
    rows = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.replace("｜", "|").split("|")]
        if len(cells) not in (4, 5):
            raise field_error(
                "indicators",
                _("第 %(n)d 行：请按“指标 | 目标值 | 完成值 | 分值 | 得分”填写。") % {"n": number},
            )
        rows.append(dict(zip(INDICATOR_COLUMNS, cells + [""] * (5 - len(cells)), strict=True)))
    return rows


class PerformanceEvaluationForm(forms.ModelForm):
    # Not ``indicators`` (the model's related manager): a reader's read-only page would call it.
    indicator_lines = forms.CharField(
        label=_("绩效指标"),
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        help_text=_("每行一项：指标 | 目标值 | 完成值 | 分值 | 得分；分值合计 100，综合得分由系统计算"),
        error_messages={"required": _("请至少填写一项绩效指标。")},
    )

    class Meta:
        model = PerformanceEvaluation
        fields = ["year", "project", "unit", "code", "budget_amount", "goal", "conclusion", "published"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["indicator_lines"] = "\n".join(
                " | ".join("" if getattr(i, c) is None else str(getattr(i, c)) for c in INDICATOR_COLUMNS)
                for i in self.instance.indicators.all()
            )


class IndicatorInline(_ReadOnlyInline):
    model = PerformanceIndicator
    fields = list(INDICATOR_COLUMNS)


@admin.register(PerformanceEvaluation)
class PerformanceEvaluationAdmin(BudgetAccessMixin, ServiceSaveMixin, SimpleHistoryAdmin):
    form = PerformanceEvaluationForm
    list_display = ["project", "year", "unit", "score", "grade", "published"]
    list_filter = ["year", "grade", "published"]
    search_fields = ["project", "unit__name"]
    list_select_related = ["unit"]
    readonly_fields = ["score", "grade"]
    inlines = [IndicatorInline]

    def get_fields(self, request, obj=None):
        fields = [*PerformanceEvaluationForm.Meta.fields, "score", "grade"]
        if obj is None or self.has_change_permission(request, obj):
            fields.insert(-2, "indicator_lines")
        return fields  # a reader sees the indicators in the inline below

    def perform(self, request, obj, form):
        data = form.cleaned_data
        try:
            return assets.evaluation_save(
                actor=request.user,
                evaluation=obj,
                indicators=parse_indicator_lines(data.get("indicator_lines")),
                **{f: data.get(f) for f in PerformanceEvaluationForm.Meta.fields},
            )
        except ApplicationError as exc:  # the service names its argument; the form its text field
            if "indicators" in exc.extra:
                exc.extra = {"indicator_lines": exc.extra.pop("indicators"), **exc.extra}
            raise
