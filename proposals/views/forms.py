"""Forms of the proposals pages. They parse and show Chinese field errors; the services decide
every rule (a service's ``ApplicationError`` is put back on the form by ``error_to_form``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from congress.forms import (
    MultipleFileField,
    error_to_form,  # noqa: F401  (re-exported for this app)
)
from proposals.models import Category, ContactLog, Proposal, Rating
from proposals.services.proposals import UNSATISFIED_NEEDS_REASON


def _required(message):
    return {"required": message}


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=Proposal.Kind.choices,
        initial=Proposal.Kind.SUGGESTION,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择建议或议案。"), "invalid_choice": _("请选择建议或议案。")},
    )
    title = forms.CharField(
        label=_("标题"),
        max_length=200,
        error_messages={"required": _("请填写标题。"), "max_length": _("标题不能超过200个字。")},
    )
    content = forms.CharField(
        label=_("内容"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20000,
        help_text=_("写明问题、原因分析和具体建议。"),
        error_messages={"required": _("请填写内容。"), "max_length": _("内容过长。")},
    )
    category = forms.ModelChoiceField(
        label=_("类别"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
        empty_label=_("（请选择）"),
        error_messages={"invalid_choice": _("请选择有效的类别。")},
    )
    co_signers = forms.TypedMultipleChoiceField(
        label=_("附议代表"),
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _("无效的代表：%(value)s")},
    )
    attachments = MultipleFileField(label=_("附件"), help_text=_("可选，单个不超过 20MB。"))

    def __init__(self, *args, cosigner_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Any submitted id parses; the service checks it is a deputy of the same term.
        submitted = self.data.getlist("co_signers") if hasattr(self.data, "getlist") else []
        choices = {str(pk): label for pk, label in cosigner_choices}
        for value in submitted:
            if value.isdecimal():
                choices.setdefault(value, value)
        self.fields["co_signers"].choices = list(choices.items())


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("测评结果"),
        choices=Rating.Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择满意、基本满意或不满意。"),
            "invalid_choice": _("请选择满意、基本满意或不满意。"),
        },
    )
    comment = forms.CharField(
        label=_("意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("选择“不满意”时必须填写理由。"),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("satisfaction") == Rating.Satisfaction.UNSATISFIED
            and not data.get("comment", "").strip()
        ):
            self.add_error("comment", UNSATISFIED_NEEDS_REASON)
        return data


class ReceiveForm(forms.Form):
    """签收 with the four fixed (定人员、定责任、定措施; the deadline is fixed by the rules)."""

    responsible_person = forms.CharField(
        label=_("具体承办人"), max_length=50, error_messages=_required(_("请填写具体承办人。"))
    )
    responsible_leader = forms.CharField(
        label=_("分管领导"), max_length=50, error_messages=_required(_("请填写分管领导。"))
    )
    responsible_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    measures = forms.CharField(
        label=_("办理措施"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class FixedForm(ReceiveForm):
    """修改四定: the same fields as at 签收, while the unit handles it."""


class ContactForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("阶段"),
        choices=ContactLog.Stage.choices,
        error_messages={"required": _("请选择联系阶段。"), "invalid_choice": _("请选择办前、办中或办后。")},
    )
    date = forms.DateField(
        label=_("日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("请填写日期。"), "invalid": _("请输入有效的日期。")},
    )
    channel = forms.ChoiceField(
        label=_("方式"),
        choices=ContactLog.Channel.choices,
        initial=ContactLog.Channel.PHONE,
        error_messages={"invalid_choice": _("请选择联系方式。")},
    )
    who = forms.CharField(label=_("参加人员"), max_length=200, required=False)
    note = forms.CharField(
        label=_("情况记录"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("请填写情况记录。")),
    )


class OpinionForm(forms.Form):
    opinion = forms.CharField(
        label=_("协办意见"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages=_required(_("请填写协办意见。")),
    )


class ReplyForm(forms.Form):
    reply_class = forms.ChoiceField(
        label=_("答复分类"),
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择答复分类。"), "invalid_choice": _("请选择有效的答复分类。")},
    )
    content = forms.CharField(
        label=_("答复内容"),
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages=_required(_("请填写答复内容。")),
    )
    attachments = MultipleFileField(label=_("附件"), help_text=_("答复函扫描件等，单个不超过 20MB。"))

    def __init__(self, *args, class_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply_class"].choices = [(c["code"], c["label"]) for c in class_choices]


class FollowUpForm(forms.Form):
    content = forms.CharField(
        label=_("办理进展"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages=_required(_("请填写办理进展。")),
    )
    is_resolved = forms.BooleanField(label=_("问题已解决，结束跟踪办理"), required=False)


class ReturnRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("退回理由"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("请填写退回理由。")),
    )
    suggested_unit = forms.CharField(label=_("建议承办单位"), max_length=100, required=False)


class ExtensionRequestForm(forms.Form):
    requested_deadline = forms.DateField(
        label=_("申请延至"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("请填写申请延至的日期。"), "invalid": _("请输入有效的日期。")},
    )
    reason = forms.CharField(
        label=_("延期理由"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("请填写延期理由。")),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", _("审核确认")), ("send_back", _("退回修改"))],
        error_messages={"required": _("请选择审核结果。"), "invalid_choice": _("请选择审核结果。")},
    )
    comments = forms.CharField(
        label=_("审核意见"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("退回修改时必须填写。"),
    )
