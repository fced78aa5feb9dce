"""Supervision of the court and the procuratorate (seed 十): special supervisors (特邀监督员)
appointed from the deputies for a term, and deputies' court-hearing attendance (旁听庭审) with
their remarks passed to the court or procuratorate, which replies by the rule's deadline.

Imported by ``supervision.models`` (Django finds the models there); each record changes only
through ``supervision.services.judicial`` and the kernel's ``transition()``.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.casework.models import TransitionEvent
from congress.models import Organization, TimeStampedModel

JUDICIAL_KINDS = (Organization.Kind.COURT, Organization.Kind.PROCURATORATE)


class SpecialSupervisor(TimeStampedModel):
    """A deputy appointed special supervisor (特邀监督员) of the district court or procuratorate
    for a term. Ending it early keeps the row with the reason; a term that ran out ends by
    itself (the public list shows only those serving today)."""

    class State(models.TextChoices):
        SERVING = "serving", _("履职中")  # appointed; public while the term runs
        ENDED = "ended", _("已解聘")  # ended by staff before the term's end (reason kept)

    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("代表"),
        on_delete=models.PROTECT,
        related_name="special_supervisions",
    )
    institution = models.ForeignKey(
        Organization,
        verbose_name=_("聘请机关"),
        on_delete=models.PROTECT,
        related_name="special_supervisors",
        limit_choices_to={"kind__in": JUDICIAL_KINDS},
    )
    term_start = models.DateField(_("聘期开始"))
    term_end = models.DateField(_("聘期结束"))
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.SERVING, db_index=True
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    ended_at = models.DateTimeField(_("解聘时间"), null=True, blank=True)
    end_reason = models.TextField(_("解聘理由"), blank=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("聘任录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["institution__sort_order", "-term_start", "id"]
        verbose_name = _("特邀监督员")
        verbose_name_plural = _("特邀监督员")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gte=F("term_start")),
                name="special_supervisor_term",
                violation_error_message=_("聘期结束日期不能早于开始日期。"),
            ),
            models.CheckConstraint(
                condition=~Q(state="ended") | ~Q(end_reason=""),
                name="special_supervisor_end_has_reason",
                violation_error_message=_("解聘须说明理由。"),
            ),
        ]
        indexes = [models.Index(fields=["state", "term_end"], name="special_supervisor_serving")]

    def __str__(self):
        return f"{self.deputy} · {self.institution}"


class SpecialSupervisorEvent(TransitionEvent):
    """A step of a special supervisor's appointment: appointed, term changed, ended."""

    supervisor = models.ForeignKey(
        SpecialSupervisor, verbose_name=_("特邀监督员"), on_delete=models.CASCADE, related_name="events"
    )

    @staticmethod
    def workflows():
        from supervision.workflow_judicial import SPECIAL_SUPERVISOR

        return (SPECIAL_SUPERVISOR,)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("特邀监督员流程记录")
        verbose_name_plural = _("特邀监督员流程记录")


class HearingAttendance(TimeStampedModel):
    """A deputy's attendance at a court hearing (旁听庭审): the case, the court, the date and
    the deputy's remarks. Remarks are passed to the court or procuratorate (``unit``), whose
    officer replies in the portal by ``reply_due`` (rule ``supervision.hearing_reply_deadline``);
    the reminder scan reminds and escalates like every supervision deadline."""

    class State(models.TextChoices):
        RECORDED = "recorded", _("已记录")  # attended without remarks: nothing is owed
        AWAITING_REPLY = "awaiting_reply", _("待答复")  # the unit owes a reply by ``reply_due``
        REPLIED = "replied", _("已答复")  # the unit replied; the deputy is told

    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("旁听代表"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Organization,
        verbose_name=_("意见转交机关"),
        on_delete=models.PROTECT,
        related_name="hearing_attendances",
        limit_choices_to={"kind__in": JUDICIAL_KINDS},
        help_text=_("区人民法院或区人民检察院（如公诉案件的出庭检察机关）"),
    )
    case_number = models.CharField(_("案号"), max_length=100)
    case_title = models.CharField(_("案由"), max_length=200)
    court = models.CharField(_("审判法庭"), max_length=100, help_text=_("例如：第三法庭"))
    hearing_date = models.DateField(_("庭审日期"))
    remarks = models.TextField(_("旁听意见建议"), blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.RECORDED, db_index=True
    )
    reply_due = models.DateField(_("答复期限"), null=True, blank=True)
    reply = models.TextField(_("答复内容"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-hearing_date", "-id"]
        verbose_name = _("旁听庭审记录")
        verbose_name_plural = _("旁听庭审记录")
        indexes = [
            models.Index(fields=["unit", "state"], name="hearing_unit_state"),
            models.Index(fields=["deputy", "hearing_date"], name="hearing_deputy_date"),
        ]

    def __str__(self):
        return f"{self.case_number} {self.case_title}"

    @property
    def title(self) -> str:
        """The name the inbox, notices and timelines use."""
        return f"{self.case_title}（{self.case_number}）"

    @property
    def deadline(self):
        return self.reply_due if self.state == self.State.AWAITING_REPLY else None


class HearingAttendanceEvent(TransitionEvent):
    """A step of a hearing attendance: recorded, remarks passed on, replied."""

    attendance = models.ForeignKey(
        HearingAttendance, verbose_name=_("旁听庭审记录"), on_delete=models.CASCADE, related_name="events"
    )

    @staticmethod
    def workflows():
        from supervision.workflow_judicial import HEARING

        return (HEARING,)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("旁听庭审流程记录")
        verbose_name_plural = _("旁听庭审流程记录")
