"""Celery tasks of supervision: thin, they call services."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


@shared_task(
    name="supervision.tasks.send_daily_reminders", acks_late=True, label=_("监督工作每日提醒与逾期督办")
)
def send_daily_reminders(today: str | None = None) -> dict:
    """The daily scan (beat: ``supervision-daily-reminders``): reminders at the rule's milestones
    before a report, a rectification report or an interpellation's answer is due; overdue
    notices to the unit and the responsible working committee; a digest to staff. Idempotent:
    rerunning the same day, or a retry, sends nothing twice. ``today`` (ISO date) is for
    replays and tests."""
    from supervision.services import send_daily_reminders as scan

    counts = scan(today=dt.date.fromisoformat(today) if today else None)
    logger.info("supervision daily reminders: %s", counts)
    return counts
