"""A large workbook import running in the background (issue 13, item 2): the admin page polls
this row for the rows read, checked and stored, then the outcome — done, or the row errors in
Chinese. The import itself stays all or nothing (``services.book_stage_import``); this row only
reports on it. The uploaded file waits here until the task has read it, then is dropped."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from budget.models import Book, BookStage, FiscalYear, Stage


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    READING = "reading", _("正在读取")
    CHECKING = "checking", _("正在校验")
    STORING = "storing", _("正在写入")
    DONE = "done", _("已导入")
    FAILED = "failed", _("未导入")


RUNNING = (ImportStatus.QUEUED, ImportStatus.READING, ImportStatus.CHECKING, ImportStatus.STORING)


class WorkbookImport(models.Model):
    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("年度"), on_delete=models.CASCADE, related_name="workbook_imports"
    )
    book = models.CharField(_("预算类别"), max_length=20, choices=Book.choices)
    stage = models.CharField(_("阶段"), max_length=10, choices=Stage.choices)
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    content = models.BinaryField(_("文件内容"), blank=True, editable=False)
    in_wan = models.BooleanField(_("金额单位为万元"), default=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    rows_read = models.PositiveIntegerField(_("已读取行数"), default=0)
    rows_checked = models.PositiveIntegerField(_("已校验行数"), default=0)
    rows_stored = models.PositiveIntegerField(_("已写入行数"), default=0)
    message = models.CharField(_("结果"), max_length=300, blank=True)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    book_stage = models.ForeignKey(
        BookStage,
        verbose_name=_("预算表"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("预算表导入")
        verbose_name_plural = _("预算表导入")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.get_book_display()} · {self.get_stage_display()} ({self.get_status_display()})"

    @property
    def running(self) -> bool:
        return self.status in RUNNING
