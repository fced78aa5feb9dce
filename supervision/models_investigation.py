"""Special-question investigation (特定问题调查, 监督法 第七章): proposed by the chairpersons'
meeting or by at least the rule's share of the committee members (one fifth), decided at a
standing-committee meeting, carried out by a committee of deputies, whose findings report and
the standing committee's resolution are recorded. Public once concluded."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.casework.models import TransitionEvent
from congress.models import TimeStampedModel


class Investigation(TimeStampedModel):
    class ProposedBy(models.TextChoices):
        CHAIRPERSONS = "chairpersons", _("主任会议提请")
        MEMBERS = "members", _("常委会组成人员联名提请")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("已提请")  # waits for the standing committee's decision
        REJECTED = "rejected", _("未通过")  # the meeting decided not to investigate
        ADOPTED = "adopted", _("已决定调查")  # the committee of deputies is to be formed
        INVESTIGATING = "investigating", _("调查中")  # the committee investigates
        REPORTED = "reported", _("调查报告已提出")  # waits for the standing committee's resolution
        CONCLUDED = "concluded", _("已作出决议")  # the resolution is recorded; public

    title = models.CharField(_("调查事项"), max_length=200)
    subject = models.TextField(_("提请调查的问题和理由"))
    proposed_by = models.CharField(_("提请方式"), max_length=20, choices=ProposedBy.choices)
    proposers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("联名人"), blank=True, related_name="investigations_proposed"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("决定会议"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.PROPOSED, db_index=True
    )
    decision_note = models.TextField(_("会议决定"), blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    committee_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("调查委员会组成人员"),
        blank=True,
        related_name="investigation_committees",
        help_text=_("从人大代表中选定"),
    )
    formed_at = models.DateTimeField(_("组成时间"), null=True, blank=True)
    findings = models.TextField(_("调查报告"), blank=True)
    reported_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    resolution = models.TextField(_("常委会决议"), blank=True)
    concluded_at = models.DateTimeField(_("决议时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(m2m_fields=[proposers, committee_members])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("特定问题调查")
        verbose_name_plural = _("特定问题调查")

    def __str__(self):
        return self.title


class InvestigationEvent(TransitionEvent):
    """A step of an investigation: proposed, decided, committee formed, findings, resolution."""

    investigation = models.ForeignKey(
        Investigation, verbose_name=_("特定问题调查"), on_delete=models.CASCADE, related_name="events"
    )

    @staticmethod
    def workflows():
        from supervision.workflow_investigation import INVESTIGATION

        return (INVESTIGATION,)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("特定问题调查流程记录")
        verbose_name_plural = _("特定问题调查流程记录")
