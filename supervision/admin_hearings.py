"""Staff run public hearings (听证) in the admin: draft and correct the notice, publish it,
select the participants among the sign-ups (balanced by stance, a proposal ticked already, the
reason recorded, everyone told on their receipt page), record that it was held and who spoke
for what, publish the report and how the opinions were taken up, or cancel it. Every step is a
button on the hearing's page calling one service; lists filter and export to Excel; history is
kept. Imported by ``supervision.admin``."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from congress.casework.admin import AdminStep, WorkflowStepsAdmin
from congress.history_admin import SimpleHistoryAdmin
from supervision import forms_hearings as f
from supervision import services
from supervision.admin import (
    EventInline,
    ExcelExport,
    ReadOnlyInline,
    ServiceSaveMixin,
    StaffAccessMixin,
    _EventAdmin,
    changed,
    service_step,
)
from supervision.admin_experts import ConsultationInline
from supervision.forms_filings import ConsultStepForm
from supervision.models_hearings import HearingSignup, HearingSpeech, PublicHearing, PublicHearingEvent
from supervision.services import experts as expert_services
from supervision.services.hearings import HEARING_FIELDS
from supervision.workflow_hearings import HEARING

H = PublicHearing.State

# --- exports -------------------------------------------------------------------------------------


class PublicHearingResource(resources.ModelResource):
    title = fields.Field(attribute="title", column_name="听证事项")
    kind = fields.Field(column_name="听证类别")
    starts_at = fields.Field(attribute="starts_at", column_name="听证时间")
    location = fields.Field(attribute="location", column_name="听证地点")
    seats = fields.Field(attribute="seats", column_name="陈述人名额")
    signup_opens = fields.Field(attribute="signup_opens", column_name="报名开始时间")
    signup_closes = fields.Field(attribute="signup_closes", column_name="报名截止时间")
    state = fields.Field(column_name="状态")
    signups = fields.Field(column_name="报名人数")
    selected = fields.Field(column_name="选定陈述人数")

    class Meta:
        model = PublicHearing
        fields = (
            "title",
            "kind",
            "starts_at",
            "location",
            "seats",
            "signup_opens",
            "signup_closes",
            "state",
            "signups",
            "selected",
        )
        export_order = fields

    def dehydrate_kind(self, obj):
        return obj.kind_label

    def dehydrate_state(self, obj):
        return obj.get_state_display()

    def dehydrate_signups(self, obj):
        return obj.signups.count()

    def dehydrate_selected(self, obj):
        return obj.signups.filter(state=HearingSignup.State.SELECTED).count()


class HearingSignupResource(resources.ModelResource):
    hearing = fields.Field(attribute="hearing__title", column_name="听证会")
    receipt = fields.Field(attribute="receipt", column_name="回执编号")
    name = fields.Field(attribute="name", column_name="姓名")
    mobile = fields.Field(attribute="mobile", column_name="手机号码")
    street = fields.Field(attribute="street__name", column_name="所在街道（镇）")
    stance = fields.Field(column_name="观点")
    statement = fields.Field(attribute="statement", column_name="陈述要点")
    show_name = fields.Field(column_name="同意公开姓名")
    state = fields.Field(column_name="状态")
    created_at = fields.Field(attribute="created_at", column_name="报名时间")

    class Meta:
        model = HearingSignup
        fields = (
            "hearing",
            "receipt",
            "name",
            "mobile",
            "street",
            "stance",
            "statement",
            "show_name",
            "state",
            "created_at",
        )
        export_order = fields

    def dehydrate_stance(self, obj):
        return obj.get_stance_display()

    def dehydrate_show_name(self, obj):
        return "是" if obj.show_name else "否"

    def dehydrate_state(self, obj):
        return obj.get_state_display()


# --- hearings ------------------------------------------------------------------------------------


class SignupInline(ReadOnlyInline):
    model = HearingSignup
    fields = ["receipt", "name", "mobile", "street", "stance", "statement", "show_name", "state"]
    show_change_link = True


class SpeechInline(ReadOnlyInline):
    model = HearingSpeech
    fields = ["order", "role", "speaker", "stance", "summary", "uptake", "uptake_note"]


class HearingEventInline(EventInline):
    model = PublicHearingEvent


HEARING_STEPS = (
    AdminStep(
        "publish",
        "publish",
        confirm=_("发布后公告将在网站公开，公民可在报名时间内报名。确定发布？"),
        done=_("听证公告已发布。"),
        run=lambda request, obj, data: services.hearing_publish(actor=request.user, hearing=obj),
    ),
    AdminStep(
        "select",
        "select",
        form=f.SelectStepForm,
        done=_("陈述人已确定，遴选结果已记录并在报名人的回执页面告知。"),
        run=service_step(services.hearing_select, "hearing"),
    ),
    AdminStep(
        "hold",
        "hold",
        form=f.HoldStepForm,
        done=_("已记录听证会举行，请录入听证记录。"),
        run=service_step(services.hearing_hold, "hearing"),
    ),
    AdminStep(
        "speak",
        "speak",
        form=f.SpeechStepForm,
        done=_("发言已记入听证记录。"),
        run=service_step(services.hearing_speech_add, "hearing"),
    ),
    AdminStep(
        "conclude",
        "conclude",
        form=f.ConcludeStepForm,
        done=_("听证报告和意见采纳情况已在网站公布。"),
        run=service_step(services.hearing_conclude, "hearing"),
    ),
    AdminStep(
        "cancel",
        "cancel",
        form=f.CancelStepForm,
        danger=True,
        done=_("听证会已取消，取消原因已在公告中公开。"),
        run=service_step(services.hearing_cancel, "hearing"),
    ),
    AdminStep(
        "consult",
        "consult",
        form=ConsultStepForm,
        done=_("专家咨询已记录。"),
        run=service_step(expert_services.hearing_consult, "hearing"),
    ),
)


@admin.register(PublicHearing)
class PublicHearingAdmin(
    StaffAccessMixin, ServiceSaveMixin, WorkflowStepsAdmin, ExcelExport, SimpleHistoryAdmin
):
    workflow = HEARING
    workflow_steps = HEARING_STEPS
    form = f.HearingForm
    resource_classes = [PublicHearingResource]
    list_display = ["title", "kind", "compound", "starts_at", "location", "seats", "signup_closes", "state"]
    list_display_links = ["title"]
    list_filter = ["state", "kind", "compound", "organizer"]
    search_fields = ["title", "description", "draft_title", "location"]
    list_select_related = ["organizer"]
    date_hierarchy = "starts_at"
    inlines = [SignupInline, SpeechInline, ConsultationInline, HearingEventInline]
    AFTER = [
        "state",
        "published_at",
        "selection_reason",
        "selected_at",
        "held_at",
        "report",
        "adoption",
        "concluded_at",
        "report_pdf",
        "cancel_reason",
        "created_by",
    ]

    @admin.display(description=_("听证报告（PDF）"))
    def report_pdf(self, obj):
        if obj.state != H.CONCLUDED:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("public:supervision-public-hearing-report-pdf", args=[obj.pk]),
            _("听证报告（PDF）"),
        )

    def get_fields(self, request, obj=None):
        return HEARING_FIELDS if obj is None else [*HEARING_FIELDS, *self.AFTER]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.state in (H.DRAFTED, H.PUBLISHED):
            return self.AFTER
        return self.get_fields(request, obj)

    def perform(self, request, obj, form):
        if obj is None:
            data = {name: form.cleaned_data.get(name) for name in HEARING_FIELDS}
            return services.hearing_create(actor=request.user, **data)
        changes = changed(form, HEARING_FIELDS)
        if not changes:
            return obj
        return services.hearing_update(actor=request.user, hearing=obj, **changes)


@admin.register(HearingSignup)
class HearingSignupAdmin(StaffAccessMixin, ExcelExport, SimpleHistoryAdmin):
    """Sign-ups are written by citizens on the website; staff read, filter and export them
    (with the mobile, to contact the participants) and select on the hearing's page."""

    resource_classes = [HearingSignupResource]
    list_display = ["receipt", "name", "hearing", "stance", "street", "show_name", "state", "created_at"]
    list_display_links = ["receipt"]
    list_filter = ["state", "stance", "show_name", "street", "hearing"]
    search_fields = ["receipt", "name", "mobile", "statement", "hearing__title"]
    list_select_related = ["hearing", "street"]
    date_hierarchy = "created_at"
    fields = [
        "hearing",
        "receipt",
        "name",
        "mobile",
        "street",
        "stance",
        "statement",
        "show_name",
        "state",
        "notice",
        "notified_at",
        "created_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, *args):
        return False  # citizens sign up on the website

    def has_change_permission(self, request, obj=None):
        return False  # selection is a step on the hearing's page


@admin.register(PublicHearingEvent)
class PublicHearingEventAdmin(_EventAdmin):
    owner = "hearing"
    search_fields = ["hearing__title"]
