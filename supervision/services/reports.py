"""Special work reports (专项工作报告), from the request to the public record.

Staff request a report of a unit by a due date; the unit submits it in the portal; it may be
deliberated at a standing-committee meeting; staff send the deliberation opinions (审议意见)
adopted by the chairpersons' meeting, which sets the rectification deadline (rule
``supervision.rectification_deadline``, working days through ``congress.workdays``); the unit
reports its rectification (研究处理情况报告); staff record the members' satisfaction vote
(满意度测评): more than the rule's share unsatisfied (``supervision.unsatisfied_threshold``)
sends the unit back to rectify by a new deadline (``supervision.second_rectification_deadline``),
otherwise the report is closed and public — except the parts staff withhold with a reason.
Follow-up entries (跟踪问效) are kept from the opinions on.

Every state change is a declared action taken through the kernel's ``transition()``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress import units
from congress.casework.services import create_tracked, lock, record_event, transition
from congress.exceptions import ApplicationError, PermissionDeniedError
from congress.files import DOCUMENTS, validate_upload
from congress.models import Notification, Organization, User
from congress.notifications import Message
from congress.rules import rule_get
from congress.workdays import deadline_after
from meetings.models import Meeting
from supervision import permissions
from supervision.models import (
    FollowUp,
    PlanItem,
    RectificationReport,
    SatisfactionVote,
    WorkReport,
    WorkReportAttachment,
)
from supervision.services._common import (
    NOT_STAFF,
    NOT_UNIT,
    field_error,
    notify_after_commit,
    require_staff,
    required_text,
    supervised_unit,
    unit_officer_ids,
    url_for,
)
from supervision.services._common import today as local_today
from supervision.workflow import WORK_REPORT

R = WorkReport.State

EDITABLE = ("title", "due_date", "meeting", "plan_item", "request_note")
PARTS = ("report", "opinions", "rectification", "vote")
CONTENT_LIMIT = 50000


def _portal_url(report: WorkReport) -> str:
    return url_for("portal:supervision-report", report.pk)


def _content(value, field: str, message) -> str:
    text = required_text(value, field, message)
    if len(text) > CONTENT_LIMIT:
        raise field_error(field, _("内容不能超过%(n)d字。") % {"n": CONTENT_LIMIT})
    return text


def _check_unit(actor: User, report: WorkReport) -> None:
    if not permissions.acts_for_unit(actor, report):
        raise PermissionDeniedError(NOT_UNIT, code="not_unit_officer")


def _check_meeting(meeting) -> None:
    if meeting is not None and meeting.kind != Meeting.Kind.STANDING:
        raise field_error("meeting", _("请选择常委会会议。"))


def _tell_unit(report: WorkReport, *, key: str, title, body="", level=Notification.Level.INFO) -> None:
    notify_after_commit(
        unit_officer_ids(report.unit_id),
        key=key,
        title=title,
        body=body,
        url=_portal_url(report),
        level=level,
    )


def _tell_staff(report: WorkReport, *, key: str, title, body="") -> None:
    """Staff and the responsible working committee's users."""
    ids = set(units.staff_user_ids())
    committee_id = report.plan_item.committee_id if report.plan_item_id else None
    if committee_id:
        ids |= set(units.unit_user_ids([committee_id]).get(committee_id, []))
    notify_after_commit(
        ids, key=key, title=title, body=body, url=url_for("admin:supervision_workreport_change", report.pk)
    )


