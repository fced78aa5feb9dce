"""Forms of the liaison pages: the citizen's opinion on a phone, the receipt lookup and the
citizen's verdict; the portal's recording, routing, closing, reception day and file entry. They
parse and keep the input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from congress.forms import error_to_form  # noqa: F401  (re-exported for this app)
from congress.models import Organization
from liaison import selectors
from liaison.models import Opinion, OpinionCategory, StationRecord
from liaison.services import DEPARTMENT_KINDS

REQUIRED = {"required": _("此项为必填项。")}


class OpinionForm(forms.Form):
    """What a citizen writes on a phone (name optional; the mobile only for the receipt)."""

    street = forms.ModelChoiceField(
        label=_("所在街道（镇）"),
        queryset=Organization.objects.none(),
        empty_label=_("请选择"),
        error_messages={
            "required": _("请选择所在街道（镇）。"),
            "invalid_choice": _("请选择所在街道（镇）。"),
        },
    )
    category = forms.ModelChoiceField(
        label=_("反映类别"),
        queryset=OpinionCategory.objects.none(),
        empty_label=_("请选择"),
        error_messages={"required": _("请选择反映的类别。"), "invalid_choice": _("请选择反映的类别。")},
    )
    content = forms.CharField(
        label=_("反映内容"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("请写明时间、地点和具体问题，不超过2000字"),
        error_messages={"required": _("请填写反映的内容。"), "max_length": _("反映内容不能超过2000字。")},
    )
    mobile = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        help_text=_("仅用于查询办理情况和工作人员联系您，不会公开"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "type": "tel"}),
        error_messages={"required": _("请填写手机号码，用于查询办理情况。")},
    )
    name = forms.CharField(
        label=_("姓名"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"max_length": _("姓名不能超过50个字。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = selectors.streets()
        self.fields["category"].queryset = selectors.categories()


class ReceiptLookupForm(forms.Form):
    receipt = forms.CharField(
        label=_("回执编号"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
        error_messages={"required": _("请填写回执编号。")},
    )


class ConfirmForm(forms.Form):
    result = forms.ChoiceField(
        label=_("问题是否解决"),
        choices=Opinion.CitizenResult.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择已解决、部分解决或未解决。")},
    )
    comment = forms.CharField(
        label=_("补充意见"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RecordOpinionForm(OpinionForm):
    """The same, recorded by a deputy or a worker at a reception, at one of their stations."""

    station = forms.ModelChoiceField(
        label=_("站点"),
        queryset=selectors.Station.objects.none(),
        required=False,
        empty_label=_("请选择"),
        error_messages={"invalid_choice": _("请选择您所在的站点。")},
    )

    def __init__(self, *args, stations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = (
            stations if stations is not None else selectors.Station.objects.none()
        )


class RouteForm(forms.Form):
    layer = forms.ChoiceField(
        label=_("办理层级"),
        choices=Opinion.Layer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择办理层级。")},
    )
    unit = forms.ModelChoiceField(
        label=_("办理部门"),
        queryset=Organization.objects.filter(is_active=True, kind__in=DEPARTMENT_KINDS).order_by(
            "sort_order", "name"
        ),
        required=False,
        empty_label=_("转部门办理时选择"),
        error_messages={"invalid_choice": _("请选择办理的职能部门。")},
    )
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


class CloseForm(forms.Form):
    result = forms.CharField(
        label=_("办理结果"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请填写办理结果。")},
    )


class ReceptionForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("开始时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"required": _("请填写开始时间。"), "invalid": _("时间格式应为 YYYY-MM-DD HH:MM。")},
    )
    ends_at = forms.DateTimeField(
        label=_("结束时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"required": _("请填写结束时间。"), "invalid": _("时间格式应为 YYYY-MM-DD HH:MM。")},
    )
    place = forms.CharField(
        label=_("地点"), max_length=200, required=False, help_text=_("不填写时为站点地址")
    )
    topic = forms.CharField(label=_("主题"), max_length=200, required=False)
    deputies = forms.ModelMultipleChoiceField(
        label=_("接待代表"),
        queryset=selectors.Station.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("请选择本站点的代表。")},
    )

    def __init__(self, *args, station=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = station.deputies.filter(is_active=True).order_by("name")


class StationRecordForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=StationRecord.Kind.choices, error_messages=REQUIRED)
    title = forms.CharField(label=_("标题"), max_length=200, error_messages={"required": _("请填写标题。")})
    content = forms.CharField(label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    recorded_on = forms.DateField(
        label=_("日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("日期格式应为 YYYY-MM-DD。")},
    )
    is_public = forms.BooleanField(label=_("在网站公开"), required=False, initial=True)
