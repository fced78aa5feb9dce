"""State-owned assets (国有资产管理情况报告, issue 13 item 7) and performance evaluation (绩效评价).

- ``AssetReport``: the government's yearly report on one kind of state assets (enterprise,
  administrative, natural resources, financial) with its figures; public once the standing
  committee deliberated it (``deliberated_on``).
- ``AssetOpinion``: the committee's review opinion on a report. One that owes the government's
  answer is a tracked item on the case-work kernel (``budget.workflow_assets``): the government
  (or the unit named) reports how it handled the opinion by a deadline (rule
  ``budget.asset_opinion_deadline``); staff accept the handling or send it back.
- ``PerformanceEvaluation`` with its ``PerformanceIndicator`` rows: a key project's targets,
  indicators and scores; public once ``published``.

Imported by ``budget.models``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.casework.models import TransitionEvent
from congress.models import Organization, TimeStampedModel


class AssetReport(TimeStampedModel):
    """One kind of the year's state-assets report, with its headline figures (yuan)."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业国有资产")
        ADMINISTRATIVE = "administrative", _("行政事业性国有资产")
        NATURAL_RESOURCES = "natural_resources", _("国有自然资源资产")
        FINANCIAL = "financial", _("金融企业国有资产")

    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    kind = models.CharField(_("资产类别"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("报告标题"), max_length=200)
    total_assets = models.DecimalField(
        _("资产总额（元）"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    total_liabilities = models.DecimalField(
        _("负债总额（元）"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    net_assets = models.DecimalField(
        _("净资产（元）"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    figures = models.JSONField(
        _("其他指标"),
        default=dict,
        blank=True,
        help_text=_('指标名称与数值，例如 {"土地面积（公顷）": "1250.5"}'),
    )
    summary = models.TextField(_("报告摘要"), blank=True)
    deliberated_on = models.DateField(
        _("常委会审议日期"), null=True, blank=True, help_text=_("审议后报告及审议意见向社会公开")
    )
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
        ordering = ["-year", "kind"]
        verbose_name = _("国有资产管理情况报告")
        verbose_name_plural = _("国有资产管理情况报告")
        constraints = [models.UniqueConstraint(fields=["year", "kind"], name="asset_report_per_kind")]

    def __str__(self):
        return self.title

    @property
    def is_public(self) -> bool:
        return self.deliberated_on is not None


class AssetOpinion(TimeStampedModel):
    """The committee's review opinion on a report; with ``unit`` set the unit owes an answer
    on how it handled the opinion (a tracked item)."""

    class State(models.TextChoices):
        NOTED = "noted", _("无需答复")  # an opinion the government owes no answer to
        OPEN = "open", _("待反馈办理情况")  # the unit owes its handling report by ``deadline``
        ANSWERED = "answered", _("已反馈")  # staff evaluate: accept or send back
        SENT_BACK = "sent_back", _("退回重新反馈")  # the unit owes another report
        ACCEPTED = "accepted", _("办理完毕")

    report = models.ForeignKey(
        AssetReport, verbose_name=_("国有资产报告"), on_delete=models.CASCADE, related_name="opinions"
    )
    text = models.TextField(_("审议意见"))
    unit = models.ForeignKey(
        Organization,
        verbose_name=_("办理单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="asset_opinions",
    )
    deadline = models.DateField(_("反馈期限"), null=True, blank=True, db_index=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.NOTED, db_index=True
    )
    handling = models.TextField(_("办理情况"), blank=True)
    handled_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    evaluation = models.TextField(_("评价意见"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "id"]
        verbose_name = _("国有资产审议意见")
        verbose_name_plural = _("国有资产审议意见")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state="noted") | models.Q(unit__isnull=False, deadline__isnull=False),
                name="asset_opinion_owed_has_unit",
            )
        ]

    @property
    def public_handling(self) -> str:
        """The unit's handling as the public sees it: only once staff accepted it (an answer
        under review or sent back is not the government's word yet)."""
        return self.handling if self.state == self.State.ACCEPTED else ""

    def __str__(self):
        return self.summary

    @property
    def summary(self) -> str:
        return self.text[:60]


# States in which the unit owes its handling report by ``deadline``.
OPINION_OWED = (AssetOpinion.State.OPEN, AssetOpinion.State.SENT_BACK)


class AssetOpinionEvent(TransitionEvent):
    opinion = models.ForeignKey(
        AssetOpinion, verbose_name=_("国有资产审议意见"), on_delete=models.CASCADE, related_name="events"
    )

    @staticmethod
    def workflows():
        from budget.workflow_assets import OPINION

        return (OPINION,)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("审议意见办理记录")
        verbose_name_plural = _("审议意见办理记录")


class PerformanceEvaluation(TimeStampedModel):
    """The performance evaluation of one key project (重点项目绩效评价)."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("优")  # 90 and above
        GOOD = "good", _("良")  # 80 to 90
        PASS = "pass", _("中")  # 60 to 80
        POOR = "poor", _("差")  # below 60

    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    project = models.CharField(_("项目名称"), max_length=200)
    unit = models.ForeignKey(
        Organization,
        verbose_name=_("项目单位"),
        on_delete=models.PROTECT,
        related_name="performance_evaluations",
    )
    code = models.CharField(_("科目编码"), max_length=7, blank=True)
    budget_amount = models.DecimalField(
        _("项目预算（元）"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    goal = models.TextField(_("绩效目标"), blank=True)
    conclusion = models.TextField(_("评价结论"), blank=True)
    score = models.DecimalField(
        _("综合得分"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text=_("由各项指标得分相加，系统计算"),
    )
    grade = models.CharField(_("评价等级"), max_length=10, choices=Grade.choices, blank=True, editable=False)
    published = models.BooleanField(_("已公开"), default=False)
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
        ordering = ["-year", "project", "id"]
        verbose_name = _("绩效评价")
        verbose_name_plural = _("重点项目绩效评价")

    def __str__(self):
        return self.project


class PerformanceIndicator(models.Model):
    """One indicator of an evaluation: its target, what was achieved, its weight and score."""

    evaluation = models.ForeignKey(
        PerformanceEvaluation, verbose_name=_("绩效评价"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("指标"), max_length=200)
    target = models.CharField(_("目标值"), max_length=200)
    actual = models.CharField(_("完成值"), max_length=200, blank=True)
    weight = models.DecimalField(_("分值"), max_digits=5, decimal_places=2)
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["evaluation", "id"]
        verbose_name = _("绩效指标")
        verbose_name_plural = _("绩效指标")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="performance_indicator_weight_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True)
                | models.Q(score__gte=0, score__lte=models.F("weight")),
                name="performance_indicator_score_within_weight",
            ),
        ]

    def __str__(self):
        return self.name
