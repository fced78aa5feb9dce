"""The daily reminder scan of supervision, a user of the kernel's reminder engine
(``congress.casework.reminders``).

What a unit owes by a deadline — a work report (``due_date``), a rectification report
(``rectification_due``, first or later round), an answer to an interpellation
(``answer_due``), a reply to a deputy's court-hearing remarks (``reply_due``), a report on an
inquiry commitment (``due_date``), the rectification of a law-enforcement inspection's issue
(``deadline``, a new one after a redo), the corrected text of a normative document
(``correction_due``) and — owed by staff — the review of a filed one (``review_due``) and the
answer to a citizen's review suggestion (``answer_due``) — earns a reminder at each milestone
of ``supervision.reminder_milestones``
(working days before the deadline); once the deadline has passed, an overdue notice to the
unit's officers and to the users of the responsible working committee (the plan item's, the
inquiry's), and
one digest a day to committee staff of what became overdue.

Idempotent (marks per item/deadline/milestone, notices per recipient/key; a new deadline —
a second rectification — earns new reminders) and chunked with a constant number of queries
per chunk, whatever the number of items."""

from __future__ import annotations

import datetime as dt

from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext_noop

from congress import roles, units
from congress.casework.reminders import (
    DeadlineScan,
    Notice,
    escalate_overdue,
    remind_before_deadline,
    send_digest,
)
from congress.models import Notification
from congress.notifications import Message
from congress.rules import rule_get
from congress.workdays import WorkCalendar
from supervision.models import (
    FilingSuggestion,
    HearingAttendance,
    InquiryCommitment,
    InspectionIssue,
    Interpellation,
    NormativeDocument,
    WorkReport,
)
from supervision.models_major_matters import MajorMatter
from supervision.services._common import url_for

R = WorkReport.State
I = Interpellation.State  # noqa: E741


# Where a scan's rows name their responsible working committee (the escalation's readers).
COMMITTEE_FIELDS = (
    "plan_item__committee_id",
    "question__inquiry__committee_id",
    "committee_id",
    "inspection__committee_id",
)
# The admin page an escalation links to, per kind.
ADMIN_PAGES = {
    "supervision.report_due": "admin:supervision_workreport_change",
    "supervision.rectification_due": "admin:supervision_workreport_change",
    "supervision.commitment_due": "admin:supervision_inquirycommitment_change",
    "supervision.major_matter_feedback_due": "admin:supervision_majormatter_change",
    "supervision.inspection_issue_due": "admin:supervision_inspectionissue_change",
    "supervision.filing_correction_due": "admin:supervision_normativedocument_change",
}


def _committee_of(row):
    return next((row[name] for name in COMMITTEE_FIELDS if row.get(name)), None)


def _scans(officers: dict[int, list[int]]):
    """(scan, what is owed, page name) for each kind of deadline, and the reader of the
    responsible working committees' users (for the escalation)."""

    def recipients(rows):
        return {row["pk"]: officers.get(row["unit_id"], []) for row in rows}

    staff = units.staff_user_ids()

    def staff_recipients(rows):
        return {row["pk"]: staff for row in rows}

    def committee_users(rows):
        committees = {_committee_of(row) for row in rows} - {None}
        return units.unit_user_ids(committees) if committees else {}

    report_fields = ("unit_id", "unit__name", "title", "plan_item__committee_id")
    return [
        (
            DeadlineScan(
                kind="supervision.report_due",
                items=WorkReport.objects.filter(state=R.REQUESTED),
                deadline="due_date",
                fields=report_fields,
                recipients=recipients,
            ),
            Message(gettext_noop("专项工作报告")),
            "portal:supervision-report",
        ),
        (
            DeadlineScan(
                kind="supervision.rectification_due",
                items=WorkReport.objects.filter(state__in=[R.OPINIONS_SENT, R.RECTIFYING]),
                deadline="rectification_due",
                fields=report_fields,
                recipients=recipients,
            ),
            Message(gettext_noop("整改情况报告")),
            "portal:supervision-report",
        ),
        (
            DeadlineScan(
                kind="supervision.answer_due",
                items=Interpellation.objects.filter(state__in=[I.ACCEPTED, I.REANSWER_REQUESTED]),
                deadline="answer_due",
                fields=("unit_id", "unit__name", "title"),
                recipients=recipients,
            ),
            Message(gettext_noop("质询答复")),
            "portal:supervision-interpellation",
        ),
        (
            DeadlineScan(
                kind="supervision.hearing_reply_due",
                items=HearingAttendance.objects.filter(state=HearingAttendance.State.AWAITING_REPLY).annotate(
                    title=Concat("case_title", Value("（"), "case_number", Value("）"))
                ),
                deadline="reply_due",
                fields=("unit_id", "unit__name", "title"),
                recipients=recipients,
            ),
            Message(gettext_noop("旁听庭审意见答复")),
            "portal:supervision-hearing",
        ),
        (
            DeadlineScan(
                kind="supervision.commitment_due",
                items=InquiryCommitment.objects.filter(state=InquiryCommitment.State.OPEN).annotate(
                    title=Substr("content", 1, 60)
                ),
                deadline="due_date",
                fields=("unit_id", "unit__name", "title", "question__inquiry__committee_id"),
                recipients=recipients,
            ),
            Message(gettext_noop("询问承诺事项落实情况")),
            "portal:supervision-commitment",
        ),
        (
            DeadlineScan(
                kind="supervision.major_matter_feedback_due",
                items=MajorMatter.objects.filter(state=MajorMatter.State.OPINION_SENT),
                deadline="feedback_due",
                fields=("unit_id", "unit__name", "title", "committee_id"),
                recipients=recipients,
            ),
            Message(gettext_noop("重大事项审议意见采纳情况反馈")),
            "portal:supervision-major-matter",
        ),
        (
            DeadlineScan(
                kind="supervision.inspection_issue_due",
                items=InspectionIssue.objects.owed().with_title(),
                deadline="deadline",
                fields=("unit_id", "unit__name", "title", "inspection__committee_id"),
                recipients=recipients,
            ),
            Message(gettext_noop("执法检查问题整改情况")),
            "portal:supervision-inspection-issue",
        ),
        # Filing review: staff owe the review, the issuing unit the corrected text.
        (
            DeadlineScan(
                kind="supervision.filing_review_due",
                items=NormativeDocument.objects.filter(state=NormativeDocument.State.FILED),
                deadline="review_due",
                fields=("unit_id", "unit__name", "title"),
                recipients=staff_recipients,
            ),
            Message(gettext_noop("备案文件审查结论")),
            "portal:supervision-filing",
        ),
        (
            DeadlineScan(
                kind="supervision.filing_correction_due",
                items=NormativeDocument.objects.filter(state=NormativeDocument.State.CORRECTION_REQUESTED),
                deadline="correction_due",
                fields=("unit_id", "unit__name", "title"),
                recipients=recipients,
            ),
            Message(gettext_noop("备案文件纠正后文本")),
            "portal:supervision-filing",
        ),
        # A citizen's review suggestion (审查建议): staff owe the answer by ``answer_due``
        # (rule ``supervision.filing_suggestion_answer_deadline``); it has no portal page.
        (
            DeadlineScan(
                kind="supervision.filing_suggestion_due",
                items=FilingSuggestion.objects.filter(state=FilingSuggestion.State.RECEIVED).annotate(
                    title=Concat("receipt", Value(" · "), Substr("filing__title", 1, 60))
                ),
                deadline="answer_due",
                fields=("filing__unit_id", "filing__unit__name", "title"),
                recipients=staff_recipients,
            ),
            Message(gettext_noop("公民审查建议答复")),
            "admin:supervision_filingsuggestion_change",
        ),
    ], committee_users


