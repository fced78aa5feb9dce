"""Celery tasks of the budget: thin, they call services."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


@shared_task(name="budget.tasks.send_daily_reminders", acks_late=True, label=_("审计整改每日提醒与逾期督办"))
def send_daily_reminders(today: str | None = None) -> dict:
    """The daily scan (beat: ``budget-daily-reminders``): reminders before an audit finding's
    rectification report is due, overdue notices to the unit and staff. Idempotent: rerunning
    the same day, or a retry, sends nothing twice. ``today`` (ISO date) is for replays and tests."""
    from budget.services_audit import send_daily_reminders as scan

    counts = scan(today=dt.date.fromisoformat(today) if today else None)
    logger.info("budget daily reminders: %s", counts)
    return counts
