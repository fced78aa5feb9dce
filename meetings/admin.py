"""Staff run meetings in the admin: schedule, agenda, documents, participants, required units,
open/close. Every status change goes through ``meetings.services``; required
attendance and published rows are read-only here, corrected only through a reasoned form."""

from pathlib import PurePosixPath

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from congress import roles
from congress.casework.admin import (
    AdminStep,
    StepForm,
    TransitionEventAdminMixin,
    WorkflowStepsAdmin,
)
from congress.exceptions import ApplicationError
from congress.history_admin import SimpleHistoryAdmin
from congress.models import Organization
from meetings import permissions, services
from meetings.forms import CorrectionForm, RequireUnitsForm
from meetings.models import (
    AgendaItem,
    AttendanceCorrection,
    AttendanceEvent,
    Meeting,
    MeetingDocument,
    MeetingEvent,
    Participant,
    PublishedAttendance,
    RequiredAttendance,
)
from meetings.workflow import ATTENDANCE, MEETING, RUNNING


class StaffAccessMixin:
    """Committee staff run meetings whatever model permissions their group carries; deleting
    official records is left to system administrators."""

    def has_module_permission(self, request):
        return roles.is_staff_member(request.user)

    def has_view_permission(self, request, obj=None):
        return roles.is_staff_member(request.user) or roles.has_role(request.user, roles.MEMBER)

    def has_add_permission(self, request, *args):
        return roles.is_staff_member(request.user)

    def has_change_permission(self, request, obj=None):
        return roles.is_staff_member(request.user)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class ReadOnlyMixin(StaffAccessMixin):
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AgendaItemInline(StaffAccessMixin, admin.TabularInline):
    model = AgendaItem
    extra = 1
    fields = ["order", "title", "description", "link_kind", "link_title", "link_url"]


class MeetingDocumentForm(forms.ModelForm):
    """The file is checked by content against the documents allow-list (zip allowed here:
    staff upload it) by the model field; the uploader's file name is kept for downloads."""

    class Meta:
        model = MeetingDocument
        fields = ["title", "file", "is_public"]

    def save(self, commit=True):
        upload = self.cleaned_data.get("file")
        if "file" in self.changed_data and upload:
            self.instance.original_name = PurePosixPath(upload.name).name[:200]
        return super().save(commit)


class MeetingDocumentInline(StaffAccessMixin, admin.TabularInline):
    model = MeetingDocument
    form = MeetingDocumentForm
    extra = 0
    fields = ["title", "file", "download", "is_public"]
    readonly_fields = ["download"]

    @admin.display(description=_("下载"))
    def download(self, document):
        if not document.pk or not document.file:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("public:meeting-document", args=[document.pk]),
            document.original_name or document.title,
        )


class ParticipantInline(StaffAccessMixin, admin.TabularInline):
    model = Participant
    extra = 0
    fields = ["user", "name", "role", "leave_reason", "leave_at"]
    # Leave is asked by the participant in the portal, or recorded by staff on the participant's
    # own page (its step 登记请假, ``ParticipantAdmin``): both through
    # services.participant_request_leave, never by editing these columns.
    readonly_fields = ["leave_reason", "leave_at"]
    raw_id_fields = ["user"]
    show_change_link = True


class RequiredAttendanceInline(ReadOnlyMixin, admin.TabularInline):
    """Shown, not edited: units are added with the action "要求单位列席"; statuses change by
    leave, check-in and close."""

    model = RequiredAttendance
    extra = 0
    can_delete = False
    fields = [
        "unit",
        "expected_person",
        "status",
        "substitute",
        "checked_in_at",
        "is_late",
        "check_in_method",
    ]
    readonly_fields = fields
    show_change_link = True


class MeetingAdminForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "kind",
            "title",
            "term",
            "starts_at",
            "ends_at",
            "location",
            "is_schedule_published",
            "minutes",
        ]

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at < starts_at:
            raise ValidationError({"ends_at": _("结束时间不能早于开始时间。")})
        return cleaned


def _meeting_step(service):
    return lambda request, meeting, data: service(meeting=meeting, actor=request.user)


