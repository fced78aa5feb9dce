"""Rule-driven reminders and escalation for anything owed by a deadline.

A domain app describes each scan — which open items, which deadline, the rule with the
milestones (working days before the deadline), who is told and what — and calls
``remind_before_deadline`` / ``escalate_overdue`` from its daily task. The engine:

- sends, once, a reminder at the tightest milestone already reached (an item due in 3 working
  days gets the 5-day reminder, not the 15-day one it missed);
- once the deadline has passed, an overdue notice to the item's own recipients and to its
  escalation recipients, and returns the newly overdue rows so the app can send one **digest**
  per recipient (``send_digest``) instead of one notice per item;
- is idempotent per (kind, item, deadline, milestone) through ``ReminderMark`` (an indexed
  anti-join skips done work) and per (recipient, key) through ``Notification.key``, so a rerun
  or a retried task sends nothing twice, and a changed deadline earns new reminders;
- works in chunks of ``CHUNK`` rows with a constant number of queries per chunk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.db import transaction
from django.db.models import Case, Exists, F, IntegerField, OuterRef, QuerySet, Value, When

from congress import roles, units
from congress.casework.models import ReminderMark
from congress.models import Notification
from congress.notifications import Message, notify_bulk
from congress.workdays import WorkCalendar

CHUNK = 2000


@dataclass(frozen=True)
class Notice:
    """What one recipient is told about one item: ``title`` and ``body`` are Messages (shown in
    each reader's language, see ``congress.notifications``), or text someone wrote."""

    key: str
    title: Message | str
    body: Message | str = ""
    url: str = ""
    level: str = Notification.Level.REMINDER


@dataclass
class DeadlineScan:
    """One kind of item owed by a deadline.

    ``items``: the open items (a queryset; the scan adds the deadline and milestone filters).
    ``deadline``: the date field (or expression) holding the deadline. ``fields``: what the
    messages need, read with ``values()`` (related fields with ``__``). ``recipients(rows)``:
    row pk -> user ids to tell, for a chunk of rows (a constant number of queries).
    ``reminder(row, days_left, milestone)`` and ``overdue(row)``: the ``Notice`` for a row, or
    None to send nothing. ``escalate(rows)``: row pk -> more user ids told when overdue
    (a supervising committee), besides ``recipients``."""

    kind: str
    items: QuerySet
    fields: tuple[str, ...]
    recipients: Callable[[list[dict]], dict[Any, list[int]]]
    reminder: Callable[[dict, int, int], Notice | None] | None = None
    overdue: Callable[[dict], Notice | None] | None = None
    escalate: Callable[[list[dict]], dict[Any, list[tuple[int, Notice]]]] | None = None
    deadline: str = "deadline"


def chunks(iterable: Iterable, size: int = CHUNK):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def _marked(kind: str, milestone) -> Exists:
    return Exists(
        ReminderMark.objects.filter(
            kind=kind, target_id=OuterRef("pk"), deadline=OuterRef("casework_deadline"), milestone=milestone
        )
    )


def _send(rows_notes: list, marks: list[ReminderMark]) -> int:
    with transaction.atomic():
        sent = notify_bulk(rows_notes)
        ReminderMark.objects.bulk_create(marks, ignore_conflicts=True)
    return sent


def remind_before_deadline(
    scan: DeadlineScan, *, milestones: Iterable[int], today: dt.date, calendar: WorkCalendar
) -> int:
    """Send each item's reminder at the tightest milestone reached. Returns notices created."""
    milestones = sorted(set(milestones))  # ascending: 1, 5, 15
    if not milestones or scan.reminder is None:
        return 0
    horizon = {m: calendar.add_workdays(today, m) for m in milestones}
    milestone_expr = Case(
        *[When(casework_deadline__lte=horizon[m], then=Value(m)) for m in milestones],
        output_field=IntegerField(),
    )
    rows = (
        scan.items.annotate(casework_deadline=F(scan.deadline))
        .filter(casework_deadline__gte=today, casework_deadline__lte=horizon[milestones[-1]])
        .annotate(casework_milestone=milestone_expr)
        .exclude(_marked(scan.kind, OuterRef("casework_milestone")))
        .values("pk", "casework_deadline", "casework_milestone", *scan.fields)
        .order_by()
    )
    sent = 0
    for batch in chunks(rows.iterator(chunk_size=CHUNK)):
        recipients = scan.recipients(batch)
        notes, marks = [], []
        for row in batch:
            deadline, milestone = row["casework_deadline"], row["casework_milestone"]
            notice = scan.reminder(row, calendar.workdays_between(today, deadline), milestone)
            if notice is not None:
                notes.extend(_rows(recipients.get(row["pk"], []), notice))
            marks.append(
                ReminderMark(kind=scan.kind, target_id=row["pk"], deadline=deadline, milestone=milestone)
            )
        sent += _send(notes, marks)
    return sent


def escalate_overdue(
    scan: DeadlineScan, *, today: dt.date, on_batch: Callable[[list[dict]], None] | None = None
) -> int:
    """Tell, once per deadline, the item's recipients and its escalation recipients that the
    deadline has passed. ``on_batch(rows)`` sees every newly overdue row (for a digest).
    Returns notices created."""
    rows = (
        scan.items.annotate(casework_deadline=F(scan.deadline))
        .filter(casework_deadline__lt=today)
        .exclude(_marked(scan.kind, 0))
        .values("pk", "casework_deadline", *scan.fields)
        .order_by()
    )
    sent = 0
    for batch in chunks(rows.iterator(chunk_size=CHUNK)):
        recipients = scan.recipients(batch)
        escalations = scan.escalate(batch) if scan.escalate else {}
        notes, marks = [], []
        for row in batch:
            notice = scan.overdue(row) if scan.overdue else None
            if notice is not None:
                notes.extend(_rows(recipients.get(row["pk"], []), notice))
            for user_id, extra in escalations.get(row["pk"], []):
                notes.extend(_rows([user_id], extra))
            marks.append(
                ReminderMark(
                    kind=scan.kind, target_id=row["pk"], deadline=row["casework_deadline"], milestone=0
                )
            )
        if on_batch is not None:
            on_batch(batch)
        sent += _send(notes, marks)
    return sent


def send_digest(
    *,
    recipient_ids: Iterable[int],
    key: str,
    title: Message | str,
    lines: list[Message | str],
    total: int,
    url: str = "",
    level: str = Notification.Level.WARNING,
) -> int:
    """One notice per recipient summing up ``total`` items (the first ``lines`` named), instead of
    one notice per item: at district scale per-item escalations would be thousands a day."""
    if not total:
        return 0
    lines = [*lines, "……"] if total > len(lines) else list(lines)
    body = Message.join("\n", lines) if any(isinstance(line, Message) for line in lines) else "\n".join(lines)
    notice = Notice(key=key, title=title, body=body, url=url, level=level)
    with transaction.atomic():
        return notify_bulk(_rows(set(recipient_ids), notice))


def _rows(user_ids: Iterable[int], notice: Notice) -> list[tuple]:
    return [(uid, notice.key, notice.title, notice.body, notice.url, notice.level) for uid in user_ids]


@dataclass(frozen=True)
class UnitDeadlineTexts:
    """The words of a unit's reminders, as msgids (``gettext_noop``) translated per recipient:
    ``due_title`` (%(t)s the item's title), ``due_body`` (%(n)d working days left, %(d)s the
    deadline), ``overdue_title`` (%(t)s) and ``overdue_body`` (%(unit)s, %(t)s, %(d)s); staff
    are told with ``escalate_title`` (default ``overdue_title``), linked to ``staff_url(pk)``
    where given."""

    due_title: str
    due_body: str
    overdue_title: str
    overdue_body: str
    escalate_title: str = ""


def remind_unit_deadlines(
    *,
    kind: str,
    items: QuerySet,
    texts: UnitDeadlineTexts,
    url: str,
    milestones: Iterable[int],
    today: dt.date,
    staff_url: Callable[[int], str] | None = None,
) -> dict[str, int]:
    """The daily scan of what a unit owes by a deadline (``items``: rows with ``deadline``,
    ``unit`` and an annotated ``title``): the unit's officers are reminded at each milestone
    (working days before), and once the deadline has passed they and staff are told, once.
    Idempotent per (item, deadline, milestone): a new deadline earns new reminders."""
    officers = units.unit_user_ids(role=roles.UNIT_OFFICER)
    staff = units.staff_user_ids()

    def reminder(row, days, milestone):
        return Notice(
            key=f"{kind}:{row['pk']}:{row['casework_deadline']}:{milestone}",
            title=Message(texts.due_title, t=row["title"]),
            body=Message(texts.due_body, n=days, d=row["casework_deadline"]),
            url=url,
        )

    def overdue_body(row):
        return Message(texts.overdue_body, unit=row["unit__name"], t=row["title"], d=row["casework_deadline"])

    def overdue(row):
        return Notice(
            key=f"{kind}:{row['pk']}:overdue:{row['casework_deadline']}",
            title=Message(texts.overdue_title, t=row["title"]),
            body=overdue_body(row),
            url=url,
            level=Notification.Level.WARNING,
        )

    def escalate(rows):
        result = {}
        for row in rows:
            notice = Notice(
                key=f"{kind}:{row['pk']}:overdue:{row['casework_deadline']}",
                title=Message(texts.escalate_title or texts.overdue_title, t=row["title"]),
                body=overdue_body(row),
                url=staff_url(row["pk"]) if staff_url else url,
                level=Notification.Level.WARNING,
            )
            result[row["pk"]] = [(uid, notice) for uid in staff]
        return result

    scan = DeadlineScan(
        kind=kind,
        items=items,
        deadline="deadline",
        fields=("unit_id", "unit__name", "title"),
        recipients=lambda rows: {row["pk"]: officers.get(row["unit_id"], []) for row in rows},
        reminder=reminder,
        overdue=overdue,
        escalate=escalate,
    )
    return {
        "reminders": remind_before_deadline(
            scan, milestones=milestones, today=today, calendar=WorkCalendar()
        ),
        "overdue": escalate_overdue(scan, today=today),
    }
