"""Celery tasks of the proposals app: thin, they call services."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


@shared_task(name="proposals.tasks.send_daily_reminders", label=_("每日办理提醒与逾期督办"), acks_late=True)
def send_daily_reminders(today: str | None = None) -> dict:
    """The daily scan (beat: ``proposals-daily-reminders``): unit reminders at the rule's
    milestones, overdue escalation, rating reminders, closing unrated proposals. Idempotent:
    rerunning the same day, or a retry, sends nothing twice. ``today`` (ISO date) is for
    replays and tests."""
    from proposals.services import send_daily_reminders as scan

    counts = scan(today=dt.date.fromisoformat(today) if today else None)
    logger.info("proposals daily reminders: %s", counts)
    return counts


@shared_task(
    name="proposals.tasks.refresh_search_after_rename", label=_("更名后刷新公开检索"), acks_late=True
)
def refresh_search_after_rename(model_label: str, pk: int) -> int:
    """After a category, deputy, deputy group or unit is renamed (``proposals.search_sync``):
    the public search finds the closed proposals under the new name. Idempotent."""
    from proposals.services.search import proposal_search_refresh_renamed

    return proposal_search_refresh_renamed(model_label=model_label, pk=pk)