def send_daily_reminders(*, today: dt.date | None = None) -> dict[str, int]:
    """The daily scan. Returns how many notices of each kind were created."""
    today = today or timezone.localdate()
    calendar = WorkCalendar()
    officers = units.unit_user_ids(role=roles.UNIT_OFFICER)
    milestones = rule_get("supervision.reminder_milestones")
    scans, committee_users = _scans(officers)
    counts = {"reminders": 0, "overdue": 0, "digest": 0}
    newly, examples = [0], []
    for scan, what, page in scans:

        def reminder(row, days, milestone, what=what, page=page, kind=scan.kind):
            deadline = row["casework_deadline"]
            return Notice(
                key=f"{kind}:{row['pk']}:{deadline}:{milestone}",
                title=Message(gettext_noop("到期提醒：%(what)s · %(t)s"), what=what, t=row["title"]),
                body=Message(
                    gettext_noop("还有 %(n)d 个工作日到期（%(d)s），请按期报送%(what)s。"),
                    n=days,
                    d=deadline,
                    what=what,
                ),
                url=url_for(page, row["pk"]),
                level=Notification.Level.REMINDER,
            )

        def text(row, what=what):
            return Message(
                gettext_noop("%(unit)s的%(what)s“%(t)s”已超过期限（%(d)s）。"),
                # a citizen's suggestion names the unit of the document it is about
                unit=row.get("unit__name") or row.get("filing__unit__name", ""),
                what=what,
                t=row["title"],
                d=row["casework_deadline"],
            )

        def overdue(row, page=page, kind=scan.kind, text=text):
            return Notice(
                key=f"{kind}:{row['pk']}:overdue:{row['casework_deadline']}",
                title=Message(gettext_noop("已逾期：%(t)s"), t=row["title"]),
                body=text(row),
                url=url_for(page, row["pk"]),
                level=Notification.Level.WARNING,
            )

        def escalate(rows, kind=scan.kind, text=text):
            users = committee_users(rows)
            result = {}
            for row in rows:
                committee = _committee_of(row)
                notice = Notice(
                    key=f"{kind}:{row['pk']}:overdue:{row['casework_deadline']}",
                    title=Message(gettext_noop("逾期督办：%(t)s"), t=row["title"]),
                    body=text(row),
                    url=url_for(ADMIN_PAGES[kind], row["pk"]),
                    level=Notification.Level.WARNING,
                )
                result[row["pk"]] = [(uid, notice) for uid in users.get(committee, [])]
            return result

        def on_batch(rows, text=text):
            newly[0] += len(rows)
            for row in rows[: 5 - len(examples)]:
                examples.append(text(row))

        scan.reminder, scan.overdue = reminder, overdue
        if any(name in scan.fields for name in COMMITTEE_FIELDS):
            scan.escalate = escalate
        counts["reminders"] += remind_before_deadline(
            scan, milestones=milestones, today=today, calendar=calendar
        )
        counts["overdue"] += escalate_overdue(scan, today=today, on_batch=on_batch)
    counts["digest"] = send_digest(
        recipient_ids=units.staff_user_ids(),
        key=f"supervision:overdue-digest:{today}",
        title=Message(gettext_noop("监督事项：今日新增 %(n)d 项逾期"), n=newly[0]),
        lines=examples,
        total=newly[0],
        url=url_for("admin:supervision_workreport_changelist"),
    )
    return counts
