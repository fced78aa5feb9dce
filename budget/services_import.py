"""A large workbook import in the background (issue 13, item 2). Staff upload the finance
bureau's workbook in the admin; a small file is imported at once (``services.
book_stage_import_workbook``), a large one is kept on a ``WorkbookImport`` row and a Celery task
(queued through the outbox) reads, checks and stores it, writing its progress to the row the
admin page polls. The import stays all or nothing: the lines are stored by
``services.book_stage_import`` in one transaction, or not at all; progress and the outcome are
written outside that transaction (autocommit), so the page sees them while it runs."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from budget import services
from budget.models_import import RUNNING, ImportStatus, WorkbookImport
from congress import outbox

# A file larger than this is imported in the background with progress (settings may override).
ASYNC_BYTES = 200_000
# A run that has not reported for this long is taken to have died with its worker: a redelivered
# task takes it over.
STALE_AFTER = dt.timedelta(minutes=10)


def async_threshold() -> int:
    return getattr(settings, "BUDGET_IMPORT_ASYNC_BYTES", ASYNC_BYTES)


def is_large(file) -> bool:
    return (getattr(file, "size", 0) or 0) > async_threshold()


@transaction.atomic
def workbook_import_start(*, fiscal_year, book: str, stage: str, file, in_wan: bool, actor) -> WorkbookImport:
    """Keep the upload and queue its import; the task starts once this commits."""
    data = file.read()
    job = WorkbookImport.objects.create(
        fiscal_year=fiscal_year,
        book=book,
        stage=stage,
        file_name=Path(getattr(file, "name", "") or "").name[:200],
        content=data,
        in_wan=in_wan,
        created_by=actor,
    )
    outbox.enqueue("budget.tasks.import_workbook", args=[job.pk], dedupe_key=f"budget-import-{job.pk}")
    return job


def _report(job: WorkbookImport, **values) -> None:
    values["updated_at"] = timezone.now()
    WorkbookImport.objects.filter(pk=job.pk).update(**values)
    for name, value in values.items():
        setattr(job, name, value)


def _claim(pk: int) -> WorkbookImport | None:
    """Take the job if it is waiting (or its last run went silent); a second delivery of the
    same task finds it taken or finished and does nothing."""
    stale = timezone.now() - STALE_AFTER
    taken = WorkbookImport.objects.filter(pk=pk).filter(status=ImportStatus.QUEUED).update(
        status=ImportStatus.READING, updated_at=timezone.now()
    ) or WorkbookImport.objects.filter(pk=pk, status__in=RUNNING, updated_at__lt=stale).update(
        status=ImportStatus.READING, updated_at=timezone.now()
    )
    return WorkbookImport.objects.select_related("fiscal_year", "created_by").get(pk=pk) if taken else None


def workbook_import_run(pk: int) -> str:
    """Read, check and store the job's workbook, reporting progress; returns the final status."""
    job = _claim(pk)
    if job is None:
        return WorkbookImport.objects.filter(pk=pk).values_list("status", flat=True).first() or "missing"
    file = io.BytesIO(bytes(job.content))
    file.name = job.file_name
    try:
        lines, numbers = services.read_workbook(
            file, in_wan=job.in_wan, progress=lambda n: _report(job, rows_read=n)
        )
        _report(job, status=ImportStatus.CHECKING, rows_read=len(lines))
        _clean, errors = services._check_lines(job.fiscal_year, lines, numbers)
        if errors:
            raise services.BudgetImportError(errors)
        _report(job, status=ImportStatus.STORING, rows_checked=len(lines))
        # The authoritative check and the store, in one transaction: all or nothing.
        book_stage = services.book_stage_import(
            fiscal_year=job.fiscal_year,
            book=job.book,
            stage=job.stage,
            lines=lines,
            numbers=numbers,
            actor=job.created_by,
            source=_("Excel：%(name)s") % {"name": job.file_name} if job.file_name else "Excel",
        )
    except services.BudgetImportError as exc:
        _report(
            job,
            status=ImportStatus.FAILED,
            message=str(exc.message)[:300],
            errors=[e.as_dict() for e in exc.errors],
            content=b"",
        )
        return job.status
    except Exception:
        _report(
            job,
            status=ImportStatus.FAILED,
            message=_("导入时出错，未导入任何数据；请重新上传或联系系统管理员。"),
        )
        raise
    _report(
        job,
        status=ImportStatus.DONE,
        rows_stored=book_stage.line_count,
        book_stage=book_stage,
        message=(_("已导入%(stage)s，共 %(n)d 行。") % {"stage": book_stage, "n": book_stage.line_count})[
            :300
        ],
        content=b"",
    )
    return job.status
