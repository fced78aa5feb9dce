"""Law-enforcement inspections (执法检查, seed 五; 监督法 第五章): the standing committee inspects
how one law or regulation is enforced in the district in a year. Inspection groups of
committee members and deputies (deputies sign up in the portal, or staff choose them by
specialty) visit units and places; what they find is an **issue list**, each issue owned by one
unit with a rectification deadline from the rules (a tracked item: the unit reports its
rectification, staff accept it or send it back with a reason and a new deadline). The
inspection report is deliberated at a standing-committee meeting with its deliberation
opinions; what the law itself should change is passed to the municipal congress as
**law-amendment suggestions** (修法建议) whose fate is recorded. Once deliberated, the
inspection with its issues and how each was rectified is public.

Imported by ``supervision.models`` (the app's models live in one namespace)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.casework.models import RectifiableItem, RectificationRound, TransitionEvent
from congress.models import Organization, TimeStampedModel


class Inspection(TimeStampedModel):
    """One inspection of one law or regulation in one year."""

    class State(models.TextChoices):
        PREPARING = "preparing", _("检查准备")  # groups formed, deputies sign up; issues may be listed
        INSPECTING = "inspecting", _("检查中")  # groups visit; issues are listed and assigned to units
        DELIBERATED = "deliberated", _("已审议")  # report and opinions sent; public; units rectify
        CLOSED = "closed", _("已办结")  # every issue rectified and accepted

    title = models.CharField(_("检查名称"), max_length=200)
    law = models.CharField(
        _("检查的法律法规"), max_length=200, help_text=_("例如：《中华人民共和国食品安全法》")
    )
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    committee = models.ForeignKey(
        Organization,
        verbose_name=_("责任工委"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Organization.Kind.WORKING_COMMITTEE},
        help_text=_("整改逾期时一并提醒"),
    )
    plan_item = models.ForeignKey(
        "supervision.PlanItem",
        verbose_name=_("计划项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspections",
    )
    description = models.TextField(_("检查方案"), blank=True, help_text=_("检查的重点、方法和日程安排"))
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.PREPARING, db_index=True
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("审议会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("听取和审议执法检查报告的常委会会议"),
    )
    report = models.TextField(_("执法检查报告"), blank=True)
    opinions = models.TextField(_("审议意见"), blank=True)
    deliberated_at = models.DateTimeField(_("审议时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
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
        ordering = ["-year", "-created_at", "-id"]
        verbose_name = _("执法检查")
        verbose_name_plural = _("执法检查")

    def __str__(self):
        return self.title

    @property
    def is_public(self) -> bool:
        return self.state in (self.State.DELIBERATED, self.State.CLOSED)


class InspectionGroup(TimeStampedModel):
    """An inspection group (检查组): committee members and deputies, with a leader, a focus and
    the places it visits. Deputies sign up while ``signup_open``."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("执法检查"), on_delete=models.CASCADE, related_name="groups"
    )
    name = models.CharField(_("检查组名称"), max_length=100)
    focus = models.TextField(_("检查重点"), blank=True)
    seats = models.PositiveSmallIntegerField(
        _("代表名额"), default=5, help_text=_("可报名参加的代表人数上限（0 为不限）")
    )
    signup_open = models.BooleanField(_("接受代表报名"), default=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("成员"),
        through="InspectionGroupMember",
        related_name="inspection_groups",
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "id"]
        verbose_name = _("执法检查组")
        verbose_name_plural = _("执法检查组")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "name"], name="inspection_group_name_once")
        ]

    def __str__(self):
        return f"{self.inspection} · {self.name}"


