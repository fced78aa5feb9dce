"""Thin Celery tasks: the daily scan over appointments, composition and the town congress."""

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from appointments.services import daily_checks_run


@shared_task(name="appointments.tasks.run_daily_checks", label=_("每日组成结构与镇人代会检查"))
def run_daily_checks() -> dict[str, int]:
    """Beat runs this every morning (``CELERY_BEAT_SCHEDULE``). Idempotent: every notice has
    a stable key, so a rerun or a retry sends nothing twice."""
    return daily_checks_run()
