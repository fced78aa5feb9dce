"""The daily reminder scan (seed 十一: nothing is forgotten past its deadline).

For every open assignment it sends, once, a reminder to the unit at each milestone of the rule
``proposals.reminder_milestones`` (working days before the deadline), and once the deadline has
passed an overdue notice to the unit plus an escalation to the overseeing working committee
(or committee staff) and the government office reviewers. Deputies who have not rated are
reminded before their rating deadline, and replied proposals past it close as "not rated".

It is an idempotent scan over state: a ``ReminderMark`` per (target, deadline, milestone) lets
each query skip done work with an indexed anti-join, and every notice has a stable
``Notification.key`` so a rerun or a retried task never sends twice. Work happens in chunks of
``CHUNK`` rows with a constant number of queries per chunk, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from itertools import islice

from django.db import transaction
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Value, When
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from congress.models import Notification
from congress.rules import rule_get
from congress.workdays import WorkCalendar
from proposals.caching import bump_data_version_on_commit
from proposals.models import Assignment, Proposal, ProposalEvent, ReminderMark
from proposals.services._common import (
    assignment_url,
    now,
    proposal_url,
    reply_reviewer_ids,
    staff_user_ids,
    unit_user_ids,
    url_for,
)
from proposals.services.search import proposal_search_refresh

CHUNK = 2000


def _chunks(iterable, size=CHUNK):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def notify_bulk(rows: list[tuple[int, str, str, str, str, str]]) -> int:
    """Create notices in bulk, idempotent per (recipient, key) like ``congress.notifications.notify``:
    rows are (recipient_id, key, title, body, url, level). Three queries whatever the size; e-mail
    is queued for the notices created now. Returns how many were created."""
    if not rows:
        return 0
    recipients = {r[0] for r in rows}
    keys = {r[1] for r in rows}
    existing = set(
        Notification.objects.filter(recipient_id__in=recipients, key__in=keys).values_list(
            "recipient_id", "key"
        )
    )
    fresh, seen = [], set()
    for recipient_id, key, title, body, url, level in rows:
        if (recipient_id, key) in existing or (recipient_id, key) in seen:
            continue
        seen.add((recipient_id, key))
        fresh.append(
            Notification(
                recipient_id=recipient_id, key=key, title=title[:200], body=body, url=url[:300], level=level
            )
        )
    if not fresh:
        return 0
    Notification.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=1000)
    created_ids = [
        pk
        for pk, recipient_id, key in Notification.objects.filter(
            recipient_id__in={n.recipient_id for n in fresh}, key__in={n.key for n in fresh}
        ).values_list("pk", "recipient_id", "key")
        if (recipient_id, key) in seen
    ]
    from congress.tasks import deliver_notifications

    transaction.on_commit(lambda: deliver_notifications.delay(created_ids, email=True, sms=False))
    return len(created_ids)


def _marks_missing(kind: str, milestone_expr) -> Exists:
    return Exists(
        ReminderMark.objects.filter(
            kind=kind, target_id=OuterRef("pk"), deadline=OuterRef("deadline"), milestone=milestone_expr
        )
    )


def _unit_reminders(today: dt.date, calendar: WorkCalendar, officers: dict[int, list[int]]) -> int:
    milestones = sorted(rule_get("proposals.reminder_milestones"))  # ascending: 1, 5, 15
    if not milestones:
        return 0
    horizon = {m: calendar.add_workdays(today, m) for m in milestones}
    # The tightest milestone already reached: an item due in 3 working days gets the 5-day
    # reminder, not the 15-day one it missed (e.g. assigned late).
    milestone_expr = Case(
        *[When(deadline__lte=horizon[m], then=Value(m)) for m in milestones],
        output_field=IntegerField(),
    )
    rows = (
        Assignment.objects.filter(
            state__in=Assignment.OPEN_STATES, deadline__gte=today, deadline__lte=horizon[milestones[-1]]
        )
        .annotate(milestone=milestone_expr)
        .exclude(_marks_missing(ReminderMark.Kind.UNIT_DUE, OuterRef("milestone")))
        .values_list("pk", "unit_id", "deadline", "milestone", "proposal__title", "role")
        .order_by()
    )
    sent = 0
    for batch in _chunks(rows.iterator(chunk_size=CHUNK)):
        notes, marks = [], []
        for pk, unit_id, deadline, milestone, title, role in batch:
            days = calendar.workdays_between(today, deadline)
            what = _("答复") if role == Assignment.Role.LEAD else _("协办意见")
            text = _("还有 %(n)d 个工作日到期（%(d)s）：%(title)s，请按期提交%(what)s。") % {
                "n": days,
                "d": deadline,
                "title": title,
                "what": what,
            }
            key = f"assignment:{pk}:due:{deadline}:{milestone}"
            for user_id in officers.get(unit_id, []):
                notes.append(
                    (
                        user_id,
                        key,
                        _("到期提醒：") + title,
                        text,
                        assignment_url(pk),
                        Notification.Level.REMINDER,
                    )
                )
            marks.append(
                ReminderMark(
                    kind=ReminderMark.Kind.UNIT_DUE, target_id=pk, deadline=deadline, milestone=milestone
                )
            )
        with transaction.atomic():
            sent += notify_bulk(notes)
            ReminderMark.objects.bulk_create(marks, ignore_conflicts=True)
    return sent


def _overdue_escalations(today: dt.date, officers: dict[int, list[int]]) -> int:
    """Each newly overdue assignment: a notice to the unit and to the overseeing working
    committee's users (counterpart oversight); committee staff and the government office
    reviewers get one digest a day of what became overdue, not one notice per item."""
    rows = (
        Assignment.objects.filter(state__in=Assignment.OPEN_STATES, deadline__lt=today)
        .exclude(_marks_missing(ReminderMark.Kind.OVERDUE, 0))
        .values_list(
            "pk",
            "unit_id",
            "unit__name",
            "deadline",
            "proposal_id",
            "proposal__title",
            "proposal__oversight_committee_id",
        )
        .order_by()
    )
    sent, newly_overdue, examples = 0, 0, []
    for batch in _chunks(rows.iterator(chunk_size=CHUNK)):
        committees = {row[6] for row in batch if row[6]}
        committee_users = unit_user_ids(committees) if committees else {}
        notes, marks = [], []
        for pk, unit_id, unit_name, deadline, proposal_id, title, committee_id in batch:
            text = _("%(unit)s承办的“%(title)s”已超过答复期限（%(d)s）。") % {
                "unit": unit_name,
                "title": title,
                "d": deadline,
            }
            key = f"assignment:{pk}:overdue:{deadline}"
            for user_id in officers.get(unit_id, []):
                notes.append(
                    (
                        user_id,
                        key,
                        _("已逾期：") + title,
                        text,
                        assignment_url(pk),
                        Notification.Level.WARNING,
                    )
                )
            for user_id in committee_users.get(committee_id, []) if committee_id else []:
                notes.append(
                    (
                        user_id,
                        key,
                        _("逾期督办：") + title,
                        text,
                        proposal_url(proposal_id),
                        Notification.Level.WARNING,
                    )
                )
            marks.append(
                ReminderMark(kind=ReminderMark.Kind.OVERDUE, target_id=pk, deadline=deadline, milestone=0)
            )
            if len(examples) < 5:
                examples.append(f"{unit_name}：{title}")
        newly_overdue += len(batch)
        with transaction.atomic():
            sent += notify_bulk(notes)
            ReminderMark.objects.bulk_create(marks, ignore_conflicts=True)
    if newly_overdue:
        title = _("逾期督办：今日新增 %(n)d 件逾期未答复的建议") % {"n": newly_overdue}
        body = "\n".join(examples) + ("\n……" if newly_overdue > len(examples) else "")
        url = url_for("admin:proposals_proposal_oversight")
        recipients = {*staff_user_ids(), *reply_reviewer_ids()}
        with transaction.atomic():
            sent += notify_bulk(
                [
                    (uid, f"proposals:overdue-digest:{today}", title, body, url, Notification.Level.WARNING)
                    for uid in recipients
                ]
            )
    return sent


def _rating_reminders(today: dt.date, calendar: WorkCalendar) -> int:
    """Remind the lead deputy (and confirmed co-signers) a few working days before the rating
    deadline: the smallest reminder milestone above one day, or 5."""
    milestones = [m for m in rule_get("proposals.reminder_milestones") if m > 1]
    days = min(milestones) if milestones else 5
    horizon = calendar.add_workdays(today, days)
    rows = (
        Proposal.objects.filter(
            state=Proposal.State.REPLIED, rating_deadline__gte=today, rating_deadline__lte=horizon
        )
        .annotate(deadline=F("rating_deadline"))
        .exclude(_marks_missing(ReminderMark.Kind.RATING, 0))
        .values_list("pk", "title", "rating_deadline", "lead_deputy__user_id")
        .order_by()
    )
    sent = 0
    for batch in _chunks(rows.iterator(chunk_size=CHUNK)):
        notes, marks = [], []
        for pk, title, deadline, user_id in batch:
            if user_id:
                notes.append(
                    (
                        user_id,
                        f"proposal:{pk}:rating-reminder:{deadline}",
                        _("请对答复作出测评：") + title,
                        _("请于 %(d)s 前作出满意度测评，逾期将按未测评办结。") % {"d": deadline},
                        proposal_url(pk),
                        Notification.Level.REMINDER,
                    )
                )
            marks.append(
                ReminderMark(kind=ReminderMark.Kind.RATING, target_id=pk, deadline=deadline, milestone=0)
            )
        with transaction.atomic():
            sent += notify_bulk(notes)
            ReminderMark.objects.bulk_create(marks, ignore_conflicts=True)
    return sent


def proposals_close_unrated_due(*, today: dt.date) -> int:
    """Close as "not rated" every replied proposal whose rating deadline has passed, in chunks
    with constant queries per chunk (the bulk form of ``proposal_close_unrated``)."""
    closed = 0
    ids = Proposal.objects.filter(state=Proposal.State.REPLIED, rating_deadline__lt=today).values_list(
        "pk", flat=True
    )
    for batch in _chunks(ids.order_by().iterator(chunk_size=CHUNK)):
        with transaction.atomic():
            proposals = list(
                Proposal.objects.select_for_update().filter(
                    pk__in=batch, state=Proposal.State.REPLIED, rating_deadline__lt=today
                )
            )
            stamp = now()
            for proposal in proposals:
                proposal.state, proposal.closed_at, proposal.closed_as = (
                    Proposal.State.CLOSED,
                    stamp,
                    Proposal.ClosedAs.NOT_RATED,
                )
                proposal.final_satisfaction = ""
                proposal.updated_at = stamp
                proposal._change_reason = "逾期未测评"
            bulk_update_with_history(
                proposals,
                Proposal,
                ["state", "closed_at", "closed_as", "final_satisfaction", "updated_at"],
                batch_size=500,
                default_change_reason="逾期未测评",
            )
            proposal_search_refresh(proposal_ids=[p.pk for p in proposals])
            bump_data_version_on_commit()
            ProposalEvent.objects.bulk_create(
                [
                    ProposalEvent(
                        proposal=p,
                        action="close_unrated",
                        from_state=Proposal.State.REPLIED,
                        to_state=Proposal.State.CLOSED,
                        note=_("测评期限已过，按未测评办结"),
                    )
                    for p in proposals
                ]
            )
            closed += len(proposals)
    return closed


def send_daily_reminders(*, today: dt.date | None = None) -> dict[str, int]:
    """The daily scan. Returns how many notices of each kind were created and how many
    proposals were closed as not rated."""
    from django.utils import timezone

    today = today or timezone.localdate()
    calendar = WorkCalendar()
    officers = unit_user_ids()
    return {
        "unit_reminders": _unit_reminders(today, calendar, officers),
        "overdue": _overdue_escalations(today, officers),
        "rating_reminders": _rating_reminders(today, calendar),
        "closed_unrated": proposals_close_unrated_due(today=today),
    }