MEETING_STEPS = (
    AdminStep("open", "open", run=_meeting_step(services.meeting_open)),
    AdminStep(
        "require_units",
        "require_units",
        form=RequireUnitsForm,
        done=_("已要求所选单位列席。"),
        run=lambda request, meeting, data: services.meeting_require_units(
            meeting=meeting, actor=request.user, unit_ids=[unit.pk for unit in data["units"]]
        ),
    ),
    AdminStep(
        "close",
        "close",
        confirm=_("结束后，未签到且未获准请假的单位记为缺席，出席情况随即自动在网站公开。"),
        done=_("会议已结束，出席情况将自动公开。"),
        run=_meeting_step(services.meeting_close),
    ),
    AdminStep(
        "cancel",
        "cancel",
        confirm=_("取消后会议不再举行，不能恢复。"),
        danger=True,
        run=_meeting_step(services.meeting_cancel),
    ),
)


@admin.register(Meeting)
class MeetingAdmin(StaffAccessMixin, WorkflowStepsAdmin, SimpleHistoryAdmin):
    """Each meeting's page has its steps (开始会议, 要求单位列席, 结束会议, 取消会议) as buttons,
    shown when ``meetings.workflow.MEETING`` allows them; the list's actions do them in bulk."""

    workflow = MEETING
    workflow_steps = MEETING_STEPS
    form = MeetingAdminForm
    list_display = ["title", "kind", "starts_at", "location", "status", "publicity", "check_in"]
    list_filter = ["kind", "status", "is_schedule_published", "term"]
    search_fields = ["title", "location"]
    date_hierarchy = "starts_at"
    readonly_fields = [
        "status",
        "opened_at",
        "opened_by",
        "closed_at",
        "closed_by",
        "attendance_published_at",
        "check_in_link",
    ]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "kind",
                    "title",
                    "term",
                    "starts_at",
                    "ends_at",
                    "location",
                    "is_schedule_published",
                )
            },
        ),
        (_("纪要"), {"fields": ("minutes",)}),
        (
            _("状态"),
            {
                "fields": (
                    "status",
                    ("opened_at", "opened_by"),
                    ("closed_at", "closed_by"),
                    "attendance_published_at",
                    "check_in_link",
                )
            },
        ),
    )
    inlines = [AgendaItemInline, MeetingDocumentInline, ParticipantInline, RequiredAttendanceInline]
    actions = ["require_units", "open_meetings", "close_meetings", "cancel_meetings"]

    @admin.display(description=_("公开"))
    def publicity(self, obj):
        marks = []
        if obj.is_schedule_published:
            marks.append(_("日程已公开"))
        if obj.attendance_published_at:
            marks.append(_("出席已公开"))
        return (
            format_html_join("", '<span class="flags"><span>{}</span></span>', ((m,) for m in marks)) or "—"
        )

    @admin.display(description=_("签到"))
    def check_in(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("portal:meeting-check-in", args=[obj.pk]), _("签到名单")
        )

    @admin.display(description=_("签到"))
    def check_in_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("portal:meeting-check-in", args=[obj.pk]), _("签到名单与二维码")
        )

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields if name in form.cleaned_data}
        if change:
            changed = {name: data[name] for name in form.changed_data if name in data}
            if changed:
                services.meeting_update(meeting=obj, actor=request.user, **changed)
            return
        meeting = services.meeting_create(actor=request.user, **data)
        # The admin goes on to save inlines against ``obj``: make it the row just created.
        obj.pk = meeting.pk
        obj.check_in_token = meeting.check_in_token
        obj.created_by = meeting.created_by
        obj._state.adding = False

    def _each(self, request, queryset, service, done_message):
        done = 0
        for meeting in queryset:
            try:
                service(meeting=meeting, actor=request.user)
            except ApplicationError as exc:
                self.message_user(request, f"{meeting}：{exc.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("开始所选会议"))
    def open_meetings(self, request, queryset):
        self._each(request, queryset, services.meeting_open, _("已开始 %(n)d 个会议。"))

    @admin.action(description=_("结束所选会议（出席情况自动公开）"))
    def close_meetings(self, request, queryset):
        self._each(request, queryset, services.meeting_close, _("已结束 %(n)d 个会议，出席情况将自动公开。"))

    @admin.action(description=_("取消所选会议"))
    def cancel_meetings(self, request, queryset):
        self._each(request, queryset, services.meeting_cancel, _("已取消 %(n)d 个会议。"))

    @admin.action(description=_("要求单位列席"))
    def require_units(self, request, queryset):
        """An intermediate page: pick the units; each one's head is then expected in person."""
        form = RequireUnitsForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            unit_ids = [unit.pk for unit in form.cleaned_data["units"]]
            for meeting in queryset:
                try:
                    created = services.meeting_require_units(
                        meeting=meeting, actor=request.user, unit_ids=unit_ids
                    )
                except ApplicationError as exc:
                    self.message_user(request, f"{meeting}：{exc.message}", messages.ERROR)
                else:
                    self.message_user(
                        request,
                        _("%(meeting)s：新增 %(n)d 个列席单位。") % {"meeting": meeting, "n": len(created)},
                        messages.SUCCESS,
                    )
            return None
        return render(
            request,
            "meetings/admin/require_units.html",
            {
                **self.admin_site.each_context(request),
                "title": _("要求单位列席"),
                "meetings": queryset,
                "form": form,
                "opts": self.model._meta,
                "action": "require_units",
            },
        )


class ApproverKindFilter(admin.SimpleListFilter):
    """The offices that approve leave, by name (the kinds the rule names, as stored)."""

    title = _("审批机关")
    parameter_name = "approver_kind"

    def lookups(self, request, model_admin):
        labels = dict(Organization.Kind.choices)
        kinds = (
            RequiredAttendance.objects.exclude(approver_kind="")
            .order_by("approver_kind")
            .values_list("approver_kind", flat=True)
            .distinct()
        )
        return [(kind, labels.get(kind, kind)) for kind in kinds]

    def queryset(self, request, queryset):
        return queryset.filter(approver_kind=self.value()) if self.value() else queryset


@admin.register(RequiredAttendance)
class RequiredAttendanceAdmin(StaffAccessMixin, WorkflowStepsAdmin, SimpleHistoryAdmin):
    workflow = ATTENDANCE
    workflow_steps = (
        AdminStep(
            "correct",
            "correct",
            form=CorrectionForm,
            when=lambda attendance: attendance.meeting.attendance_published_at is not None,
            done=_("已更正，公开页面同步更新，更正记录已保留。"),
            run=lambda request, attendance, data: services.attendance_correct(
                attendance=attendance, actor=request.user, **data
            ),
        ),
    )
    list_display = ["unit", "meeting", "expected_person", "status", "substitute", "checked_in_at", "is_late"]
    list_display_links = ["unit"]
    list_filter = ["status", ApproverKindFilter, "meeting__kind"]
    search_fields = ["meeting__title", "unit__name", "expected_person", "substitute"]
    list_select_related = ["meeting", "unit"]
    actions = ["correct"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting", "unit")

    def get_readonly_fields(self, request, obj=None):
        return [
            "approver_name" if field.name == "approver_kind" else field.name
            for field in self.model._meta.fields
        ]

    def get_fields(self, request, obj=None):
        return [name for name in self.get_readonly_fields(request, obj) if name != "id"]

    @admin.display(description=_("审批机关"))
    def approver_name(self, obj):
        return dict(Organization.Kind.choices).get(obj.approver_kind, obj.approver_kind) or "—"

    def has_add_permission(self, request, *args):
        return False

    @admin.action(description=_("更正已公开的出席情况（须填写理由）"))
    def correct(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("请一次选择一条记录进行更正。"), messages.WARNING)
            return None
        attendance = queryset.select_related("meeting", "unit").get()
        form = CorrectionForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            try:
                services.attendance_correct(attendance=attendance, actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                for field, errors in exc.extra.items():
                    if field in form.fields:
                        form.add_error(field, [str(e) for e in errors])
                if not any(field in form.fields for field in exc.extra):
                    form.add_error(None, str(exc.message))
            else:
                self.message_user(request, _("已更正，公开页面同步更新，更正记录已保留。"), messages.SUCCESS)
                return None
        return render(
            request,
            "meetings/admin/correct.html",
            {
                **self.admin_site.each_context(request),
                "title": _("更正出席情况"),
                "attendance": attendance,
                "form": form,
                "opts": self.model._meta,
                "action": "correct",
            },
        )


class _EventAdmin(TransitionEventAdminMixin, ReadOnlyMixin, admin.ModelAdmin):
    """A meetings timeline, read-only."""


@admin.register(MeetingEvent)
class MeetingEventAdmin(_EventAdmin):
    owner = "meeting"
    list_display_links = ["meeting"]
    search_fields = ["meeting__title"]


@admin.register(AttendanceEvent)
class AttendanceEventAdmin(_EventAdmin):
    list_display = ["attendance", *_EventAdmin.columns]
    list_display_links = ["attendance"]
    list_select_related = ["attendance__meeting", "attendance__unit", "actor"]
    search_fields = ["attendance__unit__name", "attendance__meeting__title"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("attendance__meeting", "attendance__unit", "actor")
        )


@admin.register(PublishedAttendance)
class PublishedAttendanceAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = [
        "meeting",
        "unit_name",
        "status",
        "substitute",
        "is_late",
        "year",
        "published_at",
        "corrected_at",
    ]
    list_filter = ["year", "status"]
    search_fields = ["unit_name", "meeting__title"]
    list_select_related = ["meeting"]


@admin.register(AttendanceCorrection)
class AttendanceCorrectionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["published", "from_status", "to_status", "reason", "actor", "created_at"]
    list_select_related = ["published__meeting", "actor"]


# --- a participant's leave ------------------------------------------------------------------------


class ParticipantLeaveForm(StepForm):
    reason = forms.CharField(
        label=_("请假事由"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("如实填写，记入代表履职档案（会议请假）。"),
    )


def _may_ask_leave(participant) -> bool:
    """A meeting not yet closed or cancelled; whether it has started the service says, on the form."""
    return participant.meeting.status in RUNNING


PARTICIPANT_STEPS = (
    AdminStep(
        "leave",
        "leave",
        label=_("登记请假"),
        form=ParticipantLeaveForm,
        when=_may_ask_leave,
        initial=lambda participant: {"reason": participant.leave_reason},
        done=_("已登记请假。"),
        run=lambda request, participant, data: services.participant_request_leave(
            participant=participant, actor=request.user, reason=data["reason"]
        ),
    ),
    AdminStep(
        "withdraw_leave",
        "withdraw_leave",
        label=_("撤回请假"),
        confirm=_("撤回后，该人员按应出席计。"),
        when=lambda participant: _may_ask_leave(participant) and participant.leave_at is not None,
        done=_("已撤回请假。"),
        run=lambda request, participant, data: services.participant_withdraw_leave(
            participant=participant, actor=request.user
        ),
    ),
)


@admin.register(Participant)
class ParticipantAdmin(StaffAccessMixin, WorkflowStepsAdmin, SimpleHistoryAdmin):
    """A participant's page: staff record a leave for someone who phoned or wrote in (登记请假,
    撤回请假), through the service the portal uses, so the reason, the time, the history and
    the refusals (the meeting has started) are the same. A participant has no declared
    workflow: a step is offered while the meeting is planned or open, to staff only."""

    workflow_steps = PARTICIPANT_STEPS
    list_display = ["__str__", "meeting", "role", "leave_at"]
    list_filter = ["role", "meeting__kind"]
    search_fields = ["name", "user__username", "user__first_name", "meeting__title"]
    list_select_related = ["meeting", "user"]
    raw_id_fields = ["user"]
    fields = ["meeting", "user", "name", "role", "leave_reason", "leave_at"]
    readonly_fields = ["meeting", "leave_reason", "leave_at"]

    def has_add_permission(self, request, *args):
        return False  # participants are added on the meeting's page

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting", "user")

    def step_allowed(self, obj, step, user=None) -> bool:
        if step.when is not None and not step.when(obj):
            return False
        return user is None or permissions.can_manage_meetings(user)

    def step_label(self, obj, step):
        return step.label

    def state_label(self, obj) -> str:
        if obj.leave_at is None:
            return _("应出席")
        return _("已请假（%(when)s）") % {
            "when": date_format(localtime(obj.leave_at), "SHORT_DATETIME_FORMAT")
        }
