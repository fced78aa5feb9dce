"""The daily reminder scan (seed 十一: nothing is forgotten past its deadline), as a user of the
case-work kernel's reminder engine (``congress.casework.reminders``).

- Units: a reminder at each milestone of ``proposals.reminder_milestones`` (working days before
  the deadline) for every open assignment; once the deadline has passed an overdue notice to the
  unit and to the supervising working committee (counterpart oversight), and one digest a day to
  committee staff and the government office reviewers of what became overdue.
- Deputies: a reminder a few working days before the rating deadline; replied proposals past it
  close as "not rated" (``transition_many``, the bulk form of ``proposal_close_unrated``), and
  what was still open of them closes too.

Only open assignments (``Assignment.OPEN_STATES``) are reminded: one whose proposal closed is
``closed`` (已办结) and owes nothing.

Idempotent (marks per item/deadline/milestone, notices per recipient/key) and chunked with a
constant number of queries per chunk, whatever the number of rows."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress import units
from congress.casework.reminders import (
    CHUNK,
    DeadlineScan,
    Notice,
    chunks,
    escalate_overdue,
    remind_before_deadline,
    send_digest,
)
from congress.casework.services import transition_many
from congress.models import Notification, Organization
from congress.notifications import Message
from congress.rules import rule_get
from congress.workdays import WorkCalendar
from proposals.models import Assignment, Proposal
from proposals.services._common import assignment_url, now, proposal_url, url_for
from proposals.services.proposals import assignments_close_open
from proposals.services.search import proposal_search_refresh
from proposals.workflow import PROPOSAL


def _unit_recipients(officers: dict[int, list[int]]):
    def recipients(rows: list[dict]) -> dict[int, list[int]]:
        return {row["pk"]: officers.get(row["unit_id"], []) for row in rows}

    return recipients


def _assignment_scan(kind: str, officers: dict[int, list[int]], fields: tuple[str, ...]) -> DeadlineScan:
    return DeadlineScan(
        kind=kind,
        items=Assignment.objects.filter(state__in=Assignment.OPEN_STATES),
        fields=fields,
        recipients=_unit_recipients(officers),
    )


def _unit_reminders(today: dt.date, calendar: WorkCalendar, officers: dict[int, list[int]]) -> int:
    def reminder(row, days, milestone):
        what = Message(
            gettext_noop("答复") if row["role"] == Assignment.Role.LEAD else gettext_noop("协办意见")
        )
        deadline = row["casework_deadline"]
        return Notice(
            key=f"assignment:{row['pk']}:due:{deadline}:{milestone}",
            title=Message(gettext_noop("到期提醒：")) + row["proposal__title"],
            body=Message(
                gettext_noop("还有 %(n)d 个工作日到期（%(d)s）：%(title)s，请按期提交%(what)s。"),
                n=days,
                d=deadline,
                title=row["proposal__title"],
                what=what,
            ),
            url=assignment_url(row["pk"]),
            level=Notification.Level.REMINDER,
        )

    scan = _assignment_scan("proposals.unit_due", officers, ("unit_id", "proposal__title", "role"))
    scan.reminder = reminder
    return remind_before_deadline(
        scan, milestones=rule_get("proposals.reminder_milestones"), today=today, calendar=calendar
    )


def _overdue_escalations(today: dt.date, officers: dict[int, list[int]]) -> int:
    """Each newly overdue assignment: a notice to the unit and to the supervising working
    committee's users; committee staff and the government office reviewers get one digest a
    day of what became overdue, not one notice per item."""

    def text(row):
        return Message(
            gettext_noop("%(unit)s承办的“%(title)s”已超过答复期限（%(d)s）。"),
            unit=row["unit__name"],
            title=row["proposal__title"],
            d=row["casework_deadline"],
        )

    def overdue(row):
        return Notice(
            key=f"assignment:{row['pk']}:overdue:{row['casework_deadline']}",
            title=Message(gettext_noop("已逾期：")) + row["proposal__title"],
            body=text(row),
            url=assignment_url(row["pk"]),
            level=Notification.Level.WARNING,
        )

    def escalate(rows):
        committees = {row["proposal__oversight_committee_id"] for row in rows} - {None}
        committee_users = units.unit_user_ids(committees) if committees else {}
        result = {}
        for row in rows:
            notice = Notice(
                key=f"assignment:{row['pk']}:overdue:{row['casework_deadline']}",
                title=Message(gettext_noop("逾期督办：")) + row["proposal__title"],
                body=text(row),
                url=proposal_url(row["proposal_id"]),
                level=Notification.Level.WARNING,
            )
            users = committee_users.get(row["proposal__oversight_committee_id"], [])
            result[row["pk"]] = [(uid, notice) for uid in users]
        return result

    newly, examples = [0], []

    def on_batch(rows):
        newly[0] += len(rows)
        for row in rows[: 5 - len(examples)]:
            examples.append(f"{row['unit__name']}：{row['proposal__title']}")

    scan = _assignment_scan(
        "proposals.overdue",
        officers,
        ("unit_id", "unit__name", "proposal_id", "proposal__title", "proposal__oversight_committee_id"),
    )
    scan.overdue, scan.escalate = overdue, escalate
    sent = escalate_overdue(scan, today=today, on_batch=on_batch)
    sent += send_digest(
        recipient_ids={*units.staff_user_ids(), *units.office_reviewer_ids(Organization.Kind.GOV_OFFICE)},
        key=f"proposals:overdue-digest:{today}",
        title=Message(gettext_noop("逾期督办：今日新增 %(n)d 件逾期未答复的建议"), n=newly[0]),
        lines=examples,
        total=newly[0],
        url=url_for("admin:proposals_proposal_oversight"),
    )
    return sent


def _rating_reminders(today: dt.date, calendar: WorkCalendar) -> int:
    """Remind the lead deputy a few working days before the rating deadline: the smallest
    reminder milestone above one day, or 5."""
    milestones = [m for m in rule_get("proposals.reminder_milestones") if m > 1]
    days = min(milestones) if milestones else 5

    def recipients(rows):
        return {
            row["pk"]: [row["lead_deputy__user_id"]] if row["lead_deputy__user_id"] else [] for row in rows
        }

    def reminder(row, _days, _milestone):
        deadline = row["casework_deadline"]
        return Notice(
            key=f"proposal:{row['pk']}:rating-reminder:{deadline}",
            title=Message(gettext_noop("请对答复作出测评：")) + row["title"],
            body=Message(gettext_noop("请于 %(d)s 前作出满意度测评，逾期将按未测评办结。"), d=deadline),
            url=proposal_url(row["pk"]),
            level=Notification.Level.REMINDER,
        )

    scan = DeadlineScan(
        kind="proposals.rating",
        items=Proposal.objects.filter(state=Proposal.State.REPLIED),
        deadline="rating_deadline",
        fields=("title", "lead_deputy__user_id"),
        recipients=recipients,
        reminder=reminder,
    )
    return remind_before_deadline(scan, milestones=[days], today=today, calendar=calendar)


def proposals_close_unrated_due(*, today: dt.date) -> int:
    """Close as "not rated" every replied proposal whose rating deadline has passed, with the
    assignments still open of them, in chunks with constant queries per chunk (the bulk form of
    ``proposal_close_unrated``)."""
    closed = 0
    ids = Proposal.objects.filter(state=Proposal.State.REPLIED, rating_deadline__lt=today).values_list(
        "pk", flat=True
    )
    for batch in chunks(ids.order_by().iterator(chunk_size=CHUNK)):
        with transaction.atomic():
            rows = Proposal.objects.select_for_update().filter(
                pk__in=batch, state=Proposal.State.REPLIED, rating_deadline__lt=today
            )
            moved = transition_many(
                rows,
                PROPOSAL,
                "close_unrated",
                changes={
                    "closed_at": now(),
                    "closed_as": Proposal.ClosedAs.NOT_RATED,
                    "final_satisfaction": "",
                },
                note=_("测评期限已过，按未测评办结"),
            )
            closed_ids = [p.pk for p in moved]
            assignments_close_open(proposal_ids=closed_ids)
            proposal_search_refresh(proposal_ids=closed_ids)
            closed += len(moved)
    return closed


def send_daily_reminders(*, today: dt.date | None = None) -> dict[str, int]:
    """The daily scan. Returns how many notices of each kind were created and how many
    proposals were closed as not rated."""
    from django.utils import timezone

    today = today or timezone.localdate()
    calendar = WorkCalendar()
    officers = units.unit_user_ids()
    return {
        "unit_reminders": _unit_reminders(today, calendar, officers),
        "overdue": _overdue_escalations(today, officers),
        "rating_reminders": _rating_reminders(today, calendar),
        "closed_unrated": proposals_close_unrated_due(today=today),
    }
