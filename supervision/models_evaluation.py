"""Post-supervision evaluation (监督后评估, seed 四): for a closed supervision item — a closed
work report, a closed interpellation, any later kind with a ``state`` that closes — a
questionnaire whose questions are data (single choice, a rating, free text), opened and closed
by staff, answered by deputies in the portal and by the public on the website without logging
in (one answer per account, or per device: a signed cookie, with a per-address limit), tallied
and published with the item once closed.

Imported by ``supervision.models``; written only by ``supervision.services.evaluation``."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.casework.models import TransitionEvent
from congress.models import TimeStampedModel


class Evaluation(TimeStampedModel):
    """The questionnaire of one closed supervision item (``target``)."""

    class State(models.TextChoices):
        DRAFTED = "drafted", _("准备中")  # staff write the questions; nobody else sees it
        OPEN = "open", _("评估中")  # deputies and the public answer
        CLOSED = "closed", _("已结束")  # tallied; the results are public with the item

    target_type = models.ForeignKey(
        ContentType, verbose_name=_("评估对象类型"), on_delete=models.PROTECT, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(_("评估对象编号"))
    target = GenericForeignKey("target_type", "target_id")
    title = models.CharField(_("评估名称"), max_length=200)
    intro = models.TextField(_("说明"), blank=True, help_text=_("向答卷人说明评估的目的和内容"))
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.DRAFTED, db_index=True
    )
    opened_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
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
        verbose_name = _("监督后评估")
        verbose_name_plural = _("监督后评估")
        constraints = [
            models.UniqueConstraint(fields=["target_type", "target_id"], name="evaluation_once_per_item")
        ]
        indexes = [models.Index(fields=["state", "closed_at"], name="evaluation_public")]

    def __str__(self):
        return self.title


class EvaluationQuestion(models.Model):
    """One question (data, edited by staff while the questionnaire is drafted)."""

    class Kind(models.TextChoices):
        CHOICE = "choice", _("单选")
        RATING = "rating", _("评分（1-5分）")
        TEXT = "text", _("文字意见")

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("监督后评估"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    kind = models.CharField(_("题型"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("题目"), max_length=300)
    choices = models.JSONField(_("选项"), default=list, blank=True, help_text=_("单选题的选项，每行一个"))
    required = models.BooleanField(_("必答"), default=True)
    history = HistoricalRecords()

    RATING_MAX = 5

    class Meta:
        ordering = ["evaluation", "order", "id"]
        verbose_name = _("评估问题")
        verbose_name_plural = _("评估问题")

    def __str__(self):
        return self.text


class EvaluationResponse(models.Model):
    """One person's answers: a deputy (by account) or a member of the public (by device)."""

    class Source(models.TextChoices):
        DEPUTY = "deputy", _("人大代表")
        PUBLIC = "public", _("社会公众")

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("监督后评估"), on_delete=models.CASCADE, related_name="responses"
    )
    source = models.CharField(_("答卷人"), max_length=10, choices=Source.choices)
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代表账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    device = models.CharField(
        _("设备标识"), max_length=64, blank=True, help_text=_("签名Cookie中的随机标识的摘要")
    )
    address_digest = models.CharField(_("地址摘要"), max_length=64, blank=True, db_index=True)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    class Meta:
        ordering = ["evaluation", "submitted_at", "id"]
        verbose_name = _("评估答卷")
        verbose_name_plural = _("评估答卷")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "respondent"],
                condition=Q(respondent__isnull=False),
                name="evaluation_once_per_account",
            ),
            models.UniqueConstraint(
                fields=["evaluation", "device"], condition=~Q(device=""), name="evaluation_once_per_device"
            ),
        ]

    def __str__(self):
        return f"{self.evaluation} · {self.get_source_display()}"


class EvaluationAnswer(models.Model):
    response = models.ForeignKey(
        EvaluationResponse, verbose_name=_("答卷"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        EvaluationQuestion, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="answers"
    )
    choice = models.PositiveSmallIntegerField(_("所选项"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("评分"), null=True, blank=True)
    text = models.TextField(_("文字意见"), blank=True)

    class Meta:
        verbose_name = _("评估回答")
        verbose_name_plural = _("评估回答")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="evaluation_answer_once"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="evaluation_rating_range",
            ),
        ]

    def __str__(self):
        return str(self.question)


class EvaluationEvent(TransitionEvent):
    """A step of an evaluation: created, questions edited, opened, closed."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("监督后评估"), on_delete=models.CASCADE, related_name="events"
    )

    @staticmethod
    def workflows():
        from supervision.workflow_evaluation import EVALUATION

        return (EVALUATION,)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("监督后评估流程记录")
        verbose_name_plural = _("监督后评估流程记录")
