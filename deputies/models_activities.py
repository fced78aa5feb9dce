"""Activities and training of deputies (代表活动与培训, seed 十四): staff publish an activity with a
number of places; deputies sign up in the portal (the waiting list takes them in order when the
places are taken, and moves up when someone cancels), check in at the venue by the activity's QR
code, and their attendance (and a training's hours) goes into their performance record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.casework.models import TransitionEvent
from congress.models import Term, TimeStampedModel


class Activity(TimeStampedModel):
    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("视察")  # 视察、执法检查
        RESEARCH = "research", _("专题调研")
        TRAINING = "training", _("学习培训")  # counts its hours as training hours
        RECEPTION = "reception", _("接待选民")  # 代表接待日
        OTHER = "other", _("其他活动")

    class State(models.TextChoices):
        PUBLISHED = "published", _("报名中")  # published by staff; deputies sign up or join the waiting list
        CLOSED = "closed", _("已结束")  # staff closed it; attendance is final
        CANCELLED = "cancelled", _("已取消")  # called off; every sign-up ends with it

    term = models.ForeignKey(
        Term, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="activities"
    )
    kind = models.CharField(_("活动类别"), max_length=20, choices=Kind.choices, db_index=True)
    title = models.CharField(_("活动名称"), max_length=200)
    description = models.TextField(_("活动内容"), blank=True)
    location = models.CharField(_("地点"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("名额"), help_text=_("报名满额后，再报名的代表进入候补名单"))
    hours = models.DecimalField(
        _("学时"),
        max_digits=5,
        decimal_places=1,
        default=0,
        help_text=_("出席者计入的培训学时（学习培训类）；不填写时按开始至结束时间计算"),
    )
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.PUBLISHED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("代表活动")
        verbose_name_plural = _("代表活动")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="activity_capacity_positive"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="activity_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title


class ActivitySignup(TimeStampedModel):
    """A deputy's place on an activity. A deputy who cancelled and signs up again gets a new row
    (at the end of the queue); at most one row of a deputy is live per activity."""

    class State(models.TextChoices):
        REGISTERED = "registered", _("已报名")  # holds a place
        WAITLISTED = "waitlisted", _("候补")  # waits for a place, in order of signing up
        CANCELLED = "cancelled", _("已取消")  # the deputy (or staff) cancelled, or the activity was
        ATTENDED = "attended", _("已出席")  # checked in by the QR code, or recorded by staff
        EXCUSED = "excused", _("请假")  # staff recorded leave after the cancellation cut-off
        ABSENT = "absent", _("缺席")  # registered, never checked in when staff closed the activity

    LIVE_STATES = (State.REGISTERED, State.WAITLISTED)
    SEATED_STATES = (State.REGISTERED, State.ATTENDED)

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="signups"
    )
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("代表"), on_delete=models.PROTECT, related_name="activity_signups"
    )
    state = models.CharField(_("状态"), max_length=20, choices=State.choices)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "created_at", "id"]
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "deputy"],
                condition=~Q(state="cancelled"),
                name="activity_signup_once_live",
            )
        ]
        indexes = [
            models.Index(fields=["activity", "state"], name="activity_signup_state"),
            models.Index(fields=["deputy", "state"], name="activity_signup_deputy"),
        ]

    def __str__(self):
        return f"{self.deputy} · {self.get_state_display()}"


class ActivityEvent(TransitionEvent):
    """The timeline of an activity and of its sign-ups (``signup_``-prefixed codes)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="events"
    )
    signup = models.ForeignKey(
        ActivitySignup,
        verbose_name=_("报名"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )

    @staticmethod
    def workflows():
        from deputies.workflow_activities import ACTIVITY, SIGNUP

        return (ACTIVITY, SIGNUP)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("活动记录")
        verbose_name_plural = _("活动记录")
