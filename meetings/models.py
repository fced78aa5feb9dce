"""Meetings of every kind and the attendance of officials (列席, seed section 八).

A meeting has agenda items, documents and participants. Staff mark the units whose head must
attend (``RequiredAttendance``); a head who cannot come asks for leave with a deputy head sent
instead, approved by the office the rule ``meetings.leave_approvers`` names. When staff close
the meeting, a Celery task snapshots the attendance into ``PublishedAttendance`` — the rows the
public website shows and the per-unit yearly record is counted from.

Statuses change only through ``meetings.services``, which take the actions declared in
``meetings/workflow.py`` through the case-work kernel's ``transition()``: each step writes a
``MeetingEvent`` or an ``AttendanceEvent`` row (the kernel's ``TransitionEvent``).
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.casework.models import TransitionEvent
from congress.files import PrivateFileField, RandomName
from congress.models import Organization, TimeStampedModel


def new_check_in_token() -> str:
    return secrets.token_urlsafe(24)


class Meeting(TimeStampedModel):
    class Kind(models.TextChoices):
        CONGRESS = "congress", _("人民代表大会会议")
        STANDING = "standing", _("常委会会议")
        CHAIRPERSONS = "chairpersons", _("主任会议")
        TOWN = "town", _("镇人民代表大会会议")

    class Status(models.TextChoices):
        PLANNED = "planned", _("筹备中")  # scheduled; units may still ask for leave before it starts
        OPEN = "open", _("进行中")  # staff opened check-in; the meeting is under way
        CLOSED = "closed", _("已结束")  # closed by staff; attendance is final and gets published
        CANCELLED = "cancelled", _("已取消")  # called off before it took place

    kind = models.CharField(_("会议类别"), max_length=20, choices=Kind.choices, db_index=True)
    title = models.CharField(_("会议名称"), max_length=200)
    term = models.ForeignKey(
        "congress.Term",
        verbose_name=_("届次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"))
    location = models.CharField(_("地点"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    is_schedule_published = models.BooleanField(
        _("在网站公布日程"), default=False, help_text=_("勾选后会议日程和议程在公众网站显示")
    )
    minutes = models.TextField(_("会议纪要"), blank=True)
    opened_at = models.DateTimeField(
        _("开始时间（实际）"), null=True, blank=True, help_text=_("工作人员开始会议的时间")
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("开始操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(
        _("结束时间（实际）"), null=True, blank=True, help_text=_("工作人员结束会议的时间")
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("结束操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attendance_published_at = models.DateTimeField(
        _("出席情况公开时间"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("由系统在会议结束后自动公开；为空表示尚未公开"),
    )
    check_in_token = models.CharField(
        _("签到码"),
        max_length=64,
        unique=True,
        default=new_check_in_token,
        editable=False,
        help_text=_("会议签到二维码中的随机码，每次会议不同"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["check_in_token"])

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="meeting_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "attendance_published_at"], name="meeting_unpublished"),
        ]

    def __str__(self):
        return self.title

    @property
    def has_started(self) -> bool:
        """Under way or over: staff opened it (whatever the scheduled start), or the scheduled
        start has passed. Leave is asked and decided only before."""
        return (
            self.opened_at is not None or self.status == self.Status.OPEN or timezone.now() >= self.starts_at
        )


class AgendaItem(models.Model):
    """An item on the agenda, optionally linked (by title and URL) to a report, a proposal or
    an appointment elsewhere in the portal."""

    class LinkKind(models.TextChoices):
        NONE = "", _("无")
        REPORT = "report", _("专项工作报告")
        PROPOSAL = "proposal", _("议案建议")
        APPOINTMENT = "appointment", _("任免事项")
        BUDGET = "budget", _("预决算")
        OTHER = "other", _("其他")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    title = models.CharField(_("议题"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    link_kind = models.CharField(_("关联事项类别"), max_length=20, choices=LinkKind.choices, blank=True)
    link_title = models.CharField(_("关联事项"), max_length=200, blank=True)
    link_url = models.CharField(_("关联链接"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("议程")
        verbose_name_plural = _("议程")

    def __str__(self):
        return f"{self.order}. {self.title}"


class MeetingDocument(TimeStampedModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("文件名称"), max_length=200)
    file = PrivateFileField(_("文件"), upload_to=RandomName("meetings"), allow="documents_and_zip")
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True, editable=False)
    is_public = models.BooleanField(_("向公众公开"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("会议文件")
        verbose_name_plural = _("会议文件")

    def __str__(self):
        return self.title


class Participant(models.Model):
    """Someone taking part other than the required units: members, deputies, invited guests.
    A participant with a login sees the meeting in the portal."""

    class Role(models.TextChoices):
        PRESIDING = "presiding", _("主持人")
        MEMBER = "member", _("出席人员")
        DEPUTY = "deputy", _("列席代表")
        GUEST = "guest", _("特邀列席")
        STAFF = "staff", _("工作人员")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="meeting_participations",
    )
    name = models.CharField(_("姓名"), max_length=50, blank=True, help_text=_("无账号人员填写姓名"))
    role = models.CharField(_("身份"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    # A participant who cannot come (a deputy asked to attend, most often) asks for leave in the
    # portal before the meeting starts (``services.participant_request_leave``); the deputy's
    # performance record counts it as leave, not as a meeting attended.
    leave_reason = models.CharField(_("请假事由"), max_length=300, blank=True)
    leave_at = models.DateTimeField(_("请假时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "role", "id"]
        verbose_name = _("参会人员")
        verbose_name_plural = _("参会人员")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(name=""), name="participant_user_or_name"
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"], condition=models.Q(user__isnull=False), name="participant_once"
            ),
        ]

    def __str__(self):
        return str(self.user) if self.user_id else self.name


class RequiredAttendance(TimeStampedModel):
    """A unit whose head must attend the meeting in person (列席)."""

    class Status(models.TextChoices):
        REQUIRED = "required", _("应列席")  # expected in person; no leave asked
        LEAVE_REQUESTED = "leave_requested", _("请假待批")  # asked for leave, office has not decided
        LEAVE_APPROVED = "leave_approved", _("请假（已批准）")  # approved in writing; substitute attends
        LEAVE_REJECTED = "leave_rejected", _("请假未获批准")  # the head is still expected in person
        ATTENDED = "attended", _("出席")  # checked in (possibly late)
        ABSENT = "absent", _("缺席")  # not checked in at close, no approved leave

    class Method(models.TextChoices):
        STAFF = "staff", _("工作人员签到")
        QR = "qr", _("扫码签到")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="required_attendance"
    )
    unit = models.ForeignKey(
        Organization, verbose_name=_("列席单位"), on_delete=models.PROTECT, related_name="meeting_attendance"
    )
    expected_person = models.CharField(
        _("应出席人"), max_length=50, blank=True, help_text=_("要求时单位主要负责人的姓名")
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.REQUIRED, db_index=True
    )
    leave_reason = models.TextField(_("请假事由"), blank=True)
    substitute = models.CharField(_("委派副职"), max_length=50, blank=True)
    leave_requested_at = models.DateTimeField(_("请假申请时间"), null=True, blank=True)
    leave_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("请假申请人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approver_kind = models.CharField(
        _("审批机关"),
        max_length=30,
        blank=True,
        db_index=True,
        help_text=_("按规则“请假审批机关”由单位类别确定：区政府办公室或区委办公室"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    review_note = models.CharField(_("审批意见"), max_length=300, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签到操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    check_in_method = models.CharField(_("签到方式"), max_length=10, choices=Method.choices, blank=True)
    is_late = models.BooleanField(_("迟到"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "unit__sort_order", "unit__name"]
        verbose_name = _("列席单位")
        verbose_name_plural = _("列席单位")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "unit"], name="attendance_once_per_unit"),
        ]

    def __str__(self):
        return f"{self.meeting} · {self.unit}"

    @property
    def expected_label(self) -> str:
        """Who is expected in person, as the pages show it: the head's name copied when the unit
        was required or, with no name on file, the post alone (``Organization.head_title``);
        "" when neither (the pages show "—"). Needs ``unit`` loaded."""
        return self.expected_person or self.unit.head_title


class MeetingEvent(TransitionEvent):
    """A step of a meeting (the kernel's event row): scheduled, units required, rescheduled,
    opened, closed, cancelled, attendance published — who, from which state to which, and why."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="events"
    )

    @staticmethod
    def workflows():
        from meetings.workflow import MEETING

        return (MEETING,)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("会议流程记录")
        verbose_name_plural = _("会议流程记录")


