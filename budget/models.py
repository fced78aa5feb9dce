"""Fiscal years, their classification code lists and the four books (issue 13, item 1).

A book's stage (draft, approved, adjusted, final accounts) is one ``BookStage`` with its lines;
each stage is kept beside the others, so stages compare side by side. A line is keyed by its
classification code (类 3 digits → 款 5 → 项 7): its parent is the code's prefix, stored
(``parent_code``) so a level is one indexed query. Amounts are yuan as ``Decimal``; totals are
summed by the database, never in Python.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

CODE_LENGTHS = {1: 3, 2: 5, 3: 7}  # 类, 款, 项
LEVEL_OF_LENGTH = {length: level for level, length in CODE_LENGTHS.items()}


def parent_code_of(code: str) -> str:
    """The code one level up ("" for a 类)."""
    level = LEVEL_OF_LENGTH.get(len(code))
    return code[: CODE_LENGTHS[level - 1]] if level and level > 1 else ""


class Book(models.TextChoices):
    GENERAL = "general", _("一般公共预算")
    FUND = "fund", _("政府性基金预算")
    CAPITAL = "capital", _("国有资本经营预算")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险基金预算")


class Stage(models.TextChoices):
    DRAFT = "draft", _("预算草案")  # the government's draft before the congress approves it
    APPROVED = "approved", _("批准预算")  # as the congress approved it: public from then on
    ADJUSTED = "adjusted", _("调整预算")  # after an adjustment the standing committee approved
    FINAL = "final", _("决算")  # the final accounts the standing committee approved


# Stages the public sees once they exist (a draft is the government's until the congress approves).
PUBLIC_STAGES = (Stage.APPROVED, Stage.ADJUSTED, Stage.FINAL)


class Side(models.TextChoices):
    REVENUE = "revenue", _("收入")  # revenue classification: codes 1xx
    EXPENDITURE = "expenditure", _("支出")  # functional classification of expenditure: codes 2xx


def side_of(code: str) -> str:
    return Side.REVENUE if code.startswith("1") else Side.EXPENDITURE


class FiscalYear(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    code_source = models.CharField(
        _("科目表来源"),
        max_length=100,
        blank=True,
        help_text=_("新年度的科目表从哪里复制：上一年度的科目表，或平台内置的全国科目表版本。"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("预算年度")
        verbose_name_plural = _("预算年度")
        ordering = ["-year"]

    def __str__(self) -> str:
        return _("%(year)s年度") % {"year": self.year}


class ClassificationCode(models.Model):
    """One code of a year's list (政府收支分类科目). Staff add, rename and retire codes of a
    year; a retired code stays for the lines that used it but takes no new lines."""

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("年度"), on_delete=models.CASCADE, related_name="codes"
    )
    code = models.CharField(_("科目编码"), max_length=7)
    name = models.CharField(_("科目名称"), max_length=100)
    level = models.PositiveSmallIntegerField(
        _("级次"), choices=[(1, _("类")), (2, _("款")), (3, _("项"))], editable=False
    )
    parent_code = models.CharField(_("上级科目编码"), max_length=7, blank=True, editable=False)
    retired = models.BooleanField(_("已停用"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("分类科目")
        verbose_name_plural = _("分类科目")
        ordering = ["fiscal_year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "code"], name="budget_code_unique_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BookStage(models.Model):
    """One stage of one book of a year: its lines were imported together (all or nothing)."""

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("年度"), on_delete=models.CASCADE, related_name="book_stages"
    )
    book = models.CharField(_("预算类别"), max_length=20, choices=Book.choices)
    stage = models.CharField(_("阶段"), max_length=10, choices=Stage.choices)
    line_count = models.PositiveIntegerField(_("科目行数"), default=0)
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
        verbose_name = _("预算表")
        verbose_name_plural = _("预算表")
        ordering = ["-fiscal_year__year", "book", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "book", "stage"], name="budget_book_stage_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.get_book_display()} · {self.get_stage_display()}"


class BudgetLine(models.Model):
    """One line of a book's stage. Lines are written only by the import services (in bulk, in
    one transaction with their ``BookStage``, whose history records each import)."""

    book_stage = models.ForeignKey(
        BookStage, verbose_name=_("预算表"), on_delete=models.CASCADE, related_name="lines"
    )
    code = models.CharField(_("科目编码"), max_length=7)
    name = models.CharField(_("科目名称"), max_length=100)
    amount = models.DecimalField(_("金额（元）"), max_digits=18, decimal_places=2)
    level = models.PositiveSmallIntegerField(_("级次"))
    parent_code = models.CharField(_("上级科目编码"), max_length=7, blank=True)
    side = models.CharField(_("收支"), max_length=12, choices=Side.choices)
    economic_code = models.CharField(
        _("经济分类科目编码"),
        max_length=5,
        blank=True,
        help_text=_("支出经济分类（如 30201 办公费、50201 办公经费），有则填写。"),
    )

    class Meta:
        verbose_name = _("预算科目行")
        verbose_name_plural = _("预算科目行")
        ordering = ["book_stage", "code"]
        constraints = [
            models.UniqueConstraint(fields=["book_stage", "code"], name="budget_line_unique_code"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_line_amount_not_negative"),
        ]
        indexes = [models.Index(fields=["book_stage", "parent_code", "code"], name="budget_line_level")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def economic_name(self) -> str:
        from budget.economic import economic_name

        return economic_name(self.economic_code)


# The app's other models, in one namespace for Django.
from budget.models_assets import (  # noqa: E402, F401
    AssetOpinion,
    AssetOpinionEvent,
    AssetReport,
    PerformanceEvaluation,
    PerformanceIndicator,
)
from budget.models_audit import AuditFinding, AuditFindingEvent, AuditRectification  # noqa: E402, F401
from budget.models_execution import (  # noqa: E402, F401
    Adjustment,
    AdjustmentEvent,
    AdjustmentLine,
    BudgetWarning,
    ExecutionMonth,
    ExecutionQuestion,
    ExecutionQuestionEvent,
    ExecutionRow,
    WarningRule,
    WarningRuleVersion,
)
from budget.models_import import WorkbookImport  # noqa: E402, F401
from budget.models_review import (  # noqa: E402, F401
    ReviewComment,
    ReviewQuestion,
    ReviewQuestionEvent,
    ReviewReport,
    ThematicReview,
)
