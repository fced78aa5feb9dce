from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from congress.exceptions import ApplicationError
from congress.files import DOCUMENTS, validate_upload

MAX_FILES = 10


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("用户名"), widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("用户名或密码不正确。注意密码区分大小写。"),
        "inactive": _("该账号已停用。"),
    }


class OTPTokenForm(forms.Form):
    """The six-digit code of a TOTP authenticator app."""

    otp_token = forms.RegexField(
        label=_("动态验证码"),
        regex=r"^\s*\d{6,8}\s*$",
        max_length=12,
        error_messages={"invalid": _("请输入身份验证器显示的 6 位数字。")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_otp_token(self):
        return self.cleaned_data["otp_token"].strip()


class EnrolmentCodeForm(forms.Form):
    """The one-time code from the security administrator that opens a first enrolment."""

    enrolment_code = forms.CharField(
        label=_("绑定码"),
        max_length=20,
        error_messages={"required": _("请输入安全管理员发放的绑定码。")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autofocus": True, "autocapitalize": "characters"}
        ),
    )


class CalendarYearForm(forms.Form):
    """A year's holidays pasted at once: the State Council's notice or a list of dates
    (read by ``congress.holiday_notice``)."""

    year = forms.IntegerField(
        label=_("年份"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_("留空时取通知标题（关于××××年部分节假日安排的通知）中的年份。"),
        error_messages={"invalid": _("请输入四位数的年份。")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    text = forms.CharField(
        label=_("通知全文或日期列表"),
        max_length=20000,
        error_messages={"required": _("请粘贴国务院办公厅通知的全文，或逐行填写日期。")},
        widget=forms.Textarea(attrs={"rows": 14, "cols": 80}),
        help_text=_(
            "可直接粘贴国务院办公厅《关于部分节假日安排的通知》全文；也可以每行写一个日期或日期区间，"
            "后面注明“放假”或“上班”及节日名称，例如：2027-02-05 至 2027-02-13 放假 春节；2027-02-20 上班 春节。"
        ),
    )
    remove_others = forms.BooleanField(
        label=_("同时删除该年度文中没有的记录"),
        required=False,
        help_text=_("例如通知发布前临时录入的推测日期。删除的记录仍保留在历史中。"),
    )

    def __init__(self, *args, can_remove: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_remove:
            del self.fields["remove_others"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern), at most ``MAX_FILES``, each
    on the documents allow-list by content (``congress.files``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(item, initial) for item in data if item]
        else:
            files = [single(data, initial)] if data else []
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("一次最多上传 %(n)d 个附件。") % {"n": MAX_FILES})
        errors = []
        for upload in files:
            try:
                validate_upload(upload, kinds=DOCUMENTS)  # by content, size from the settings
            except forms.ValidationError as error:
                errors.append(error)
        if errors:
            raise forms.ValidationError(errors)
        return files


def error_to_form(form: forms.Form, exc: ApplicationError) -> None:
    """Put a service's field errors on the form's fields; the rest become a form-wide error
    (the input stays on the form: nothing a user entered is lost)."""
    placed = False
    for field, errors in (exc.extra or {}).items():
        if field in form.fields and isinstance(errors, list | tuple):
            for error in errors:
                form.add_error(field, str(error))
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))
