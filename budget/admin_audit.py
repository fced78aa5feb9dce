"""Staff list audit findings against units (the deadline from the rule) and, on each finding's
page, accept the unit's rectification report or send it back with a reason (a new deadline from
the rule) — each step a button calling one service (``WorkflowStepsAdmin``). Lists filter by
year, unit and state and keep history. Imported by ``budget.admin``."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from budget import services_audit as services
from budget.admin import BudgetAccessMixin
from budget.models import AuditFinding, AuditFindingEvent, AuditRectification
from budget.workflow_audit import FINDING
from congress.casework.admin import (
    AdminStep,
    ServiceSaveMixin,
    StepForm,
    TransitionEventAdminMixin,
    TransitionEventColumns,
    WorkflowStepsAdmin,
)
from congress.history_admin import SimpleHistoryAdmin


class _ReadOnly(BudgetAccessMixin):
    """Rows written only by the services: read by staff and members, changed by no one."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _ReadOnlyInline(_ReadOnly, admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class RectificationInline(_ReadOnlyInline):
    model = AuditRectification
    fields = ["round", "content", "submitted_by", "submitted_at", "outcome", "evaluation", "evaluated_at"]


class FindingEventInline(TransitionEventColumns, _ReadOnlyInline):
    model = AuditFindingEvent
    fields = ["action_name", "from_name", "to_name", "actor", "note", "created_at"]


class AcceptStepForm(StepForm):
    reason = forms.CharField(
        label=_("评价意见"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RedoStepForm(StepForm):
    reason = forms.CharField(
        label=_("退回理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("新的整改期限按规则“审计查出问题重新整改期限”计算"),
        error_messages={"required": _("请说明退回重新整改的理由。")},
    )


FINDING_STEPS = (
    AdminStep(
        "accept",
        "accept",
        form=AcceptStepForm,
        done=_("已认定整改到位。"),
        run=lambda request, obj, data: services.finding_accept(actor=request.user, finding=obj, **data),
    ),
    AdminStep(
        "redo",
        "redo",
        form=RedoStepForm,
        danger=True,
        done=_("已退回责任单位重新整改。"),
        run=lambda request, obj, data: services.finding_redo(actor=request.user, finding=obj, **data),
    ),
)


@admin.register(AuditFinding)
class AuditFindingAdmin(BudgetAccessMixin, ServiceSaveMixin, WorkflowStepsAdmin, SimpleHistoryAdmin):
    workflow = FINDING
    workflow_steps = FINDING_STEPS
    list_display = ["description_short", "year", "unit", "amount", "deadline", "round", "state"]
    list_display_links = ["description_short"]
    list_filter = ["year", "state", "unit"]
    search_fields = ["description", "unit__name"]
    list_select_related = ["unit"]
    date_hierarchy = "deadline"
    add_fields = ["year", "unit", "description", "amount"]
    record_fields = [
        "year",
        "unit",
        "description",
        "amount",
        "deadline",
        "round",
        "state",
        "reported_at",
        "accepted_at",
        "created_by",
    ]
    inlines = [RectificationInline, FindingEventInline]

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else self.record_fields

    def get_readonly_fields(self, request, obj=None):
        # The record changes through its steps only; the deadline follows from the rule.
        return [] if obj is None else self.record_fields

    def perform(self, request, obj, form):
        if obj is not None:
            return obj
        return services.finding_create(
            actor=request.user, **{f: form.cleaned_data.get(f) for f in self.add_fields}
        )

    @admin.display(description=_("问题描述"), ordering="description")
    def description_short(self, obj):
        return obj.description[:40]


@admin.register(AuditFindingEvent)
class AuditFindingEventAdmin(TransitionEventAdminMixin, _ReadOnly, admin.ModelAdmin):
    owner = "finding"
    search_fields = ["finding__description"]
