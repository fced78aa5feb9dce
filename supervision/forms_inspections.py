"""Forms of law-enforcement inspections (portal and admin): they parse and keep the input; the
services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from congress import roles
from congress.casework.admin import RectificationRedoForm, StepForm
from congress.models import User
from supervision.forms import _text, standing_meetings, supervised_units
from supervision.models import (
    AmendmentSuggestion,
    Inspection,
    InspectionGroup,
    InspectionGroupMember,
    PlanItem,
)

DATE_ERRORS = {"required": _("请填写日期。"), "invalid": _("日期格式应为 YYYY-MM-DD。")}


class RectifyForm(forms.Form):
    content = _text(
        _("整改情况"),
        _("请填写整改情况。"),
        rows=8,
        max_length=20000,
        help_text=_("说明针对该问题采取的整改措施、完成情况和长效机制"),
    )


# --- the admin -----------------------------------------------------------------------------------


class InspectionForm(forms.ModelForm):
    """Staff set up an inspection (the admin's add page): parsed here, created by the service."""

    class Meta:
        model = Inspection
        fields = ["title", "law", "year", "committee", "plan_item", "description"]
        widgets = {
            "title": forms.TextInput(attrs={"class": "vTextField", "size": 80}),
            "law": forms.TextInput(attrs={"class": "vTextField", "size": 60}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "plan_item" in self.fields:
            self.fields["plan_item"].queryset = PlanItem.objects.filter(is_dropped=False).select_related(
                "plan"
            )


class NoteStepForm(StepForm):
    note = forms.CharField(label=_("说明"), max_length=2000, required=False)


class GroupStepForm(StepForm):
    name = forms.CharField(
        label=_("检查组名称"), max_length=100, error_messages={"required": _("请填写检查组名称。")}
    )
    focus = forms.CharField(label=_("检查重点"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    seats = forms.IntegerField(
        label=_("代表名额"),
        min_value=0,
        max_value=500,
        initial=5,
        help_text=_("可报名参加的代表人数上限（0 为不限）"),
    )
    signup_open = forms.BooleanField(label=_("接受代表报名"), required=False, initial=True)


def _groups_of(obj):
    return (
        InspectionGroup.objects.filter(inspection=obj).order_by("id")
        if obj
        else InspectionGroup.objects.none()
    )


class MemberStepForm(StepForm):
    """Staff put a committee member, a deputy or a staff member in one of the groups. Deputies
    are labelled with their registered specialty."""

    group = forms.ModelChoiceField(
        label=_("检查组"),
        queryset=InspectionGroup.objects.none(),
        error_messages={"required": _("请选择检查组。"), "invalid_choice": _("请选择检查组。")},
    )
    user = forms.ModelChoiceField(
        label=_("成员"),
        queryset=User.objects.none(),
        error_messages={"required": _("请选择检查组成员。"), "invalid_choice": _("请选择检查组成员。")},
    )
    role = forms.ChoiceField(label=_("职务"), choices=InspectionGroupMember.Role.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = _groups_of(self.obj)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, groups__name__in=[roles.MEMBER, roles.DEPUTY, roles.STAFF])
            .select_related("deputy")
            .distinct()
            .order_by("display_name", "pk")
        )
        self.fields["user"].label_from_instance = _person_label


def _person_label(user) -> str:
    deputy = getattr(user, "deputy", None)
    if deputy is not None and (deputy.specialty or deputy.occupation):
        return f"{user}（{deputy.specialty or deputy.occupation}）"
    return str(user)


class ChooseStepForm(StepForm):
    """Staff choose deputies for a group by the specialty they registered."""

    group = forms.ModelChoiceField(
        label=_("检查组"),
        queryset=InspectionGroup.objects.none(),
        error_messages={"required": _("请选择检查组。"), "invalid_choice": _("请选择检查组。")},
    )
    specialty = forms.CharField(
        label=_("专业特长关键词"),
        max_length=100,
        help_text=_("按代表登记的专业特长、工作单位及职务匹配，例如“法律”“食品”“医生”"),
        error_messages={"required": _("请填写专业特长关键词，例如“法律”“食品”。")},
    )
    count = forms.IntegerField(label=_("人数"), min_value=1, max_value=50, initial=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = _groups_of(self.obj)


class VisitStepForm(StepForm):
    group = forms.ModelChoiceField(label=_("检查组"), queryset=InspectionGroup.objects.none(), required=False)
    date = forms.DateField(
        label=_("检查日期"), widget=forms.DateInput(attrs={"type": "date"}), error_messages=DATE_ERRORS
    )
    place = forms.CharField(
        label=_("检查地点"), max_length=200, error_messages={"required": _("请填写检查地点。")}
    )
    notes = forms.CharField(label=_("检查情况"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = _groups_of(self.obj)


class IssueStepForm(StepForm):
    unit = forms.ModelChoiceField(
        label=_("责任单位"),
        queryset=supervised_units(),
        error_messages={"required": _("请选择责任单位。"), "invalid_choice": _("请选择责任单位。")},
    )
    description = forms.CharField(
        label=_("问题描述"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("整改期限按规则“执法检查问题整改期限”自动计算"),
        error_messages={"required": _("请填写问题描述。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = supervised_units()


class DeliberateStepForm(StepForm):
    meeting = forms.ModelChoiceField(label=_("审议会议"), queryset=standing_meetings(), required=False)
    report = forms.CharField(
        label=_("执法检查报告"),
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("请填写执法检查报告。")},
    )
    opinions = forms.CharField(
        label=_("审议意见"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("请填写审议意见。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = standing_meetings()


class AmendmentStepForm(StepForm):
    article = forms.CharField(label=_("涉及条款"), max_length=200, required=False)
    content = forms.CharField(
        label=_("修法建议"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("请填写修法建议。")},
    )


class RedoStepForm(RectificationRedoForm):
    deadline = forms.DateField(
        label=_("新的整改期限"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("不填则按规则“执法检查问题重新整改期限”计算"),
        error_messages={"invalid": _("日期格式应为 YYYY-MM-DD。")},
    )


class FeedbackStepForm(StepForm):
    outcome = forms.ChoiceField(
        label=_("采纳情况"),
        choices=[
            (AmendmentSuggestion.State.ADOPTED, AmendmentSuggestion.State.ADOPTED.label),
            (AmendmentSuggestion.State.PARTLY_ADOPTED, AmendmentSuggestion.State.PARTLY_ADOPTED.label),
            (AmendmentSuggestion.State.NOT_ADOPTED, AmendmentSuggestion.State.NOT_ADOPTED.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择采纳情况。")},
    )
    feedback = forms.CharField(
        label=_("市人大反馈"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请填写市人大的反馈。")},
    )
