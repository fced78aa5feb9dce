"""Forms of the portal and the admin: they parse and show errors (keeping the input); the
services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from congress import roles
from congress.forms import (
    MultipleFileField,
    error_to_form,  # noqa: F401  (re-exported for this app)
)
from congress.models import Organization, User
from meetings.models import Meeting
from supervision.models import Interpellation, PlanItem, WorkReport
from supervision.services._common import SUPERVISED_KINDS


def supervised_units():
    return Organization.objects.filter(is_active=True, kind__in=SUPERVISED_KINDS).order_by(
        "sort_order", "name"
    )


def standing_meetings():
    return Meeting.objects.filter(kind=Meeting.Kind.STANDING).order_by("-starts_at")


def _text(label, message, *, rows=8, max_length=50000, required=True, help_text=""):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "cols": 80, "class": "vLargeTextField"}),
        error_messages={"required": message, "max_length": _("内容过长。")},
    )


# --- the portal ----------------------------------------------------------------------------------


class ReportContentForm(forms.Form):
    content = _text(_("报告内容"), _("请填写报告内容。"), rows=14)
    attachments = MultipleFileField(label=_("附件"), help_text=_("报告正文、附表等，单个不超过 20MB。"))


class RectificationForm(forms.Form):
    content = _text(
        _("整改情况"),
        _("请填写整改情况。"),
        rows=14,
        help_text=_("逐条说明对审议意见的研究处理情况、整改措施和成效"),
    )
    attachments = MultipleFileField(label=_("附件"), help_text=_("整改材料等，单个不超过 20MB。"))


class InterpellationAnswerForm(forms.Form):
    answerer = forms.CharField(
        label=_("答复人"),
        max_length=100,
        help_text=_("受质询机关的主要负责人"),
        error_messages={"required": _("请填写答复人（受质询机关负责人）。")},
    )
    content = _text(_("书面答复"), _("请填写答复内容。"), rows=12)


class UnsatisfiedForm(forms.Form):
    reason = _text(_("不满意的理由"), _("请说明不满意的理由。"), rows=4, max_length=2000)


class PlanCommentForm(forms.Form):
    item = forms.ModelChoiceField(
        label=_("针对事项"),
        queryset=PlanItem.objects.none(),
        required=False,
        empty_label=_("整个计划"),
    )
    content = _text(_("意见建议"), _("请填写意见建议。"), rows=5, max_length=2000)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["item"].queryset = PlanItem.objects.filter(plan=plan, is_dropped=False).order_by(
                "order"
            )


class SignerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class InterpellationForm(forms.Form):
    title = forms.CharField(label=_("案由"), max_length=200, error_messages={"required": _("请填写案由。")})
    unit = forms.ModelChoiceField(
        label=_("受质询机关"),
        queryset=Organization.objects.none(),
        error_messages={"required": _("请选择受质询机关。"), "invalid_choice": _("请选择受质询机关。")},
    )
    content = _text(_("质询的问题和内容"), _("请填写质询的问题和内容。"), rows=10)
    signers = SignerChoiceField(
        label=_("联名人"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请选择联名人。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = supervised_units()
        self.fields["signers"].queryset = (
            User.objects.filter(is_active=True, groups__name=roles.MEMBER)
            .distinct()
            .order_by("display_name", "pk")
        )


# --- the admin -----------------------------------------------------------------------------------


class ReportRequestForm(forms.ModelForm):
    """Staff request a report (the admin's add page): parsed here, created by the service."""

    class Meta:
        model = WorkReport
        fields = ["title", "unit", "due_date", "plan_item", "meeting", "request_note"]
        widgets = {"title": forms.TextInput(attrs={"class": "vTextField", "size": 80})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "unit" in self.fields:
            self.fields["unit"].queryset = supervised_units()
        if "meeting" in self.fields:
            self.fields["meeting"].queryset = standing_meetings()
        if "plan_item" in self.fields:
            self.fields["plan_item"].queryset = PlanItem.objects.filter(is_dropped=False).select_related(
                "plan"
            )


class OpinionsForm(forms.Form):
    content = _text(
        _("审议意见"),
        _("请填写审议意见。"),
        rows=12,
        help_text=_("主任会议通过的审议意见，交办后计算整改报告期限"),
    )


class DeliberateForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("审议会议"), queryset=Meeting.objects.none(), required=False)
    note = forms.CharField(label=_("说明"), max_length=2000, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = standing_meetings()


class VoteForm(forms.Form):
    satisfied = forms.IntegerField(
        label=_("满意"), min_value=0, error_messages={"min_value": _("票数不能为负数。")}
    )
    basically_satisfied = forms.IntegerField(
        label=_("基本满意"), min_value=0, error_messages={"min_value": _("票数不能为负数。")}
    )
    unsatisfied = forms.IntegerField(
        label=_("不满意"), min_value=0, error_messages={"min_value": _("票数不能为负数。")}
    )


class FollowUpForm(forms.Form):
    content = _text(_("跟踪问效情况"), _("请填写跟踪问效情况。"), rows=6)


class WithholdForm(forms.Form):
    parts = forms.MultipleChoiceField(
        label=_("不公开的部分"),
        choices=[
            ("report", _("报告")),
            ("opinions", _("审议意见")),
            ("rectification", _("整改报告")),
            ("vote", _("测评结果")),
        ],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请选择不公开的部分。")},
    )
    reason = forms.CharField(
        label=_("不公开理由"), max_length=300, error_messages={"required": _("请填写不公开的理由。")}
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写理由。")},
    )


class DecideForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("主任会议决定"),
        choices=[("1", _("交受质询机关答复")), ("0", _("不予交付"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    answer_mode = forms.ChoiceField(
        label=_("答复方式"),
        choices=[("", _("未定"))] + list(Interpellation.AnswerMode.choices),
        required=False,
    )
    note = forms.CharField(
        label=_("说明（不予交付须填写理由）"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class CloseForm(forms.Form):
    note = forms.CharField(label=_("说明"), max_length=2000, required=False)


class AnswerRecordForm(forms.Form):
    mode = forms.ChoiceField(label=_("答复方式"), choices=Interpellation.AnswerMode.choices)
    answerer = forms.CharField(label=_("答复人"), max_length=100)
    meeting = forms.ModelChoiceField(label=_("答复会议"), queryset=Meeting.objects.none(), required=False)
    content = _text(_("答复内容"), _("请填写答复内容。"), rows=10)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = standing_meetings()


class PlanItemForm(forms.ModelForm):
    """An item added or changed in the admin; after the plan's adoption only with a reason."""

    reason = forms.CharField(
        label=_("调整理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("计划通过后增加或修改项目须说明理由，在公布的计划中显示"),
    )

    class Meta:
        model = PlanItem
        fields = [
            "plan",
            "order",
            "kind",
            "title",
            "description",
            "committee",
            "units",
            "meeting",
            "planned_month",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "committee" in self.fields:
            self.fields["committee"].queryset = Organization.objects.filter(
                kind=Organization.Kind.WORKING_COMMITTEE, is_active=True
            )
        if "units" in self.fields:
            self.fields["units"].queryset = supervised_units()
        if "meeting" in self.fields:
            self.fields["meeting"].queryset = standing_meetings()
            self.fields["meeting"].required = False
