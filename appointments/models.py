"""Appointments (任免, seed 四) and the committee's composition (十六).

A nomination moves through the pipeline in ``workflow.py``: nominated → law exam
(passed/failed) → commitment made public for a set number of days → committee vote
(approved/rejected) → constitutional oath. Each step is its own record (LawExam,
CommitmentPublicity, Vote, Oath) written only by ``services.py``; every status change goes
through the case-work kernel's ``transition()`` and leaves a ``NominationEvent`` row. The
public sees each step as a notice on the website.

Composition: ``CommitteeMember`` rows of a term and ``Vacancy`` rows are what the live check
``selectors.composition_check`` measures against the rules (``composition.*``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.casework.models import TransitionEvent
from congress.models import Organization, Term, TimeStampedModel


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class Nomination(TimeStampedModel):
    """A candidate nominated for election, appointment or removal by the congress or its
    standing committee, e.g. 区人民政府提请任命某某为区教育局局长."""

    class Kind(models.TextChoices):
        ELECTION = "election", _("选举")
        APPOINTMENT = "appointment", _("任命")
        REMOVAL = "removal", _("免职")

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("已提名")  # registered, waiting for the law exam
        EXAM_PASSED = "exam_passed", _("考试合格")  # passed the law exam, publicity may start
        EXAM_FAILED = "exam_failed", _("考试未合格")  # may retake the exam
        PUBLICITY = "publicity", _("任前公示")  # commitment public on the website
        APPROVED = "approved", _("表决通过")  # the vote passed; oath follows
        REJECTED = "rejected", _("表决未通过")  # final
        SWORN = "sworn", _("已宣誓就职")  # final: oath taken
        WITHDRAWN = "withdrawn", _("已撤回")  # final: nomination withdrawn by the nominating body

    term = models.ForeignKey(
        Term, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="nominations"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.APPOINTMENT)
    person_name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    current_post = models.CharField(_("现任职务"), max_length=200, blank=True)
    proposed_post = models.CharField(
        _("拟任（免）职务"), max_length=200, help_text=_("例如：区教育局局长；免职时填写拟免去的职务")
    )
    nominating_body = models.ForeignKey(
        Organization,
        verbose_name=_("提请机关"),
        on_delete=models.PROTECT,
        related_name="nominations",
        help_text=_("例如：区人民政府、主任会议"),
    )
    nominated_on = models.DateField(_("提请日期"))
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.NOMINATED, db_index=True
    )
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-nominated_on", "-id"]
        verbose_name = _("任免提名")
        verbose_name_plural = _("任免提名")

    def __str__(self):
        return f"{self.person_name} · {self.get_kind_display()} · {self.proposed_post}"

    @property
    def needs_exam_and_oath(self) -> bool:
        """Removals skip the law exam, the publicity and the oath."""
        return self.kind != self.Kind.REMOVAL


class NominationEvent(TransitionEvent):
    """A step of a nomination (the kernel's event row): who took which action, from which state
    to which, and why. Written only by ``casework.services.transition`` and, for the
    registration, ``record_event``."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("提名"), on_delete=models.CASCADE, related_name="events"
    )

    @staticmethod
    def workflows():
        from appointments.workflow import EXAM_PIPELINE, REMOVAL_PIPELINE

        return (EXAM_PIPELINE, REMOVAL_PIPELINE)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("任免流程记录")
        verbose_name_plural = _("任免流程记录")