class AttendanceEvent(TransitionEvent):
    """A step of a required attendance (the kernel's event row): required, leave asked,
    approved or refused, checked in, marked absent at close, corrected after publication."""

    attendance = models.ForeignKey(
        RequiredAttendance, verbose_name=_("列席单位"), on_delete=models.CASCADE, related_name="events"
    )

    @staticmethod
    def workflows():
        from meetings.workflow import ATTENDANCE

        return (ATTENDANCE,)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("出席状态记录")
        verbose_name_plural = _("出席状态记录")


class PublishedAttendance(models.Model):
    """The public snapshot of one unit's attendance at a closed meeting. One row per (meeting,
    unit): publishing twice updates, never duplicates. ``year`` is the meeting's local year,
    kept here so the per-unit yearly record is one grouped query over this table."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="published_attendance"
    )
    unit = models.ForeignKey(
        Organization, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="published_attendance"
    )
    attendance = models.OneToOneField(
        RequiredAttendance,
        verbose_name=_("列席单位"),
        on_delete=models.CASCADE,
        related_name="published",
        null=True,
        blank=True,
    )
    unit_name = models.CharField(_("单位"), max_length=100)
    expected_person = models.CharField(_("应出席人"), max_length=50, blank=True)
    status = models.CharField(_("出席情况"), max_length=20, choices=RequiredAttendance.Status.choices)
    substitute = models.CharField(_("委派副职"), max_length=50, blank=True)
    is_late = models.BooleanField(_("迟到"), default=False)
    year = models.PositiveSmallIntegerField(_("年度"))
    published_at = models.DateTimeField(_("公开时间"))
    corrected_at = models.DateTimeField(_("更正时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("公开的出席情况")
        verbose_name_plural = _("公开的出席情况")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "unit"], name="published_attendance_once"),
        ]
        indexes = [models.Index(fields=["unit", "year"], name="published_attendance_unit_year")]

    def __str__(self):
        return f"{self.meeting} · {self.unit_name}"

    @property
    def expected_label(self) -> str:
        """The head's name as published or, with no name on file, the unit's post alone
        (``Organization.head_title``); "" when neither. Needs ``unit`` loaded."""
        return self.expected_person or self.unit.head_title


class AttendanceCorrection(models.Model):
    """A correction of published attendance: the reason is required and the row is kept."""

    published = models.ForeignKey(
        PublishedAttendance, verbose_name=_("公开记录"), on_delete=models.CASCADE, related_name="corrections"
    )
    from_status = models.CharField(_("原状态"), max_length=20, choices=RequiredAttendance.Status.choices)
    to_status = models.CharField(_("更正为"), max_length=20, choices=RequiredAttendance.Status.choices)
    from_substitute = models.CharField(_("原委派副职"), max_length=50, blank=True)
    to_substitute = models.CharField(_("更正后委派副职"), max_length=50, blank=True)
    reason = models.TextField(_("更正理由"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("更正时间"), default=timezone.now)

    class Meta:
        ordering = ["published", "created_at", "id"]
        verbose_name = _("出席情况更正")
        verbose_name_plural = _("出席情况更正")
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="correction_reason_required"),
        ]

    def __str__(self):
        return f"{self.published} · {self.get_to_status_display()}"
