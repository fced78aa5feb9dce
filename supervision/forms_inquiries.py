"""Forms of inquiries (portal and admin): they parse and keep the input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from congress import roles
from congress.casework.admin import StepForm
from congress.models import Organization, User
from supervision.forms import _text, standing_meetings, supervised_units
from supervision.models import Inquiry, InquiryQuestion, PlanItem

DATE_ERRORS = {"required": _("请填写落实期限。"), "invalid": _("日期格式应为 YYYY-MM-DD。")}


class QuestionForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("被询问单位"),
        queryset=Organization.objects.none(),
        error_messages={"required": _("请选择被询问单位。"), "invalid_choice": _("请选择被询问单位。")},
    )
    content = _text(_("询问的问题"), _("请填写询问的问题。"), rows=5, max_length=20000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = supervised_units()


class AnswerForm(forms.Form):
    answerer_role = forms.ChoiceField(
        label=_("应询人身份"),
        choices=InquiryQuestion.AnswererRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择应询人身份（主要负责人或分管副职）。")},
    )
    answerer_name = forms.CharField(
        label=_("应询人姓名"),
        max_length=100,
        required=False,
        help_text=_("留空则取单位登记的主要负责人或分管副职姓名"),
    )
    answer = _text(_("答复内容"), _("请填写答复内容。"), rows=8, max_length=20000)


class CommitmentForm(forms.Form):
    content = _text(_("承诺事项"), _("请填写承诺事项。"), rows=3, max_length=5000)
    due_date = forms.DateField(
        label=_("落实期限"), widget=forms.DateInput(attrs={"type": "date"}), error_messages=DATE_ERRORS
    )


class CommitmentReportForm(forms.Form):
    report = _text(_("落实情况"), _("请填写落实情况。"), rows=8, help_text=_("说明承诺事项的落实措施和成效"))


# --- the admin's steps ---------------------------------------------------------------------------


class InquiryForm(forms.ModelForm):
    """Staff set up an inquiry (the admin's add page): parsed here, created by the service."""

    class Meta:
        model = Inquiry
        fields = ["title", "kind", "meeting", "plan_item", "committee", "description"]
        widgets = {"title": forms.TextInput(attrs={"class": "vTextField", "size": 80})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "meeting" in self.fields:
            self.fields["meeting"].queryset = standing_meetings()
        if "plan_item" in self.fields:
            self.fields["plan_item"].queryset = PlanItem.objects.filter(is_dropped=False).select_related(
                "plan"
            )


class AskStepForm(StepForm, QuestionForm):
    """Staff enter a question asked at the meeting, naming the member or deputy who asked."""

    asker = forms.ModelChoiceField(
        label=_("提问人"),
        queryset=User.objects.none(),
        error_messages={"required": _("请选择提问人。"), "invalid_choice": _("请选择提问人。")},
    )
    field_order = ["asker", "unit", "content"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asker"].queryset = (
            User.objects.filter(is_active=True, groups__name__in=[roles.MEMBER, roles.DEPUTY])
            .distinct()
            .order_by("display_name", "pk")
        )


class HoldStepForm(StepForm):
    note = forms.CharField(label=_("说明"), max_length=2000, required=False)


class AnswerStepForm(StepForm, AnswerForm):
    pass


class CommitmentStepForm(StepForm, CommitmentForm):
    pass


class AcceptStepForm(StepForm):
    note = forms.CharField(label=_("核实意见"), max_length=2000, required=False)


class SendBackStepForm(StepForm):
    reason = forms.CharField(
        label=_("退回理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请说明退回理由。")},
    )
    due_date = forms.DateField(
        label=_("新的落实期限"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("不填则沿用原期限"),
        error_messages={"invalid": _("日期格式应为 YYYY-MM-DD。")},
    )
