"""Staff list audit findings against units (the deadline from the rule) and, on each finding's
page, accept the unit's rectification report or send it back with a reason (a new deadline from
the rule) — each step a button calling one service (``WorkflowStepsAdmin``). Lists filter by
year, unit and state and keep history. Imported by ``budget.admin``."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from budget import services_audit as services
from budget.admin import BudgetAccessMixin
from budget.models import AuditFinding, AuditFindingEvent, AuditRectification
from budget.workflow_audit import FINDING
from congress.casework.admin import (
    RECTIFICATION_ROUND_FIELDS,
    RectificationRedoForm,
    ServiceSaveMixin,
    TransitionEventAdminMixin,
    TransitionEventColumns,
    WorkflowStepsAdmin,
    rectification_steps,
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
    fields = RECTIFICATION_ROUND_FIELDS


class FindingEventInline(TransitionEventColumns, _ReadOnlyInline):
    model = AuditFindingEvent
    fields = ["action_name", "from_name", "to_name", "actor", "note", "created_at"]


class RedoStepForm(RectificationRedoForm):
    reason_help = _("新的整改期限按规则“审计查出问题重新整改期限”计算")


FINDING_STEPS = rectification_steps(
    accept=lambda request, obj, data: services.finding_accept(actor=request.user, finding=obj, **data),
    redo=lambda request, obj, data: services.finding_redo(actor=request.user, finding=obj, **data),
    redo_form=RedoStepForm,
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
