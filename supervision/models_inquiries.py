"""Inquiries (专题询问 / 常态化询问, 监督法 第六章): at a standing-committee meeting, committee
members and deputies put questions to the units under supervision; the unit's head answers in
person or names a deputy head to answer; what the official commits to do is a **commitment**
with a due date, a tracked item the unit reports fulfilled and staff accept (or send back).
Once held, the inquiry with its questions, answers and commitments is public.

Imported by ``supervision.models`` (the app's models live in one namespace); kept apart so the
inquiry is read in one place."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.casework.models import TransitionEvent
from congress.models import Organization, TimeStampedModel


class Inquiry(TimeStampedModel):
    """An inquiry held at a standing-committee meeting, on one topic (专题询问) or as part of
    the regular deliberation of a report (常态化询问)."""

    class Kind(models.TextChoices):
        SPECIAL = "special", _("专题询问")
        REGULAR = "regular", _("常态化询问")

    class State(models.TextChoices):
        OPEN = "open", _("询问进行中")  # members and deputies put questions; answers are recorded
        HELD = "held", _("已举行")  # the record is complete and public; commitments are followed

    title = models.CharField(_("询问主题"), max_length=200)
    kind = models.CharField(_("询问类别"), max_length=20, choices=Kind.choices, default=Kind.SPECIAL)
    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("询问会议"), on_delete=models.PROTECT, related_name="+"
    )
    plan_item = models.ForeignKey(
        "supervision.PlanItem",
        verbose_name=_("计划项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
    )
    committee = models.ForeignKey(
        Organization,
        verbose_name=_("责任工委"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Organization.Kind.WORKING_COMMITTEE},
        help_text=_("承诺事项逾期时一并提醒"),
    )
    description = models.TextField(_("询问说明"), blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.OPEN, db_index=True
    )
    held_at = models.DateTimeField(_("举行时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("询问")
        verbose_name_plural = _("询问")

    def __str__(self):
        return self.title


class InquiryQuestion(models.Model):
    """One question, put by a committee member or a deputy to a unit; answered by the unit's
    head in person or by a named deputy head."""

    class State(models.TextChoices):
        ASKED = "asked", _("待答复")  # the unit's official answers at the meeting
        ANSWERED = "answered", _("已答复")  # the answer is recorded; commitments may follow

    class AnswererRole(models.TextChoices):
        HEAD = "head", _("主要负责人")
        DEPUTY_HEAD = "deputy_head", _("分管副职")

    inquiry = models.ForeignKey(
        Inquiry, verbose_name=_("询问"), on_delete=models.CASCADE, related_name="questions"
    )
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提问人"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Organization, verbose_name=_("被询问单位"), on_delete=models.PROTECT, related_name="inquiry_questions"
    )
    content = models.TextField(_("询问问题"))
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.ASKED, db_index=True
    )
    answerer_role = models.CharField(_("应询人身份"), max_length=20, choices=AnswererRole.choices, blank=True)
    answerer_name = models.CharField(
        _("应询人"), max_length=100, blank=True, help_text=_("单位主要负责人本人或其指定的副职")
    )
    answer = models.TextField(_("答复"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    asked_at = models.DateTimeField(_("提问时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["inquiry", "asked_at", "id"]
        verbose_name = _("询问问题")
        verbose_name_plural = _("询问问题")
        indexes = [models.Index(fields=["unit", "state"], name="inquiry_question_unit_state")]

    def __str__(self):
        return self.content[:40]


class InquiryCommitment(TimeStampedModel):
    """What the answering official committed to do, by a due date (a tracked item): the unit
    reports it fulfilled; staff accept it or send it back."""

    class State(models.TextChoices):
        OPEN = "open", _("落实中")  # the unit owes a report of fulfilment by ``due_date``
        REPORTED = "reported", _("已报告落实情况")  # waits for staff to accept or send back
        DONE = "done", _("已落实")  # accepted by staff

    question = models.ForeignKey(
        InquiryQuestion, verbose_name=_("询问问题"), on_delete=models.CASCADE, related_name="commitments"
    )
    unit = models.ForeignKey(
        Organization,
        verbose_name=_("承诺单位"),
        on_delete=models.PROTECT,
        related_name="inquiry_commitments",
        help_text=_("被询问单位"),
    )
    content = models.TextField(_("承诺事项"))
    due_date = models.DateField(_("落实期限"), db_index=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.OPEN, db_index=True
    )
    report = models.TextField(_("落实情况报告"), blank=True)
    reported_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    done_at = models.DateTimeField(_("确认落实时间"), null=True, blank=True)
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
        ordering = ["due_date", "id"]
        verbose_name = _("询问承诺事项")
        verbose_name_plural = _("询问承诺事项")
        indexes = [models.Index(fields=["unit", "state"], name="inquiry_commitment_unit_state")]

    def __str__(self):
        return self.content[:40]

    @property
    def summary(self) -> str:
        """The first words, where a line names the commitment."""
        return self.content[:60]

    @property
    def deadline(self):
        return self.due_date if self.state == self.State.OPEN else None


class InquiryEvent(TransitionEvent):
    """A step of an inquiry or of one of its questions: created, a question asked, answered,
    a commitment recorded, held."""

    inquiry = models.ForeignKey(
        Inquiry, verbose_name=_("询问"), on_delete=models.CASCADE, related_name="events"
    )
    question = models.ForeignKey(
        InquiryQuestion,
        verbose_name=_("询问问题"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )

    @staticmethod
    def workflows():
        from supervision.workflow_inquiries import INQUIRY, QUESTION

        return (INQUIRY, QUESTION)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("询问流程记录")
        verbose_name_plural = _("询问流程记录")


class CommitmentEvent(TransitionEvent):
    """A step of a commitment: recorded, reported fulfilled, accepted, sent back."""

    commitment = models.ForeignKey(
        InquiryCommitment, verbose_name=_("承诺事项"), on_delete=models.CASCADE, related_name="events"
    )

    @staticmethod
    def workflows():
        from supervision.workflow_inquiries import COMMITMENT

        return (COMMITMENT,)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("承诺事项流程记录")
        verbose_name_plural = _("承诺事项流程记录")
