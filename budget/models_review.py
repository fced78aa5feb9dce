"""The preliminary review (初审, issue 13 item 3) by the budget working committee, and its
thematic reviews (专题审查) and special-fund hearings.

- ``ReviewComment``: a remark on one line of a book's stage (or on the whole book), by staff,
  committee members or deputies reading the books. Nobody owes anything for it.
- ``ReviewQuestion``: a question on a line put to the unit that answers for the books (the
  finance bureau, rule ``budget.review_answering_unit``). The unit owes an answer by a deadline
  (rule ``budget.review_answer_deadline``): a tracked item on the case-work kernel
  (``budget.workflow_review``), reminded by the budget's daily scan.
- ``ReviewReport``: the committee's preliminary review report on a year's stage (text, PDF).
- ``ThematicReview``: a review of a key area (topic, the codes it covers, findings, report),
  optionally heard at a special-fund hearing (``supervision.PublicHearing``).

Imported by ``budget.models`` (the app's models live in one namespace)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from budget.models import Book, Stage  # defined before budget.models imports this module
from congress.casework.models import TransitionEvent
from congress.models import Organization, TimeStampedModel


class _OnLine(models.Model):
    """Where a remark points: a year's book and stage, and a line's code ("" for the whole book)."""

    fiscal_year = models.ForeignKey(
        "budget.FiscalYear", verbose_name=_("年度"), on_delete=models.CASCADE, related_name="+"
    )
    book = models.CharField(_("预算类别"), max_length=20, choices=Book.choices)
    stage = models.CharField(_("阶段"), max_length=10, choices=Stage.choices)
    code = models.CharField(_("科目编码"), max_length=7, blank=True, help_text=_("空白表示针对整本预算"))
    line_name = models.CharField(_("科目名称"), max_length=100, blank=True)

    class Meta:
        abstract = True


class ReviewComment(_OnLine, TimeStampedModel):
    """A remark on a line by staff, a committee member or a deputy (no answer owed)."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("意见"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["fiscal_year", "book", "stage", "code", "created_at", "id"]
        verbose_name = _("初审意见")
        verbose_name_plural = _("初审意见")
        indexes = [models.Index(fields=["fiscal_year", "book", "stage", "code"], name="review_comment_line")]

    def __str__(self):
        return self.text[:40]


class ReviewQuestion(_OnLine, TimeStampedModel):
    """A question on a line the answering unit (the finance bureau) owes an answer to."""

    class State(models.TextChoices):
        ASKED = "asked", _("待答复")  # the unit owes an answer by ``deadline``
        ANSWERED = "answered", _("已答复")  # the unit answered; the asker reads it
        WITHDRAWN = "withdrawn", _("已撤回")  # the asker or staff withdrew it; nothing owed

    unit = models.ForeignKey(
        Organization,
        verbose_name=_("答复单位"),
        on_delete=models.PROTECT,
        related_name="budget_review_questions",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提问人"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("问题"))
    deadline = models.DateField(_("答复期限"), db_index=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.ASKED, db_index=True
    )
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("初审询问")
        verbose_name_plural = _("初审询问")
        indexes = [
            models.Index(fields=["unit", "state"], name="review_question_unit_state"),
            models.Index(fields=["fiscal_year", "book", "stage", "code"], name="review_question_line"),
        ]

    def __str__(self):
        return self.summary

    @property
    def summary(self) -> str:
        return self.text[:60]


class ReviewQuestionEvent(TransitionEvent):
    """A step of a question: asked, answered, withdrawn."""

    question = models.ForeignKey(
        ReviewQuestion, verbose_name=_("初审询问"), on_delete=models.CASCADE, related_name="events"
    )

    @staticmethod
    def workflows():
        from budget.workflow_review import QUESTION

        return (QUESTION,)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("初审询问流程记录")
        verbose_name_plural = _("初审询问流程记录")


class ReviewReport(TimeStampedModel):
    """The committee's preliminary review report on one stage of a year (初审报告)."""

    fiscal_year = models.ForeignKey(
        "budget.FiscalYear", verbose_name=_("年度"), on_delete=models.CASCADE, related_name="review_reports"
    )
    stage = models.CharField(_("阶段"), max_length=10, choices=Stage.choices)
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("报告正文"))
    adopted_on = models.DateField(_("通过日期"), null=True, blank=True, help_text=_("填写后报告定稿"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-fiscal_year__year", "stage"]
        verbose_name = _("初审报告")
        verbose_name_plural = _("初审报告")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "stage"], name="review_report_per_stage"),
        ]

    def __str__(self):
        return self.title


class ThematicReview(TimeStampedModel):
    """A thematic review of a key area (专题审查): the topic, the classification codes it covers
    (checked against the year's list), findings and the report; a special-fund hearing of the
    supervision app may be linked. Public once ``published``."""

    fiscal_year = models.ForeignKey(
        "budget.FiscalYear", verbose_name=_("年度"), on_delete=models.CASCADE, related_name="thematic_reviews"
    )
    topic = models.CharField(_("审查专题"), max_length=200)
    codes = models.JSONField(_("涉及科目"), default=list, blank=True, help_text=_("科目编码列表"))
    findings = models.TextField(_("发现的问题"), blank=True)
    report = models.TextField(_("专题审查报告"), blank=True)
    hearing = models.ForeignKey(
        "supervision.PublicHearing",
        verbose_name=_("专项资金听证"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_thematic_reviews",
    )
    published = models.BooleanField(_("已公开"), default=False)
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
        ordering = ["-fiscal_year__year", "topic", "id"]
        verbose_name = _("专题审查")
        verbose_name_plural = _("专题审查")

    def __str__(self):
        return self.topic

    @property
    def public_hearing(self):
        """The linked hearing as far as the public may see it: once published (not a draft)."""
        from supervision.selectors_hearings import PUBLIC_STATES

        hearing = self.hearing
        return hearing if hearing is not None and hearing.state in PUBLIC_STATES else None
