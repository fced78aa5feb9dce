"""A large workbook import runs in the background (Celery through the outbox; eager under
tests) and reports its progress to a row the admin page polls with htmx: rows read, checked,
stored, then done — or refused whole with the row errors in Chinese. A small file is still
imported at once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from budget import services, services_import
from budget.models import BookStage, BudgetLine, WorkbookImport
from budget.tests.factories import book_lines, fiscal_year, workbook_file

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def large(settings):
    settings.BUDGET_IMPORT_ASYNC_BYTES = 0  # every file is "large"


def _rows(fy, prefixes=("205",)):
    return [[line["code"], line["name"], line["amount"]] for line in book_lines(fy, prefixes)]


def _upload(client, fy, rows, capture, **extra):
    url = reverse("admin:budget_fiscalyear_import", args=[fy.pk])
    with capture(execute=True):
        return client.post(
            url, {"book": "general", "stage": "approved", "file": workbook_file(rows), **extra}
        )


def test_a_large_workbook_imports_in_the_background(client, staff, large, django_capture_on_commit_callbacks):
    fy = fiscal_year(2026)
    rows = _rows(fy, ("205", "208"))
    client.force_login(staff)
    response = _upload(client, fy, rows, django_capture_on_commit_callbacks)
    job = WorkbookImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:budget_fiscalyear_import_progress", args=[fy.pk, job.pk])
    assert job.status == "done" and job.rows_read == job.rows_checked == job.rows_stored == len(rows)
    assert bytes(job.content) == b""  # the upload is dropped once read
    stage = BookStage.objects.get()
    assert job.book_stage == stage and stage.line_count == len(rows) and stage.imported_by == staff
    assert BudgetLine.objects.get(book_stage=stage, code="2050201").amount == Decimal("100.00")
    # the full page, then the polled fragment: finished, so it stops polling
    page = client.get(response.url).content.decode()
    assert "导入进度" in page and "htmx" in page and "已导入" in page
    fragment = client.get(response.url, **HTMX).content.decode()
    assert "<html" not in fragment and "hx-trigger" not in fragment
    assert f"{len(rows)} 行" in fragment and "一般公共预算 · 批准预算" in fragment


def test_a_bad_large_workbook_is_refused_whole_with_row_errors(
    client, staff, large, django_capture_on_commit_callbacks
):
    fy = fiscal_year(2026)
    rows = _rows(fy)
    rows[3][2] = "-1"  # Excel row 7 (title, unit line, header, then rows)
    rows.append(["2059997", "不存在的科目", "1"])
    client.force_login(staff)
    response = _upload(client, fy, rows, django_capture_on_commit_callbacks)
    job = WorkbookImport.objects.get()
    assert job.status == "failed" and job.rows_read == len(rows) and job.rows_stored == 0
    assert not BookStage.objects.exists() and not BudgetLine.objects.exists()
    assert {e["line"] for e in job.errors} >= {7} and "未导入" in job.message
    fragment = client.get(response.url, **HTMX).content.decode()
    assert "未导入任何数据" in fragment and "第7行" in fragment and "金额不能为负数" in fragment
    assert "2059997" in fragment and "hx-trigger" not in fragment


def test_a_running_import_is_polled_and_reports_each_phase(client, staff, monkeypatch):
    """While the lines are stored, the row already says how many were read and checked; the
    page polls it every second until it finishes."""
    fy = fiscal_year(2026)
    rows = _rows(fy)
    job = services_import.workbook_import_start(
        fiscal_year=fy, book="general", stage="approved", file=workbook_file(rows), in_wan=False, actor=staff
    )
    client.force_login(staff)
    url = reverse("admin:budget_fiscalyear_import_progress", args=[fy.pk, job.pk])
    assert 'hx-trigger="every 1s"' in client.get(url, **HTMX).content.decode()  # queued: polls

    seen, reads = [], []
    real_store = services.book_stage_import
    monkeypatch.setattr(services, "PROGRESS_EVERY", 2)

    def store(**kwargs):
        seen.append(WorkbookImport.objects.values("status", "rows_read", "rows_checked").get(pk=job.pk))
        return real_store(**kwargs)

    real_read = services.read_workbook
    monkeypatch.setattr(services, "book_stage_import", store)
    monkeypatch.setattr(
        services, "read_workbook", lambda f, **kw: real_read(f, **{**kw, "progress": reads.append})
    )
    assert services_import.workbook_import_run(job.pk) == "done"
    assert seen == [{"status": "storing", "rows_read": len(rows), "rows_checked": len(rows)}]
    assert reads[:2] == [2, 4]


def test_a_second_delivery_does_nothing(staff, django_capture_on_commit_callbacks):
    fy = fiscal_year(2026)
    with django_capture_on_commit_callbacks(execute=True):
        job = services_import.workbook_import_start(
            fiscal_year=fy,
            book="general",
            stage="approved",
            file=workbook_file(_rows(fy)),
            in_wan=False,
            actor=staff,
        )
    assert WorkbookImport.objects.get(pk=job.pk).status == "done"
    stage = BookStage.objects.get()
    assert services_import.workbook_import_run(job.pk) == "done"
    assert stage.history.count() == 1 and BookStage.objects.count() == 1


def test_a_small_file_is_imported_at_once(client, staff):
    fy = fiscal_year(2026)
    client.force_login(staff)
    url = reverse("admin:budget_fiscalyear_import", args=[fy.pk])
    response = client.post(url, {"book": "general", "stage": "approved", "file": workbook_file(_rows(fy))})
    assert response.status_code == 302 and response.url == reverse(
        "admin:budget_fiscalyear_change", args=[fy.pk]
    )
    assert BookStage.objects.exists() and not WorkbookImport.objects.exists()


def test_only_staff_see_an_import_and_only_under_its_year(client, staff, officer):
    fy, other = fiscal_year(2026), fiscal_year(2027)
    job = services_import.workbook_import_start(
        fiscal_year=fy,
        book="general",
        stage="approved",
        file=workbook_file(_rows(fy)),
        in_wan=False,
        actor=staff,
    )
    client.force_login(officer)
    url = reverse("admin:budget_fiscalyear_import_progress", args=[fy.pk, job.pk])
    assert client.get(url).status_code in (302, 403)
    client.force_login(staff)
    assert (
        client.get(reverse("admin:budget_fiscalyear_import_progress", args=[other.pk, job.pk])).status_code
        == 404
    )
