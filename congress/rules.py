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


DURATION_UNITS = (("months", _("个月")), ("workdays", _("个工作日")), ("days", _("天")))


@dataclass(frozen=True)
class Duration:
    """A span counted in calendar months, working days or calendar days."""

    count: int
    unit: str  # "months" | "workdays" | "days"

    UNITS = tuple(code for code, _label in DURATION_UNITS)

    def as_json(self):
        return {"count": self.count, "unit": self.unit}

    def __str__(self):
        return f"{self.count}{dict(DURATION_UNITS)[self.unit]}"


@dataclass(frozen=True)
class ChoiceFlag:
    """A yes/no column of a ``choices`` rule (e.g. the reply classes' ``follow_up``): the
    admin shows it as a checkbox per row. A row that does not say is on for the codes in
    ``default_codes``."""

    name: str
    label: Any
    default_codes: frozenset = frozenset()

    def of(self, item: dict) -> bool:
        return bool(item.get(self.name, item.get("code") in self.default_codes))


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
        raise RuleValueError(_("请填写期限的数量，并选择单位（个月、个工作日或天）。"))
    count = _parse_int(value.get("count"))
    if count < 1:
        raise RuleValueError(_("期限至少为 1。"))
    return {"count": count, "unit": value["unit"]}


def _parse_mapping(value):
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise RuleValueError(_("请填写键和值均为文本的对照表。"))
    return value


def _parse_choices(value):
    if not isinstance(value, list) or not value:
        raise RuleValueError(_("请至少填写一个选项。"))
    seen = set()
    for item in value:
        if not isinstance(item, dict) or not str(item.get("code", "")).strip() or not item.get("label"):
            raise RuleValueError(_("每个选项都须填写代码和名称。"))
        code = str(item["code"]).strip()
        if code in seen:
            raise RuleValueError(_("代码“%(code)s”重复。") % {"code": code})
        seen.add(code)
    return value


PARSERS = {
    "int": _parse_int,
    "int_list": _parse_int_list,
    "ratio": _parse_ratio,
    "duration": _parse_duration,
    "mapping": _parse_mapping,
    "choices": _parse_choices,
}


def _resolved(value):
    return value() if callable(value) else value


def _percent(ratio: Fraction) -> str:
    text = f"{float(ratio) * 100:.1f}".removesuffix(".0")
    return f"{text}%"


def ratio_label(ratio) -> str:
    """A ratio as staff read it: "1/3（33.3%）", "1/2（50%）"."""
    ratio = Fraction(ratio)
    return f"{ratio}（{_percent(ratio)}）"


