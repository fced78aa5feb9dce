"""Staff keep the budget in the admin: fiscal years (a new one starts from the latest code list),
each year's code list (add, rename, retire — with history), the books' stages (read-only here:
they come in through the import) and the import of the finance bureau's workbook (all or
nothing, row errors in Chinese). Members read. The side-by-side comparison is the portal's page
(linked from each year)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from budget import permissions, services, services_import
from budget.models import Book, BookStage, ClassificationCode, FiscalYear, Stage, WorkbookImport
from congress import roles
from congress.casework.admin import ServiceSaveMixin
from congress.history_admin import SimpleHistoryAdmin


class BudgetAccessMixin:
    """Staff write; committee members read; deleting is left to system administrators."""

    def _reads(self, request):
        return permissions.can_manage_budget(request.user) or roles.has_role(request.user, roles.MEMBER)

    def has_module_permission(self, request):
        return self._reads(request)

    def has_view_permission(self, request, obj=None):
        return self._reads(request)

    def has_add_permission(self, request, *args):
        return permissions.can_manage_budget(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_manage_budget(request.user)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


# --- fiscal years --------------------------------------------------------------------------------


class WorkbookImportForm(forms.Form):
    book = forms.ChoiceField(label=_("预算类别"), choices=Book.choices)
    stage = forms.ChoiceField(label=_("阶段"), choices=Stage.choices)
    file = forms.FileField(
        label=_("Excel 预算表（.xlsx）"),
        error_messages={"required": _("请选择要导入的 Excel 文件。")},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    in_wan = forms.BooleanField(
        label=_("金额单位为万元"),
        required=False,
        help_text=_("表头或表头上方写明“万元”时自动按万元换算为元。"),
    )


@admin.register(FiscalYear)
class FiscalYearAdmin(BudgetAccessMixin, ServiceSaveMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "code_source", "stage_links", "created_at"]
    list_display_links = ["__str__"]
    fields = ["year"]
    readonly_fields = ["code_source"]

    def get_fields(self, request, obj=None):
        return ["year"] if obj is None else ["year", "code_source"]

    def get_readonly_fields(self, request, obj=None):
        return ["code_source"] if obj is None else ["year", "code_source"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("book_stages")

    def perform(self, request, obj, form):
        if obj is not None:
            return obj
        return services.fiscal_year_create(year=form.cleaned_data["year"], actor=request.user)

    @admin.display(description=_("已导入的预算表"))
    def stage_links(self, obj):
        stages = sorted(
            obj.book_stages.all(), key=lambda s: (Book.values.index(s.book), Stage.values.index(s.stage))
        )
        if not stages:
            return "—"
        return format_html(
            "{}",
            "；".join(f"{s.get_book_display()}·{s.get_stage_display()}（{s.line_count}）" for s in stages),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/import/",
                self.admin_site.admin_view(self.import_view),
                name="budget_fiscalyear_import",
            ),
            path(
                "<int:pk>/import/<int:job>/",
                self.admin_site.admin_view(self.import_progress_view),
                name="budget_fiscalyear_import_progress",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None:
            extra_context["budget_links"] = [
                (reverse("admin:budget_fiscalyear_import", args=[obj.pk]), _("导入财政局预算表（Excel）")),
                (
                    reverse("admin:budget_classificationcode_changelist")
                    + f"?fiscal_year__id__exact={obj.pk}",
                    _("本年度分类科目表"),
                ),
                (reverse("portal:budget-compare") + f"?year={obj.year}", _("各阶段对照")),
            ]
        return super().change_view(request, object_id, form_url, extra_context)

    change_form_template = "budget/admin/fiscalyear_change_form.html"

    def import_view(self, request, pk):
        if not permissions.can_manage_budget(request.user):
            raise PermissionDenied
        fiscal_year = get_object_or_404(FiscalYear, pk=pk)
        form = WorkbookImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            if services_import.is_large(data["file"]):
                job = services_import.workbook_import_start(
                    fiscal_year=fiscal_year,
                    book=data["book"],
                    stage=data["stage"],
                    file=data["file"],
                    in_wan=data["in_wan"],
                    actor=request.user,
                )
                return redirect("admin:budget_fiscalyear_import_progress", fiscal_year.pk, job.pk)
            try:
                book_stage = services.book_stage_import_workbook(
                    fiscal_year=fiscal_year,
                    book=data["book"],
                    stage=data["stage"],
                    file=data["file"],
                    in_wan=data["in_wan"],
                    actor=request.user,
                )
            except services.BudgetImportError as exc:
                errors = exc.errors
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    _("已导入%(stage)s，共 %(n)d 行。") % {"stage": book_stage, "n": book_stage.line_count},
                )
                return redirect("admin:budget_fiscalyear_change", fiscal_year.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("导入%(year)s年度预算表") % {"year": fiscal_year.year},
            "fiscal_year": fiscal_year,
            "form": form,
            "errors": errors,
        }
        return TemplateResponse(request, "budget/admin/workbook_import.html", context)

    def import_progress_view(self, request, pk, job):
        """A large import's progress; htmx polls the fragment until the import is done or refused."""
        if not permissions.can_manage_budget(request.user):
            raise PermissionDenied
        job = get_object_or_404(
            WorkbookImport.objects.select_related("fiscal_year", "book_stage").defer("content"),
            pk=job,
            fiscal_year_id=pk,
        )
        context = {"job": job, "fiscal_year": job.fiscal_year, "errors": job.errors}
        if request.htmx:
            return TemplateResponse(request, "budget/admin/workbook_import_progress.html", context)
        context.update(
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("导入%(year)s年度预算表") % {"year": job.fiscal_year.year},
            }
        )
        return TemplateResponse(request, "budget/admin/workbook_import_job.html", context)


