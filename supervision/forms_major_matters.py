"""Forms of major-matter reports (portal and admin): they parse and keep the input;
``supervision.services.major_matters`` decides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from congress.casework.admin import StepForm
from congress.models import Organization
from supervision.forms import _text, standing_meetings
from supervision.models_major_matters import MajorMatterListItem

_DATE = {"required": _("请填写拟决策时间。"), "invalid": _("请填写有效的日期。")}


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, item):
        return f"{item.matter_list.year} · {item.topic}"


class MajorMatterForm(forms.Form):
    """A unit's officer reports a major matter before deciding it (portal)."""

    unit = forms.ModelChoiceField(
        label=_("报告单位"),
        queryset=Organization.objects.none(),
        error_messages={"required": _("请选择报告单位。"), "invalid_choice": _("请选择本单位。")},
    )
    list_item = ItemChoiceField(
        label=_("年度目录事项"),
        queryset=MajorMatterListItem.objects.none(),
        required=False,
        empty_label=_("目录外事项"),
        error_messages={"invalid_choice": _("请选择本单位在已确定目录中的事项。")},
    )
    outside_list_reason = _text(
        _("目录外报告理由"),
        "",
        rows=3,
        max_length=5000,
        required=False,
        help_text=_("不在年度目录内的事项须说明报告理由"),
    )
    title = forms.CharField(
        label=_("事项名称"), max_length=200, error_messages={"required": _("请填写事项名称。")}
    )
    reporter = forms.CharField(
        label=_("报告人"),
        max_length=100,
        help_text=_("例如：副区长 王某某"),
        error_messages={"required": _("请填写报告人。")},
    )
    planned_decision_date = forms.DateField(
        label=_("拟决策时间"), widget=forms.DateInput(attrs={"type": "date"}), error_messages=_DATE
    )
    content = _text(
        _("报告内容"),
        _("请填写报告内容。"),
        rows=12,
        help_text=_("拟决策事项、主要内容、依据和论证情况、征求意见情况"),
    )

    def __init__(self, *args, units=(), items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Organization.objects.filter(pk__in=[u.pk for u in units])
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk
        if items is not None:
            self.fields["list_item"].queryset = items


class ResubmitForm(StepForm):
    content = _text(_("报告内容"), _("请填写报告内容。"), rows=12)
    planned_decision_date = forms.DateField(
        label=_("拟决策时间"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=_DATE,
        help_text=_("时间有变化时填写"),
    )


class FeedbackForm(StepForm):
    content = _text(
        _("审议意见采纳情况"),
        _("请填写审议意见采纳情况。"),
        rows=10,
        help_text=_("决策时对常委会审议意见的研究采纳情况"),
    )


# --- admin steps ---------------------------------------------------------------------------------


class ReturnStepForm(StepForm):
    reason = _text(_("退回理由"), _("请填写退回理由。"), rows=4, max_length=5000)


class TakeNoteStepForm(StepForm):
    note = _text(_("办结说明"), _("请填写办结说明。"), rows=4, max_length=5000)
    withhold_reason = forms.CharField(
        label=_("不予公开理由"), max_length=500, required=False, help_text=_("填写后办结记录不在网站公开")
    )


class ScheduleStepForm(StepForm):
    meeting = forms.ModelChoiceField(
        label=_("审议会议"), queryset=None, error_messages={"required": _("请选择常委会会议。")}
    )
    committee = forms.ModelChoiceField(
        label=_("承办工作委员会"),
        queryset=Organization.objects.filter(kind=Organization.Kind.WORKING_COMMITTEE).order_by("sort_order"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = standing_meetings()


class OpinionStepForm(StepForm):
    content = _text(_("审议意见"), _("请填写审议意见。"), rows=10)


class ConcludeStepForm(StepForm):
    note = _text(_("办结说明"), "", rows=4, max_length=5000, required=False)
    withhold_reason = forms.CharField(
        label=_("不予公开理由"), max_length=500, required=False, help_text=_("填写后办结记录不在网站公开")
    )
