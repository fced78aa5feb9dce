"""Budget execution monitoring (预算执行监督, issue 13 item 5): the finance bureau's monthly
execution figures per line, warning rules kept as data with versions, the warnings a scan finds,
and the question a warning becomes for the unit (a tracked item on the case-work kernel).

- ``ExecutionMonth``: one month of one book of a year, imported whole (JSON or Excel); its rows
  are that month's spending per classification code (yuan). Importing a month again replaces it.
- ``WarningRule`` + ``WarningRuleVersion``: a rule is a kind and parameters; editing the
  parameters writes a new version, the old ones stay (the warnings they raised point at them).
- ``BudgetWarning``: what one rule version saw on one line at one month (the figures kept), and
  what became of it: a question to a unit, or a supervision plan item.
- ``ExecutionQuestion``: the question a unit owes an answer to by a deadline (rule
  ``budget.execution_question_deadline``), answered in the portal.

Imported by ``budget.models`` (the app's models live in one namespace)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from budget.models import Book  # defined before budget.models imports this module
from congress.casework.models import TransitionEvent
from congress.models import Organization, TimeStampedModel


class ExecutionMonth(models.Model):
    """One month's execution of one book of a year: its rows came in together (all or nothing)."""

    fiscal_year = models.ForeignKey(
        "budget.FiscalYear", verbose_name=_("年度"), on_delete=models.CASCADE, related_name="execution_months"
    )
    book = models.CharField(_("预算类别"), max_length=20, choices=Book.choices)
    month = models.PositiveSmallIntegerField(_("月份"))
    row_count = models.PositiveIntegerField(_("科目行数"), default=0)
    source = models.CharField(_("导入来源"), max_length=100, blank=True)
    imported_at = models.DateTimeField(_("导入时间"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("月度预算执行")
        verbose_name_plural = _("月度预算执行")
        ordering = ["-fiscal_year__year", "book", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "book", "month"], name="budget_execution_month_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="budget_execution_month_in_year"
            ),
        ]

    def __str__(self) -> str:
        return _("%(year)s %(book)s %(month)d月执行") % {
            "year": self.fiscal_year,
            "book": self.get_book_display(),
            "month": self.month,
        }


