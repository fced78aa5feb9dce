"""Public hearings (听证, seed 四): a budget hearing (预算听证), a special-topic hearing
(专项议题听证) or a normative-document drafting hearing (规范性文件制定听证) — or the compound
hearing that serves a supervision topic and a draft at once. Staff announce it publicly (topic,
time, place, seats, sign-up window, selection rule); citizens sign up on the website without an
account and get a receipt number; staff select participants balanced by stance, recording why,
and everyone is told the result on their receipt page; the hearing record (who spoke, for what),
the report and how the opinions were taken up are published.

Not ``HearingAttendance`` (``models_judicial``): that is deputies attending court hearings
(旁听庭审). Imported by ``supervision.models``; written only by ``supervision.services.hearings``."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.casework.models import TransitionEvent
from congress.models import Organization, TimeStampedModel
from congress.privacy import mask_name


class PublicHearing(TimeStampedModel):
    """One hearing, from its draft notice to its published report."""

    class Kind(models.TextChoices):
        BUDGET = "budget", _("预算听证")
        TOPIC = "topic", _("专项议题听证")
        NORMATIVE = "normative", _("规范性文件制定听证")

    class State(models.TextChoices):
        DRAFTED = "drafted", _("准备中")  # staff write the notice; nobody else sees it
        PUBLISHED = "published", _("已公告")  # the notice is public; citizens sign up in the window
        SELECTED = "selected", _("已确定参加人")  # participants chosen; everyone told on the receipt page
        HELD = "held", _("已举行")  # the hearing took place; staff write up who spoke, for what
        CONCLUDED = "concluded", _("已公布报告")  # report and how opinions were taken up are public
        CANCELLED = "cancelled", _("已取消")  # called off with a reason, shown on the notice

    kind = models.CharField(_("听证类别"), max_length=20, choices=Kind.choices)
    compound = models.BooleanField(
        _("监督与制定联动听证"),
        default=False,
        help_text=_("同一场听证既服务监督议题，又听取规范性文件草案的意见"),
    )
    title = models.CharField(_("听证事项"), max_length=200)
    description = models.TextField(_("听证内容说明"), blank=True)
    draft_title = models.CharField(
        _("规范性文件草案"),
        max_length=200,
        blank=True,
        help_text=_("规范性文件制定听证和联动听证须填写草案名称"),
    )
    plan_item = models.ForeignKey(
        "supervision.PlanItem",
        verbose_name=_("监督计划项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="public_hearings",
    )
    organizer = models.ForeignKey(
        Organization,
        verbose_name=_("承办工委"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={
            "kind__in": [Organization.Kind.WORKING_COMMITTEE, Organization.Kind.COMMITTEE_OFFICE]
        },
    )
    starts_at = models.DateTimeField(_("听证时间"))
    ends_at = models.DateTimeField(_("预计结束时间"), null=True, blank=True)
    location = models.CharField(_("听证地点"), max_length=200)
    seats = models.PositiveSmallIntegerField(_("陈述人名额"), help_text=_("遴选的公民陈述人人数上限"))
    signup_opens = models.DateTimeField(_("报名开始时间"))
    signup_closes = models.DateTimeField(_("报名截止时间"))
    selection_rule = models.TextField(
        _("遴选规则"), help_text=_("在公告中公开，例如按持不同观点的人数均衡遴选")
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.DRAFTED, db_index=True
    )
    published_at = models.DateTimeField(_("公告时间"), null=True, blank=True)
    selection_reason = models.TextField(_("遴选说明"), blank=True)
    selected_at = models.DateTimeField(_("遴选时间"), null=True, blank=True)
    held_at = models.DateTimeField(_("实际举行时间"), null=True, blank=True)
    report = models.TextField(_("听证报告"), blank=True)
    adoption = models.TextField(
        _("意见采纳情况"), blank=True, help_text=_("听证意见如何被采纳，未采纳的说明理由")
    )
    concluded_at = models.DateTimeField(_("报告公布时间"), null=True, blank=True)
    cancel_reason = models.TextField(_("取消原因"), blank=True)
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
        ordering = ["-starts_at", "-id"]
        verbose_name = _("听证会")
        verbose_name_plural = _("听证会")
        constraints = [
            models.CheckConstraint(
                condition=Q(signup_closes__gt=F("signup_opens")), name="public_hearing_signup_window"
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="public_hearing_seats"),
        ]
        indexes = [models.Index(fields=["state", "starts_at"], name="public_hearing_state_start")]

    def __str__(self):
        return self.title

    @property
    def kind_label(self) -> str:
        """The kind as the notice names it (a compound hearing says so)."""
        label = str(self.get_kind_display())
        return f"{label}（{_('监督与制定联动')}）" if self.compound else label

    def signup_open_at(self, now) -> bool:
        return self.state == self.State.PUBLISHED and self.signup_opens <= now < self.signup_closes


class HearingSignup(models.Model):
    """A citizen's sign-up (no account): who, how to reach them, their stance and a short
    statement. Their mobile is for staff only; their name is public only with consent."""

    class Stance(models.TextChoices):
        SUPPORT = "support", _("支持")
        OPPOSE = "oppose", _("反对")
        OTHER = "other", _("其他意见")

    class State(models.TextChoices):
        PENDING = "pending", _("待遴选")  # signed up; staff select after the window closes
        SELECTED = "selected", _("已选为陈述人")  # will speak at the hearing
        NOT_SELECTED = "not_selected", _("未被选中")  # told why on the receipt page

    hearing = models.ForeignKey(
        PublicHearing, verbose_name=_("听证会"), on_delete=models.CASCADE, related_name="signups"
    )
    receipt = models.CharField(_("回执编号"), max_length=20, unique=True)
    name = models.CharField(_("姓名"), max_length=50)
    mobile = models.CharField(_("手机号码"), max_length=11)
    street = models.ForeignKey(
        Organization,
        verbose_name=_("所在街道（镇）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind__in": [Organization.Kind.STREET, Organization.Kind.TOWN]},
    )
    stance = models.CharField(_("观点"), max_length=10, choices=Stance.choices)
    statement = models.TextField(_("陈述要点"), max_length=1000)
    show_name = models.BooleanField(_("同意公开姓名"), default=False)
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.PENDING, db_index=True
    )
    notice = models.TextField(_("告知内容"), blank=True, help_text=_("遴选结果的告知，报名人在回执页面查看"))
    notified_at = models.DateTimeField(_("告知时间"), null=True, blank=True)
    address_digest = models.CharField(_("地址摘要"), max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("报名时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["address_digest"])

    class Meta:
        ordering = ["hearing", "created_at", "id"]
        verbose_name = _("听证报名")
        verbose_name_plural = _("听证报名")
        constraints = [
            models.UniqueConstraint(fields=["hearing", "mobile"], name="hearing_signup_once_per_mobile")
        ]
        indexes = [models.Index(fields=["hearing", "state"], name="hearing_signup_state")]

    def __str__(self):
        return f"{self.receipt} · {self.public_name}"

    @property
    def public_name(self) -> str:
        """The name as public pages show it: whole only with the citizen's consent."""
        return self.name if self.show_name else mask_name(self.name)


