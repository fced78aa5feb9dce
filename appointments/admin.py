"""The admin of appointments and composition (Chinese). Every change goes through a service:
the step records (exam, publicity, vote, oath) are added only through the step pages of a
nomination, which call the services; they are read-only afterwards, with their history.

Who sees what is decided by role (``permissions.py``), not by Django model permissions:
committee staff manage, committee members read."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from appointments import forms, permissions, selectors, services, workflow
from appointments.models import (
    CommitmentPublicity,
    CommitteeMember,
    LawExam,
    Nomination,
    NominationEvent,
    Oath,
    Vacancy,
    Vote,
)
from congress.casework.admin import AdminStep, TransitionEventColumns, WorkflowStepsAdmin
from congress.exceptions import ApplicationError
from congress.history_admin import SimpleHistoryAdmin


class RoleAdminMixin:
    """Staff manage, committee members read; nobody deletes an official record here."""

    def has_module_permission(self, request):
        return permissions.can_view_composition(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_view_composition(request.user)

    def has_add_permission(self, request):
        return permissions.can_manage_appointments(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_manage_appointments(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyRecordAdmin(RoleAdminMixin, SimpleHistoryAdmin):
    """A step record: written by a service from the nomination's step page, then read-only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- nominations --------------------------------------------------------------------------


