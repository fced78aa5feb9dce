"""Major-matter reports (重大事项报告, seed 九): the district government reports a major matter
or major decision to the standing committee *before* deciding it.

- The **yearly list** (年度重大事项报告目录) is agreed between the committee and the government
  in their yearly consultation (年度协商沟通机制): each item names the topic, the reporting
  unit, who reports and when. Staff keep it; once agreed it is published, and an item added or
  dropped later carries its reason (kept on the item, its history and the list's timeline).
- A **major matter** (重大事项报告) is registered in the portal by the unit's officer before the
  planned decision date, against a list item or — outside the list — with a reason. Staff may
  return it for more material; it is deliberated at a standing-committee meeting; the
  committee's opinion (审议意见) is sent to the unit, which owes its feedback on how the
  opinion was taken up (审议结果反馈) by the rule's deadline (reminders and escalation by the
  daily scan); staff conclude it, and it becomes public on the website unless withheld with a
  reason. A matter the committee only takes note of (书面报告，不再审议) is concluded at once.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.casework.models import TransitionEvent
from congress.models import Organization, TimeStampedModel


class MajorMatterList(TimeStampedModel):
    class State(models.TextChoices):
        DRAFTED = "drafted", _("协商中")  # staff and the government are still agreeing it
        AGREED = "agreed", _("已协商确定")  # agreed and published on the website

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFTED)
    consultation = models.TextField(
        _("协商情况"), blank=True, help_text=_("年度协商沟通的时间、参加人员和商定的报告要求")
    )
    agreed_on = models.DateField(_("确定日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("年度重大事项报告目录")
        verbose_name_plural = _("年度重大事项报告目录")

    def __str__(self):
        return _("%(year)s年度重大事项报告目录") % {"year": self.year}


class MajorMatterListItem(models.Model):
    matter_list = models.ForeignKey(
        MajorMatterList, verbose_name=_("年度目录"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    topic = models.CharField(_("报告事项"), max_length=200)
    unit = models.ForeignKey(
        Organization, verbose_name=_("报告单位"), on_delete=models.PROTECT, related_name="major_matter_items"
    )
    reporter = models.CharField(_("报告人"), max_length=100, blank=True, help_text=_("例如：副区长 王某某"))
    planned_month = models.PositiveSmallIntegerField(
        _("计划报告月份"), null=True, blank=True, choices=[(m, _("%(m)d月") % {"m": m}) for m in range(1, 13)]
    )
    requirements = models.TextField(_("报告内容和要求"), blank=True)
    change_reason = models.CharField(
        _("调整理由"), max_length=500, blank=True, help_text=_("目录确定后增加事项的理由")
    )
    dropped_reason = models.CharField(_("撤销理由"), max_length=500, blank=True)
    dropped_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("重大事项报告目录事项")
        verbose_name_plural = _("重大事项报告目录事项")

    def __str__(self):
        return self.topic

    @property
    def is_dropped(self) -> bool:
        return self.dropped_at is not None


class MajorMatterListEvent(TransitionEvent):
    """A step of a yearly list: drafted, agreed, an item added or dropped after agreement."""

    matter_list = models.ForeignKey(
        MajorMatterList, verbose_name=_("年度目录"), on_delete=models.CASCADE, related_name="events"
    )

    @staticmethod
    def workflows():
        from supervision.workflow_major_matters import MATTER_LIST

        return (MATTER_LIST,)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("重大事项报告目录流程记录")
        verbose_name_plural = _("重大事项报告目录流程记录")


class MajorMatter(TimeStampedModel):
    class State(models.TextChoices):
        REGISTERED = "registered", _("已报告")  # waits for the committee
        RETURNED = "returned", _("退回补充")  # the unit owes more material
        SCHEDULED = "scheduled", _("已安排审议")  # on a standing-committee meeting's agenda
        OPINION_SENT = "opinion_sent", _("审议意见已送交")  # the unit owes feedback by ``feedback_due``
        FEEDBACK_RECEIVED = "feedback_received", _("已反馈")  # waits for staff to conclude
        CONCLUDED = "concluded", _("已办结")  # public unless withheld

    matter_list = models.ForeignKey(
        MajorMatterList,
        verbose_name=_("年度目录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="matters",
    )
    list_item = models.ForeignKey(
        MajorMatterListItem,
        verbose_name=_("目录事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="matters",
    )
    outside_list_reason = models.TextField(
        _("目录外报告理由"), blank=True, help_text=_("不在年度目录内的事项须说明报告理由")
    )
    unit = models.ForeignKey(
        Organization, verbose_name=_("报告单位"), on_delete=models.PROTECT, related_name="major_matters"
    )
    title = models.CharField(_("事项名称"), max_length=200)
    reporter = models.CharField(_("报告人"), max_length=100)
    content = models.TextField(_("报告内容"), help_text=_("拟决策事项、主要内容、依据和论证情况"))
    planned_decision_date = models.DateField(_("拟决策时间"))
    short_notice = models.BooleanField(
        _("报告时间不足"), default=False, help_text=_("登记时距拟决策时间不足规则要求的提前报告时间")
    )
    committee = models.ForeignKey(
        Organization,
        verbose_name=_("承办工作委员会"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.REGISTERED, db_index=True
    )
    return_reason = models.TextField(_("退回理由"), blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("审议会议"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opinion = models.TextField(_("审议意见"), blank=True)
    opinion_sent_at = models.DateTimeField(_("审议意见送交时间"), null=True, blank=True)
    feedback_due = models.DateField(_("反馈期限"), null=True, blank=True, db_index=True)
    feedback = models.TextField(_("审议意见采纳情况反馈"), blank=True)
    feedback_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    conclusion = models.TextField(_("办结说明"), blank=True)
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    withhold_reason = models.CharField(
        _("不予公开理由"), max_length=500, blank=True, help_text=_("填写后办结记录不在网站公开")
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("重大事项报告")
        verbose_name_plural = _("重大事项报告")
        indexes = [models.Index(fields=["unit", "state"], name="major_matter_unit_state")]

    def __str__(self):
        return self.title

    @property
    def deadline(self):
        return self.feedback_due if self.state == self.State.OPINION_SENT else None

    @property
    def is_public(self) -> bool:
        return self.state == self.State.CONCLUDED and not self.withhold_reason


class MajorMatterEvent(TransitionEvent):
    """A step of a major matter: registered, returned, resubmitted, scheduled, opinion sent,
    feedback, concluded."""

    matter = models.ForeignKey(
        MajorMatter, verbose_name=_("重大事项报告"), on_delete=models.CASCADE, related_name="events"
    )

    @staticmethod
    def workflows():
        from supervision.workflow_major_matters import MAJOR_MATTER

        return (MAJOR_MATTER,)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("重大事项报告流程记录")
        verbose_name_plural = _("重大事项报告流程记录")
