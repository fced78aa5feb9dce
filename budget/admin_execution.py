"""Staff keep execution monitoring in the admin: the monthly execution (read-only rows; the
finance bureau's workbook imported whole or not at all), the warning rules (editing the
parameters writes a new version, listed under the rule), the warnings (read-only: they come from
the scan; the portal's warnings page turns them into a question or a supervision item) and the
questions to units (close, or ask again with a new deadline). Imported by ``budget.admin``."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from budget import permissions
from budget import services_adjustment as adjustments
from budget import services_execution as services
from budget.admin import BudgetAccessMixin
from budget.admin_audit import _ReadOnly, _ReadOnlyInline
from budget.models import (
    Adjustment,
    AdjustmentEvent,
    AdjustmentLine,
    Book,
    BudgetWarning,
    ExecutionMonth,
    ExecutionQuestion,
    ExecutionQuestionEvent,
    FiscalYear,
    WarningRule,
    WarningRuleVersion,
)
from budget.models_execution import RULE_PARAMETERS, RuleKind
from budget.workflow_execution import ADJUSTMENT, QUESTION
from congress.casework.admin import (
    AdminStep,
    ServiceSaveMixin,
    StepForm,
    TransitionEventAdminMixin,
    TransitionEventColumns,
    WorkflowStepsAdmin,
)
from congress.history_admin import SimpleHistoryAdmin

# --- the monthly execution -----------------------------------------------------------------------


class ExecutionWorkbookForm(forms.Form):
    fiscal_year = forms.ModelChoiceField(label=_("年度"), queryset=FiscalYear.objects.order_by("-year"))
    book = forms.ChoiceField(label=_("预算类别"), choices=Book.choices)
    month = forms.TypedChoiceField(label=_("月份"), coerce=int, choices=[(m, m) for m in range(1, 13)])
    file = forms.FileField(
        label=_("Excel 执行表（.xlsx）"),
        error_messages={"required": _("请选择要导入的 Excel 文件。")},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        help_text=_(
            "表头一行写明“科目编码”和“金额”，其下每行一个科目本月的执行数；写明“万元”时自动换算为元。"
        ),
    )


@admin.register(ExecutionMonth)
class ExecutionMonthAdmin(BudgetAccessMixin, SimpleHistoryAdmin):
    list_display = ["fiscal_year", "book", "month", "row_count", "source", "imported_at", "imported_by"]
    list_filter = ["fiscal_year", "book", "month"]
    list_select_related = ["fiscal_year", "imported_by"]
    fields = list_display
    readonly_fields = fields
    change_list_template = "budget/admin/execution_changelist.html"

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "import/", self.admin_site.admin_view(self.import_view), name="budget_executionmonth_import"
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not permissions.can_manage_budget(request.user):
            raise PermissionDenied
        form = ExecutionWorkbookForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                record = services.execution_import_workbook(actor=request.user, **data)
            except services.ExecutionImportError as exc:
                errors = exc.errors
                messages.error(request, exc.message)
            else:
                messages.success(
                    request, _("已导入%(m)s，共 %(n)d 行。") % {"m": record, "n": record.row_count}
                )
                return redirect("admin:budget_executionmonth_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("导入月度预算执行数"),
            "form": form,
            "errors": errors,
        }
        return TemplateResponse(request, "budget/admin/execution_import.html", context)


# --- warning rules -------------------------------------------------------------------------------


def parameters_text(parameters: dict, kind: str) -> str:
    """A version's parameters in words: “落后时间进度超过的百分点：15”."""
    labels = RULE_PARAMETERS.get(kind, {})
    return "；".join(
        f"{labels[name][0] if name in labels else name}：{value}" for name, value in parameters.items()
    )


PARAMETER_NAMES = sorted({name for spec in RULE_PARAMETERS.values() for name in spec})


def _parameter_field(kind, name):
    label, _default = RULE_PARAMETERS[kind][name]
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_digits=18,
        decimal_places=2,
        error_messages={
            "min_value": _("参数应为不小于 0 的数字。"),
            "invalid": _("参数应为不小于 0 的数字。"),
        },
    )


class RuleForm(forms.ModelForm):
    points = _parameter_field(RuleKind.BEHIND_SCHEDULE, "points")
    min_amount = _parameter_field(RuleKind.NO_BUDGET, "min_amount")
    percent = _parameter_field(RuleKind.ADJUSTMENT_SHARE, "percent")
    reason = forms.CharField(label=_("修改说明"), max_length=200, required=False)

    class Meta:
        model = WarningRule
        fields = ["name", "kind", "active"]