# --- code lists ----------------------------------------------------------------------------------


class CodeAddForm(forms.ModelForm):
    class Meta:
        model = ClassificationCode
        fields = ["fiscal_year", "code", "name"]


class CodeChangeForm(forms.ModelForm):
    class Meta:
        model = ClassificationCode
        fields = ["name", "retired"]


@admin.register(ClassificationCode)
class ClassificationCodeAdmin(BudgetAccessMixin, ServiceSaveMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "level", "fiscal_year", "retired"]
    list_display_links = ["code", "name"]
    list_filter = ["fiscal_year", "level", "retired"]
    search_fields = ["code", "name"]
    list_select_related = ["fiscal_year"]
    list_per_page = 100

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = CodeAddForm if obj is None else CodeChangeForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ["fiscal_year", "code", "name"] if obj is None else ["fiscal_year", "code", "name", "retired"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["fiscal_year", "code"]

    def perform(self, request, obj, form):
        data = form.cleaned_data
        if obj is None:
            return services.code_add(
                fiscal_year=data["fiscal_year"], code=data["code"], name=data["name"], actor=request.user
            )
        return services.code_update(code=obj, name=data["name"], retired=data["retired"], actor=request.user)


# --- book stages (read-only: they come in through the import) ------------------------------------


@admin.register(BookStage)
class BookStageAdmin(BudgetAccessMixin, SimpleHistoryAdmin):
    list_display = [
        "fiscal_year",
        "book",
        "stage",
        "line_count",
        "source",
        "imported_at",
        "imported_by",
        "compare_link",
    ]
    list_filter = ["fiscal_year", "book", "stage"]
    list_select_related = ["fiscal_year", "imported_by"]
    fields = ["fiscal_year", "book", "stage", "line_count", "source", "imported_at", "imported_by"]
    readonly_fields = fields

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("对照查看"))
    def compare_link(self, obj):
        url = reverse("portal:budget-compare") + f"?year={obj.fiscal_year.year}&book={obj.book}"
        return format_html('<a href="{}">{}</a>', url, _("各阶段对照"))


# Audit findings, execution monitoring, the review, state assets: their ModelAdmins.
from budget import (  # noqa: E402
    admin_audit,  # noqa: F401
    admin_execution,  # noqa: F401
    admin_review,  # noqa: F401
)