@dataclass(frozen=True)
class RuleSpec:
    """One rule: its key, label, type (``kind``: int, int_list, ratio, duration, mapping,
    choices), the seed's default and a help text. A ``mapping`` keeps the default's keys (a
    district changes the values, not which items there are): ``key_labels`` names them and
    ``value_choices`` lists the values to pick from (code, label), each a dict/list or a
    callable returning one (read when shown, so labels follow the language); with
    ``fixed_keys=False`` a district adds and removes items too (the required expertise). A
    ``choices`` rule may carry yes/no columns (``flags``)."""

    key: str
    label: Any
    kind: str
    default: Any
    help: Any = ""
    app: str = field(default="congress")
    key_labels: Any = None
    value_choices: Any = None
    flags: tuple[ChoiceFlag, ...] = ()
    columns: tuple = ()  # a mapping's two column headings in the admin, e.g. (列席单位类别, 审批机关)
    fixed_keys: bool = True  # a mapping keeps the default's items; False: a district adds and removes them
    minimum: int | None = None  # an int rule's floor (the audit retention: no fewer than 180 days)
    numeric_values: bool = False  # a mapping whose values are numbers (score weights: "0.5", "-2")

    def parse(self, value):
        value = PARSERS[self.kind](value)
        if self.minimum is not None and self.kind == "int" and value < self.minimum:
            raise RuleValueError(_("不能少于 %(n)d。") % {"n": self.minimum})
        if self.kind == "mapping":
            return self._check_mapping(value)
        if self.kind == "choices":
            return self._normalize_choices(value)
        return value

    def _check_mapping(self, value: dict) -> dict:
        if not self.fixed_keys:
            value = {key.strip(): label for key, label in value.items()}
            if not value or "" in value:
                raise RuleValueError(_("请至少填写一项，每项都须填写代码和名称。"))
        keys = list(self.default) if self.fixed_keys else list(value)
        if set(value) != set(keys):
            raise RuleValueError(
                _("须逐项填写：%(items)s；不能增加或删除项目。")
                % {"items": "、".join(map(self.key_label, keys))}
            )
        allowed = {code for code, _label in self.value_options()} if self.value_choices else None
        for key in keys:
            if not value[key].strip():
                raise RuleValueError(_("“%(item)s”不能为空。") % {"item": self.key_label(key)})
            if allowed is not None and value[key] not in allowed:
                raise RuleValueError(
                    _("“%(item)s”的取值“%(value)s”不在可选范围内。")
                    % {"item": self.key_label(key), "value": value[key]}
                )
        if self.numeric_values:
            for key in keys:
                try:
                    number = Decimal(value[key].strip())
                except InvalidOperation:
                    number = None
                if number is None or not number.is_finite():
                    raise RuleValueError(
                        _("“%(item)s”须填写数字，例如 2、0.5 或 -1。") % {"item": self.key_label(key)}
                    )
        return {key: value[key].strip() for key in keys}

    def _normalize_choices(self, value: list) -> list:
        rows = []
        for item in value:
            row = {"code": str(item["code"]).strip(), "label": str(item["label"]).strip()}
            for flag in self.flags:
                row[flag.name] = flag.of(item)
            rows.append(row)
        return rows

    def is_default(self, stored) -> bool:
        """Whether a stored value is the default (as the default is stored once parsed)."""
        try:
            return self.parse(stored) == self.parse(self.default)
        except (RuleValueError, KeyError, TypeError):
            return False

    # --- how the admin shows it ---

    def key_label(self, key: str) -> str:
        return str((_resolved(self.key_labels) or {}).get(key, key))

    def value_options(self) -> list[tuple[str, str]]:
        return [(code, str(label)) for code, label in _resolved(self.value_choices) or []]

    def display(self, stored) -> str:
        """The stored value as staff read it: "3个月", "15、5、1", "1/3（33.3%）",
        "区人民政府 → 区委办公室；…" (or "法律、财政经济…" for names), "A：…；B：…"."""
        if self.kind == "duration":
            return str(Duration(count=stored["count"], unit=stored["unit"]))
        if self.kind == "ratio":
            return ratio_label(stored)
        if self.kind == "int_list":
            return "、".join(str(n) for n in stored)
        if self.kind == "mapping":
            if not self.value_choices:  # names typed by staff: the names say it
                return "、".join(stored.values())
            values = dict(self.value_options())
            return "；".join(f"{self.key_label(k)} → {values.get(v, v)}" for k, v in stored.items())
        if self.kind == "choices":
            return "；".join(f"{item['code']}：{item['label']}" for item in stored)
        return str(stored)

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
        RuleSpec(
            "audit.retention_days",
            _("安全审计日志保存天数"),
            "int",
            180,
            _("审计日志和登录记录至少保存的天数（不少于180天），期满后由定期任务清理"),
            "congress",
            minimum=180,
        ),
    ]
)


def rule_get(key: str):
    """The current value of a rule, typed (Duration, Fraction, list, dict, int).

    Every stored value is kept in the cache until a rule is saved (``congress.yearly``): one
    query on a miss, none on a hit."""
    from congress import yearly

    spec = RULES[key]
    stored = yearly.stored_rules().get(key)
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
    if missing:  # bulk_create sends no post_save
        from congress import yearly

        yearly.forget(yearly.RULES_KEY)
    return len(missing)
