"""The expert pool and the legal advisers (专家咨询库、法律顾问团, seed 七).

Experts and advisers by field, each with a term of service; the active ones (within their term)
are listed for staff to consult. A **consultation** records that staff asked an expert about a
supervised record — a filing under review, a hearing, an inspection, a budget review — and keeps
the expert's written opinion on it. The record is generic (content type + id): any kind joins by
adding ``ConsultationInline`` to its admin and its model to ``CONSULTABLE`` in
``supervision.services.experts``. Staff and committee members read the opinions; they are not
public. Imported by ``supervision.models``."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.files import PrivateFileField, RandomName
from congress.models import TimeStampedModel


class Expert(TimeStampedModel):
    """One member of the expert pool or of the legal advisers, with a term of service."""

    class Kind(models.TextChoices):
        EXPERT = "expert", _("咨询专家")
        LEGAL_ADVISER = "legal_adviser", _("法律顾问")

    class Field(models.TextChoices):
        LAW = "law", _("法律")
        FINANCE = "finance", _("财政预算")
        ECONOMY = "economy", _("经济")
        URBAN = "urban", _("城市建设与管理")
        ENVIRONMENT = "environment", _("生态环境")
        SOCIAL = "social", _("社会建设")
        EDUCATION = "education", _("教育科技文化")
        HEALTH = "health", _("医疗卫生")
        OTHER = "other", _("其他")

    name = models.CharField(_("姓名"), max_length=50)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.EXPERT)
    field = models.CharField(_("专业领域"), max_length=20, choices=Field.choices, db_index=True)
    specialty = models.CharField(_("研究方向"), max_length=200, blank=True)
    affiliation = models.CharField(_("工作单位"), max_length=200, blank=True)
    position = models.CharField(_("职务职称"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    term_start = models.DateField(_("聘任开始"))
    term_end = models.DateField(_("聘任结束"))
    note = models.TextField(_("备注"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["field", "name", "id"]
        verbose_name = _("咨询专家、法律顾问")
        verbose_name_plural = _("专家咨询库、法律顾问团")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__gte=models.F("term_start")),
                name="expert_term_ends_after_start",
                violation_error_message=_("聘任结束日期不能早于开始日期。"),
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_field_display()}）"

    def is_active_on(self, day: dt.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.term_start <= day <= self.term_end

    @property
    def is_active(self) -> bool:
        return self.is_active_on()


class Consultation(TimeStampedModel):
    """Staff consulted an expert on a record; the expert's written opinion is kept here."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("咨询事项类型"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("咨询事项编号"))
    subject = GenericForeignKey("content_type", "object_id")
    expert = models.ForeignKey(
        Expert, verbose_name=_("专家"), on_delete=models.PROTECT, related_name="consultations"
    )
    question = models.TextField(_("咨询事项"))
    asked_on = models.DateField(_("咨询日期"), default=timezone.localdate)
    opinion = models.TextField(_("书面意见"), blank=True)
    opinion_file = PrivateFileField(_("意见书附件"), upload_to=RandomName("experts"), blank=True)
    opinion_file_name = models.CharField(_("附件文件名"), max_length=200, blank=True)
    received_on = models.DateField(_("收到意见日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-asked_on", "-id"]
        verbose_name = _("专家咨询")
        verbose_name_plural = _("专家咨询")
        indexes = [models.Index(fields=["content_type", "object_id"], name="consultation_subject")]

    def __str__(self):
        return f"{self.expert.name}：{self.question[:30]}"
