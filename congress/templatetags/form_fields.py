"""``{% form_field field %}``: a form field with its label, help text and errors, the markup of
``proposals/partials/field.html`` written out in Python (issue 16); ``{% form_errors form %}``
the same for ``proposals/partials/form_errors.html`` (the form's non-field errors).

Including that template cost a template context and some thirty variable lookups per field: a
page with several forms (the assignment page shows up to eighteen fields) spent half its
template time there. The template now calls this tag, so the markup has one home; the pages with
many fields call the tag directly. ``congress/tests/test_form_fields.py`` compares the output
with the template's former text."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from congress.form_renderer import _text

register = template.Library()


def _errors(errors, css: str = "errors") -> str:
    if not errors:
        return ""
    items = "".join(f"<li>{_text(e)}</li>" for e in errors)
    return f'<ul class="{css}">{items}</ul>'


@register.simple_tag
def form_errors(form):
    """The form's non-field errors as ``proposals/partials/form_errors.html`` wrote them, to the
    newline after them."""
    return mark_safe(_errors(form.non_field_errors(), 'errors form-errors" role="alert') + "\n")


@register.simple_tag
def form_field(field):
    """The field's ``<div class="field">`` as ``proposals/partials/field.html`` wrote it, to
    the newline after it."""
    input_type = getattr(field.field.widget, "input_type", None)
    label = _text(field.label)
    if input_type == "checkbox":
        body = f'<label class="check">{conditional_escape(field)} {label}</label>'
    elif input_type == "radio":
        choices = "".join(
            f"<label>{conditional_escape(choice.tag())} <span>{_text(choice.choice_label)}</span></label>"
            for choice in field
        )
        body = f'<fieldset class="radios"><legend>{label}</legend>{choices}</fieldset>'
    else:
        optional = (
            ""
            if field.field.required
            else f' <small class="muted">{conditional_escape(gettext("（选填）"))}</small>'
        )
        body = f'<label for="{_text(field.id_for_label)}">{label}{optional}</label>\n  {conditional_escape(field)}'
    help_text = f'<small class="muted">{_text(field.help_text)}</small>' if field.help_text else ""
    has_error = " has-error" if field.errors else ""
    return mark_safe(  # every value above is escaped
        f'<div class="field{has_error}">\n  \n  {body}\n  \n  {help_text}\n  {_errors(field.errors)}\n</div>\n'
    )
