"""``{% form_field %}`` writes a field exactly as ``proposals/partials/field.html`` did when it
was a template (its text kept below), and the template, now the tag, still does."""

import pytest
from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

# proposals/partials/field.html before it called the tag.
FORMER_FIELD_HTML = """{% load i18n %}<div class="field{% if field.errors %} has-error{% endif %}">
  {% if field.field.widget.input_type == "checkbox" %}
  <label class="check">{{ field }} {{ field.label }}</label>
  {% elif field.field.widget.input_type == "radio" %}
  <fieldset class="radios"><legend>{{ field.label }}</legend>{% for choice in field %}<label>{{ choice.tag }} <span>{{ choice.choice_label }}</span></label>{% endfor %}</fieldset>
  {% else %}
  <label for="{{ field.id_for_label }}">{{ field.label }}{% if not field.field.required %} <small class="muted">{% translate "（选填）" %}</small>{% endif %}</label>
  {{ field }}
  {% endif %}
  {% if field.help_text %}<small class="muted">{{ field.help_text }}</small>{% endif %}
  {% if field.errors %}<ul class="errors">{% for e in field.errors %}<li>{{ e }}</li>{% endfor %}</ul>{% endif %}
</div>
"""


# proposals/partials/form_errors.html before it called the tag.
FORMER_FORM_ERRORS_HTML = """{% if form.non_field_errors %}<ul class="errors form-errors" role="alert">{% for e in form.non_field_errors %}<li>{{ e }}</li>{% endfor %}</ul>{% endif %}
"""


class EveryFieldForm(forms.Form):
    person = forms.CharField(
        label="承办人 <&>", max_length=5, error_messages={"required": "请填写 <承办人>。"}
    )
    phone = forms.CharField(label="电话", required=False, help_text="手机或座机 & 分机")
    measures = forms.CharField(label="措施", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    stage = forms.ChoiceField(label="阶段", choices=[("before", "办前"), ("during", "办中 <b>")])
    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    resolved = forms.BooleanField(label="问题已解决", required=False)
    satisfaction = forms.ChoiceField(
        label="测评", choices=[("a", "满意"), ("b", "不满意 & 理由")], widget=forms.RadioSelect
    )
    files = forms.FileField(label="附件", required=False)

    def clean(self):
        data = super().clean()
        if data.get("phone") == "":
            raise forms.ValidationError(["请填写 <电话> 或", "改日再报"])
        return data


CASES = {
    "unbound": {},
    "bound": {
        "person": '王 "小" <明>',
        "phone": "",
        "stage": "during",
        "date": "2026-12-01",
        "resolved": "on",
    },
    "invalid": {"person": "x" * 9, "stage": "later", "date": "yesterday", "satisfaction": "z"},
}


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
@pytest.mark.parametrize("case", CASES)
def test_every_field_is_written_as_the_template_did(case, lang):
    form = EveryFieldForm(CASES[case]) if CASES[case] else EveryFieldForm(initial={"phone": "1&2"})
    former = Template(FORMER_FIELD_HTML)
    tag = Template("{% load form_fields %}{% form_field field %}")
    with translation.override(lang):
        for field in form:
            expected = former.render(Context({"field": field}))
            assert tag.render(Context({"field": field})) == expected, field.name
            assert render_to_string("proposals/partials/field.html", {"field": field}) == expected, field.name


@pytest.mark.parametrize("case", CASES)
def test_the_form_errors_are_written_as_the_template_did(case):
    form = EveryFieldForm(CASES[case]) if CASES[case] else EveryFieldForm()
    expected = Template(FORMER_FORM_ERRORS_HTML).render(Context({"form": form}))
    assert ("请填写 &lt;电话&gt; 或" in expected) == (case != "unbound")
    assert (
        Template("{% load form_fields %}{% form_errors form %}").render(Context({"form": form})) == expected
    )
    assert render_to_string("proposals/partials/form_errors.html", {"form": form}) == expected
