"""Audit findings and their rectification (审计查出问题整改, issue 13 item 6): the audit office's
report on the year's budget execution lists problems, each owned by one unit; the unit owes a
rectification report by a deadline from the rule ``budget.audit_rectification_deadline``
(working days); the budget working committee's staff accept it or send it back with a reason
and a new deadline (rule ``budget.audit_redo_deadline``) — a new round. A tracked item on the
case-work kernel (``budget.workflow_audit``); reminders in the budget's daily scan.

Imported by ``budget.models`` (the app's models live in one namespace)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.casework.models import RectifiableItem, RectificationRound, TransitionEvent
from congress.models import Organization, TimeStampedModel


class AuditFinding(TimeStampedModel, RectifiableItem):
    """One problem the audit found, owned by one unit, rectified by ``deadline`` (the kernel's
    rectifiable item: description, deadline, round, reported/accepted times, who listed it)."""

    class State(models.TextChoices):
        OPEN = "open", _("待整改")  # the unit owes its first rectification report
        REPORTED = "reported", _("已报送整改情况")  # staff evaluate: accept, or send back
        SENT_BACK = "sent_back", _("退回重新整改")  # the unit owes another report by the new deadline
        ACCEPTED = "accepted", _("整改到位")

    OWED_STATES = (State.OPEN, State.SENT_BACK)

    year = models.PositiveSmallIntegerField(_("年度"), db_index=True, help_text=_("审计的预算执行年度"))
    unit = models.ForeignKey(
        Organization, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="audit_findings"
    )
    amount = models.DecimalField(_("涉及金额（元）"), max_digits=18, decimal_places=2, null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.OPEN, db_index=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "deadline", "id"]
        verbose_name = _("审计查出问题")
        verbose_name_plural = _("审计查出问题整改")
        indexes = [models.Index(fields=["unit", "state"], name="audit_finding_unit_state")]

    def __str__(self):
        return self.summary


class AuditRectification(RectificationRound):
    """The unit's rectification report of one round, and staff's evaluation of it."""

    finding = models.ForeignKey(
        AuditFinding, verbose_name=_("审计查出问题"), on_delete=models.CASCADE, related_name="rectifications"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["finding", "round", "id"]
        verbose_name = _("审计问题整改报告")
        verbose_name_plural = _("审计问题整改报告")
        constraints = [
            models.UniqueConstraint(fields=["finding", "round"], name="audit_rectification_per_round")
        ]

    def __str__(self):
        return f"{self.finding} · {self.round}"


class AuditFindingEvent(TransitionEvent):
    """A step of a finding: listed, rectification reported, accepted, sent back."""

    finding = models.ForeignKey(
        AuditFinding, verbose_name=_("审计查出问题"), on_delete=models.CASCADE, related_name="events"
    )

    @staticmethod
    def workflows():
        from budget.workflow_audit import FINDING

        return (FINDING,)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("审计问题流程记录")
        verbose_name_plural = _("审计问题流程记录")