@transaction.atomic
def report_create(
    *,
    actor: User,
    title: str,
    unit: Organization,
    due_date: dt.date,
    plan_item: PlanItem | None = None,
    meeting: Meeting | None = None,
    request_note: str = "",
) -> WorkReport:
    """Staff ask a unit for a special work report by ``due_date``; the unit's officers are told."""
    require_staff(actor)
    title = required_text(title, "title", _("请填写报告名称。"))
    supervised_unit(unit)
    if due_date is None:
        raise field_error("due_date", _("请填写报告报送期限。"), code="required")
    if due_date < local_today():
        raise field_error("due_date", _("报送期限不能早于今天。"))
    _check_meeting(meeting)
    report = create_tracked(
        WorkReport,
        actor=actor,
        title=title,
        unit=unit,
        due_date=due_date,
        plan_item=plan_item,
        meeting=meeting,
        request_note=(request_note or "").strip(),
        created_by=actor,
    )
    record_event(report, WORK_REPORT, "create", actor=actor, from_state="")
    _tell_unit(
        report,
        key=f"supervision:report:{report.pk}:requested",
        title=Message(gettext_noop("请报送专项工作报告：%(t)s"), t=report.title),
        body=Message(gettext_noop("请于 %(d)s 前在工作台报送。"), d=due_date),
    )
    return report


@transaction.atomic
def report_update(*, actor: User, report: WorkReport, note: str = "", **fields) -> WorkReport:
    """Staff change the request (title, due date, meeting, plan item) before the opinions; a new
    due date earns new reminders."""
    require_staff(actor)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise field_error(sorted(unknown)[0], _("不能修改此字段。"))
    if "title" in fields:
        fields["title"] = required_text(fields["title"], "title", _("请填写报告名称。"))
    if "due_date" in fields and fields["due_date"] is None:
        raise field_error("due_date", _("请填写报告报送期限。"), code="required")
    _check_meeting(fields.get("meeting"))
    return transition(
        report, WORK_REPORT, "edit", actor=actor, changes=fields, note=note, permission_message=NOT_STAFF
    )


def _check_files(files: Iterable) -> list:
    """Every file on the documents allow-list by content (``congress.files``), else a 400 on
    ``attachments`` naming each refused file."""
    files = list(files or [])
    errors = []
    for upload in files:
        try:
            validate_upload(upload, kinds=DOCUMENTS)
        except ValidationError as error:
            errors += error.messages
    if errors:
        raise ApplicationError(errors[0], code="invalid_file", extra={"attachments": errors})
    return files


def _attach(report: WorkReport, files: list, actor: User, rectification: RectificationReport | None = None):
    for upload in files:
        WorkReportAttachment.objects.create(
            report=report,
            rectification=rectification,
            file=upload,
            name=(getattr(upload, "name", "") or "附件")[:200],
            uploaded_by=actor,
        )


@transaction.atomic
def report_submit(*, actor: User, report: WorkReport, content: str, attachments: Iterable = ()) -> WorkReport:
    """The unit submits its report (text + attachments, checked by content). Staff and the
    responsible committee are told."""
    report = lock(report)
    _check_unit(actor, report)
    WORK_REPORT.check(report, "submit")
    content = _content(content, "content", _("请填写报告内容。"))
    files = _check_files(attachments)
    report = transition(
        report,
        WORK_REPORT,
        "submit",
        actor=actor,
        locked=True,
        changes={"content": content, "submitted_at": timezone.now()},
    )
    _attach(report, files, actor)
    _tell_staff(
        report,
        key=f"supervision:report:{report.pk}:submitted",
        title=Message(gettext_noop("专项工作报告已报送：%(t)s"), t=report.title),
        body=report.unit.name,
    )
    return report


@transaction.atomic
def report_deliberate(
    *, actor: User, report: WorkReport, meeting: Meeting | None = None, note: str = ""
) -> WorkReport:
    """Staff record that a standing-committee meeting deliberated the report."""
    report = lock(report)
    require_staff(actor)
    WORK_REPORT.check(report, "deliberate")
    _check_meeting(meeting)
    changes = {"deliberated_at": timezone.now()}
    if meeting is not None:
        changes["meeting"] = meeting
    return transition(
        report,
        WORK_REPORT,
        "deliberate",
        actor=actor,
        locked=True,
        changes=changes,
        note=note or (meeting.title if meeting else ""),
    )


