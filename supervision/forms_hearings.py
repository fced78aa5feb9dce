"""Forms of public hearings (the website's sign-up and receipt lookup; the admin's notice and
steps): they parse and keep the input; the services decide."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from congress.casework.admin import StepForm
from congress.models import Organization
from supervision.forms import _text
from supervision.models_hearings import HearingSignup, HearingSpeech, PublicHearing
from supervision.services.hearings import MOBILE_RE, STATEMENT_LIMIT, selection_proposal

# --- the website ---------------------------------------------------------------------------------


def streets():
    return Organization.objects.filter(
        is_active=True, kind__in=[Organization.Kind.STREET, Organization.Kind.TOWN]
    ).order_by("sort_order", "name")


class SignupForm(forms.Form):
    """A citizen's sign-up on a phone: big fields, the right keyboards, Chinese messages."""

    name = forms.CharField(
        label=_("姓名"),
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("请填写姓名。"), "max_length": _("姓名不能超过50个字。")},
    )
    mobile = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        help_text=_("仅供工作人员联系您，不会公开"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "type": "tel"}),
        error_messages={"required": _("请填写手机号码。")},
    )
    street = forms.ModelChoiceField(
        label=_("所在街道（镇）"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("请选择"),
        error_messages={"invalid_choice": _("请选择所在街道（镇）。")},
    )
    stance = forms.ChoiceField(
        label=_("您的观点"),
        choices=HearingSignup.Stance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择您的观点（支持、反对或其他意见）。")},
    )
    statement = forms.CharField(
        label=_("陈述要点"),
        max_length=STATEMENT_LIMIT,
        help_text=_("简要写明您的主要观点和理由，不超过500字"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("请简要填写您的陈述要点。"),
            "max_length": _("陈述要点不能超过500字。"),
        },
    )
    show_name = forms.BooleanField(
        label=_("同意在网站公开我的姓名"),
        required=False,
        help_text=_("不同意的，网站只显示您的姓氏（如“张*”）"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = streets()

    def clean_mobile(self):
        mobile = re.sub(r"[\s-]", "", self.cleaned_data["mobile"])
        if not MOBILE_RE.match(mobile):
            raise forms.ValidationError(_("请填写正确的11位手机号码。"))
        return mobile


class ReceiptLookupForm(forms.Form):
    receipt = forms.CharField(
        label=_("回执编号"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "placeholder": "TZ…"}),
        error_messages={"required": _("请填写回执编号。")},
    )


# --- the admin -----------------------------------------------------------------------------------

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class HearingForm(forms.ModelForm):
    """Staff draft or correct a notice (the admin's add and change pages); the service writes."""

    class Meta:
        model = PublicHearing
        fields = [
            "kind",
            "compound",
            "title",
            "description",
            "draft_title",
            "plan_item",
            "organizer",
            "starts_at",
            "ends_at",
            "location",
            "seats",
            "signup_opens",
            "signup_closes",
            "selection_rule",
        ]
        widgets = {"title": forms.TextInput(attrs={"class": "vTextField", "size": 80})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "selection_rule" in self.fields:
            self.fields["selection_rule"].required = False
            self.fields["selection_rule"].help_text = _("不填则使用默认规则：按支持、反对和其他意见均衡遴选")

    def _post_clean(self):
        # The service checks the notice (``ServiceSaveMixin``); the model's own validation of
        # the constraints would only say the same in other words.
        pass


class SelectStepForm(StepForm):
    """Staff tick the participants among the pending sign-ups (a balanced proposal ticked
    already) and say how they chose."""

    selected = forms.MultipleChoiceField(
        label=_("选定的陈述人"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("已按观点均衡和报名先后预先勾选，可调整；未勾选的报名人将被告知未被选中"),
    )
    reason = _text(_("遴选说明"), _("请填写遴选说明（遴选的依据和过程）。"), rows=3, max_length=5000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hearing = self.obj
        pending = list(
            hearing.signups.filter(state=HearingSignup.State.PENDING)
            .select_related("street")
            .order_by("created_at", "id")
        )
        self.fields["selected"].choices = [
            (
                str(s.pk),
                f"{s.receipt} · {s.name} · {s.get_stance_display()} · {s.street.name if s.street else '—'} · {s.statement[:40]}",
            )
            for s in pending
        ]
        if not self.is_bound:
            self.initial["selected"] = [str(pk) for pk in selection_proposal(hearing, pending)]


class HoldStepForm(StepForm):
    held_at = forms.DateTimeField(
        label=_("实际举行时间"),
        required=False,
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("不填则为公告的听证时间"),
        error_messages={"invalid": _("时间格式应为 YYYY-MM-DD HH:MM。")},
    )
    note = forms.CharField(label=_("说明"), max_length=2000, required=False)


class SpeechStepForm(StepForm):
    role = forms.ChoiceField(label=_("发言人身份"), choices=HearingSpeech.Role.choices)
    signup = forms.ModelChoiceField(
        label=_("公民陈述人"),
        queryset=HearingSignup.objects.none(),
        required=False,
        help_text=_("发言人为公民陈述人时选择；网站按本人意愿显示姓名"),
    )
    speaker = forms.CharField(
        label=_("发言人"), max_length=100, required=False, help_text=_("单位、专家或代表的名称")
    )
    stance = forms.ChoiceField(
        label=_("观点"), choices=[("", "—"), *HearingSignup.Stance.choices], required=False
    )
    summary = _text(_("发言要点"), _("请填写发言要点。"), rows=5, max_length=10000)
    uptake = forms.ChoiceField(
        label=_("采纳情况"), choices=[("", "—"), *HearingSpeech.Uptake.choices], required=False
    )
    uptake_note = forms.CharField(
        label=_("采纳说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signup"].queryset = self.obj.signups.filter(state=HearingSignup.State.SELECTED)
        self.fields["signup"].label_from_instance = lambda s: f"{s.name}（{s.get_stance_display()}）"


class ConcludeStepForm(StepForm):
    report = _text(_("听证报告"), _("请填写听证报告。"), rows=10)
    adoption = _text(_("意见采纳情况"), _("请说明听证意见的采纳情况。"), rows=6)


class CancelStepForm(StepForm):
    reason = _text(_("取消原因"), _("请说明取消原因。"), rows=3, max_length=2000)