class _StepInline(admin.StackedInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_view_permission(self, request, obj=None):
        return permissions.can_view_composition(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in ("id", "nomination")]


class LawExamInline(_StepInline):
    model = LawExam
    fields = ["exam_date", "score", "pass_mark", "passed", "recorded_by"]


class PublicityInline(_StepInline):
    model = CommitmentPublicity
    fields = ["start_date", "end_date", "days", "text", "published_at"]


class VoteInline(_StepInline):
    model = Vote
    fields = [
        "vote_date",
        "meeting",
        "members_total",
        "votes_for",
        "votes_against",
        "votes_abstain",
        "outcome",
    ]


class OathInline(_StepInline):
    model = Oath
    fields = ["oath_date", "meeting", "text_version", "administered_by"]


class EventInline(TransitionEventColumns, admin.TabularInline):
    model = NominationEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "action_name", "from_name", "to_name", "actor", "note"]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return permissions.can_view_composition(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _step(code, form_class, service, **extra):
    """A nomination's step (``workflow.STEPS``): its form, then its service."""

    def run(request, nomination, data):
        return service(actor=request.user, nomination_id=nomination.pk, **{**data, **extra})

    return AdminStep(
        code,
        code,
        form=form_class,
        form_kwargs=lambda nomination: {"nomination": nomination},
        danger=code == "withdraw",
        run=run,
    )


NOMINATION_STEPS = (
    _step("exam", forms.ExamForm, services.nomination_record_exam),
    _step("publicity", forms.PublicityForm, services.nomination_start_publicity),
    _step("vote", forms.VoteForm, services.nomination_record_vote),
    _step("oath", forms.OathForm, services.nomination_record_oath),
    _step("withdraw", forms.WithdrawForm, services.nomination_withdraw),
)
assert tuple(step.code for step in NOMINATION_STEPS) == workflow.STEPS


@admin.register(Nomination)
class NominationAdmin(RoleAdminMixin, WorkflowStepsAdmin, SimpleHistoryAdmin):
    """Each nomination's page has its next steps (考试, 公示, 表决, 宣誓, 撤回) as buttons, shown
    when the pipeline of its kind (``workflow.workflow_for``) allows them."""

    workflow = staticmethod(workflow.workflow_for)
    workflow_steps = NOMINATION_STEPS
    form = forms.NominationAdminForm
    list_display = ["person_name", "kind", "proposed_post", "nominating_body", "status_badge", "nominated_on"]
    list_filter = ["status", "kind", "term", "nominating_body"]
    search_fields = ["person_name", "proposed_post", "current_post"]
    date_hierarchy = "nominated_on"
    list_select_related = ["nominating_body"]
    inlines = [LawExamInline, PublicityInline, VoteInline, OathInline, EventInline]
    actions = ["withdraw_selected"]
    change_form_template = "appointments/admin/nomination_change_form.html"
    fields = [
        "term",
        "kind",
        "person_name",
        "gender",
        "birth_date",
        "current_post",
        "proposed_post",
        "nominating_body",
        "nominated_on",
        "status",
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["term", "kind", "status"] if obj else ["status"]

    def get_inline_instances(self, request, obj=None):
        # A new nomination has no steps yet; they are added on the step pages.
        return super().get_inline_instances(request, obj) if obj else []

    @admin.display(description=_("状态"), ordering="status")
    def status_badge(self, obj):
        colours = {"sworn": "#1a7f37", "approved": "#1a7f37", "rejected": "#c62828", "exam_failed": "#c62828"}
        return format_html(
            '<strong style="color:{}">{}</strong>',
            colours.get(obj.status, "#b26a00"),
            obj.get_status_display(),
        )

    def save_model(self, request, obj, form, change):
        if change:
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            services.nomination_update(actor=request.user, nomination_id=obj.pk, **changes)
            return
        created = services.nomination_create(
            actor=request.user,
            **{name: form.cleaned_data.get(name) for name in form.cleaned_data if name != "status"},
        )
        obj.pk = created.pk
        obj.refresh_from_db()

    @admin.action(description=_("撤回所选提名"))
    def withdraw_selected(self, request, queryset):
        done = 0
        for nomination in queryset:
            try:
                services.nomination_withdraw(
                    actor=request.user, nomination_id=nomination.pk, reason=str(_("经管理后台批量撤回"))
                )
            except ApplicationError as exc:
                self.message_user(request, f"{nomination.person_name}：{exc.message}", messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(request, _("已撤回 %(n)d 项提名。") % {"n": done}, messages.SUCCESS)


@admin.register(LawExam)
class LawExamAdmin(ReadOnlyRecordAdmin):
    list_display = ["nomination", "exam_date", "score", "pass_mark", "passed"]
    list_filter = ["passed"]
    list_select_related = ["nomination"]
    search_fields = ["nomination__person_name"]


@admin.register(CommitmentPublicity)
class CommitmentPublicityAdmin(ReadOnlyRecordAdmin):
    list_display = ["nomination", "start_date", "end_date", "days"]
    list_select_related = ["nomination"]
    search_fields = ["nomination__person_name", "text"]
    date_hierarchy = "start_date"


@admin.register(Vote)
class VoteAdmin(ReadOnlyRecordAdmin):
    list_display = ["nomination", "vote_date", "votes_for", "votes_against", "votes_abstain", "outcome"]
    list_filter = ["outcome"]
    list_select_related = ["nomination"]
    search_fields = ["nomination__person_name"]


@admin.register(Oath)
class OathAdmin(ReadOnlyRecordAdmin):
    list_display = ["nomination", "oath_date", "text_version", "administered_by"]
    list_select_related = ["nomination"]
    search_fields = ["nomination__person_name"]


# --- composition --------------------------------------------------------------------------


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(RoleAdminMixin, SimpleHistoryAdmin):
    form = forms.CommitteeMemberForm
    list_display = [
        "name",
        "position",
        "is_resident",
        "is_reappointed",
        "expertise_labels",
        "start_date",
        "end_date",
        "is_active",
    ]
    list_filter = ["term", "is_active", "position", "is_resident", "is_reappointed"]
    search_fields = ["name"]
    change_list_template = "appointments/admin/committeemember_change_list.html"
    change_form_template = "appointments/admin/committeemember_change_form.html"
    readonly_fields = ["end_date", "is_active"]

    def get_readonly_fields(self, request, obj=None):
        return ["term", "end_date", "is_active"] if obj else ["end_date", "is_active"]

    def has_add_permission(self, request):
        return permissions.can_manage_composition(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_manage_composition(request.user)

    @admin.display(description=_("专业背景"))
    def expertise_labels(self, obj):
        labels = self._expertise_labels()
        return "、".join(labels.get(code, code) for code in obj.expertise or []) or "—"

    def _expertise_labels(self) -> dict:
        if not hasattr(self, "_labels_cache"):
            from congress.rules import rule_get

            self._labels_cache = rule_get("composition.expertise_required")
        return self._labels_cache

    def changelist_view(self, request, extra_context=None):
        self.__dict__.pop("_labels_cache", None)
        return super().changelist_view(request, extra_context)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fields
        # Read only: the expertise by name, not the stored list of codes (labels read afresh).
        self.__dict__.pop("_labels_cache", None)
        return ["expertise_labels" if name == "expertise" else name for name in fields]

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.cleaned_data if name in services.MEMBER_FIELDS}
        if change:
            changes = {name: data[name] for name in form.changed_data if name in data}
            services.committee_member_update(actor=request.user, member_id=obj.pk, **changes)
        else:
            obj.pk = services.committee_member_create(actor=request.user, **data).pk
        obj.refresh_from_db()

    def get_urls(self):
        return [
            path(
                "dashboard/",
                self.admin_site.admin_view(self.dashboard_view),
                name="appointments_committeemember_dashboard",
            ),
            path(
                "<int:object_id>/leave/",
                self.admin_site.admin_view(self.leave_view),
                name="appointments_committeemember_leave",
            ),
            *super().get_urls(),
        ]

    def dashboard_view(self, request):
        """组成结构与镇人代会检查: the live findings with coloured warnings."""
        if not permissions.can_view_composition(request.user):
            raise PermissionDenied
        try:
            year = int(request.GET.get("year") or 0) or None
        except ValueError:
            year = None
        if year is not None and not 2000 <= year <= 2100:
            year = None
        dashboard = selectors.dashboard_get(year=year)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("组成结构与镇人代会检查"),
            "dashboard": dashboard,
            "years": range(dashboard.year - 2, dashboard.year + 1)
            if dashboard.year >= 2002
            else [dashboard.year],
        }
        return TemplateResponse(request, "appointments/admin/dashboard.html", context)

    def leave_view(self, request, object_id: int):
        if not permissions.can_manage_composition(request.user):
            raise PermissionDenied
        member = get_object_or_404(CommitteeMember, pk=object_id)
        form = forms.LeaveForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                vacancy = services.committee_member_leave(
                    actor=request.user, member_id=member.pk, **form.cleaned_data
                )
            except ApplicationError as exc:
                forms.add_service_error(form, exc)
            else:
                message = _("%(name)s 已离任。") % {"name": member.name}
                if vacancy is not None:
                    message += str(_("已登记空缺，等待推荐补选人选。"))
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:appointments_committeemember_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("离任 · %(name)s") % {"name": member.name},
            "form": form,
            "original": member,
        }
        return TemplateResponse(request, "admin/casework/step_form.html", context)


@admin.register(Vacancy)
class VacancyAdmin(RoleAdminMixin, SimpleHistoryAdmin):
    form = forms.VacancyForm
    list_display = ["position", "term", "since", "reason", "left_member", "nomination", "filled_on"]
    list_filter = ["term", "position"]
    list_select_related = ["term", "left_member", "nomination"]
    readonly_fields = ["left_member", "filled_on"]

    def has_add_permission(self, request):
        return permissions.can_manage_composition(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_manage_composition(request.user)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            services.vacancy_update(
                actor=request.user, vacancy_id=obj.pk, **{name: data[name] for name in form.changed_data}
            )
            return
        created = services.vacancy_create(
            actor=request.user,
            term=data["term"],
            position=data["position"],
            since=data["since"],
            reason=data.get("reason", ""),
            nomination=data.get("nomination"),
        )
        obj.pk = created.pk
        obj.refresh_from_db()
