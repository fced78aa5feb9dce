"""The admin's form for a rule (业务规则): one real input per rule type instead of raw JSON.

``rule_value_field(spec)`` builds the form field of a ``congress.rules.RuleSpec``'s kind:

- int: a number; int_list: numbers separated by commas ("15, 5, 1");
- ratio: a fraction, decimal or percentage ("1/3", "0.5", "60%"), shown as "1/3（33.3%）";
- duration: a count and a unit (个月 / 个工作日 / 天);
- mapping: a table of the default's items (fixed) → a value, picked from the spec's
  ``value_choices`` when it has them (请假审批机关: 区政府办公室 / 区委办公室), else typed;
- choices: rows of code + name (+ a checkbox per ``flags``, e.g. 须跟踪办理), with empty rows
  to add one; clearing a row's code and name removes it.

The fields shape what staff type; the rule itself (types, ranges, fixed items, allowed values)
is checked once, by ``RuleSpec.parse`` through ``Rule.clean``, and its Chinese message lands on
the field. ``RuleAdminForm`` adds the default beside the value (默认值：3个月) and 恢复默认值."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from congress.models import Rule
from congress.rules import DURATION_UNITS, RULES, RuleSpec, RuleValueError, ratio_label

INT_ERRORS = {
    "required": _("请填写整数。"),
    "invalid": _("请填写整数。"),
    "min_value": _("不能为负数。"),
}


def _parsed(spec: RuleSpec, value):
    """``spec.parse`` with its message as this field's error."""
    try:
        return spec.parse(value)
    except RuleValueError as exc:
        raise ValidationError(str(exc), code="invalid") from exc


# --- int_list and ratio: one text input -----------------------------------------------------


class IntListField(forms.CharField):
    def __init__(self, *, spec: RuleSpec, **kwargs):
        self.spec = spec
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "size": 20}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(n) for n in value)
        return value

    def clean(self, value):
        value = super().clean(value)
        parsed = _parsed(self.spec, value)
        if not parsed:
            raise ValidationError(_("请至少填写一个整数。"), code="required")
        return parsed


