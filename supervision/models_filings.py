"""Filing review of normative documents (规范性文件备案审查, seed 五).

The district government and its departments file each normative document they publish
(title, 文号, issuing body, date published, full text and the signed PDF) within the legal
time from publication (a rule: 30 days). A filing made after that time is **late**: flagged on
the record and counted in the year's statistics. Staff review it within a rule-set time,
article by article (an opinion may point at one article, 第X条), and conclude: no issue, the
issuer is asked to correct it (by a deadline; the corrected text is shown against the filed
one), or it is revoked. Every filed document and its outcome is on a public register, where
citizens send review suggestions (审查建议) against a document (and an article) without an
account, each answered by staff and followed by its receipt number.

Imported by ``supervision.models``."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.casework.models import TransitionEvent
from congress.files import PrivateFileField, RandomName
from congress.models import Organization, TimeStampedModel

# An article starts a line: 第一条、第十二条、第3条 (with or without a space after it).
ARTICLE_START = re.compile(r"^\s*(第[一二三四五六七八九十百千零〇两0-9０-９]+条)", re.MULTILINE)


@dataclass(frozen=True)
class Article:
    """One article of a document's text: its number in order (1, 2 …), its heading (第三条)
    and its text (the heading included)."""

    number: int
    label: str
    text: str


def split_articles(text: str) -> list[Article]:
    """The articles of ``text`` in order. Text before the first article (a title, a preamble)
    is not an article; a text without 第X条 headings is one article, numbered 1 (全文)."""
    text = text or ""
    starts = list(ARTICLE_START.finditer(text))
    if not starts:
        body = text.strip()
        return [Article(1, str(_("全文")), body)] if body else []
    articles = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        articles.append(Article(index + 1, match.group(1), text[match.start() : end].strip()))
    return articles


def text_diff(before: str, after: str) -> list[tuple[str, str]]:
    """What changed between two texts, line by line: ``(op, line)`` with op ``same``, ``del``
    (only in ``before``) or ``add`` (only in ``after``)."""
    old, new = (before or "").splitlines(), (after or "").splitlines()
    rows: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            rows.extend(("same", line) for line in old[i1:i2])
            continue
        rows.extend(("del", line) for line in old[i1:i2])
        rows.extend(("add", line) for line in new[j1:j2])
    return rows


class NormativeDocument(TimeStampedModel):
    """A normative document filed for review (备案), a tracked item: staff owe the review by
    ``review_due``; once asked to correct it, the issuing unit owes the corrected text by
    ``correction_due``."""

    class State(models.TextChoices):
        FILED = "filed", _("待审查")  # staff review it by ``review_due``
        NO_ISSUE = "no_issue", _("审查无问题")  # closed: nothing to correct
        CORRECTION_REQUESTED = "correction_requested", _("要求纠正")  # the unit owes the corrected text
        CORRECTION_SUBMITTED = "correction_submitted", _("纠正待确认")  # staff check the corrected text
        CORRECTED = "corrected", _("已纠正")  # closed: the corrected text is accepted
        REVOKED = "revoked", _("已撤销")  # closed: revoked (the issuer did not correct, or at review)

    class Outcome(models.TextChoices):
        NO_ISSUE = "no_issue", _("无问题")
        CORRECTION_REQUESTED = "correction_requested", _("要求纠正")
        REVOKED = "revoked", _("撤销")

    unit = models.ForeignKey(
        Organization,
        verbose_name=_("制定机关"),
        on_delete=models.PROTECT,
        related_name="normative_documents",
        help_text=_("区政府或政府部门"),
    )
    title = models.CharField(_("文件名称"), max_length=200)
    doc_number = models.CharField(_("文号"), max_length=100, help_text=_("如：徐府规〔2026〕1号"))
    published_on = models.DateField(_("公布日期"))
    filed_on = models.DateField(_("报备日期"), db_index=True)
    filing_due = models.DateField(_("报备期限"), help_text=_("公布之日起按规则计算的报备截止日"))
    late = models.BooleanField(_("逾期报备"), default=False, db_index=True)
    days_late = models.PositiveIntegerField(_("逾期天数"), default=0)
    text = models.TextField(_("文件全文"))
    pdf = PrivateFileField(_("文件PDF"), upload_to=RandomName("filings"), blank=True)
    pdf_name = models.CharField(_("PDF文件名"), max_length=200, blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.FILED, db_index=True
    )
    review_due = models.DateField(_("审查期限"))
    outcome = models.CharField(_("审查结论"), max_length=20, choices=Outcome.choices, blank=True)
    opinion = models.TextField(_("审查意见"), blank=True)
    reviewed_at = models.DateTimeField(_("审查时间"), null=True, blank=True)
    correction_due = models.DateField(_("纠正期限"), null=True, blank=True)
    corrected_text = models.TextField(_("纠正后文本"), blank=True)
    correction_note = models.TextField(_("纠正说明"), blank=True)
    corrected_at = models.DateTimeField(_("报送纠正时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    search_text = models.TextField(
        _("检索文本"),
        blank=True,
        default="",
        editable=False,
        help_text=_("文件名称、文号和制定机关名称（小写），公开目录按它检索：一次不区分大小写的整列扫描"),
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报备人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["text", "corrected_text", "search_text"])

    class Meta:
        ordering = ["-filed_on", "-id"]
        verbose_name = _("规范性文件备案")
        verbose_name_plural = _("规范性文件备案")
        indexes = [
            # The public register, newest first; a unit's list; what is owed by which date.
            models.Index(fields=["-filed_on", "-id"], name="filing_register_order"),
            models.Index(fields=["unit", "-filed_on", "-id"], name="filing_unit_order"),
            models.Index(fields=["state", "review_due"], name="filing_state_review_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(filed_on__gte=models.F("published_on")),
                name="filing_filed_after_published",
                violation_error_message=_("报备日期不能早于公布日期。"),
            ),
        ]

    def __str__(self):
        return f"{self.title}（{self.doc_number}）"

    @property
    def deadline(self):
        """What is owed by when: the review (staff) or the corrected text (the unit)."""
        if self.state == self.State.FILED:
            return self.review_due
        if self.state == self.State.CORRECTION_REQUESTED:
            return self.correction_due
        return None

    @property
    def is_open(self) -> bool:
        return self.state in (
            self.State.FILED,
            self.State.CORRECTION_REQUESTED,
            self.State.CORRECTION_SUBMITTED,
        )

    @staticmethod
    def search_text_of(title: str, doc_number: str, unit_name: str) -> str:
        """What the register's search reads: lower case once here, so a query is a plain
        ``LIKE`` (``UPPER(column) LIKE`` costs ten times as much over Chinese text)."""
        return f"{title} {doc_number} {unit_name}".lower()

    def articles(self) -> list[Article]:
        return split_articles(self.text)

    def corrected_articles(self) -> list[Article]:
        return split_articles(self.corrected_text)


class FilingOpinion(models.Model):
    """A review opinion of staff, on the whole document or pointing at one article."""

    filing = models.ForeignKey(
        NormativeDocument, verbose_name=_("备案文件"), on_delete=models.CASCADE, related_name="opinions"
    )
    article = models.PositiveIntegerField(
        _("条款序号"), null=True, blank=True, help_text=_("第几条（按文件中出现的顺序）；留空为针对全文")
    )
    article_label = models.CharField(_("条款"), max_length=40, blank=True)
    content = models.TextField(_("审查意见"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["filing", "article", "created_at", "id"]
        verbose_name = _("逐条审查意见")
        verbose_name_plural = _("逐条审查意见")

    def __str__(self):
        return f"{self.article_label or _('全文')}：{self.content[:30]}"


class FilingSuggestion(TimeStampedModel):
    """A citizen's review suggestion (审查建议) against a filed document (and an article), sent
    without an account; staff answer it with the result; the citizen follows it by receipt."""

    class State(models.TextChoices):
        RECEIVED = "received", _("已受理")  # staff owe an answer by ``answer_due``
        ANSWERED = "answered", _("已答复")  # closed: the result is told

    class Result(models.TextChoices):
        ADOPTED = "adopted", _("建议成立，已纳入审查")
        PARTLY = "partly", _("部分采纳")
        NOT_ADOPTED = "not_adopted", _("经审查，建议不成立")

    filing = models.ForeignKey(
        NormativeDocument, verbose_name=_("备案文件"), on_delete=models.PROTECT, related_name="suggestions"
    )
    article = models.PositiveIntegerField(_("条款序号"), null=True, blank=True)
    article_label = models.CharField(_("条款"), max_length=40, blank=True)
    content = models.TextField(_("审查建议"))
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    mobile = models.CharField(_("手机号码"), max_length=20, blank=True)
    receipt = models.CharField(_("回执编号"), max_length=20, unique=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.RECEIVED, db_index=True
    )
    answer_due = models.DateField(_("答复期限"))
    result = models.CharField(_("审查结果"), max_length=20, choices=Result.choices, blank=True)
    answer = models.TextField(_("答复"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address_digest = models.CharField(_("来源地址摘要"), max_length=64, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["address_digest"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("审查建议")
        verbose_name_plural = _("审查建议")
        indexes = [models.Index(fields=["address_digest", "created_at"], name="filing_suggestion_address")]

    def __str__(self):
        return f"{self.receipt} · {self.content[:30]}"


class FilingEvent(TransitionEvent):
    """A step of a filing (filed, opinion, reviewed, correction …) or of a suggestion on it."""

    filing = models.ForeignKey(
        NormativeDocument, verbose_name=_("备案文件"), on_delete=models.CASCADE, related_name="events"
    )
    suggestion = models.ForeignKey(
        FilingSuggestion,
        verbose_name=_("审查建议"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    # ``correction_requested`` / ``correction_submitted`` are 20 characters: room to spare.
    from_state = models.CharField(_("原状态"), max_length=30, blank=True)
    to_state = models.CharField(_("新状态"), max_length=30, blank=True)

    @staticmethod
    def workflows():
        from supervision.workflow_filings import FILING, SUGGESTION

        return (FILING, SUGGESTION)

    class Meta(TransitionEvent.Meta):
        verbose_name = _("备案审查流程记录")
        verbose_name_plural = _("备案审查流程记录")