class ExecutionRow(models.Model):
    """A line's spending (or revenue collected) in one month, yuan. Written only by the import."""

    execution_month = models.ForeignKey(
        ExecutionMonth, verbose_name=_("月度执行"), on_delete=models.CASCADE, related_name="rows"
    )
    code = models.CharField(_("科目编码"), max_length=7)
    amount = models.DecimalField(_("本月执行数（元）"), max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = _("执行数")
        verbose_name_plural = _("执行数")
        ordering = ["execution_month", "code"]
        constraints = [
            models.UniqueConstraint(fields=["execution_month", "code"], name="budget_execution_row_unique"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="budget_execution_row_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.amount}"


class RuleKind(models.TextChoices):
    BEHIND_SCHEDULE = "behind_schedule", _("执行进度慢于时间进度")
    NO_BUDGET = "no_budget", _("无预算支出")
    ADJUSTMENT_SHARE = "adjustment_share", _("调整幅度过大")


# The parameters of each kind: name -> (label, default). Values are numbers.
RULE_PARAMETERS = {
    RuleKind.BEHIND_SCHEDULE: {"points": (_("落后时间进度超过的百分点"), 15)},
    RuleKind.NO_BUDGET: {"min_amount": (_("无预算支出超过的金额（元）"), 0)},
    RuleKind.ADJUSTMENT_SHARE: {"percent": (_("调整金额占批准预算超过的百分比"), 20)},
}


class WarningRule(models.Model):
    """A warning rule: a kind and (through its versions) parameters. The current version is the
    newest; a rule switched off raises nothing."""

    name = models.CharField(_("规则名称"), max_length=100)
    kind = models.CharField(_("规则类型"), max_length=30, choices=RuleKind.choices)
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("预警规则")
        verbose_name_plural = _("预警规则")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class WarningRuleVersion(models.Model):
    """The parameters of a rule from one edit on; never changed once written."""

    rule = models.ForeignKey(
        WarningRule, verbose_name=_("预警规则"), on_delete=models.CASCADE, related_name="versions"
    )
    version = models.PositiveIntegerField(_("版本"))
    parameters = models.JSONField(_("参数"), default=dict)
    reason = models.CharField(_("修改说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("生效时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("预警规则版本")
        verbose_name_plural = _("预警规则版本")
        ordering = ["rule", "-version"]
        constraints = [models.UniqueConstraint(fields=["rule", "version"], name="budget_rule_version_unique")]

    def __str__(self) -> str:
        return f"{self.rule} v{self.version}"


class ExecutionQuestion(TimeStampedModel):
    """A question to a unit that a warning became: the unit answers in the portal by
    ``deadline``; staff close it (or ask again)."""

    class State(models.TextChoices):
        ASKED = "asked", _("待单位答复")
        ANSWERED = "answered", _("单位已答复")
        CLOSED = "closed", _("已办结")

    unit = models.ForeignKey(
        Organization, verbose_name=_("询问单位"), on_delete=models.PROTECT, related_name="budget_questions"
    )
    question = models.TextField(_("询问内容"))
    deadline = models.DateField(_("答复期限"), db_index=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.ASKED, db_index=True
    )
    answer = models.TextField(_("答复内容"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("预算执行询问")
        verbose_name_plural = _("预算执行询问")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["unit", "state"], name="budget_question_unit_state")]

    def __str__(self) -> str:
        return self.question[:60]


class ExecutionQuestionEvent(TransitionEvent):
    question = models.ForeignKey(
        ExecutionQuestion, verbose_name=_("预算执行询问"), on_delete=models.CASCADE, related_name="events"
    )

    @staticmethod
    def workflows():
        from budget.workflow_execution import QUESTION

        return (QUESTION,)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("预算执行询问流程记录")
        verbose_name_plural = _("预算执行询问流程记录")


class BudgetWarning(models.Model):
    """What one rule version saw on one line of one book at one month; found again by the next
    scan, it is the same row (idempotent). ``figures`` keeps the numbers it saw."""

    fiscal_year = models.ForeignKey(
        "budget.FiscalYear", verbose_name=_("年度"), on_delete=models.CASCADE, related_name="warnings"
    )
    book = models.CharField(_("预算类别"), max_length=20, choices=Book.choices)
    month = models.PositiveSmallIntegerField(_("截至月份"))
    code = models.CharField(_("科目编码"), max_length=7)
    name = models.CharField(_("科目名称"), max_length=100, blank=True)
    rule = models.ForeignKey(
        WarningRule, verbose_name=_("预警规则"), on_delete=models.PROTECT, related_name="warnings"
    )
    rule_version = models.ForeignKey(
        WarningRuleVersion, verbose_name=_("规则版本"), on_delete=models.PROTECT, related_name="warnings"
    )
    figures = models.JSONField(_("预警时的数据"), default=dict)
    message = models.CharField(_("预警内容"), max_length=300)
    created_at = models.DateTimeField(_("预警时间"), auto_now_add=True)
    question = models.OneToOneField(
        ExecutionQuestion,
        verbose_name=_("转为询问"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="warning",
    )
    plan_item = models.ForeignKey(
        "supervision.PlanItem",
        verbose_name=_("转为监督事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("预算执行预警")
        verbose_name_plural = _("预算执行预警")
        ordering = ["-fiscal_year__year", "-month", "book", "code", "rule_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_version", "fiscal_year", "book", "month", "code"], name="budget_warning_once"
            )
        ]
        indexes = [models.Index(fields=["fiscal_year", "month"], name="budget_warning_year_month")]

    def __str__(self) -> str:
        return self.message


# --- budget adjustments (预算调整, item 4) ---------------------------------------------------------


class Adjustment(TimeStampedModel):
    """A proposal to adjust one book of a year: before and after per line with the reason,
    approved at a standing-committee meeting (the meeting if it is in the portal, else its date,
    and the resolution's number). Approval produces the book's ``adjusted`` stage from the
    approved budget (or the last adjusted one) and these lines, every parent the sum of its
    children."""

    class State(models.TextChoices):
        DRAFT = "draft", _("草拟中")
        APPROVED = "approved", _("已批准")

    fiscal_year = models.ForeignKey(
        "budget.FiscalYear", verbose_name=_("年度"), on_delete=models.CASCADE, related_name="adjustments"
    )
    book = models.CharField(_("预算类别"), max_length=20, choices=Book.choices)
    title = models.CharField(_("调整方案名称"), max_length=200)
    reason = models.TextField(_("调整理由"))
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("批准的会议"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    resolution = models.CharField(_("决议文号"), max_length=100, blank=True)
    approved_at = models.DateTimeField(_("批准录入时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("预算调整方案")
        verbose_name_plural = _("预算调整方案")
        ordering = ["-fiscal_year__year", "book", "id"]

    def __str__(self) -> str:
        return self.title


class AdjustmentLine(models.Model):
    """One line's before and after (yuan), with its reason. ``before`` is the base budget's
    amount when the line was written (0 for a new line)."""

    adjustment = models.ForeignKey(
        Adjustment, verbose_name=_("预算调整方案"), on_delete=models.CASCADE, related_name="lines"
    )
    code = models.CharField(_("科目编码"), max_length=7)
    name = models.CharField(_("科目名称"), max_length=100, blank=True)
    before = models.DecimalField(_("调整前（元）"), max_digits=18, decimal_places=2)
    after = models.DecimalField(_("调整后（元）"), max_digits=18, decimal_places=2)
    reason = models.CharField(_("理由"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("预算调整明细")
        verbose_name_plural = _("预算调整明细")
        ordering = ["adjustment", "code"]
        constraints = [
            models.UniqueConstraint(fields=["adjustment", "code"], name="budget_adjustment_line_once"),
            models.CheckConstraint(
                condition=models.Q(after__gte=0), name="budget_adjustment_after_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.before} → {self.after}"

    @property
    def change(self):
        return self.after - self.before


class AdjustmentEvent(TransitionEvent):
    adjustment = models.ForeignKey(
        Adjustment, verbose_name=_("预算调整方案"), on_delete=models.CASCADE, related_name="events"
    )

    @staticmethod
    def workflows():
        from budget.workflow_execution import ADJUSTMENT

        return (ADJUSTMENT,)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("预算调整流程记录")
        verbose_name_plural = _("预算调整流程记录")