class RatioWidget(forms.TextInput):
    """The ratio as typed, and beside it the percentage (updated as one types,
    ``congress/rule_form.js``)."""

    def __init__(self, attrs=None):
        super().__init__({"size": 10, "data-ratio-input": "", **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        try:
            shown = ratio_label(value) if value not in (None, "") else ""
        except (ValueError, ZeroDivisionError):
            shown = ""
        return render_to_string(
            "admin/congress/rule/widgets/ratio.html", {"field": field, "shown": shown, "name": name}
        )


class RatioField(forms.CharField):
    def __init__(self, *, spec: RuleSpec, **kwargs):
        self.spec = spec
        kwargs.setdefault("widget", RatioWidget())
        super().__init__(error_messages={"required": _("请填写比例。")}, **kwargs)

    def clean(self, value):
        return _parsed(self.spec, super().clean(value))


# --- duration: a count and a unit ---------------------------------------------------------------


class DurationWidget(forms.MultiWidget):
    def __init__(self, attrs=None):
        super().__init__(
            [
                forms.NumberInput(attrs={"min": 1, "style": "width: 6em"}),
                forms.Select(choices=[(code, label) for code, label in DURATION_UNITS]),
            ],
            attrs,
        )

    def decompress(self, value):
        if isinstance(value, dict):
            return [value.get("count"), value.get("unit")]
        return [None, None]


class DurationField(forms.MultiValueField):
    def __init__(self, *, spec: RuleSpec, **kwargs):
        self.spec = spec
        fields = [
            forms.IntegerField(
                min_value=1,
                error_messages={
                    **INT_ERRORS,
                    "required": _("请填写数量。"),
                    "min_value": _("期限至少为 1。"),
                },
            ),
            forms.ChoiceField(
                choices=DURATION_UNITS,
                error_messages={
                    "required": _("请选择单位。"),
                    "invalid_choice": _("请选择个月、个工作日或天。"),
                },
            ),
        ]
        super().__init__(fields, widget=DurationWidget(), require_all_fields=True, **kwargs)
        self.error_messages["required"] = _("请填写期限。")
        self.error_messages["incomplete"] = _("请填写数量并选择单位。")

    def compress(self, data_list):
        if not data_list:
            return None
        return _parsed(self.spec, {"count": data_list[0], "unit": data_list[1]})


# --- mapping: a table of fixed items ------------------------------------------------------------


class MappingWidget(forms.Widget):
    """One row per item of the default, in its order: the item's name and a select (or a
    text input) named ``<name>__<key>``."""

    def __init__(self, spec: RuleSpec, attrs=None):
        super().__init__(attrs)
        self.spec = spec

    def value_from_datadict(self, data, files, name):
        if not any(f"{name}__{key}" in data for key in self.spec.default):
            return None
        return {key: data.get(f"{name}__{key}", "") for key in self.spec.default}

    def value_omitted_from_data(self, data, files, name):
        return not any(f"{name}__{key}" in data for key in self.spec.default)

    def render(self, name, value, attrs=None, renderer=None):
        value = value if isinstance(value, dict) else {}
        options = self.spec.value_options()
        known = {code for code, _label in options}
        labels = dict(options)
        rows = []
        for key, default in self.spec.default.items():
            current = value.get(key, "")
            row_options = list(options)
            if options and current and current not in known:
                row_options.append((current, _("%(code)s（不可用）") % {"code": current}))
            rows.append(
                {
                    "key": key,
                    "label": self.spec.key_label(key),
                    "name": f"{name}__{key}",
                    "id": f"id_{name}__{key}",
                    "value": current,
                    "options": row_options,
                    "default": labels.get(default, default),
                }
            )
        columns = self.spec.columns or (_("项目"), _("取值"))
        return render_to_string(
            "admin/congress/rule/widgets/mapping.html",
            {"rows": rows, "has_options": bool(options), "name": name, "columns": columns},
        )


class MappingField(forms.Field):
    def __init__(self, *, spec: RuleSpec, **kwargs):
        self.spec = spec
        super().__init__(widget=MappingWidget(spec), **kwargs)
        self.error_messages["required"] = _("请逐项填写。")

    def clean(self, value):
        value = super().clean(value)
        return _parsed(self.spec, value)


# --- choices (and open mappings): rows of code + name (+ flags) ------------------------------------


class ChoicesWidget(forms.Widget):
    """A table: one row per choice (code, name, a checkbox per flag) and ``extra`` empty rows
    to add one. Inputs are ``<name>__<i>__code`` / ``__label`` / ``__<flag>``; the number of
    rows posted is ``<name>__rows``."""

    extra = 2

    def __init__(self, spec: RuleSpec, attrs=None):
        super().__init__(attrs)
        self.spec = spec

    def value_from_datadict(self, data, files, name):
        try:
            count = min(int(data.get(f"{name}__rows", "")), 200)
        except ValueError:
            return None
        rows = []
        for i in range(count):
            code = data.get(f"{name}__{i}__code", "").strip()
            label = data.get(f"{name}__{i}__label", "").strip()
            if not code and not label:
                continue  # an empty row, or one cleared to remove it
            row = {"code": code, "label": label}
            for flag in self.spec.flags:
                row[flag.name] = bool(data.get(f"{name}__{i}__{flag.name}"))
            rows.append(row)
        return rows

    def value_omitted_from_data(self, data, files, name):
        return f"{name}__rows" not in data

    def render(self, name, value, attrs=None, renderer=None):
        items = list(value) if isinstance(value, list | tuple) else []
        items += [{"code": "", "label": ""}] * self.extra
        rows = []
        for i, item in enumerate(items):
            prefix = f"{name}__{i}"
            rows.append(
                {
                    "prefix": prefix,
                    "code": item.get("code", ""),
                    "label": item.get("label", ""),
                    "flags": [
                        {
                            "name": f"{prefix}__{flag.name}",
                            "label": flag.label,
                            "checked": flag.of(item) if item.get("code") else False,
                        }
                        for flag in self.spec.flags
                    ],
                }
            )
        columns = self.spec.columns or (_("代码"), _("名称"))
        return render_to_string(
            "admin/congress/rule/widgets/choices.html",
            {"rows": rows, "flags": self.spec.flags, "name": name, "count": len(rows), "columns": columns},
        )


class ChoicesField(forms.Field):
    def __init__(self, *, spec: RuleSpec, **kwargs):
        self.spec = spec
        super().__init__(widget=ChoicesWidget(spec), **kwargs)
        self.error_messages["required"] = _("请至少填写一个选项。")

    def clean(self, value):
        return _parsed(self.spec, self.rows(value))

    def rows(self, value) -> list[dict]:
        value = super().clean(value)
        for number, row in enumerate(value, start=1):
            if not row["code"] or not row["label"]:
                raise ValidationError(
                    _("第 %(n)d 行：请同时填写代码和名称。") % {"n": number}, code="incomplete"
                )
        return value


class OpenMappingField(ChoicesField):
    """A mapping whose items a district adds and removes (``fixed_keys=False``): the same rows
    of code + name as choices, stored as ``{code: name}``."""

    def prepare_value(self, value):
        if isinstance(value, dict):
            return [{"code": key, "label": label} for key, label in value.items()]
        return value

    def clean(self, value):
        rows = self.rows(value)
        codes = [row["code"] for row in rows]
        for code in codes:
            if codes.count(code) > 1:
                raise ValidationError(_("代码“%(code)s”重复。") % {"code": code}, code="duplicate")
        return _parsed(self.spec, {row["code"]: row["label"] for row in rows})


FIELDS = {
    "int_list": IntListField,
    "ratio": RatioField,
    "duration": DurationField,
    "mapping": MappingField,
    "choices": ChoicesField,
}


def rule_value_field(spec: RuleSpec, **kwargs) -> forms.Field:
    """The form field for a rule's value, by its kind."""
    if spec.kind == "int":
        if spec.minimum:
            errors = {**INT_ERRORS, "min_value": _("不能少于 %(limit_value)s。")}
            return forms.IntegerField(min_value=spec.minimum, error_messages=errors, **kwargs)
        return forms.IntegerField(min_value=0, error_messages=INT_ERRORS, **kwargs)
    if spec.kind == "mapping" and not spec.fixed_keys:
        return OpenMappingField(spec=spec, **kwargs)
    return FIELDS[spec.kind](spec=spec, **kwargs)


class RuleAdminForm(forms.ModelForm):
    """A rule's value in the input of its type, the default beside it, 恢复默认值, and a note
    that becomes the history row's reason."""

    reset_to_default = forms.BooleanField(label=_("恢复默认值"), required=False)

    class Meta:
        model = Rule
        fields = ["value", "note"]

    class Media:
        js = ["congress/rule_form.js"]
        css = {"all": ["congress/rule_form.css"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = RULES.get(self.instance.key)
        if self.spec is None or "value" not in self.fields:
            return  # an unknown key, or a reader's form (no inputs)
        if self.spec.kind == "mapping" and self.spec.fixed_keys:
            default, shown_apart = "", _("各项的默认值见表格右列。")
        elif self.spec.kind == "choices":
            default = "、".join(item["code"] for item in self.spec.default)
            shown_apart = _("默认值：%(value)s") % {"value": default}
        else:
            default = self.spec.display(self.spec.default)
            shown_apart = _("默认值：%(value)s") % {"value": default}
        self.fields["value"] = rule_value_field(self.spec, label=_("取值"), help_text=shown_apart)
        self.fields["reset_to_default"].help_text = (
            _("勾选后保存，取值改回默认值（%(value)s），上面填写的取值不再使用。") % {"value": default}
            if default
            else _("勾选后保存，各项改回默认值，上面填写的取值不再使用。")
        )
        self.fields["note"].help_text = _("例如依据的文件名称和文号；记入修改历史。")
        self.initial["note"] = ""  # each change gives its own reason

    def clean(self):
        cleaned = super().clean()
        if self.spec is not None and cleaned.get("reset_to_default"):
            # What was typed in the value does not matter any more, errors included.
            self._errors.pop("value", None)
            cleaned["value"] = self.spec.default
        return cleaned
