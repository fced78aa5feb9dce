"""Celery tasks of the liaison stations: thin, they call services."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


@shared_task(name="liaison.tasks.send_daily_reminders", acks_late=True, label=_("社情民意每日提醒与逾期督办"))
def send_daily_reminders(today: str | None = None) -> dict:
    """The daily scan (beat: ``liaison-daily-reminders``): a department's officers are reminded
    at the rule's milestones before an opinion's deadline, then told it is overdue, with staff.
    Idempotent. ``today`` (ISO date) is for replays and tests."""
    from liaison.reminders import send_daily_reminders as scan

    counts = scan(today=dt.date.fromisoformat(today) if today else None)
    logger.info("liaison daily reminders: %s", counts)
    return counts
