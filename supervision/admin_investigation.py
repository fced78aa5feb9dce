"""Staff record special-question investigations in the admin: the proposal on the add page,
then each step as a button on its page (会议决定, 组成调查委员会, 提出调查报告, 作出决议).
Imported by ``supervision.admin``."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from congress import roles
from congress.casework.admin import AdminStep, StepForm, WorkflowStepsAdmin
from congress.history_admin import SimpleHistoryAdmin
from congress.models import User
from supervision import services
from supervision.admin import (
    EventInline,
    ExcelExport,
    ServiceSaveMixin,
    StaffAccessMixin,
    _EventAdmin,
    service_step,
)
from supervision.forms import _text, standing_meetings
from supervision.models import Investigation, InvestigationEvent
from supervision.workflow_investigation import INVESTIGATION


class InvestigationForm(forms.ModelForm):
    class Meta:
        model = Investigation
        fields = ["title", "subject", "proposed_by", "proposers"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "proposers" in self.fields:
            self.fields["proposers"].queryset = (
                User.objects.filter(is_active=True, groups__name=roles.MEMBER)
                .distinct()
                .order_by("display_name")
            )
            self.fields["proposers"].help_text = _("由常委会组成人员联名提请时选择联名人")


class DecideStepForm(StepForm):
    adopt = forms.TypedChoiceField(
        label=_("会议决定"),
        choices=[("1", _("决定组织调查")), ("0", _("不予调查"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择会议决定。")},
    )
    meeting = forms.ModelChoiceField(
        label=_("决定会议"),
        queryset=None,
        error_messages={"required": _("请选择作出决定的常委会会议。")},
    )
    note = forms.CharField(
        label=_("说明"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = standing_meetings()


class CommitteeStepForm(StepForm):
    members = forms.ModelMultipleChoiceField(
        label=_("调查委员会组成人员"),
        queryset=None,
        help_text=_("从人大代表中选定"),
        error_messages={"required": _("请选定调查委员会的组成人员（人大代表）。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            User.objects.filter(is_active=True, groups__name=roles.DEPUTY).distinct().order_by("display_name")
        )


class FindingsStepForm(StepForm):
    findings = _text(_("调查报告"), _("请填写调查报告。"), rows=12)


class ResolutionStepForm(StepForm):
    resolution = _text(_("常委会决议"), _("请填写常委会决议。"), rows=8)


STEPS = (
    AdminStep(
        "decide",
        "decide",
        form=DecideStepForm,
        done=_("已记录会议决定：%(state)s。"),
        run=service_step(services.investigation_decide, "investigation"),
    ),
    AdminStep(
        "form_committee",
        "form_committee",
        form=CommitteeStepForm,
        run=service_step(services.investigation_form_committee, "investigation"),
    ),
    AdminStep(
        "report_findings",
        "report_findings",
        form=FindingsStepForm,
        run=service_step(services.investigation_report_findings, "investigation"),
    ),
    AdminStep(
        "resolve",
        "resolve",
        form=ResolutionStepForm,
        done=_("已记录常委会决议，调查结果已在网站公开。"),
        run=service_step(services.investigation_resolve, "investigation"),
    ),
)


class InvestigationEventInline(EventInline):
    model = InvestigationEvent


@admin.register(Investigation)
class InvestigationAdmin(
    StaffAccessMixin, ServiceSaveMixin, WorkflowStepsAdmin, ExcelExport, SimpleHistoryAdmin
):
    workflow = INVESTIGATION
    workflow_steps = STEPS
    form = InvestigationForm
    list_display = ["title", "proposed_by", "state", "meeting", "decided_at", "concluded_at"]
    list_display_links = ["title"]
    list_filter = ["state", "proposed_by", "meeting"]
    search_fields = ["title", "subject", "findings", "resolution"]
    list_select_related = ["meeting"]
    filter_horizontal = ["proposers"]
    inlines = [InvestigationEventInline]
    CREATE_FIELDS = ["title", "subject", "proposed_by", "proposers"]
    RECORD_FIELDS = [
        "state",
        "meeting",
        "decision_note",
        "decided_at",
        "committee_members",
        "formed_at",
        "findings",
        "reported_at",
        "resolution",
        "concluded_at",
        "created_by",
    ]

    def get_fields(self, request, obj=None):
        return self.CREATE_FIELDS if obj is None else [*self.CREATE_FIELDS, *self.RECORD_FIELDS]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def perform(self, request, obj, form):
        if obj is not None:
            return obj  # the steps change it
        return services.investigation_propose(
            actor=request.user,
            title=form.cleaned_data.get("title"),
            subject=form.cleaned_data.get("subject"),
            proposed_by=form.cleaned_data.get("proposed_by"),
            proposers=list(form.cleaned_data.get("proposers") or []),
        )


@admin.register(InvestigationEvent)
class InvestigationEventAdmin(_EventAdmin):
    owner = "investigation"
    search_fields = ["investigation__title"]
