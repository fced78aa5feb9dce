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
    rectification report is due, overdue notices to the unit and staff; the same for the
    preliminary review's questions to the finance bureau and the state-assets opinions. Idempotent: rerunning
    the same day, or a retry, sends nothing twice. ``today`` (ISO date) is for replays and tests."""
    from budget.services_assets import send_opinion_reminders
    from budget.services_audit import send_daily_reminders as scan
    from budget.services_review import send_question_reminders

    day = dt.date.fromisoformat(today) if today else None
    counts = scan(today=day)
    counts["review_questions"] = send_question_reminders(today=day)
    counts["asset_opinions"] = send_opinion_reminders(today=day)
    logger.info("budget daily reminders: %s", counts)
    return counts


@shared_task(name="budget.tasks.scan_execution_warnings", acks_late=True, label=_("预算执行每日预警扫描"))
def scan_execution_warnings(today: str | None = None) -> dict:
    """The daily scan (beat: ``budget-execution-warnings``): every year's execution against the
    current version of each warning rule, and the reminders on questions to units. Idempotent:
    a rerun stores no warning twice and sends no reminder twice."""
    from budget.services_execution import question_reminders, warnings_scan

    counts = {
        "warnings": warnings_scan(),
        **question_reminders(today=dt.date.fromisoformat(today) if today else None),
    }
    logger.info("budget execution scan: %s", counts)
    return counts


@shared_task(name="budget.tasks.import_workbook", acks_late=True, label=_("导入财政局预算表（大文件）"))
def import_workbook(job_id: int) -> str:
    """A large workbook's import, queued by the admin through the outbox; progress goes to its
    ``WorkbookImport`` row. Idempotent: a second delivery finds the job taken or finished."""
    from budget.services_import import workbook_import_run

    return workbook_import_run(job_id)
