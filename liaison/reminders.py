"""The daily scan of opinions routed to a department (a tracked item with a deadline): reminders
at the rule's milestones, an overdue notice to the unit's officers and to staff, once per
deadline (the kernel's ``DeadlineScan``)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from congress import roles, units
from congress.casework.reminders import DeadlineScan, Notice, escalate_overdue, remind_before_deadline
from congress.models import Notification
from congress.notifications import Message
from congress.rules import rule_get
from congress.workdays import WorkCalendar
from liaison.models import Opinion


def _url(pk) -> str:
    return reverse("portal:liaison-opinion", args=[pk])


def scan() -> DeadlineScan:
    officers = units.unit_user_ids(role=roles.UNIT_OFFICER)
    staff = units.staff_user_ids()

    def recipients(rows):
        return {row["pk"]: officers.get(row["unit_id"], []) for row in rows}

    def reminder(row, days, milestone):
        return Notice(
            key=f"liaison.opinion_due:{row['pk']}:{row['casework_deadline']}:{milestone}",
            title=Message(gettext_noop("社情民意到期提醒：%(r)s"), r=row["receipt"]),
            body=Message(
                gettext_noop("还有 %(n)d 个工作日到期（%(d)s），请按期办理并答复。"),
                n=days,
                d=str(row["casework_deadline"]),
            ),
            url=_url(row["pk"]),
        )

    def overdue(row):
        return Notice(
            key=f"liaison.opinion_due:{row['pk']}:overdue:{row['casework_deadline']}",
            title=Message(gettext_noop("社情民意已逾期：%(r)s"), r=row["receipt"]),
            body=Message(
                gettext_noop("%(unit)s办理的社情民意已超过期限（%(d)s）。"),
                unit=row["unit__name"],
                d=str(row["casework_deadline"]),
            ),
            url=_url(row["pk"]),
            level=Notification.Level.WARNING,
        )

    def escalate(rows):
        return {row["pk"]: [(uid, overdue(row)) for uid in staff] for row in rows}

    return DeadlineScan(
        kind="liaison.opinion_due",
        items=Opinion.objects.filter(
            state=Opinion.State.HANDLING, layer=Opinion.Layer.DEPARTMENT, deadline__isnull=False
        ),
        fields=("receipt", "unit_id", "unit__name"),
        recipients=recipients,
        reminder=reminder,
        overdue=overdue,
        escalate=escalate,
    )


def send_daily_reminders(*, today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    the_scan = scan()
    return {
        "reminders": remind_before_deadline(
            the_scan, milestones=rule_get("liaison.reminder_milestones"), today=today, calendar=WorkCalendar()
        ),
        "overdue": escalate_overdue(the_scan, today=today),
    }
