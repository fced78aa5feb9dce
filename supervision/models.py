"""Supervision by the standing committee (seed 四、九、十): the yearly supervision plan, special
work reports with their deliberation opinions, rectification reports and satisfaction votes,
and interpellations.

Each kind is a tracked item on the case-work kernel: its life is declared in ``workflow.py``,
its states change only through ``supervision.services`` calling the kernel's ``transition()``,
and each step leaves a row in its event table (the kernel's ``TransitionEvent``). Deadlines
come from the rules in ``supervision/rules.py`` through ``congress.workdays.deadline_after``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.casework.models import TransitionEvent
from congress.files import PrivateFileField, RandomName
from congress.models import Organization, TimeStampedModel

# --- the yearly plan ---------------------------------------------------------------------------


class SupervisionPlan(TimeStampedModel):
    """The standing committee's supervision plan of one year (年度监督工作计划)."""

    class State(models.TextChoices):
        DRAFTED = "drafted", _("起草中")  # staff draft the items; nobody else sees it
        OPEN_FOR_COMMENT = "open_for_comment", _("征求意见中")  # deputies and members comment in the portal
        ADOPTED = (
            "adopted",
            _("已通过"),
        )  # adopted by the chairpersons' meeting; items change only with a reason
        PUBLISHED = "published", _("已公布")  # on the public website

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    title = models.CharField(_("标题"), max_length=200)
    summary = models.TextField(
        _("说明"), blank=True, help_text=_("计划的指导思想、总体安排等，公布时一并公开")
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.DRAFTED, db_index=True
    )
    comment_until = models.DateField(_("征求意见截止日期"), null=True, blank=True)
    adopted_at = models.DateTimeField(_("通过时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
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
        ordering = ["-year"]
        verbose_name = _("年度监督工作计划")
        verbose_name_plural = _("年度监督工作计划")

    def __str__(self):
        return self.title

    @property
    def is_adopted(self) -> bool:
        """Items added or dropped from now on need a reason (kept and shown)."""
        return self.state in (self.State.ADOPTED, self.State.PUBLISHED)


class PlanItem(TimeStampedModel):
    """One item of a plan: what is supervised, by which working committee, over which units,
    at which standing-committee meeting. Never deleted once the plan is adopted: dropping it
    keeps the row with the reason."""

    class Kind(models.TextChoices):
        WORK_REPORT = "work_report", _("听取审议专项工作报告")
        INQUIRY = "inquiry", _("专题询问")
        INSPECTION = "inspection", _("执法检查")
        HEARING = "hearing", _("听证")
        INVESTIGATION = "investigation", _("专题调研")
        EVALUATION = "evaluation", _("监督后评估")
        BUDGET = "budget", _("计划预算审查监督")
        FILING = "filing", _("规范性文件备案审查")
        OTHER = "other", _("其他")

    plan = models.ForeignKey(
        SupervisionPlan, verbose_name=_("年度计划"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    kind = models.CharField(_("监督方式"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("监督事项"), max_length=200)
    description = models.TextField(_("内容"), blank=True)
    committee = models.ForeignKey(
        Organization,
        verbose_name=_("责任工委"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Organization.Kind.WORKING_COMMITTEE},
    )
    units = models.ManyToManyField(
        Organization, verbose_name=_("监督对象"), blank=True, related_name="supervision_plan_items"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("安排的常委会会议"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    planned_month = models.PositiveSmallIntegerField(_("计划月份"), null=True, blank=True)
    added_reason = models.TextField(
        _("追加理由"), blank=True, help_text=_("计划通过后追加的事项须说明理由，并在公布的计划中显示")
    )
    is_dropped = models.BooleanField(_("已撤销"), default=False)
    dropped_reason = models.TextField(_("撤销理由"), blank=True)
    dropped_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[units])

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("监督计划项目")
        verbose_name_plural = _("监督计划项目")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_dropped=False) | ~Q(dropped_reason=""), name="plan_item_dropped_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(planned_month__isnull=True) | Q(planned_month__gte=1, planned_month__lte=12),
                name="plan_item_month_in_year",
            ),
        ]

    def __str__(self):
        return self.title


class PlanComment(models.Model):
    """A deputy's or a member's comment on a plan open for comment (on the whole plan or one
    item). Written once, never edited."""

    plan = models.ForeignKey(
        SupervisionPlan, verbose_name=_("年度计划"), on_delete=models.CASCADE, related_name="comments"
    )
    item = models.ForeignKey(
        PlanItem,
        verbose_name=_("针对事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField(_("意见建议"))
    created_at = models.DateTimeField(_("提出时间"), default=timezone.now)

    class Meta:
        ordering = ["plan", "created_at", "id"]
        verbose_name = _("计划意见")
        verbose_name_plural = _("计划意见")

    def __str__(self):
        return self.content[:30]


class PlanEvent(TransitionEvent):
    """A step of a plan: drafted, opened for comment, commented, adopted, published, an item
    added or dropped (with the reason)."""

    plan = models.ForeignKey(
        SupervisionPlan, verbose_name=_("年度计划"), on_delete=models.CASCADE, related_name="events"
    )

    @staticmethod
    def workflows():
        from supervision.workflow import PLAN

        return (PLAN,)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("监督计划流程记录")
        verbose_name_plural = _("监督计划流程记录")


# --- special work reports ------------------------------------------------------------------------


class WorkReport(TimeStampedModel):
    """A special work report (专项工作报告) the committee asks of the government, the court, the
    procuratorate or a department, followed to the end: the report, its deliberation at a
    meeting, the deliberation opinions (审议意见), the unit's rectification report by the rule's
    deadline, the members' satisfaction vote, a second rectification when the vote says so,
    and follow-up (跟踪问效). Public on the website when closed, except the parts staff
    withhold with a reason."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("待报送")  # the unit owes the report by ``due_date``
        SUBMITTED = "submitted", _("已报送")  # the report is in; waits for deliberation
        DELIBERATED = "deliberated", _("已审议")  # deliberated at a standing-committee meeting
        OPINIONS_SENT = (
            "opinions_sent",
            _("审议意见已交办"),
        )  # the unit owes a rectification report by ``rectification_due``
        RECTIFICATION_REPORTED = (
            "rectification_reported",
            _("整改情况已报告"),
        )  # waits for the satisfaction vote
        RECTIFYING = (
            "rectifying",
            _("再次整改中"),
        )  # voted unsatisfied: a new rectification report by ``rectification_due``
        CLOSED = "closed", _("已办结")  # voted satisfied (enough); public unless withheld

    title = models.CharField(_("报告名称"), max_length=200)
    unit = models.ForeignKey(
        Organization, verbose_name=_("报告单位"), on_delete=models.PROTECT, related_name="work_reports"
    )
    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("计划项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="work_reports",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("审议会议"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("状态"), max_length=30, choices=State.choices, default=State.REQUESTED, db_index=True
    )
    due_date = models.DateField(_("报告报送期限"))
    request_note = models.TextField(_("报告要求"), blank=True)
    content = models.TextField(_("报告内容"), blank=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    deliberated_at = models.DateTimeField(_("审议时间"), null=True, blank=True)
    opinions = models.TextField(_("审议意见"), blank=True)
    opinions_sent_at = models.DateTimeField(_("审议意见交办时间"), null=True, blank=True)
    rectification_due = models.DateField(_("整改报告期限"), null=True, blank=True, db_index=True)
    round = models.PositiveSmallIntegerField(
        _("整改轮次"), default=1, help_text=_("满意度测评不满意后再次整改，轮次加一")
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    # Public disclosure: the whole record is public when closed, unless staff withhold a part.
    withhold_report = models.BooleanField(_("报告不公开"), default=False)
    withhold_opinions = models.BooleanField(_("审议意见不公开"), default=False)
    withhold_rectification = models.BooleanField(_("整改报告不公开"), default=False)
    withhold_vote = models.BooleanField(_("测评结果不公开"), default=False)
    withheld_reason = models.CharField(_("不公开理由"), max_length=300, blank=True)
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
        verbose_name = _("专项工作报告")
        verbose_name_plural = _("专项工作报告")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    withhold_report=False,
                    withhold_opinions=False,
                    withhold_rectification=False,
                    withhold_vote=False,
                )
                | ~Q(withheld_reason=""),
                name="work_report_withheld_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "state"], name="work_report_unit_state"),
            models.Index(fields=["state", "closed_at"], name="work_report_public"),
        ]

    def __str__(self):
        return self.title

    @property
    def deadline(self):
        """What the unit owes now, by when: the report, or the rectification report."""
        if self.state == self.State.REQUESTED:
            return self.due_date
        if self.state in (self.State.OPINIONS_SENT, self.State.RECTIFYING):
            return self.rectification_due
        return None

    @property
    def withheld_parts(self) -> list[str]:
        return [
            label
            for flag, label in (
                (self.withhold_report, _("报告")),
                (self.withhold_opinions, _("审议意见")),
                (self.withhold_rectification, _("整改报告")),
                (self.withhold_vote, _("测评结果")),
            )
            if flag
        ]


class RectificationReport(models.Model):
    """The unit's report on how it studied and handled the opinions (研究处理情况报告), one per
    round: the first after the opinions, another after each unsatisfied vote."""

    report = models.ForeignKey(
        WorkReport, verbose_name=_("专项工作报告"), on_delete=models.CASCADE, related_name="rectifications"
    )
    round = models.PositiveSmallIntegerField(_("轮次"))
    content = models.TextField(_("整改情况"))
    due_date = models.DateField(_("期限"))
    submitted_at = models.DateTimeField(_("报送时间"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "round"]
        verbose_name = _("整改情况报告")
        verbose_name_plural = _("整改情况报告")
        constraints = [
            models.UniqueConstraint(fields=["report", "round"], name="rectification_once_per_round")
        ]

    def __str__(self):
        return f"{self.report} · {self.round}"


class WorkReportAttachment(models.Model):
    """A file the unit attaches to its report (``rectification`` empty) or to one round's
    rectification report: stored privately (``congress.files``), downloaded through the
    report's walls — public with the part it belongs to once the record is public."""

    report = models.ForeignKey(
        WorkReport, verbose_name=_("专项工作报告"), on_delete=models.CASCADE, related_name="attachments"
    )
    rectification = models.ForeignKey(
        RectificationReport,
        verbose_name=_("整改情况报告"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = PrivateFileField(_("文件"), upload_to=RandomName("supervision"))
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("报告附件")
        verbose_name_plural = _("报告附件")

    def __str__(self):
        return self.name

    @property
    def on_time(self) -> bool:
        return timezone.localdate(self.submitted_at) <= self.due_date


class SatisfactionVote(models.Model):
    """The members' satisfaction vote (满意度测评) on a rectification report: the counts, and
    whether the unsatisfied were more than the rule's share (then a new rectification)."""

    class Result(models.TextChoices):
        PASSED = "passed", _("通过")  # not more than the threshold unsatisfied: closed
        FAILED = "failed", _("不满意，再次整改")  # more than the threshold unsatisfied

    report = models.ForeignKey(
        WorkReport, verbose_name=_("专项工作报告"), on_delete=models.CASCADE, related_name="votes"
    )
    round = models.PositiveSmallIntegerField(_("轮次"))
    satisfied = models.PositiveIntegerField(_("满意"))
    basically_satisfied = models.PositiveIntegerField(_("基本满意"))
    unsatisfied = models.PositiveIntegerField(_("不满意"))
    result = models.CharField(_("测评结果"), max_length=10, choices=Result.choices)
    threshold = models.CharField(_("不满意比例界限"), max_length=20, help_text=_("测评时的规则值"))
    voted_at = models.DateTimeField(_("测评时间"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "round"]
        verbose_name = _("满意度测评")
        verbose_name_plural = _("满意度测评")
        constraints = [models.UniqueConstraint(fields=["report", "round"], name="vote_once_per_round")]

    def __str__(self):
        return f"{self.report} · {self.round}"

    @property
    def total(self) -> int:
        return self.satisfied + self.basically_satisfied + self.unsatisfied


class FollowUp(models.Model):
    """A follow-up entry (跟踪问效): what staff found checking on the rectification."""

    report = models.ForeignKey(
        WorkReport, verbose_name=_("专项工作报告"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    content = models.TextField(_("跟踪问效情况"))
    created_at = models.DateTimeField(_("记录时间"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "created_at", "id"]
        verbose_name = _("跟踪问效")
        verbose_name_plural = _("跟踪问效")

    def __str__(self):
        return self.content[:30]


class WorkReportEvent(TransitionEvent):
    """A step of a work report: requested, submitted, deliberated, opinions sent, rectification
    reported, voted, followed up, withheld."""

    report = models.ForeignKey(
        WorkReport, verbose_name=_("专项工作报告"), on_delete=models.CASCADE, related_name="events"
    )
    # Wider than the kernel's 20 characters: ``rectification_reported`` is a published state.
    from_state = models.CharField(_("原状态"), max_length=30, blank=True)
    to_state = models.CharField(_("新状态"), max_length=30, blank=True)

    @staticmethod
    def workflows():
        from supervision.workflow import WORK_REPORT

        return (WORK_REPORT,)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("专项工作报告流程记录")
        verbose_name_plural = _("专项工作报告流程记录")


# --- interpellation ----------------------------------------------------------------------------


class Interpellation(TimeStampedModel):
    """An interpellation (质询案) filed in writing by committee members during a standing-committee
    meeting (or by deputies at a congress session), jointly signed by at least the rule's number;
    decided by the chairpersons' meeting; answered orally at a meeting or in writing by the
    unit's head; the signers may declare the answer unsatisfactory and ask for a new one."""

    class Occasion(models.TextChoices):
        STANDING = "standing", _("常委会会议期间（常委会组成人员联名）")
        CONGRESS = "congress", _("人民代表大会会议期间（代表联名）")

    class State(models.TextChoices):
        FILED = "filed", _("已提出")  # waits for the chairpersons' meeting
        ACCEPTED = "accepted", _("已交受质询机关")  # the unit owes an answer by ``answer_due``
        REJECTED = "rejected", _("不予交付")  # the chairpersons' meeting did not pass it on (reason kept)
        ANSWERED = "answered", _("已答复")  # answered orally or in writing
        REANSWER_REQUESTED = (
            "reanswer_requested",
            _("要求再次答复"),
        )  # signers unsatisfied: a new answer is owed
        CLOSED = "closed", _("已办结")

    class AnswerMode(models.TextChoices):
        ORAL = "oral", _("口头答复")
        WRITTEN = "written", _("书面答复")

    title = models.CharField(_("案由"), max_length=200)
    unit = models.ForeignKey(
        Organization, verbose_name=_("受质询机关"), on_delete=models.PROTECT, related_name="interpellations"
    )
    content = models.TextField(_("质询的问题和内容"))
    occasion = models.CharField(
        _("提出场合"), max_length=20, choices=Occasion.choices, default=Occasion.STANDING
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("提出时的会议"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("联名人"), related_name="interpellations_signed", blank=True
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.FILED, db_index=True
    )
    answer_mode = models.CharField(_("答复方式"), max_length=10, choices=AnswerMode.choices, blank=True)
    answer_due = models.DateField(_("答复期限"), null=True, blank=True)
    decision_note = models.TextField(_("主任会议决定"), blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(m2m_fields=[signers])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("质询案")
        verbose_name_plural = _("质询案")
        indexes = [models.Index(fields=["unit", "state"], name="interpellation_unit_state")]

    def __str__(self):
        return self.title

    @property
    def deadline(self):
        if self.state in (self.State.ACCEPTED, self.State.REANSWER_REQUESTED):
            return self.answer_due
        return None


class InterpellationAnswer(models.Model):
    """One answer to an interpellation: oral at a meeting (recorded by staff) or written by the
    unit's head; a new one after the signers asked again."""

    interpellation = models.ForeignKey(
        Interpellation, verbose_name=_("质询案"), on_delete=models.CASCADE, related_name="answers"
    )
    round = models.PositiveSmallIntegerField(_("轮次"))
    mode = models.CharField(_("答复方式"), max_length=10, choices=Interpellation.AnswerMode.choices)
    answerer = models.CharField(_("答复人"), max_length=100, help_text=_("受质询机关的负责人"))
    content = models.TextField(_("答复内容"))
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("答复会议"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("答复时间"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["interpellation", "round"]
        verbose_name = _("质询答复")
        verbose_name_plural = _("质询答复")
        constraints = [
            models.UniqueConstraint(fields=["interpellation", "round"], name="answer_once_per_round")
        ]

    def __str__(self):
        return f"{self.interpellation} · {self.round}"


class InterpellationEvent(TransitionEvent):
    """A step of an interpellation: filed, accepted or rejected, answered, declared
    unsatisfactory by a signer, closed."""

    interpellation = models.ForeignKey(
        Interpellation, verbose_name=_("质询案"), on_delete=models.CASCADE, related_name="events"
    )

    @staticmethod
    def workflows():
        from supervision.workflow import INTERPELLATION

        return (INTERPELLATION,)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("质询案流程记录")
        verbose_name_plural = _("质询案流程记录")


# The later kinds live in their own modules; imported here so Django finds their models.
# Post-supervision evaluation (监督后评估, seed 四); inquiries (专题询问/常态化询问); court and
# procuratorate (seed 十).
from supervision.models_evaluation import (  # noqa: E402,F401
    Evaluation,
    EvaluationAnswer,
    EvaluationEvent,
    EvaluationQuestion,
    EvaluationResponse,
)
from supervision.models_hearings import (  # noqa: E402,F401
    HearingSignup,
    HearingSpeech,
    PublicHearing,
    PublicHearingEvent,
)
from supervision.models_inquiries import (  # noqa: E402,F401
    CommitmentEvent,
    Inquiry,
    InquiryCommitment,
    InquiryEvent,
    InquiryQuestion,
)
from supervision.models_inspections import (  # noqa: E402,F401
    AmendmentSuggestion,
    Inspection,
    InspectionEvent,
    InspectionGroup,
    InspectionGroupMember,
    InspectionIssue,
    InspectionIssueEvent,
    InspectionVisit,
    IssueRectification,
)
from supervision.models_investigation import Investigation, InvestigationEvent  # noqa: E402,F401
from supervision.models_judicial import (  # noqa: E402,F401
    HearingAttendance,
    HearingAttendanceEvent,
    SpecialSupervisor,
    SpecialSupervisorEvent,
)
from supervision.models_major_matters import (  # noqa: E402,F401
    MajorMatter,
    MajorMatterEvent,
    MajorMatterList,
    MajorMatterListEvent,
    MajorMatterListItem,
)

# isort: split
# Filing review of normative documents (备案审查, seed 五); the expert pool (专家咨询库, 七).
from supervision.models_experts import Consultation, Expert  # noqa: E402,F401
from supervision.models_filings import (  # noqa: E402,F401
    FilingEvent,
    FilingOpinion,
    FilingSuggestion,
    NormativeDocument,
)
