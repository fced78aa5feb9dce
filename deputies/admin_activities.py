"""Staff keep deputies' activities in the admin (seed 十四): publish one with its places (the
add page writes through ``activity_publish``), change it (more places promote the waiting list),
see the roll and the timeline, close or cancel it; on a sign-up record attendance or leave, or
cancel it for the deputy. Imported by ``deputies.admin``."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from congress.casework.admin import (
    AdminStep,
    StepForm,
    TransitionEventColumns,
    WorkflowStepsAdmin,
    add_service_error,
)
from congress.exceptions import ApplicationError
from congress.history_admin import SimpleHistoryAdmin
from deputies import permissions
from deputies import services_activities as services
from deputies.models_activities import Activity, ActivityEvent, ActivitySignup
from deputies.workflow_activities import ACTIVITY, SIGNUP

EDITABLE = ["kind", "title", "description", "location", "starts_at", "ends_at", "capacity", "hours"]


class StaffOnlyMixin:
    """Committee staff run activities; nobody else opens them in the admin. Nothing is deleted:
    an activity is cancelled, a sign-up cancelled (history keeps both)."""

    def has_module_permission(self, request):
        return permissions.can_manage_activities(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_manage_activities(request.user)

    def has_add_permission(self, request):
        return permissions.can_manage_activities(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_manage_activities(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class SignupInline(ReadOnlyInline):
    model = ActivitySignup
    fields = ["deputy", "state", "created_at", "checked_in_at", "cancelled_at"]
    show_change_link = True
    verbose_name_plural = _("报名名单（候补按报名先后排列）")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("deputy")


class ActivityEventInline(TransitionEventColumns, ReadOnlyInline):
    model = ActivityEvent
    fields = ["action_name", "from_name", "to_name", "actor", "note", "created_at"]
    fk_name = "activity"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class CancelActivityForm(StepForm):
    reason = forms.CharField(
        label=_("取消原因"), max_length=500, error_messages={"required": _("请填写取消原因。")}
    )


@admin.register(Activity)
class ActivityAdmin(StaffOnlyMixin, WorkflowStepsAdmin, SimpleHistoryAdmin):
    workflow = ACTIVITY
    list_display = ["title", "kind", "starts_at", "capacity", "taken", "waiting", "state"]
    list_display_links = ["title"]
    list_filter = ["kind", "state", "term"]
    search_fields = ["title", "location"]
    date_hierarchy = "starts_at"
    fields = [*EDITABLE, "term", "state", "qr_link"]
    inlines = [SignupInline, ActivityEventInline]
    workflow_steps = (
        AdminStep(
            "close",
            "close",
            confirm=_("结束后，已报名但未签到的代表记为缺席（之后仍可登记出席或请假）。"),
            done=_("活动已结束。"),
            run=lambda request, obj, data: services.activity_close(actor=request.user, activity=obj),
        ),
        AdminStep(
            "cancel",
            "cancel",
            form=CancelActivityForm,
            danger=True,
            done=_("活动已取消，已通知报名代表。"),
            run=lambda request, obj, data: services.activity_cancel(
                actor=request.user, activity=obj, reason=data["reason"]
            ),
        ),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("term")
            .annotate(
                taken_count=Count("signups", filter=Q(signups__state__in=ActivitySignup.SEATED_STATES)),
                waiting_count=Count("signups", filter=Q(signups__state=ActivitySignup.State.WAITLISTED)),
            )
        )

    @admin.display(description=_("已报名"), ordering="taken_count")
    def taken(self, obj):
        return obj.taken_count

    @admin.display(description=_("候补"), ordering="waiting_count")
    def waiting(self, obj):
        return obj.waiting_count

    @admin.display(description=_("签到二维码"))
    def qr_link(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        return format_html(
            '<a href="{}">{}</a>', reverse("portal:activity-qr", args=[obj.pk]), _("打开签到二维码页面")
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["qr_link"]
        if obj.state != Activity.State.PUBLISHED:
            return [*EDITABLE, "term", "state", "qr_link"]
        return ["term", "state", "qr_link"]

    def get_fields(self, request, obj=None):
        return EDITABLE if obj is None else self.fields

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)

        class ServiceForm(form_class):
            """Writes through the service while the form validates: its field errors land on
            the form with the input kept."""

            service_result = None

            def _post_clean(self):
                super()._post_clean()
                if self.errors:
                    return
                data = {name: self.cleaned_data.get(name) for name in EDITABLE if name in self.cleaned_data}
                try:
                    if obj is None:
                        self.service_result = services.activity_publish(actor=request.user, **data)
                    else:
                        self.service_result = services.activity_update(
                            actor=request.user, activity=obj, **data
                        )
                except ApplicationError as exc:
                    add_service_error(self, exc)

        return ServiceForm

    def save_model(self, request, obj, form, change):
        if form.service_result is not None:
            obj.pk, obj._state.adding = form.service_result.pk, False

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class ExcuseForm(StepForm):
    note = forms.CharField(
        label=_("请假事由"), max_length=500, error_messages={"required": _("请填写请假事由。")}
    )


@admin.register(ActivitySignup)
class ActivitySignupAdmin(StaffOnlyMixin, WorkflowStepsAdmin, SimpleHistoryAdmin):
    workflow = SIGNUP
    list_display = ["deputy", "activity", "state", "created_at", "checked_in_at"]
    list_display_links = ["deputy"]
    list_filter = ["state", "activity__kind"]
    search_fields = ["deputy__name", "activity__title"]
    list_select_related = ["deputy", "activity"]
    fields = ["activity", "deputy", "state", "created_at", "checked_in_at", "cancelled_at"]
    readonly_fields = fields
    workflow_steps = (
        AdminStep(
            "record_attendance",
            "record_attendance",
            done=_("已登记出席。"),
            run=lambda request, obj, data: services.signup_record_attendance(actor=request.user, signup=obj),
        ),
        AdminStep(
            "excuse",
            "excuse",
            form=ExcuseForm,
            done=_("已登记请假。"),
            run=lambda request, obj, data: services.signup_excuse(
                actor=request.user, signup=obj, note=data["note"]
            ),
        ),
        AdminStep(
            "cancel",
            "cancel",
            confirm=_("取消该代表的报名？空出的名额由候补名单第一位递补。"),
            danger=True,
            done=_("已取消报名。"),
            run=lambda request, obj, data: services.signup_cancel(actor=request.user, signup=obj),
        ),
    )

    def has_add_permission(self, request):
        return False