@transaction.atomic
def report_send_opinions(
    *, actor: User, report: WorkReport, content: str, today: dt.date | None = None
) -> WorkReport:
    """Staff send the deliberation opinions adopted by the chairpersons' meeting; the unit owes
    its rectification report by the rule's deadline (working days, holidays known)."""
    report = lock(report)
    require_staff(actor)
    WORK_REPORT.check(report, "send_opinions")
    content = _content(content, "content", _("请填写审议意见。"))
    start = today or local_today()
    due = deadline_after(start, rule_get("supervision.rectification_deadline"))
    report = transition(
        report,
        WORK_REPORT,
        "send_opinions",
        actor=actor,
        locked=True,
        changes={"opinions": content, "opinions_sent_at": timezone.now(), "rectification_due": due},
        note=_("整改报告期限：%(d)s") % {"d": due},
    )
    _tell_unit(
        report,
        key=f"supervision:report:{report.pk}:opinions",
        title=Message(gettext_noop("审议意见已交办：%(t)s"), t=report.title),
        body=Message(gettext_noop("请研究处理，于 %(d)s 前报告整改情况。"), d=due),
        level=Notification.Level.REMINDER,
    )
    return report


@transaction.atomic
def report_submit_rectification(
    *, actor: User, report: WorkReport, content: str, attachments: Iterable = ()
) -> RectificationReport:
    """The unit reports how it studied and handled the opinions (this round's report, text +
    attachments checked by content)."""
    report = lock(report)
    _check_unit(actor, report)
    WORK_REPORT.check(report, "report_rectification")
    content = _content(content, "content", _("请填写整改情况。"))
    files = _check_files(attachments)
    rectification = RectificationReport.objects.create(
        report=report,
        round=report.round,
        content=content,
        due_date=report.rectification_due,
        submitted_by=actor,
    )
    _attach(report, files, actor, rectification)
    report = transition(
        report,
        WORK_REPORT,
        "report_rectification",
        actor=actor,
        locked=True,
        note=_("第%(n)d次整改报告") % {"n": report.round},
    )
    _tell_staff(
        report,
        key=f"supervision:report:{report.pk}:rectification:{report.round}",
        title=Message(gettext_noop("整改情况已报告：%(t)s"), t=report.title),
        body=report.unit.name,
    )
    return rectification


def vote_fails(*, unsatisfied: int, total: int, threshold: Fraction) -> bool:
    """More than the threshold unsatisfied (exactly the threshold passes)."""
    return Fraction(unsatisfied, total) > threshold


def _counts(satisfied, basically_satisfied, unsatisfied) -> tuple[int, int, int]:
    errors = {}
    values = {}
    for name, value in (
        ("satisfied", satisfied),
        ("basically_satisfied", basically_satisfied),
        ("unsatisfied", unsatisfied),
    ):
        try:
            number = int(value)
        except (TypeError, ValueError):
            errors[name] = [_("请填写整数票数。")]
            continue
        if number < 0 or isinstance(value, bool):
            errors[name] = [_("票数不能为负数。")]
        values[name] = number
    if errors:
        raise ApplicationError(_("测评票数有误。"), extra=errors)
    if sum(values.values()) == 0:
        raise ApplicationError(
            _("测评票数合计不能为零。"), code="no_votes", extra={"satisfied": [_("请填写测评票数。")]}
        )
    return values["satisfied"], values["basically_satisfied"], values["unsatisfied"]