class RuleVersionInline(_ReadOnlyInline):
    model = WarningRuleVersion
    fields = ["version", "parameters_text", "reason", "created_by", "created_at"]

    @admin.display(description=_("参数"))
    def parameters_text(self, obj):
        return parameters_text(obj.parameters, obj.rule.kind)


@admin.register(WarningRule)
class WarningRuleAdmin(BudgetAccessMixin, ServiceSaveMixin, SimpleHistoryAdmin):
    form = RuleForm
    list_display = ["name", "kind", "active", "current_parameters"]
    inlines = [RuleVersionInline]

    def get_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return ["name", "kind", "active", "current_parameters"]
        if obj is None:
            return ["name", "kind", *PARAMETER_NAMES]
        return ["name", "kind", "active", *RULE_PARAMETERS.get(obj.kind, {}), "reason"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return ["name", "kind", "active", "current_parameters"]
        return [] if obj is None else ["kind"]

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        current = services.rule_current_version(obj) if obj is not None else None
        model_admin_initial = current.parameters if current is not None else {}

        class Form(form_class):
            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                for name, value in model_admin_initial.items():
                    if name in self.fields:
                        self.fields[name].initial = value

        return Form

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("versions")

    @admin.display(description=_("当前参数"))
    def current_parameters(self, obj):
        versions = sorted(obj.versions.all(), key=lambda v: -v.version)
        if not versions:
            return "—"
        return _("%(p)s（第 %(v)d 版）") % {
            "p": parameters_text(versions[0].parameters, obj.kind),
            "v": versions[0].version,
        }

    def perform(self, request, obj, form):
        data = form.cleaned_data
        kind = obj.kind if obj is not None else data["kind"]
        spec = RULE_PARAMETERS.get(kind, {})
        parameters = {name: data[name] for name in spec if data.get(name) is not None}
        if obj is None:
            defaults = {name: default for name, (_label, default) in spec.items()}
            return services.rule_create(
                actor=request.user, name=data["name"], kind=kind, parameters={**defaults, **parameters}
            )
        current = services.rule_current_version(obj)
        services.rule_update(
            actor=request.user,
            rule=WarningRule.objects.get(pk=obj.pk),
            parameters={**(current.parameters if current else {}), **parameters},
            name=data["name"],
            active=data["active"],
            reason=data.get("reason", ""),
        )
        return obj


# --- warnings and questions ----------------------------------------------------------------------


@admin.register(BudgetWarning)
class BudgetWarningAdmin(_ReadOnly, SimpleHistoryAdmin):
    list_display = ["code", "name", "fiscal_year", "book", "month", "rule", "version", "message", "outcome"]
    list_filter = ["fiscal_year", "book", "month", "rule"]
    search_fields = ["code", "name", "message"]
    list_select_related = ["fiscal_year", "rule", "rule_version", "question", "plan_item"]
    fields = [
        "fiscal_year",
        "book",
        "month",
        "code",
        "name",
        "rule",
        "rule_version",
        "figures_text",
        "message",
        "question",
        "plan_item",
        "handled_at",
        "created_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("预警时的数据"))
    def figures_text(self, obj):
        labels = {
            "budget": _("预算数（元）"),
            "executed": _("累计执行（元）"),
            "rate": _("执行率（%）"),
            "time_share": _("时间进度（%）"),
            "gap": _("落后百分点"),
            "approved": _("批准预算（元）"),
            "adjusted": _("调整预算（元）"),
            "share": _("调整幅度（%）"),
        }
        return "；".join(f"{labels.get(k, k)}：{v}" for k, v in obj.figures.items()) or "—"

    @admin.display(description=_("规则版本"))
    def version(self, obj):
        return obj.rule_version.version

    @admin.display(description=_("处理情况"))
    def outcome(self, obj):
        if obj.question_id:
            url = reverse("admin:budget_executionquestion_change", args=[obj.question_id])
            return format_html('<a href="{}">{}</a>', url, obj.question.get_state_display())
        if obj.plan_item_id:
            return _("已转为监督事项")
        return "—"


class QuestionEventInline(TransitionEventColumns, _ReadOnlyInline):
    model = ExecutionQuestionEvent
    fields = ["action_name", "from_name", "to_name", "actor", "note", "created_at"]


class CloseStepForm(StepForm):
    note = forms.CharField(
        label=_("意见"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AskAgainStepForm(StepForm):
    reason = forms.CharField(
        label=_("继续询问的理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("新的答复期限按规则“预算执行询问答复期限”计算"),
        error_messages={"required": _("请说明继续询问的理由。")},
    )


QUESTION_STEPS = (
    AdminStep(
        "close",
        "close",
        form=CloseStepForm,
        done=_("询问已办结。"),
        run=lambda request, obj, data: services.question_close(actor=request.user, question=obj, **data),
    ),
    AdminStep(
        "ask_again",
        "ask_again",
        form=AskAgainStepForm,
        danger=True,
        done=_("已继续询问。"),
        run=lambda request, obj, data: services.question_ask_again(actor=request.user, question=obj, **data),
    ),
)


@admin.register(ExecutionQuestion)
class ExecutionQuestionAdmin(_ReadOnly, WorkflowStepsAdmin, SimpleHistoryAdmin):
    workflow = QUESTION
    workflow_steps = QUESTION_STEPS
    list_display = ["__str__", "unit", "deadline", "state", "answered_at"]
    list_filter = ["state", "unit"]
    search_fields = ["question", "answer", "unit__name"]
    list_select_related = ["unit"]
    fields = ["unit", "question", "deadline", "state", "answer", "answered_by", "answered_at", "created_by"]
    readonly_fields = fields
    inlines = [QuestionEventInline]


@admin.register(ExecutionQuestionEvent)
class ExecutionQuestionEventAdmin(TransitionEventAdminMixin, _ReadOnly, admin.ModelAdmin):
    owner = "question"
    search_fields = ["question__question"]


# --- budget adjustments --------------------------------------------------------------------------


class AdjustmentAddForm(forms.ModelForm):
    lines = forms.CharField(
        label=_("调整明细"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "每行一个最末级科目：科目编码、调整后金额（元）、理由，以制表符或逗号分隔（可从 Excel 粘贴）。调整前金额取自当前预算。"
        ),
        error_messages={"required": _("请填写调整明细。")},
    )

    class Meta:
        model = Adjustment
        fields = ["fiscal_year", "book", "title", "reason"]


class AdjustmentLineInline(_ReadOnlyInline):
    model = AdjustmentLine
    fields = ["code", "name", "before", "after", "change", "reason"]

    @admin.display(description=_("增减（元）"))
    def change(self, obj):
        return f"{obj.change:+,.2f}"

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class AdjustmentEventInline(TransitionEventColumns, _ReadOnlyInline):
    model = AdjustmentEvent
    fields = ["action_name", "from_name", "to_name", "actor", "note", "created_at"]


class ApproveStepForm(StepForm):
    meeting = forms.ModelChoiceField(
        label=_("批准的会议"),
        queryset=None,
        required=False,
        help_text=_("门户中有该次常委会会议时选择它；否则填写批准日期。"),
    )
    approved_on = forms.DateField(
        label=_("批准日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    resolution = forms.CharField(label=_("决议文号"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from meetings.models import Meeting

        self.fields["meeting"].queryset = Meeting.objects.filter(kind=Meeting.Kind.STANDING).order_by(
            "-starts_at"
        )


ADJUSTMENT_STEPS = (
    AdminStep(
        "approve",
        "approve",
        form=ApproveStepForm,
        done=_("已录入批准，调整预算已生成。"),
        run=lambda request, obj, data: adjustments.adjustment_approve(
            actor=request.user, adjustment=obj, **data
        ),
    ),
)


@admin.register(Adjustment)
class AdjustmentAdmin(BudgetAccessMixin, ServiceSaveMixin, WorkflowStepsAdmin, SimpleHistoryAdmin):
    workflow = ADJUSTMENT
    workflow_steps = ADJUSTMENT_STEPS
    form = AdjustmentAddForm
    list_display = ["title", "fiscal_year", "book", "state", "approved_on", "resolution"]
    list_filter = ["fiscal_year", "book", "state"]
    list_select_related = ["fiscal_year"]
    record_fields = [
        "fiscal_year",
        "book",
        "title",
        "reason",
        "state",
        "meeting",
        "approved_on",
        "resolution",
        "created_by",
    ]
    inlines = [AdjustmentLineInline, AdjustmentEventInline]

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None:
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ["fiscal_year", "book", "title", "reason", "lines"] if obj is None else self.record_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.record_fields

    def perform(self, request, obj, form):
        if obj is not None:
            return obj
        data = form.cleaned_data
        try:
            return adjustments.adjustment_create(
                actor=request.user,
                fiscal_year=data["fiscal_year"],
                book=data["book"],
                title=data["title"],
                reason=data["reason"],
                lines=adjustments.parse_lines(data["lines"]),
            )
        except adjustments.AdjustmentLinesError as exc:
            rows = [
                _("第%(n)d行 %(code)s：%(m)s") % {"n": e.line, "code": e.code, "m": e.message}
                for e in exc.errors
            ]
            raise services.ApplicationError(exc.message, extra={"lines": rows}) from exc


@admin.register(AdjustmentEvent)
class AdjustmentEventAdmin(TransitionEventAdminMixin, _ReadOnly, admin.ModelAdmin):
    owner = "adjustment"
    search_fields = ["adjustment__title"]
