from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from deputies.models import Deputy


class DeputyOwnProfileForm(forms.Form):
    """What a deputy may change of their own record in the portal: which fields the public
    sees, their phone and e-mail, and the contact handling units see. The service does the write."""

    public_fields = forms.MultipleChoiceField(
        label=_("向公众公开的信息"),
        choices=Deputy.PUBLIC_FIELD_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("姓名、性别、代表组和选区始终公开；勾选的项目才会显示在门户网站的代表风采页面。"),
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        required=False,
        validators=[RegexValidator(r"^[0-9+\-() ]*$", _("请输入有效的电话号码（数字、空格、+、-、括号）。"))],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    handling_contact = forms.CharField(
        label=_("办理联系方式"),
        max_length=100,
        required=False,
        help_text=Deputy._meta.get_field("handling_contact").help_text,
    )

    record_public_items = forms.MultipleChoiceField(
        label=_("向公众公开的履职档案项目"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("勾选的项目显示在代表风采页面和公开接口中；年度评分始终按全部项目计算并公开。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from deputies.rules import RECORD_ITEMS
        from deputies.selectors_record import record_item_codes

        self.fields["record_public_items"].choices = [
            (code, RECORD_ITEMS[code]) for code in record_item_codes()
        ]

    def clean_record_public_items(self):
        # Unticked checkboxes send nothing: the fieldset's marker tells "all unticked" from a
        # post that did not show the record items at all (those leave the choice as it is).
        if not self.data.get("record_items_shown"):
            return None
        return self.cleaned_data["record_public_items"]

    @classmethod
    def for_deputy(cls, deputy: Deputy, data=None):
        from deputies.selectors_record import record_item_codes

        initial = {
            "record_public_items": [c for c in record_item_codes() if c not in deputy.record_hidden_items],
            "public_fields": list(deputy.public_fields),
            "phone": deputy.phone,
            "email": deputy.email,
            "handling_contact": deputy.handling_contact,
        }
        return cls(data=data, initial=initial)


class VoterReportScheduleForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200, error_messages={"required": _("请填写标题。")})
    scheduled_at = forms.DateTimeField(
        label=_("报告时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": _("请填写报告时间。"), "invalid": _("请填写有效的时间。")},
    )
    location = forms.CharField(
        label=_("地点"), max_length=200, error_messages={"required": _("请填写地点。")}
    )


class VoterReportHoldForm(forms.Form):
    held_at = forms.DateTimeField(
        label=_("实际召开时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("不填写的按安排的时间登记"),
        error_messages={"invalid": _("请填写有效的时间。")},
    )
    attendees = forms.IntegerField(
        label=_("参加选民人数"),
        required=False,
        min_value=0,
        error_messages={"invalid": _("请填写人数。"), "min_value": _("人数不能为负数。")},
    )


class VoterReportTextForm(forms.Form):
    text = forms.CharField(
        label=_("报告内容"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": _("请填写报告内容。"), "max_length": _("报告内容不能超过 20000 字。")},
    )
