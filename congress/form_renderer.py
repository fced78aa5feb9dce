"""Django's form renderer with the plainest widgets written out in Python (issue 16).

Django renders every widget through its template engine: an ``<input>`` is three templates
(``text.html`` includes ``input.html`` includes ``attrs.html``) and a ``<select>`` one more per
option, which made a public page's small suggestion form a third of its rendering time. This
renderer writes those templates' exact output itself (same attributes in the same order, same
escaping, same whitespace) and leaves every other template — and any project override of these
ones — to the engine. ``congress/tests/test_form_renderer.py`` compares both outputs.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime

_WIDGETS = "django/forms/widgets/"
# Templates that are nothing but {% include "django/forms/widgets/input.html" %}.
INPUT_TEMPLATES = frozenset(
    _WIDGETS + name + ".html"
    for name in ("input", "text", "email", "number", "hidden", "url", "tel", "search", "password", "date")
)
TEXTAREA = _WIDGETS + "textarea.html"
SELECT = _WIDGETS + "select.html"
OPTION = _WIDGETS + "select_option.html"


def _text(value) -> str:
    """``{{ value }}`` with autoescaping, as the template engine writes it."""
    value = localize(template_localtime(value))
    return conditional_escape(value if isinstance(value, str) else str(value))


def _string(value) -> str:
    """``{{ value|stringformat:'s' }}``: the value's ``%s``, escaped unless it was safe."""
    return conditional_escape(value) if hasattr(value, "__html__") else conditional_escape(str(value))


def _attrs(attrs) -> str:
    """``attrs.html``."""
    parts = []
    for name, value in attrs.items():
        if value is not False:
            parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_string(value)}"')
    return "".join(parts)


def _input(widget) -> str:
    value = widget["value"]
    shown = f' value="{_string(value)}"' if value is not None else ""
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'


def _option(option) -> str:
    return f'<option value="{_string(option["value"])}"{_attrs(option["attrs"])}>{_text(option["label"])}</option>'


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is None or self._overridden(template_name):
            return super().render(template_name, context, request=request)
        if template_name in INPUT_TEMPLATES:
            return _input(widget)
        if template_name == TEXTAREA:
            value = widget["value"]
            body = _text(value) if value else ""
            return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{body}</textarea>'
        if template_name == SELECT and all(
            option["template_name"] == OPTION
            for _group, options, _index in widget["optgroups"]
            for option in options
        ):
            parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
            for group_name, options, _index in widget["optgroups"]:
                if group_name:
                    parts.append(f'\n  <optgroup label="{_text(group_name)}">')
                parts.extend(
                    f"\n  {_option(option)}\n" for option in options
                )  # the included file ends with a newline
                if group_name:
                    parts.append("\n  </optgroup>")
            parts.append("\n</select>")
            return "".join(parts)
        return super().render(template_name, context, request=request)

    def _overridden(self, template_name) -> bool:
        """Does a template directory of an app replace one of Django's widget templates written
        out here? Then the engine renders them all, as before."""
        if "_overridden_any" not in self.__dict__:
            names = [*INPUT_TEMPLATES, TEXTAREA, SELECT, OPTION, _WIDGETS + "attrs.html"]
            self._overridden_any = any(
                "/django/forms/templates/" not in self.get_template(name).origin.name.replace("\\", "/")
                for name in names
            )
        return self._overridden_any
