"""Forms of the portal and the admin: they parse and show errors; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from congress.models import Organization
from meetings import workflow
from meetings.models import RequiredAttendance


class LeaveForm(forms.Form):
    reason = forms.CharField(
        label=_("请假事由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请填写请假事由。")},
    )
    substitute = forms.CharField(
        label=_("委派副职"),
        max_length=50,
        help_text=_("代替主要负责人列席会议的副职姓名"),
        error_messages={
            "required": _("请填写委派出席的副职姓名。"),
            "max_length": _("委派副职姓名不能超过50个字。"),
        },
    )


class ParticipantLeaveForm(forms.Form):
    reason = forms.CharField(
        label=_("请假事由"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写请假事由。"), "max_length": _("请假事由不能超过300个字。")},
    )


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("审批意见"), max_length=300, required=False)


class RequireUnitsForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("列席单位"),
        queryset=Organization.objects.filter(is_active=True).exclude(
            kind__in=[
                Organization.Kind.COMMITTEE_OFFICE,
                Organization.Kind.WORKING_COMMITTEE,
                Organization.Kind.GOV_OFFICE,
                Organization.Kind.PARTY_OFFICE,
            ]
        ),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请选择至少一个列席单位。")},
    )


class CorrectionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("更正为"),
        choices=[
            (value, label) for value, label in RequiredAttendance.Status.choices if value in workflow.FINAL
        ],
    )
    substitute = forms.CharField(label=_("委派副职"), max_length=50, required=False)
    reason = forms.CharField(
        label=_("更正理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写更正理由。")},
    )
