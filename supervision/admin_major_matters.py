"""Staff keep major-matter reports (重大事项报告, seed 九) in the admin: the yearly list (items
added and dropped as steps, with reasons once agreed; then 协商确定并公布) and each matter's steps
(退回补充, 书面报告不再审议, 安排审议, 送交审议意见, 办结; the unit's feedback and a
resubmission received on paper too). Imported by ``supervision.admin``."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from congress.casework.admin import AdminStep, StepForm, WorkflowStepsAdmin
from congress.history_admin import SimpleHistoryAdmin
from supervision.admin import (
    EventInline,
    ExcelExport,
    ReadOnlyInline,
    ServiceSaveMixin,
    StaffAccessMixin,
    _EventAdmin,
    service_step,
)
from supervision.forms import _text, supervised_units
from supervision.forms_major_matters import (
    ConcludeStepForm,
    FeedbackForm,
    OpinionStepForm,
    ResubmitForm,
    ReturnStepForm,
    ScheduleStepForm,
    TakeNoteStepForm,
)
from supervision.models_major_matters import (
    MajorMatter,
    MajorMatterEvent,
    MajorMatterList,
    MajorMatterListEvent,
    MajorMatterListItem,
)
from supervision.services import major_matters as services
from supervision.workflow_major_matters import MAJOR_MATTER, MATTER_LIST

# --- the yearly list -----------------------------------------------------------------------------


class MatterListForm(forms.ModelForm):
    class Meta:
        model = MajorMatterList
        fields = ["year", "consultation"]


class AddItemStepForm(StepForm):
    topic = forms.CharField(
        label=_("报告事项"), max_length=200, error_messages={"required": _("请填写报告事项。")}
    )
    unit = forms.ModelChoiceField(
        label=_("报告单位"), queryset=None, error_messages={"required": _("请选择报告单位。")}
    )
    reporter = forms.CharField(label=_("报告人"), max_length=100, required=False)
    planned_month = forms.TypedChoiceField(
        label=_("计划报告月份"),
        choices=[("", "—"), *[(m, _("%(m)d月") % {"m": m}) for m in range(1, 13)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    requirements = _text(_("报告内容和要求"), "", rows=4, max_length=5000, required=False)
    reason = forms.CharField(
        label=_("调整理由"), max_length=500, required=False, help_text=_("目录确定后增加事项须填写")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = supervised_units()


class DropItemStepForm(StepForm):
    item = forms.ModelChoiceField(
        label=_("目录事项"), queryset=None, error_messages={"required": _("请选择要撤销的事项。")}
    )
    reason = forms.CharField(
        label=_("撤销理由"), max_length=500, required=False, help_text=_("目录确定后撤销事项须填写")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = MajorMatterListItem.objects.filter(
            matter_list=self.obj, dropped_at__isnull=True
        )


class AgreeStepForm(StepForm):
    agreed_on = forms.DateField(
        label=_("确定日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    consultation = _text(_("协商情况"), "", rows=4, max_length=5000, required=False)


def _drop(request, matter_list, data):
    return services.major_matter_list_drop_item(actor=request.user, item=data["item"], reason=data["reason"])


LIST_STEPS = (
    AdminStep(
        "add_item",
        "add_item",
        form=AddItemStepForm,
        done=_("已增加目录事项。"),
        run=service_step(services.major_matter_list_add_item, "matter_list"),
    ),
    AdminStep("drop_item", "drop_item", form=DropItemStepForm, done=_("已撤销目录事项。"), run=_drop),
    AdminStep(
        "agree",
        "agree",
        form=AgreeStepForm,
        done=_("目录已协商确定，已在网站公布。"),
        run=service_step(services.major_matter_list_agree, "matter_list"),
    ),
)


class ItemInline(ReadOnlyInline):
    model = MajorMatterListItem
    fields = [
        "order",
        "topic",
        "unit",
        "reporter",
        "planned_month",
        "change_reason",
        "dropped_reason",
        "dropped_at",
    ]


class ListEventInline(EventInline):
    model = MajorMatterListEvent


@admin.register(MajorMatterList)
class MajorMatterListAdmin(StaffAccessMixin, ServiceSaveMixin, WorkflowStepsAdmin, SimpleHistoryAdmin):
    workflow = MATTER_LIST
    workflow_steps = LIST_STEPS
    form = MatterListForm
    list_display = ["year", "state", "agreed_on"]
    list_filter = ["state"]
    search_fields = ["consultation", "items__topic"]
    inlines = [ItemInline, ListEventInline]

    def get_fields(self, request, obj=None):
        return ["year", "consultation"] if obj is None else ["year", "state", "agreed_on", "consultation"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def perform(self, request, obj, form):
        if obj is not None:
            return obj  # the steps change it
        return services.major_matter_list_create(
            actor=request.user,
            year=form.cleaned_data.get("year"),
            consultation=form.cleaned_data.get("consultation"),
        )


# --- matters -------------------------------------------------------------------------------------


class MajorMatterForm(forms.ModelForm):
    """Staff enter a matter reported on paper (the unit's officer reports in the portal)."""

    class Meta:
        model = MajorMatter
        fields = [
            "unit",
            "list_item",
            "outside_list_reason",
            "title",
            "reporter",
            "planned_decision_date",
            "content",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "unit" in self.fields:
            self.fields["unit"].queryset = supervised_units()
        if "list_item" in self.fields:
            self.fields["list_item"].queryset = MajorMatterListItem.objects.filter(
                matter_list__state=MajorMatterList.State.AGREED, dropped_at__isnull=True
            ).select_related("matter_list")


class PaperFeedbackForm(FeedbackForm):
    """The unit's feedback received on paper."""


MATTER_STEPS = (
    AdminStep(
        "return", "return", form=ReturnStepForm, run=service_step(services.major_matter_return, "matter")
    ),
    AdminStep(
        "take_note",
        "take_note",
        form=TakeNoteStepForm,
        run=service_step(services.major_matter_take_note, "matter"),
    ),
    AdminStep(
        "schedule",
        "schedule",
        form=ScheduleStepForm,
        initial=lambda matter: {"committee": matter.committee_id},
        run=service_step(services.major_matter_schedule, "matter"),
    ),
    AdminStep(
        "send_opinion",
        "send_opinion",
        form=OpinionStepForm,
        done=_("审议意见已送交报告单位，反馈期限已按规则计算。"),
        run=service_step(services.major_matter_send_opinion, "matter"),
    ),
    AdminStep(
        "feed_back",
        "feed_back",
        form=PaperFeedbackForm,
        label=_("录入书面反馈"),
        run=service_step(services.major_matter_feed_back, "matter"),
    ),
    AdminStep(
        "resubmit",
        "resubmit",
        form=ResubmitForm,
        label=_("录入补充报告"),
        initial=lambda matter: {"content": matter.content},
        run=lambda request, matter, data: services.major_matter_resubmit(
            actor=request.user,
            matter=matter,
            content=data["content"],
            planned_decision_date=data.get("planned_decision_date"),
        ),
    ),
    AdminStep(
        "conclude",
        "conclude",
        form=ConcludeStepForm,
        done=_("已办结。"),
        run=service_step(services.major_matter_conclude, "matter"),
    ),
)


class MatterEventInline(EventInline):
    model = MajorMatterEvent


@admin.register(MajorMatter)
class MajorMatterAdmin(
    StaffAccessMixin, ServiceSaveMixin, WorkflowStepsAdmin, ExcelExport, SimpleHistoryAdmin
):
    workflow = MAJOR_MATTER
    workflow_steps = MATTER_STEPS
    form = MajorMatterForm
    list_display = [
        "title",
        "unit",
        "state",
        "planned_decision_date",
        "short_notice",
        "meeting",
        "feedback_due",
        "concluded_at",
    ]
    list_display_links = ["title"]
    list_filter = ["state", "short_notice", "matter_list", "unit", "committee"]
    search_fields = ["title", "content", "opinion", "feedback"]
    list_select_related = ["unit", "meeting"]
    date_hierarchy = "planned_decision_date"
    inlines = [MatterEventInline]
    CREATE_FIELDS = MajorMatterForm.Meta.fields
    RECORD_FIELDS = [
        "matter_list",
        "short_notice",
        "state",
        "return_reason",
        "committee",
        "meeting",
        "opinion",
        "opinion_sent_at",
        "feedback_due",
        "feedback",
        "feedback_at",
        "conclusion",
        "concluded_at",
        "withhold_reason",
        "registered_by",
    ]

    def get_fields(self, request, obj=None):
        return self.CREATE_FIELDS if obj is None else [*self.CREATE_FIELDS, *self.RECORD_FIELDS]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def perform(self, request, obj, form):
        if obj is not None:
            return obj  # the steps change it
        return services.major_matter_register(
            actor=request.user, **{name: form.cleaned_data.get(name) for name in self.CREATE_FIELDS}
        )


@admin.register(MajorMatterEvent)
class MajorMatterEventAdmin(_EventAdmin):
    owner = "matter"
    search_fields = ["matter__title"]


@admin.register(MajorMatterListEvent)
class MajorMatterListEventAdmin(_EventAdmin):
    owner = "matter_list"
