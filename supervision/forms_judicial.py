"""Forms of court and procuratorate supervision (portal and admin): they parse and keep the
input; ``supervision.services.judicial`` decides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from congress.casework.admin import StepForm
from congress.models import Organization
from deputies.models import Deputy
from supervision.forms import _text
from supervision.models_judicial import JUDICIAL_KINDS

_DATE = {"required": _("请填写日期。"), "invalid": _("请填写有效的日期。")}


def judicial_units():
    return Organization.objects.filter(is_active=True, kind__in=JUDICIAL_KINDS).order_by("sort_order", "name")


class HearingForm(forms.Form):
    """A deputy's record of a hearing attended (portal)."""

    unit = forms.ModelChoiceField(
        label=_("法院或检察院"),
        queryset=judicial_units(),
        help_text=_("旁听意见建议转交的机关"),
        error_messages={
            "required": _("请选择区人民法院或区人民检察院。"),
            "invalid_choice": _("请选择区人民法院或区人民检察院。"),
        },
    )
    case_number = forms.CharField(
        label=_("案号"), max_length=100, error_messages={"required": _("请填写案号。")}
    )
    case_title = forms.CharField(
        label=_("案由"), max_length=200, error_messages={"required": _("请填写案由。")}
    )
    court = forms.CharField(
        label=_("审判法庭"), max_length=100, error_messages={"required": _("请填写审判法庭。")}
    )
    hearing_date = forms.DateField(
        label=_("庭审日期"), widget=forms.DateInput(attrs={"type": "date"}), error_messages=_DATE
    )
    remarks = _text(
        _("旁听意见建议"),
        "",
        rows=8,
        max_length=20000,
        required=False,
        help_text=_("填写后转交法院、检察院，由其在规定期限内答复；不填则仅记录旁听"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units = judicial_units()
        # Most hearings a deputy attends are the court's: it comes first (sort order).
        self.fields["unit"].initial = next(iter(units), None)


class HearingReplyForm(StepForm):
    content = _text(_("答复内容"), _("请填写答复内容。"), rows=8)


class SpecialSupervisorForm(forms.ModelForm):
    """Staff appoint a special supervisor (admin)."""

    class Meta:
        from supervision.models_judicial import SpecialSupervisor

        model = SpecialSupervisor
        fields = ["deputy", "institution", "term_start", "term_end", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "deputy" in self.fields:
            self.fields["deputy"].queryset = Deputy.objects.filter(is_active=True).select_related("term")
        if "institution" in self.fields:
            self.fields["institution"].queryset = judicial_units()


class EndForm(StepForm):
    reason = _text(_("解聘理由"), _("请填写解聘理由。"), rows=4, max_length=2000)