@transaction.atomic
def report_vote(
    *,
    actor: User,
    report: WorkReport,
    satisfied: int,
    basically_satisfied: int,
    unsatisfied: int,
    today: dt.date | None = None,
) -> WorkReport:
    """Staff record the members' satisfaction vote on this round's rectification report. More
    than the rule's share unsatisfied: a new rectification report is owed by the second
    deadline; otherwise the report is closed (and public)."""
    report = lock(report)
    require_staff(actor)
    WORK_REPORT.check(report, "vote", target=R.CLOSED)
    satisfied, basically, unsatisfied = _counts(satisfied, basically_satisfied, unsatisfied)
    threshold = rule_get("supervision.unsatisfied_threshold")
    total = satisfied + basically + unsatisfied
    failed = vote_fails(unsatisfied=unsatisfied, total=total, threshold=threshold)
    SatisfactionVote.objects.create(
        report=report,
        round=report.round,
        satisfied=satisfied,
        basically_satisfied=basically,
        unsatisfied=unsatisfied,
        result=SatisfactionVote.Result.FAILED if failed else SatisfactionVote.Result.PASSED,
        threshold=str(threshold),
        recorded_by=actor,
    )
    counts = Message(
        gettext_noop("满意 %(a)d，基本满意 %(b)d，不满意 %(c)d"), a=satisfied, b=basically, c=unsatisfied
    )
    if failed:
        due = deadline_after(today or local_today(), rule_get("supervision.second_rectification_deadline"))
        report = transition(
            report,
            WORK_REPORT,
            "vote",
            actor=actor,
            locked=True,
            target=R.RECTIFYING,
            changes={"round": report.round + 1, "rectification_due": due},
            note=_("%(c)s；不满意票超过规定比例，须于 %(d)s 前再次报告整改情况")
            % {"c": str(counts), "d": due},
        )
        _tell_unit(
            report,
            key=f"supervision:report:{report.pk}:vote:{report.round - 1}",
            title=Message(gettext_noop("满意度测评未通过：%(t)s"), t=report.title),
            body=Message(gettext_noop("请继续整改，于 %(d)s 前再次报告整改情况。"), d=due),
            level=Notification.Level.WARNING,
        )
        return report
    report = transition(
        report,
        WORK_REPORT,
        "vote",
        actor=actor,
        locked=True,
        target=R.CLOSED,
        changes={"closed_at": timezone.now()},
        note=str(counts),
    )
    _tell_unit(
        report,
        key=f"supervision:report:{report.pk}:vote:{report.round}",
        title=Message(gettext_noop("满意度测评通过：%(t)s"), t=report.title),
        body=counts,
    )
    return report


@transaction.atomic
def report_follow_up(*, actor: User, report: WorkReport, content: str) -> FollowUp:
    """Staff record a follow-up entry (跟踪问效), from the opinions on (also after closing)."""
    report = lock(report)
    require_staff(actor)
    WORK_REPORT.check(report, "follow_up")
    content = _content(content, "content", _("请填写跟踪问效情况。"))
    report = transition(report, WORK_REPORT, "follow_up", actor=actor, locked=True, note=content[:200])
    return FollowUp.objects.create(report=report, content=content, author=actor)


@transaction.atomic
def report_withhold(*, actor: User, report: WorkReport, parts, reason: str) -> WorkReport:
    """Staff keep parts of the record (report, opinions, rectification, vote) off the website,
    with a reason kept on the record and its timeline."""
    require_staff(actor)
    parts = set(parts or ())
    if not parts or parts - set(PARTS):
        raise field_error("parts", _("请选择不公开的部分。"))
    reason = required_text(reason, "reason", _("请填写不公开的理由。"))[:300]
    changes = {f"withhold_{part}": part in parts for part in PARTS}
    changes["withheld_reason"] = reason
    return transition(
        report, WORK_REPORT, "withhold", actor=actor, changes=changes, note=reason, reason=_("不公开")
    )


@transaction.atomic
def report_unwithhold(*, actor: User, report: WorkReport, note: str = "") -> WorkReport:
    """Staff make the whole record public again."""
    require_staff(actor)
    changes = {f"withhold_{part}": False for part in PARTS}
    changes["withheld_reason"] = ""
    return transition(report, WORK_REPORT, "unwithhold", actor=actor, changes=changes, note=note)
