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

    @classmethod
    def for_deputy(cls, deputy: Deputy, data=None):
        initial = {
            "public_fields": list(deputy.public_fields),
            "phone": deputy.phone,
            "email": deputy.email,
            "handling_contact": deputy.handling_contact,
        }
        return cls(data=data, initial=initial)
