"""congress.form_renderer writes the plain widgets exactly as Django's templates would."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from congress.form_renderer import FormRenderer


class EveryWidgetForm(forms.Form):
    name = forms.CharField(
        max_length=20, widget=forms.TextInput(attrs={"placeholder": '名 "&" <x>', "autofocus": True})
    )
    mobile = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"inputmode": "tel", "hidden": False})
    )
    mail = forms.EmailField(required=False)
    count = forms.IntegerField(min_value=0, max_value=10_000)
    when = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    token = forms.CharField(widget=forms.HiddenInput)
    site = forms.URLField(required=False, assume_scheme="https")
    content = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    notes = forms.CharField(required=False, widget=forms.Textarea)
    article = forms.ChoiceField(
        choices=[("", "全文"), (1, "第一条"), (2, mark_safe("<b>第二条</b>")), (3, "a&b")]
    )
    year = forms.TypedChoiceField(choices=[(2025, 2025), (2026, 2026)], coerce=int)
    grouped = forms.ChoiceField(
        required=False,
        choices=[("", "——"), (gettext_lazy("组"), [("a", "甲"), ("b", "乙")]), ("c", "丙")],
    )
    several = forms.MultipleChoiceField(required=False, choices=[("x", "X"), ("y", "Y <z>")])


CASES = {
    "unbound": {},
    "bound": {
        "name": '王 "小" <明>',
        "mobile": "",
        "mail": "a@b.cn",
        "count": "1234",
        "when": "2026-12-01",
        "secret": "p&ss",
        "token": "abc",
        "site": "https://example.org/?a=1&b=2",
        "content": "第一行\n<script>alert(1)</script>",
        "notes": "",
        "article": "2",
        "year": "2026",
        "grouped": "b",
        "several": ["x", "y"],
    },
    "invalid": {"name": "x" * 30, "count": "-1", "article": "9", "year": "1999"},
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_every_widget_renders_as_django_templates_do(case, lang, settings):
    from django.utils import translation

    data = CASES[case]
    with translation.override(lang):
        for field_name in EveryWidgetForm.base_fields:
            expected_form = EveryWidgetForm(data or None, renderer=DjangoTemplates())
            actual_form = EveryWidgetForm(data or None, renderer=FormRenderer())
            expected = str(expected_form[field_name])
            actual = str(actual_form[field_name])
            assert actual == expected, field_name


def test_widgets_are_written_out_without_the_template_engine(monkeypatch):
    # given a renderer whose engine would fail on the widget templates it writes itself
    renderer = FormRenderer()
    form = EveryWidgetForm(renderer=renderer)
    renderer._overridden_any = False
    loaded = []
    original = DjangoTemplates.get_template

    def spy(self, name):
        loaded.append(name)
        return original(self, name)

    monkeypatch.setattr(DjangoTemplates, "get_template", spy)
    # when the plain fields render
    for name in ("name", "content", "article", "grouped", "token"):
        str(form[name])
    # then no widget template was loaded
    assert loaded == []
