"""Rules that are data: the registry of every rule key, its type and its default.

Each app declares its own rules (``RuleSpec``) in its ``rules.py`` and registers them with
``register_rules`` from its ``AppConfig.ready``; the core declares only its own (``calendar.*``).
A district edits values in the admin (``congress.Rule`` rows); code reads them only through
``rule_get(key)``, which falls back to the spec's default. Defaults come from the seed document
(composition ratios, town sessions) and the issues (deadlines, milestones); a district's own
regulations override them without a deploy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext_lazy as _


class RuleValueError(ValueError):
    pass


@dataclass(frozen=True)
class Duration:
    """A span counted in calendar months, working days or calendar days."""

    count: int
    unit: str  # "months" | "workdays" | "days"

    UNITS = ("months", "workdays", "days")

    def as_json(self):
        return {"count": self.count, "unit": self.unit}

    def __str__(self):
        labels = {"months": _("个月"), "workdays": _("个工作日"), "days": _("天")}
        return f"{self.count}{labels[self.unit]}"


def _parse_int(value):
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise RuleValueError(_("请填写整数。")) from exc
    if number < 0:
        raise RuleValueError(_("不能为负数。"))
    return number


def _parse_int_list(value):
    if isinstance(value, str):
        value = [part for part in value.replace("，", ",").split(",") if part.strip()]
    if not isinstance(value, list | tuple):
        raise RuleValueError(_("请填写以逗号分隔的整数列表。"))
    return sorted({_parse_int(item) for item in value}, reverse=True)


def _parse_ratio(value):
    """Accepts 0.5, "50%", "1/3"; stored as a string that keeps exact thirds."""
    text = str(value).strip()
    try:
        if text.endswith("%"):
            ratio = Fraction(Decimal(text[:-1])) / 100
        else:
            ratio = Fraction(text)
    except (ValueError, ZeroDivisionError, InvalidOperation) as exc:
        raise RuleValueError(_("请填写比例，例如 1/3、0.5 或 60%。")) from exc
    if not 0 <= ratio <= 1:
        raise RuleValueError(_("比例应在 0 与 1 之间。"))
    return str(ratio)


def _parse_duration(value):
    if isinstance(value, Duration):
        return value.as_json()
    if not isinstance(value, dict) or value.get("unit") not in Duration.UNITS:
        raise RuleValueError(
            _('请填写如 {"count": 3, "unit": "months"} 的期限；单位为 months、workdays 或 days。')
        )
    return {"count": _parse_int(value.get("count")), "unit": value["unit"]}


def _parse_mapping(value):
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise RuleValueError(_("请填写键和值均为文本的对照表。"))
    return value


def _parse_choices(value):
    if not isinstance(value, list) or not value:
        raise RuleValueError(_("请填写选项列表。"))
    for item in value:
        if not isinstance(item, dict) or not item.get("code") or not item.get("label"):
            raise RuleValueError(_('每个选项需包含 code 和 label，例如 {"code": "A", "label": "已解决"}。'))
    return value


PARSERS = {
    "int": _parse_int,
    "int_list": _parse_int_list,
    "ratio": _parse_ratio,
    "duration": _parse_duration,
    "mapping": _parse_mapping,
    "choices": _parse_choices,
}


@dataclass(frozen=True)
class RuleSpec:
    key: str
    label: Any
    kind: str
    default: Any
    help: Any = ""
    app: str = field(default="congress")

    def parse(self, value):
        return PARSERS[self.kind](value)

    def typed(self, stored):
        """The stored JSON as the value code uses."""
        if self.kind == "duration":
            return Duration(count=stored["count"], unit=stored["unit"])
        if self.kind == "ratio":
            return Fraction(stored)
        return stored


RULES: dict[str, RuleSpec] = {}


def register_rules(specs: Iterable[RuleSpec]) -> None:
    """Add an app's rules to the registry. Each app keeps its specs in its own ``rules.py`` and
    registers them in its ``AppConfig.ready``, so every key is known before any code reads it.
    Registering the same spec again is harmless; another spec under a taken key is an error."""
    for spec in specs:
        registered = RULES.get(spec.key)
        if registered is not None and registered != spec:
            raise ValueError(f"rule {spec.key!r} is already registered by {registered.app}")
        RULES[spec.key] = spec


# The core's own rules.
register_rules(
    [
        RuleSpec(
            "calendar.warn_years_ahead",
            _("节假日数据预警年数"),
            "int",
            1,
            _("节假日数据缺失年份在此年数内时提醒工作人员录入"),
            "congress",
        ),
    ]
)


def rule_get(key: str):
    """The current value of a rule, typed (Duration, Fraction, list, dict, int).

    One query; callers that need a rule inside a loop read it once before the loop."""
    from congress.models import Rule

    spec = RULES[key]
    stored = Rule.objects.filter(key=key).values_list("value", flat=True).first()
    if stored is None:
        stored = spec.default
    return spec.typed(stored)


def rules_ensure_rows() -> int:
    """Create a row with the default for every rule that has none, so staff see and edit all
    of them in the admin. Existing values are left alone. Returns how many were created."""
    from simple_history.utils import bulk_create_with_history

    from congress.models import Rule

    existing = set(Rule.objects.values_list("key", flat=True))
    missing = [Rule(key=spec.key, value=spec.default) for spec in RULES.values() if spec.key not in existing]
    bulk_create_with_history(missing, Rule, ignore_conflicts=True, default_change_reason="默认值")
    return len(missing)
