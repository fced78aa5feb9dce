"""Forms of filing review and of the expert pool (portal, public pages and admin): they parse
and keep the input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from congress.casework.admin import StepForm
from congress.models import Organization
from supervision.forms import _text
from supervision.models import Expert, FilingSuggestion, NormativeDocument
from supervision.services import filings as svc

DATE_ERRORS = {"invalid": _("日期格式应为 YYYY-MM-DD。")}


def _date(label, *, required=True, message=None, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={**DATE_ERRORS, "required": message or _("请填写日期。")},
    )


def _article_choices(filing) -> list[tuple]:
    articles = filing.articles() if filing is not None else []
    return [("", _("全文")), *[(a.number, a.label) for a in articles]]


class ArticleChoiceMixin:
    """An ``article`` field listing the document's articles (第X条), empty for the whole."""

    def set_articles(self, filing):
        self.fields["article"].choices = _article_choices(filing)

    def clean_article(self):
        value = self.cleaned_data.get("article")
        return int(value) if value not in (None, "") else None


def issuing_units():
    return Organization.objects.filter(is_active=True, kind__in=svc.ISSUING_KINDS).order_by(
        "sort_order", "name"
    )


class FilingForm(forms.Form):
    """A unit files a normative document (the portal); staff use the admin's add page."""

    unit = forms.ModelChoiceField(
        label=_("制定机关"),
        queryset=Organization.objects.none(),
        error_messages={"required": _("请选择制定机关。"), "invalid_choice": _("请选择制定机关。")},
    )
    title = forms.CharField(
        label=_("文件名称"), max_length=200, error_messages={"required": _("请填写文件名称。")}
    )
    doc_number = forms.CharField(
        label=_("文号"),
        max_length=100,
        help_text=_("如：徐府规〔2026〕1号"),
        error_messages={"required": _("请填写文号。")},
    )
    published_on = _date(_("公布日期"), message=_("请填写公布日期。"))
    text = _text(
        _("文件全文"),
        _("请填写文件全文。"),
        rows=16,
        max_length=svc.TEXT_LIMIT,
        help_text=_("每条以“第X条”开头另起一行，便于逐条审查"),
    )
    pdf = forms.FileField(label=_("文件PDF"), required=False, help_text=_("加盖印章的正式文本扫描件（PDF）"))

    def __init__(self, *args, unit_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_queryset if unit_queryset is not None else issuing_units()


class CorrectionForm(forms.Form):
    corrected_text = _text(
        _("纠正后的文件全文"), _("请填写纠正后的文件全文。"), rows=16, max_length=svc.TEXT_LIMIT
    )
    note = _text(_("纠正说明"), "", rows=3, max_length=5000, required=False)


class SuggestionForm(ArticleChoiceMixin, forms.Form):
    """A citizen's review suggestion (no account)."""

    article = forms.TypedChoiceField(label=_("针对条款"), required=False, choices=[], empty_value=None)
    content = _text(
        _("审查建议"),
        _("请填写审查建议。"),
        rows=6,
        max_length=5000,
        help_text=_("请说明文件哪些内容可能与法律法规相抵触或明显不适当，以及理由"),
    )
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    mobile = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        required=False,
        help_text=_("仅供工作人员联系，不会公开"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )

    def __init__(self, *args, filing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_articles(filing)


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("回执编号"), max_length=20, error_messages={"required": _("请填写回执编号。")}
    )


# --- the admin's steps ---------------------------------------------------------------------------


class FilingAdminForm(forms.ModelForm):
    """Staff enter a filing received on paper (the admin's add page): created by the service."""

    class Meta:
        model = NormativeDocument
        fields = ["unit", "title", "doc_number", "published_on", "filed_on", "text", "pdf"]
        widgets = {"title": forms.TextInput(attrs={"class": "vTextField", "size": 80})}
        error_messages = {
            "unit": {"required": _("请选择制定机关。")},
            "title": {"required": _("请填写文件名称。")},
            "doc_number": {"required": _("请填写文号。")},
            "published_on": {"required": _("请填写公布日期。"), **DATE_ERRORS},
            "filed_on": DATE_ERRORS,
            "text": {"required": _("请填写文件全文。")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "unit" in self.fields:
            self.fields["unit"].queryset = issuing_units()
        if "filed_on" in self.fields:
            self.fields["filed_on"].required = False
            self.fields["filed_on"].help_text = _("收到纸质报备的日期；留空为今天")


class CommentStepForm(ArticleChoiceMixin, StepForm):
    article = forms.TypedChoiceField(label=_("针对条款"), required=False, choices=[], empty_value=None)
    content = _text(_("审查意见"), _("请填写审查意见。"), rows=5, max_length=svc.OPINION_LIMIT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_articles(self.obj)


class ReviewStepForm(ArticleChoiceMixin, StepForm):
    outcome = forms.ChoiceField(
        label=_("审查结论"),
        choices=NormativeDocument.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择审查结论。")},
    )
    opinion = _text(_("审查意见"), _("请填写审查意见。"), rows=6, max_length=svc.OPINION_LIMIT)
    article = forms.TypedChoiceField(label=_("针对条款"), required=False, choices=[], empty_value=None)
    correction_due = _date(_("纠正期限"), required=False, help_text=_("要求纠正时适用；留空按规则计算"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_articles(self.obj)


class NoteStepForm(StepForm):
    note = forms.CharField(label=_("核对意见"), max_length=2000, required=False)


class SendBackStepForm(StepForm):
    reason = forms.CharField(
        label=_("退回理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请说明退回理由。")},
    )
    correction_due = _date(_("新的纠正期限"), required=False, help_text=_("不填则沿用原期限"))


class RevokeStepForm(StepForm):
    reason = forms.CharField(
        label=_("撤销理由"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请说明撤销理由。")},
    )


class SuggestionAnswerStepForm(StepForm):
    result = forms.ChoiceField(
        label=_("审查结果"),
        choices=FilingSuggestion.Result.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择审查结果。")},
    )
    answer = _text(_("答复"), _("请填写答复内容。"), rows=6, max_length=5000)


class ConsultStepForm(StepForm):
    """Staff record a consultation of an active expert on the record shown."""

    expert = forms.ModelChoiceField(
        label=_("专家"),
        queryset=Expert.objects.none(),
        error_messages={"required": _("请选择专家。"), "invalid_choice": _("请选择在聘任期内的专家。")},
    )
    question = _text(_("咨询事项"), _("请填写咨询事项。"), rows=4, max_length=20000)
    asked_on = _date(_("咨询日期"), required=False, help_text=_("留空为今天"))
    opinion = _text(_("书面意见"), "", rows=6, max_length=50000, required=False)
    received_on = _date(_("收到意见日期"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from supervision.services.experts import experts_active

        self.fields["expert"].queryset = experts_active()