class HearingSpeech(models.Model):
    """One entry of the hearing record: who spoke (a selected citizen, a unit, an expert, a
    deputy), for what, and how the opinion was taken up."""

    class Role(models.TextChoices):
        CITIZEN = "citizen", _("公民陈述人")
        UNIT = "unit", _("有关单位")
        EXPERT = "expert", _("专家")
        DEPUTY = "deputy", _("人大代表")
        OTHER = "other", _("其他")

    class Uptake(models.TextChoices):
        ADOPTED = "adopted", _("采纳")
        PARTLY = "partly", _("部分采纳")
        NOT_ADOPTED = "not_adopted", _("未采纳")
        REFERENCE = "reference", _("留作参考")

    hearing = models.ForeignKey(
        PublicHearing, verbose_name=_("听证会"), on_delete=models.CASCADE, related_name="speeches"
    )
    order = models.PositiveSmallIntegerField(_("发言顺序"), default=1)
    signup = models.ForeignKey(
        HearingSignup,
        verbose_name=_("陈述人报名"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speeches",
    )
    role = models.CharField(_("发言人身份"), max_length=10, choices=Role.choices)
    speaker = models.CharField(
        _("发言人"), max_length=100, help_text=_("单位、专家、代表的名称；公民陈述人按其公开意愿显示")
    )
    stance = models.CharField(_("观点"), max_length=10, choices=HearingSignup.Stance.choices, blank=True)
    summary = models.TextField(_("发言要点"))
    uptake = models.CharField(_("采纳情况"), max_length=20, choices=Uptake.choices, blank=True)
    uptake_note = models.TextField(_("采纳说明"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["hearing", "order", "id"]
        verbose_name = _("听证发言")
        verbose_name_plural = _("听证发言")

    def __str__(self):
        return f"{self.order}. {self.speaker}"

    @property
    def public_speaker(self) -> str:
        if self.signup_id is not None and self.role == self.Role.CITIZEN:
            return self.signup.public_name
        return self.speaker


class PublicHearingEvent(TransitionEvent):
    """A step of a hearing or of a sign-up: created, published, selected, held, a speech
    recorded, concluded, cancelled; a citizen signed up, selected or not."""

    hearing = models.ForeignKey(
        PublicHearing, verbose_name=_("听证会"), on_delete=models.CASCADE, related_name="events"
    )
    signup = models.ForeignKey(
        HearingSignup,
        verbose_name=_("听证报名"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )

    @staticmethod
    def workflows():
        from supervision.workflow_hearings import HEARING, SIGNUP

        return (HEARING, SIGNUP)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("听证流程记录")
        verbose_name_plural = _("听证流程记录")