class LawExam(TimeStampedModel):
    """法律知识考试: one sitting. ``pass_mark`` is copied from the rule at the time, so a
    later change of the rule does not rewrite an old result."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("提名"), on_delete=models.PROTECT, related_name="exams"
    )
    exam_date = models.DateField(_("考试日期"))
    score = models.DecimalField(_("成绩"), max_digits=5, decimal_places=1)
    pass_mark = models.PositiveSmallIntegerField(_("合格分数线"))
    passed = models.BooleanField(_("是否合格"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["exam_date", "id"]
        verbose_name = _("法律知识考试")
        verbose_name_plural = _("法律知识考试")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=100), name="law_exam_score_0_100"
            ),
        ]

    def __str__(self):
        return f"{self.nomination.person_name} {self.exam_date:%Y-%m-%d} {self.score}"


class CommitmentPublicity(TimeStampedModel):
    """任前承诺公示: the candidate's commitment, public on the website from ``start_date``
    to ``end_date`` (``start_date`` plus the rule ``appointments.publicity_days``)."""

    nomination = models.OneToOneField(
        Nomination, verbose_name=_("提名"), on_delete=models.PROTECT, related_name="publicity"
    )
    text = models.TextField(_("任前承诺"))
    start_date = models.DateField(_("公示开始日期"))
    end_date = models.DateField(_("公示截止日期"))
    days = models.PositiveSmallIntegerField(_("公示天数"), help_text=_("开始公示时的规则取值"))
    published_at = models.DateTimeField(_("发布时间"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("任前承诺公示")
        verbose_name_plural = _("任前承诺公示")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="publicity_dates_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.nomination.person_name} {self.start_date:%Y-%m-%d}—{self.end_date:%Y-%m-%d}"


class Vote(TimeStampedModel):
    """表决: the vote of the committee (or the congress) on a nomination. Passes with more
    than half of ``members_total`` (全体组成人员过半数)."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("通过")
        REJECTED = "rejected", _("未通过")

    nomination = models.OneToOneField(
        Nomination, verbose_name=_("提名"), on_delete=models.PROTECT, related_name="vote"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointment_votes",
    )
    vote_date = models.DateField(_("表决日期"))
    members_total = models.PositiveSmallIntegerField(_("组成人员总数"), help_text=_("过半数的计算基数"))
    votes_for = models.PositiveSmallIntegerField(_("赞成"))
    votes_against = models.PositiveSmallIntegerField(_("反对"))
    votes_abstain = models.PositiveSmallIntegerField(_("弃权"))
    outcome = models.CharField(_("表决结果"), max_length=20, choices=Outcome.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("表决结果")
        verbose_name_plural = _("表决结果")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    members_total__gte=models.F("votes_for")
                    + models.F("votes_against")
                    + models.F("votes_abstain")
                ),
                name="vote_counts_within_total",
            ),
        ]

    def __str__(self):
        return f"{self.nomination.person_name} {self.get_outcome_display()}"


class Oath(TimeStampedModel):
    """宪法宣誓: the ceremony at which an elected or appointed official takes the oath."""

    nomination = models.OneToOneField(
        Nomination, verbose_name=_("提名"), on_delete=models.PROTECT, related_name="oath"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("会议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointment_oaths",
    )
    oath_date = models.DateField(_("宣誓日期"))
    text_version = models.CharField(
        _("誓词版本"), max_length=100, help_text=_("例如：宪法宣誓誓词（2018年修订）")
    )
    administered_by = models.CharField(_("监誓人"), max_length=50)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("宪法宣誓")
        verbose_name_plural = _("宪法宣誓")

    def __str__(self):
        return f"{self.nomination.person_name} {self.oath_date:%Y-%m-%d}"


class CommitteeMember(TimeStampedModel):
    """常委会组成人员: a member of the standing committee in one term."""

    class Position(models.TextChoices):
        CHAIR = "chair", _("主任")
        VICE_CHAIR = "vice_chair", _("副主任")
        MEMBER = "member", _("委员")

    term = models.ForeignKey(
        Term, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="committee_members"
    )
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices, blank=True)
    position = models.CharField(_("职务"), max_length=20, choices=Position.choices, default=Position.MEMBER)
    is_resident = models.BooleanField(_("驻会"), default=False, help_text=_("专职在常委会工作"))
    is_reappointed = models.BooleanField(_("连任"), default=False, help_text=_("上届已是组成人员"))
    expertise = models.JSONField(
        _("专业背景"),
        default=list,
        blank=True,
        help_text=_("规则“须具备的专业背景”中的代码，例如 law、finance、governance"),
    )
    start_date = models.DateField(_("任职日期"))
    end_date = models.DateField(_("离任日期"), null=True, blank=True)
    is_active = models.BooleanField(_("在任"), default=True, db_index=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["term", "sort_order", "id"]
        verbose_name = _("常委会组成人员")
        verbose_name_plural = _("常委会组成人员")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="committee_member_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_position_display()}）"

    @classmethod
    def history_value_labels(cls, field_name: str) -> dict | None:
        """Words for the expertise codes (the rule ``composition.expertise_required``), for the
        admin's history pages."""
        if field_name != "expertise":
            return None
        from congress.rules import rule_get

        return rule_get("composition.expertise_required")


class Vacancy(TimeStampedModel):
    """组成人员空缺: a seat left by retirement or a change of post, waiting for the district
    Party committee's departments to recommend a person (seed 十六), then for a nomination."""

    term = models.ForeignKey(Term, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="vacancies")
    position = models.CharField(_("职务"), max_length=20, choices=CommitteeMember.Position.choices)
    since = models.DateField(_("空缺日期"))
    reason = models.CharField(_("空缺原因"), max_length=200, blank=True)
    left_member = models.ForeignKey(
        CommitteeMember,
        verbose_name=_("原任人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vacancies_left",
    )
    nomination = models.ForeignKey(
        Nomination,
        verbose_name=_("补选提名"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vacancies",
    )
    filled_on = models.DateField(_("补缺日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["term", "since", "id"]
        verbose_name = _("组成人员空缺")
        verbose_name_plural = _("组成人员空缺")

    def __str__(self):
        return f"{self.get_position_display()} {self.since:%Y-%m-%d}"