class InspectionGroupMember(models.Model):
    """One person in a group: a committee member or a deputy; how they came in."""

    class Role(models.TextChoices):
        LEADER = "leader", _("组长")
        MEMBER = "member", _("组员")

    class Source(models.TextChoices):
        SIGNED_UP = "signed_up", _("代表报名")
        CHOSEN = "chosen", _("按专业特长选定")
        APPOINTED = "appointed", _("工作人员安排")

    group = models.ForeignKey(
        InspectionGroup, verbose_name=_("检查组"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("成员"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("职务"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.APPOINTED)
    specialty = models.CharField(
        _("专业特长"), max_length=200, blank=True, help_text=_("选定或报名时代表登记的专业特长")
    )
    joined_at = models.DateTimeField(_("加入时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "role", "joined_at", "id"]
        verbose_name = _("检查组成员")
        verbose_name_plural = _("检查组成员")
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="inspection_group_member_once")]

    def __str__(self):
        return f"{self.group.name} · {self.user}"


class InspectionVisit(TimeStampedModel):
    """A visit of a group: when, where, what was seen (实地检查、座谈、暗访)."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("执法检查"), on_delete=models.CASCADE, related_name="visits"
    )
    group = models.ForeignKey(
        InspectionGroup,
        verbose_name=_("检查组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    date = models.DateField(_("检查日期"))
    place = models.CharField(_("检查地点"), max_length=200)
    notes = models.TextField(_("检查情况"), blank=True)
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
        ordering = ["inspection", "date", "id"]
        verbose_name = _("执法检查活动")
        verbose_name_plural = _("执法检查活动")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.place}"


class InspectionIssue(TimeStampedModel, RectifiableItem):
    """One issue found (问题清单), owned by one unit, to be rectified by ``deadline`` (rule
    ``supervision.inspection_rectification_deadline``, working days). Staff accept the unit's
    rectification report or send it back with a reason and a new deadline (a new round) — the
    kernel's rectifiable item."""

    class State(models.TextChoices):
        RECTIFYING = "rectifying", _("整改中")  # the unit owes a rectification report by ``deadline``
        REPORTED = "reported", _("已报送整改情况")  # staff evaluate: accept, or redo
        ACCEPTED = "accepted", _("整改到位")  # accepted by staff

    OWED_STATES = (State.RECTIFYING,)

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("执法检查"), on_delete=models.CASCADE, related_name="issues"
    )
    number = models.PositiveSmallIntegerField(_("序号"), default=1)
    unit = models.ForeignKey(
        Organization, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="inspection_issues"
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.RECTIFYING, db_index=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "number", "id"]
        verbose_name = _("执法检查问题")
        verbose_name_plural = _("执法检查问题清单")
        indexes = [models.Index(fields=["unit", "state"], name="inspection_issue_unit_state")]

    def __str__(self):
        return f"{self.number}. {self.summary}"


class IssueRectification(RectificationRound):
    """The unit's rectification report of one round, and staff's evaluation of it."""

    issue = models.ForeignKey(
        InspectionIssue, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="rectifications"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["issue", "round", "id"]
        verbose_name = _("问题整改报告")
        verbose_name_plural = _("问题整改报告")
        constraints = [
            models.UniqueConstraint(fields=["issue", "round"], name="issue_rectification_per_round")
        ]

    def __str__(self):
        return f"{self.issue} · {self.round}"


class AmendmentSuggestion(TimeStampedModel):
    """A law-amendment suggestion (修法建议) drawn from the inspection, passed to the municipal
    congress's standing committee; its answer is recorded."""

    class State(models.TextChoices):
        DRAFTED = "drafted", _("拟报送")  # written by staff, not yet passed on
        SENT = "sent", _("已报送市人大")  # waiting for the municipal congress's answer
        ADOPTED = "adopted", _("已采纳")
        PARTLY_ADOPTED = "partly_adopted", _("部分采纳")
        NOT_ADOPTED = "not_adopted", _("未采纳")

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("执法检查"), on_delete=models.CASCADE, related_name="amendments"
    )
    article = models.CharField(_("涉及条款"), max_length=200, blank=True, help_text=_("例如：第三十五条"))
    content = models.TextField(_("修法建议"))
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.DRAFTED, db_index=True
    )
    sent_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    feedback = models.TextField(_("市人大反馈"), blank=True)
    feedback_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "id"]
        verbose_name = _("修法建议")
        verbose_name_plural = _("修法建议")

    def __str__(self):
        return self.content[:40]


class InspectionEvent(TransitionEvent):
    """A step of an inspection or of one of its law-amendment suggestions."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("执法检查"), on_delete=models.CASCADE, related_name="events"
    )
    amendment = models.ForeignKey(
        AmendmentSuggestion,
        verbose_name=_("修法建议"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )

    @staticmethod
    def workflows():
        from supervision.workflow_inspections import AMENDMENT, INSPECTION

        return (INSPECTION, AMENDMENT)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("执法检查流程记录")
        verbose_name_plural = _("执法检查流程记录")


class InspectionIssueEvent(TransitionEvent):
    """A step of an issue: listed, rectification reported, accepted, sent back."""

    issue = models.ForeignKey(
        InspectionIssue, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="events"
    )

    @staticmethod
    def workflows():
        from supervision.workflow_inspections import ISSUE

        return (ISSUE,)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("执法检查问题流程记录")
        verbose_name_plural = _("执法检查问题流程记录")
