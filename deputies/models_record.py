"""The performance record's own rows (履职档案, seed 十四): reports to voters (向原选区选民报告履职情况)
with voters' comments, and the mid-term evaluation (届中评估) staff run over a term's records.
The record's counts themselves are not stored: ``deputies.selectors_record`` gathers them from
what the portal already knows (proposals, meetings, activities, receptions, reports)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.casework.models import TransitionEvent
from congress.models import Term, TimeStampedModel


class VoterReport(TimeStampedModel):
    """A deputy's report to the voters of their constituency: scheduled, held, its text published
    on the deputy's public page, where voters leave comments."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("已安排")  # date and place set; voters are told
        HELD = "held", _("已召开")  # took place; the text is being written up
        PUBLISHED = "published", _("已公开")  # the report's text is on the public page, open to comments
        CANCELLED = "cancelled", _("已取消")  # called off before it was held

    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("代表"), on_delete=models.PROTECT, related_name="voter_reports"
    )
    title = models.CharField(_("标题"), max_length=200)
    scheduled_at = models.DateTimeField(_("报告时间"), db_index=True)
    location = models.CharField(_("地点"), max_length=200)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.SCHEDULED)
    held_at = models.DateTimeField(_("实际召开时间"), null=True, blank=True)
    attendees = models.PositiveIntegerField(_("参加选民人数"), null=True, blank=True)
    text = models.TextField(_("报告内容"), blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-scheduled_at", "-id"]
        verbose_name = _("向选民报告履职")
        verbose_name_plural = _("向选民报告履职")
        indexes = [models.Index(fields=["deputy", "state"], name="voter_report_deputy_state")]

    def __str__(self):
        return self.title


class VoterComment(models.Model):
    """A voter's comment on a published report (评议意见): no account, the name optional; staff
    hide a comment that breaks the site's rules (kept, with who hid it, in the history)."""

    report = models.ForeignKey(
        VoterReport, verbose_name=_("履职报告"), on_delete=models.CASCADE, related_name="comments"
    )
    name = models.CharField(_("署名"), max_length=50, blank=True)
    content = models.TextField(_("意见"), max_length=2000)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    is_hidden = models.BooleanField(_("不予显示"), default=False)
    # The sender's address (behind trusted proxies, ``congress.client_address``), only for the
    # per-address limit (rule ``deputies.voter_comment_limit_per_hour``); never shown publicly.
    client_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["client_address", "created_at"], name="voter_comment_address")]
        verbose_name = _("选民评议意见")
        verbose_name_plural = _("选民评议意见")

    def __str__(self):
        return self.content[:30]


class VoterReportEvent(TransitionEvent):
    report = models.ForeignKey(
        VoterReport, verbose_name=_("履职报告"), on_delete=models.CASCADE, related_name="events"
    )

    @staticmethod
    def workflows():
        from deputies.workflow_record import VOTER_REPORT

        return (VOTER_REPORT,)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("履职报告记录")
        verbose_name_plural = _("履职报告记录")


class MidTermEvaluation(TimeStampedModel):
    """届中评估: staff gather every serving deputy's record over the term so far into one row
    each (counts and the score as they stood), add their assessment, and conclude it."""

    class State(models.TextChoices):
        OPEN = "open", _("评估中")  # gathered; staff write their assessment per deputy
        CONCLUDED = "concluded", _("已完成")  # concluded; the rows no longer change

    term = models.ForeignKey(
        Term, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="midterm_evaluations"
    )
    title = models.CharField(_("名称"), max_length=200)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.OPEN)
    first_year = models.PositiveSmallIntegerField(_("起始年度"))
    last_year = models.PositiveSmallIntegerField(_("截止年度"))
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评估人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    concluded_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("届中评估")
        verbose_name_plural = _("届中评估")

    def __str__(self):
        return self.title


class MidTermEvaluationRow(models.Model):
    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        GOOD = "good", _("称职")
        BASIC = "basic", _("基本称职")
        POOR = "poor", _("不称职")

    evaluation = models.ForeignKey(
        MidTermEvaluation, verbose_name=_("届中评估"), on_delete=models.CASCADE, related_name="rows"
    )
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("代表"), on_delete=models.PROTECT, related_name="+"
    )
    counts = models.JSONField(_("履职情况"), default=dict)
    score = models.DecimalField(_("评分"), max_digits=7, decimal_places=1, default=0)
    grade = models.CharField(_("评估等次"), max_length=20, choices=Grade.choices, blank=True)
    assessment = models.TextField(_("评估意见"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["evaluation", "-score", "id"]
        verbose_name = _("届中评估明细")
        verbose_name_plural = _("届中评估明细")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "deputy"], name="midterm_row_once_per_deputy")
        ]

    def __str__(self):
        return f"{self.deputy_id} · {self.score}"


class MidTermEvaluationEvent(TransitionEvent):
    evaluation = models.ForeignKey(
        MidTermEvaluation, verbose_name=_("届中评估"), on_delete=models.CASCADE, related_name="events"
    )

    @staticmethod
    def workflows():
        from deputies.workflow_record import MIDTERM

        return (MIDTERM,)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("届中评估记录")
        verbose_name_plural = _("届中评估记录")
