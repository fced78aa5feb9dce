"""Filing review of normative documents (备案审查): a unit files a normative document it
published (or staff enter one received on paper); a filing later than the rule's time from
publication is flagged late; staff review it by the review deadline, article by article, and
conclude — no issue, correction requested (the unit owes the corrected text by a deadline) or
revoked; the unit submits the corrected text, staff accept it or send it back (or revoke the
document). Citizens send review suggestions from the public register without an account and
follow them by receipt number; staff answer each with the result.

Every state change is a declared action taken through the kernel's ``transition()``."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress import roles, units
from congress.casework.services import create_tracked, lock, record_event, transition
from congress.exceptions import ApplicationError, PermissionDeniedError
from congress.files import PDF, validate_upload
from congress.models import Notification, Organization, User
from congress.notifications import Message
from congress.rules import rule_get
from congress.workdays import deadline_after
from supervision import permissions
from supervision.models import FilingOpinion, FilingSuggestion, NormativeDocument
from supervision.services._common import (
    NOT_STAFF,
    NOT_UNIT,
    field_error,
    notify_after_commit,
    require_staff,
    required_text,
    unit_officer_ids,
    url_for,
)
from supervision.services._common import today as local_today
from supervision.workflow_filings import FILING, SUGGESTION

F = NormativeDocument.State
O = NormativeDocument.Outcome  # noqa: E741
TEXT_LIMIT = 200000
OPINION_LIMIT = 20000
# Units that issue normative documents: the district government and its departments (and the
# streets and the town, which some districts ask to file too).
ISSUING_KINDS = (
    Organization.Kind.GOVERNMENT,
    Organization.Kind.DEPARTMENT,
    Organization.Kind.STREET,
    Organization.Kind.TOWN,
    Organization.Kind.OTHER,
)
MOBILE = re.compile(r"^1[3-9]\d{9}$")
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone


class TooManySuggestions(ApplicationError):
    default_code = "throttled"
    status_code = 429


def _text(value, field: str, message, limit: int) -> str:
    return required_text(value, field, message, limit=limit)


def _filing_url(filing_id: int) -> str:
    return url_for("portal:supervision-filing", filing_id)


def _admin_url(filing_id: int) -> str:
    return url_for("admin:supervision_normativedocument_change", filing_id)


# --- lateness --------------------------------------------------------------------------------------


def filing_due_date(published_on: dt.date) -> dt.date:
    """The last day to file a document published on ``published_on`` (rule
    ``supervision.filing_deadline``, 30 days; a last day on a rest day moves to the next working
    day, as a legal time limit does)."""
    return deadline_after(published_on, rule_get("supervision.filing_deadline"))


def lateness(published_on: dt.date, filed_on: dt.date) -> tuple[dt.date, int]:
    """(the due date, days late — 0 when on time)."""
    due = filing_due_date(published_on)
    return due, max((filed_on - due).days, 0)


# --- filing ----------------------------------------------------------------------------------------


def _issuing_unit(actor: User, unit: Organization | None) -> Organization:
    """The unit a filing is made for: staff name it; an officer files for a unit they act for
    (their only one when they name none)."""
    if permissions.is_staff(actor):
        if unit is None:
            raise field_error("unit", _("请选择制定机关。"), code="required")
    else:
        acting = [u for u in units.acting_unit_list(actor) if u.kind in ISSUING_KINDS]
        if unit is None:
            if len(acting) != 1:
                raise field_error("unit", _("请选择制定机关。"), code="required")
            unit = acting[0]
        elif not units.acts_for(actor, unit.pk):
            raise PermissionDeniedError(NOT_UNIT, code="not_unit_officer")
    if not unit.is_active or unit.kind not in ISSUING_KINDS:
        raise field_error("unit", _("请选择有效的制定机关（区政府、政府部门、街道或镇）。"))
    return unit


def _pdf(pdf, field: str = "pdf"):
    if not pdf:
        return None
    try:
        validate_upload(pdf, kinds=(PDF,))
    except Exception as exc:  # django ValidationError: its message is in Chinese already
        messages = getattr(exc, "messages", None) or [_("请上传PDF文件。")]
        raise field_error(field, messages[0], code="file_type") from exc
    return pdf


@transaction.atomic
def filing_create(
    *,
    actor: User,
    title: str,
    doc_number: str,
    published_on: dt.date | None,
    text: str,
    unit: Organization | None = None,
    pdf=None,
    filed_on: dt.date | None = None,
    today: dt.date | None = None,
) -> NormativeDocument:
    """A unit's officer (or staff, for a filing received on paper: ``filed_on`` the date it was
    received) files a normative document. Late when filed after the rule's time from
    publication (flagged, with the days late). Staff owe the review by the review deadline."""
    if not permissions.can_file_document(actor):
        raise PermissionDeniedError(_("仅限制定机关联络员或工作人员报备。"), code="not_unit_officer")
    today = today or local_today()
    unit = _issuing_unit(actor, unit)
    title = _text(title, "title", _("请填写文件名称。"), 200)
    doc_number = _text(doc_number, "doc_number", _("请填写文号。"), 100)
    text = _text(text, "text", _("请填写文件全文。"), TEXT_LIMIT)
    if published_on is None:
        raise field_error("published_on", _("请填写公布日期。"), code="required")
    if filed_on is None or not permissions.is_staff(actor):
        filed_on = today
    if filed_on > today:
        raise field_error("filed_on", _("报备日期不能晚于今天。"))
    if published_on > filed_on:
        raise field_error("published_on", _("公布日期不能晚于报备日期。"))
    if NormativeDocument.objects.filter(unit=unit, doc_number=doc_number).exists():
        raise field_error("doc_number", _("该制定机关已报备过此文号的文件。"), code="duplicate")
    pdf = _pdf(pdf)
    due, days_late = lateness(published_on, filed_on)
    filing = create_tracked(
        NormativeDocument,
        actor=actor,
        validate=False,
        unit=unit,
        title=title,
        doc_number=doc_number,
        published_on=published_on,
        filed_on=filed_on,
        filing_due=due,
        late=days_late > 0,
        days_late=days_late,
        text=text,
        search_text=NormativeDocument.search_text_of(title, doc_number, unit.name),
        review_due=deadline_after(filed_on, rule_get("supervision.filing_review_deadline")),
        filed_by=actor,
    )
    if pdf:
        filing.pdf_name = (getattr(pdf, "name", "") or "")[-200:]
        filing.pdf.save(pdf.name, pdf, save=False)
        filing.save(update_fields=["pdf", "pdf_name"])
    note = _("逾期报备 %(n)d 天（报备期限 %(d)s）") % {"n": days_late, "d": due} if days_late else ""
    record_event(filing, FILING, "create", actor=actor, from_state="", note=note)
    notify_after_commit(
        units.staff_user_ids(),
        key=f"supervision:filing:{filing.pk}:filed",
        title=Message(gettext_noop("新报备文件：%(t)s"), t=str(filing)),
        body=Message(gettext_noop("请于 %(d)s 前完成审查。"), d=filing.review_due),
        url=_admin_url(filing.pk),
        level=Notification.Level.WARNING if days_late else Notification.Level.INFO,
    )
    return filing


# --- review ----------------------------------------------------------------------------------------


def _article(filing: NormativeDocument, number: int | None, field: str = "article") -> tuple[int | None, str]:
    """(number, heading) of an article of the filed text; None for the whole document."""
    if number in (None, ""):
        return None, ""
    articles = filing.articles()
    if not isinstance(number, int) or not 1 <= number <= len(articles):
        raise field_error(
            field, _("条款序号应在 1 至 %(n)d 之间。") % {"n": len(articles)}, code="bad_article"
        )
    return number, articles[number - 1].label


@transaction.atomic
def filing_comment(
    *, actor: User, filing: NormativeDocument, content: str, article: int | None = None
) -> FilingOpinion:
    """Staff record a review opinion on one article (or the whole document) while reviewing."""
    filing = lock(filing)
    require_staff(actor)
    FILING.check(filing, "comment")
    number, label = _article(filing, article)
    content = _text(content, "content", _("请填写审查意见。"), OPINION_LIMIT)
    opinion = create_tracked(
        FilingOpinion,
        actor=actor,
        filing=filing,
        article=number,
        article_label=label,
        content=content,
        author=actor,
    )
    record_event(filing, FILING, "comment", actor=actor, note=f"{label or _('全文')}：{content[:80]}")
    return opinion


@transaction.atomic
def filing_review(
    *,
    actor: User,
    filing: NormativeDocument,
    outcome: str,
    opinion: str,
    article: int | None = None,
    correction_due: dt.date | None = None,
    today: dt.date | None = None,
) -> NormativeDocument:
    """Staff conclude the review: ``no_issue``, ``correction_requested`` (the unit owes the
    corrected text by ``correction_due``, by default the rule's time from today) or
    ``revoked``. The opinion is kept (on ``article`` when it names one); the unit is told."""
    filing = lock(filing)
    require_staff(actor)
    if outcome not in O.values:
        if filing.state not in FILING["review"].sources:
            FILING.check(filing, "review")  # the state first (409), whatever the input
        raise field_error("outcome", _("审查结论无效（无问题、要求纠正或撤销）。"))
    FILING.check(filing, "review", target=outcome)
    number, label = _article(filing, article)
    opinion = _text(opinion, "opinion", _("请填写审查意见。"), OPINION_LIMIT)
    today = today or local_today()
    changes = {"outcome": outcome, "opinion": opinion, "reviewed_at": timezone.now()}
    if outcome == O.CORRECTION_REQUESTED:
        due = correction_due or deadline_after(today, rule_get("supervision.filing_correction_deadline"))
        if due < today:
            raise field_error("correction_due", _("纠正期限不能早于今天。"), code="past_due")
        changes["correction_due"] = due
    else:
        changes["closed_at"] = timezone.now()
    if number is not None:
        create_tracked(
            FilingOpinion,
            actor=actor,
            filing=filing,
            article=number,
            article_label=label,
            content=opinion,
            author=actor,
        )
    filing = transition(
        filing,
        FILING,
        "review",
        actor=actor,
        target=outcome,
        locked=True,
        changes=changes,
        note=opinion[:200],
    )
    body = {
        O.NO_ISSUE: Message(gettext_noop("经审查，未发现问题。")),
        O.CORRECTION_REQUESTED: Message(
            gettext_noop("请于 %(d)s 前纠正并报送纠正后文本。审查意见：%(o)s"),
            d=filing.correction_due,
            o=opinion[:200],
        ),
        O.REVOKED: Message(gettext_noop("该文件经审查予以撤销。审查意见：%(o)s"), o=opinion[:200]),
    }[outcome]
    notify_after_commit(
        unit_officer_ids(filing.unit_id),
        key=f"supervision:filing:{filing.pk}:reviewed",
        title=Message(gettext_noop("备案审查结论：%(t)s"), t=str(filing)),
        body=body,
        url=_filing_url(filing.pk),
        level=Notification.Level.INFO if outcome == O.NO_ISSUE else Notification.Level.WARNING,
    )
    return filing


@transaction.atomic
def filing_submit_correction(
    *, actor: User, filing: NormativeDocument, corrected_text: str, note: str = ""
) -> NormativeDocument:
    """The issuing unit submits the corrected text (the whole document as corrected); staff
    see what changed against the filed text and accept it or send it back."""
    filing = lock(filing)
    if not permissions.acts_for_unit(actor, filing):
        raise PermissionDeniedError(NOT_UNIT, code="not_unit_officer")
    FILING.check(filing, "submit_correction")
    corrected_text = _text(corrected_text, "corrected_text", _("请填写纠正后的文件全文。"), TEXT_LIMIT)
    if corrected_text == filing.text.strip():
        raise field_error("corrected_text", _("纠正后文本与原文相同，请修改后再报送。"), code="unchanged")
    filing = transition(
        filing,
        FILING,
        "submit_correction",
        actor=actor,
        locked=True,
        changes={
            "corrected_text": corrected_text,
            "correction_note": (note or "").strip()[:5000],
            "corrected_at": timezone.now(),
        },
        note=(note or "").strip()[:200],
    )
    notify_after_commit(
        units.staff_user_ids(),
        key=f"supervision:filing:{filing.pk}:corrected:{filing.corrected_at:%Y%m%d%H%M%S}",
        title=Message(gettext_noop("已报送纠正后文本：%(t)s"), t=str(filing)),
        body=Message(gettext_noop("请核对修改内容后确认已纠正或退回。")),
        url=_admin_url(filing.pk),
    )
    return filing


@transaction.atomic
def filing_accept_correction(*, actor: User, filing: NormativeDocument, note: str = "") -> NormativeDocument:
    """Staff accept the corrected text: the document is corrected (closed)."""
    require_staff(actor)
    filing = transition(
        filing,
        FILING,
        "accept_correction",
        actor=actor,
        changes={"closed_at": timezone.now()},
        note=(note or "").strip(),
        permission_message=NOT_STAFF,
    )
    notify_after_commit(
        unit_officer_ids(filing.unit_id),
        key=f"supervision:filing:{filing.pk}:correction-accepted",
        title=Message(gettext_noop("纠正已确认：%(t)s"), t=str(filing)),
        url=_filing_url(filing.pk),
    )
    return filing


@transaction.atomic
def filing_send_back(
    *,
    actor: User,
    filing: NormativeDocument,
    reason: str,
    correction_due: dt.date | None = None,
    today: dt.date | None = None,
) -> NormativeDocument:
    """Staff send the corrected text back with a reason (and, if given, a new deadline not in
    the past): the unit owes it again."""
    filing = lock(filing)
    require_staff(actor)
    FILING.check(filing, "send_back")
    reason = _text(reason, "reason", _("请说明退回理由。"), 2000)
    changes = {"corrected_at": None}
    if correction_due is not None:
        if correction_due < (today or local_today()):
            raise field_error("correction_due", _("纠正期限不能早于今天。"), code="past_due")
        changes["correction_due"] = correction_due
    filing = transition(filing, FILING, "send_back", actor=actor, locked=True, changes=changes, note=reason)
    notify_after_commit(
        unit_officer_ids(filing.unit_id),
        key=f"supervision:filing:{filing.pk}:back:{filing.events.count()}",
        title=Message(gettext_noop("纠正后文本被退回：%(t)s"), t=str(filing)),
        body=Message(
            gettext_noop("退回理由：%(r)s。请于 %(d)s 前再次报送。"), r=reason, d=filing.correction_due
        ),
        url=_filing_url(filing.pk),
        level=Notification.Level.WARNING,
    )
    return filing


@transaction.atomic
def filing_revoke(*, actor: User, filing: NormativeDocument, reason: str) -> NormativeDocument:
    """Staff revoke a document whose issuer did not correct it."""
    filing = lock(filing)
    require_staff(actor)
    FILING.check(filing, "revoke")
    reason = _text(reason, "reason", _("请说明撤销理由。"), 2000)
    filing = transition(
        filing,
        FILING,
        "revoke",
        actor=actor,
        locked=True,
        changes={"closed_at": timezone.now()},
        note=reason,
    )
    notify_after_commit(
        unit_officer_ids(filing.unit_id),
        key=f"supervision:filing:{filing.pk}:revoked",
        title=Message(gettext_noop("备案文件已撤销：%(t)s"), t=str(filing)),
        body=Message(gettext_noop("撤销理由：%(r)s"), r=reason),
        url=_filing_url(filing.pk),
        level=Notification.Level.WARNING,
    )
    return filing


# --- citizens' review suggestions ------------------------------------------------------------------


def _digest(value: str) -> str:
    key = f"supervision.filing.address:{settings.SECRET_KEY}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def _receipt() -> str:
    return "BA" + "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))


def suggestion_submit(
    *,
    filing: NormativeDocument,
    content: str,
    name: str = "",
    mobile: str = "",
    article: int | None = None,
    address: str = "",
    now: dt.datetime | None = None,
) -> FilingSuggestion:
    """A citizen (no account) sends a review suggestion on a filed document (and an article);
    answered by staff within the rule's time; the receipt number follows it. Name and mobile
    are optional (contact for staff, never public); at most the rule's number a day from one
    network address (its keyed digest is stored, never the address)."""
    now = now or timezone.now()
    number, label = _article(filing, article)
    content = _text(content, "content", _("请填写审查建议。"), 5000)
    name = (name or "").strip()
    if len(name) > 50:
        raise field_error("name", _("姓名不能超过50字。"))
    mobile = (mobile or "").strip()
    if mobile and not MOBILE.match(mobile):
        raise field_error("mobile", _("请填写正确的11位手机号码。"), code="bad_mobile")
    digest = _digest(address or "")
    limit = rule_get("supervision.filing_suggestions_per_address")
    since = now - dt.timedelta(days=1)
    if FilingSuggestion.objects.filter(address_digest=digest, created_at__gte=since).count() >= limit:
        raise TooManySuggestions(_("提交过于频繁，请明天再试。"))
    due = deadline_after(timezone.localdate(now), rule_get("supervision.filing_suggestion_answer_deadline"))
    for _attempt in range(5):
        try:
            with transaction.atomic():
                suggestion = create_tracked(
                    FilingSuggestion,
                    actor=None,
                    validate=False,
                    filing=filing,
                    article=number,
                    article_label=label,
                    content=content,
                    name=name,
                    mobile=mobile,
                    receipt=_receipt(),
                    answer_due=due,
                    address_digest=digest,
                )
                record_event(suggestion, SUGGESTION, "create", actor=None, from_state="", note=label)
        except IntegrityError:  # a receipt number drawn twice: draw again
            continue
        break
    else:  # pragma: no cover - 32**10 numbers
        raise ApplicationError(_("暂时无法受理，请稍后再试。"), code="receipt")
    notify_after_commit(
        units.staff_user_ids(),
        key=f"supervision:filing-suggestion:{suggestion.pk}:received",
        title=Message(gettext_noop("新的审查建议：%(t)s"), t=str(filing)),
        body=Message(gettext_noop("请于 %(d)s 前答复建议人（回执 %(r)s）。"), d=due, r=suggestion.receipt),
        url=url_for("admin:supervision_filingsuggestion_change", suggestion.pk),
    )
    return suggestion


@transaction.atomic
def suggestion_answer(
    *, actor: User, suggestion: FilingSuggestion, result: str, answer: str
) -> FilingSuggestion:
    """Staff answer a suggestion with the result; the citizen reads it by the receipt number."""
    suggestion = lock(suggestion)
    require_staff(actor)
    SUGGESTION.check(suggestion, "answer")
    if result not in FilingSuggestion.Result.values:
        raise field_error("result", _("请选择审查结果。"), code="required")
    answer = _text(answer, "answer", _("请填写答复内容。"), 5000)
    return transition(
        suggestion,
        SUGGESTION,
        "answer",
        actor=actor,
        locked=True,
        changes={"result": result, "answer": answer, "answered_at": timezone.now(), "answered_by": actor},
        note=FilingSuggestion.Result(result).label,
        permission_message=NOT_STAFF,
    )


# --- statistics ------------------------------------------------------------------------------------


def filing_statistics(*, year: int) -> dict:
    """The year's figures for the work report: documents filed (by filing date), of them late,
    reviewed (concluded in the year), asked to correct, corrected, revoked; suggestions
    received and answered. Two queries."""
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    tz = timezone.get_current_timezone()
    since = dt.datetime(year, 1, 1, tzinfo=tz)
    until = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    reviewed = Q(reviewed_at__gte=since, reviewed_at__lt=until)
    figures = NormativeDocument.objects.aggregate(
        filed=Count("pk", filter=Q(filed_on__gte=start, filed_on__lt=end)),
        late=Count("pk", filter=Q(filed_on__gte=start, filed_on__lt=end, late=True)),
        reviewed=Count("pk", filter=reviewed),
        no_issue=Count("pk", filter=reviewed & Q(outcome=O.NO_ISSUE)),
        correction_requested=Count("pk", filter=reviewed & Q(outcome=O.CORRECTION_REQUESTED)),
        corrected=Count("pk", filter=Q(state=F.CORRECTED, closed_at__gte=since, closed_at__lt=until)),
        revoked=Count("pk", filter=Q(state=F.REVOKED, closed_at__gte=since, closed_at__lt=until)),
    )
    figures.update(
        FilingSuggestion.objects.aggregate(
            suggestions=Count("pk", filter=Q(created_at__gte=since, created_at__lt=until)),
            suggestions_answered=Count("pk", filter=Q(answered_at__gte=since, answered_at__lt=until)),
        )
    )
    return {"year": year, **figures}


STATISTICS_COLUMNS = (
    ("filed", gettext_noop("报备文件")),
    ("late", gettext_noop("其中逾期报备")),
    ("reviewed", gettext_noop("完成审查")),
    ("no_issue", gettext_noop("审查无问题")),
    ("correction_requested", gettext_noop("要求纠正")),
    ("corrected", gettext_noop("已纠正")),
    ("revoked", gettext_noop("撤销")),
    ("suggestions", gettext_noop("收到审查建议")),
    ("suggestions_answered", gettext_noop("答复审查建议")),
)


def is_member_or_staff(user) -> bool:
    return permissions.is_staff(user) or roles.has_role(user, roles.MEMBER)


def filing_search_refresh(*, unit_id: int) -> int:
    """The stored search text of every filing of a unit, from the unit's current name: called
    when a unit is renamed (``supervision.search_sync``), so the public register finds its
    documents by the new name. A few hundred rows a unit at most: one read, batched updates
    (``search_text`` keeps no history), the register's pages bumped once. Returns the count."""
    from congress.caching import bump_on_commit

    name = Organization.objects.filter(pk=unit_id).values_list("name", flat=True).first()
    if name is None:
        return 0
    rows = list(NormativeDocument.objects.filter(unit_id=unit_id).only("id", "title", "doc_number"))
    for row in rows:
        row.search_text = NormativeDocument.search_text_of(row.title, row.doc_number, name)
    NormativeDocument.objects.bulk_update(rows, ["search_text"], batch_size=500)
    if rows:
        bump_on_commit("supervision")
    return len(rows)
