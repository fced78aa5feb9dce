"""Thin Celery tasks: they take ids and call services. Names are fixed (``meetings.tasks.*``)
because the beat schedule in settings refers to them."""

import logging

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from meetings.services import attendance_publish

logger = logging.getLogger(__name__)


@shared_task(
    name="meetings.tasks.publish_attendance",
    label=_("公开会议出席情况"),
    bind=True,
    acks_late=True,
    max_retries=5,
    default_retry_delay=30,
)
def publish_attendance(self, meeting_id: int) -> int:
    """Publish one closed meeting's attendance. Safe to run twice or to retry: a published
    meeting is left alone, and rows are unique per (meeting, unit)."""
    from django.db import OperationalError

    try:
        return attendance_publish(meeting_id=meeting_id)
    except OperationalError as exc:  # a lock timeout or a lost connection: try again later
        raise self.retry(exc=exc) from exc


@shared_task(name="meetings.tasks.publish_closed_meetings_sweep", label=_("补发未公开的出席情况"))
def publish_closed_meetings_sweep() -> list[int]:
    """Every two minutes (beat): publish any closed meeting whose attendance is not public
    yet, so a message lost in a crash or a broker outage is caught within minutes."""
    pending = list(
        Meeting.objects.filter(status=Meeting.Status.CLOSED, attendance_published_at__isnull=True)
        .order_by("closed_at", "pk")
        .values_list("pk", flat=True)
    )
    published = []
    for meeting_id in pending:
        try:
            attendance_publish(meeting_id=meeting_id)
        except Exception:  # one broken meeting must not stop the others; the next sweep retries it
            logger.exception("publishing attendance of meeting %s failed", meeting_id)
            continue
        published.append(meeting_id)
    return published
