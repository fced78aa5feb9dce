"""Rules that are data: the registry of every rule key, its type and its default.

A district edits values in the admin (``congress.Rule`` rows); code reads them only through
``rule_get(key)``, which falls back to the default below. Defaults come from the seed document
(composition ratios, town sessions) and the issues (deadlines, milestones); a district's own
regulations override them without a deploy.
"""

from __future__ import annotations

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


_SPECS = [
    # --- proposals (十一) ---
    RuleSpec(
        "proposals.reply_deadline",
        _("建议答复期限"),
        "duration",
        {"count": 3, "unit": "months"},
        _("自交办之日起答复的期限"),
        "proposals",
    ),
    RuleSpec(
        "proposals.reply_deadline_hard",
        _("难度较大建议答复期限"),
        "duration",
        {"count": 6, "unit": "months"},
        _("办理难度较大、经同意延长处理的答复期限"),
        "proposals",
    ),
    RuleSpec(
        "proposals.return_window",
        _("退回申请期限"),
        "duration",
        {"count": 7, "unit": "workdays"},
        _("交办后承办单位可申请退回或调整的期限"),
        "proposals",
    ),
    RuleSpec(
        "proposals.extension_max",
        _("延期上限"),
        "duration",
        {"count": 3, "unit": "months"},
        _("承办单位申请延期的最长期限"),
        "proposals",
    ),
    RuleSpec(
        "proposals.assisting_opinion_deadline",
        _("协办意见期限"),
        "duration",
        {"count": 1, "unit": "months"},
        _("协办、会办单位向主办单位提出办理意见的期限"),
        "proposals",
    ),
    RuleSpec(
        "proposals.rehandling_deadline",
        _("重新办理期限"),
        "duration",
        {"count": 1, "unit": "months"},
        _("代表不满意后重新办理答复的期限"),
        "proposals",
    ),
    RuleSpec(
        "proposals.rating_deadline",
        _("代表测评期限"),
        "duration",
        {"count": 1, "unit": "months"},
        _("代表收到答复后作出满意度测评的期限，逾期按未测评办结"),
        "proposals",
    ),
    RuleSpec(
        "proposals.reminder_milestones",
        _("到期提醒节点"),
        "int_list",
        [15, 5, 1],
        _("答复期限前若干个工作日提醒承办单位"),
        "proposals",
    ),
    RuleSpec(
        "proposals.motion_min_cosigners",
        _("议案最少联名人数"),
        "int",
        10,
        _("区人大代表十人以上联名可以提出议案（含领衔代表）"),
        "proposals",
    ),
    RuleSpec(
        "proposals.reply_classes",
        _("答复分类"),
        "choices",
        [
            {"code": "A", "label": "A类（所提问题已经解决或基本解决）"},
            {"code": "B", "label": "B类（所提问题正在解决或列入计划逐步解决）"},
            {"code": "C", "label": "C类（因条件限制或其他原因暂时难以解决，予以说明）"},
        ],
        _("答复分类及含义，可增加 D 类（留作参考）等"),
        "proposals",
    ),
    # --- meetings and attendance (八) ---
    RuleSpec(
        "meetings.leave_approvers",
        _("请假审批机关"),
        "mapping",
        {
            "government": "party_office",
            "court": "party_office",
            "procuratorate": "party_office",
            "department": "gov_office",
            "street": "gov_office",
            "town": "gov_office",
            "other": "gov_office",
        },
        _("列席单位类别 → 审批请假的机关类别（gov_office 区政府办公室，party_office 区委办公室）"),
        "meetings",
    ),
    RuleSpec(
        "meetings.disclosure_sweep_minutes",
        _("出席情况公开补漏间隔（分钟）"),
        "int",
        2,
        _("定期检查已结束但尚未公开出席情况的会议"),
        "meetings",
    ),
    RuleSpec(
        "meetings.late_after_minutes",
        _("迟到判定（分钟）"),
        "int",
        0,
        _("会议开始后超过该分钟数签到记为迟到"),
        "meetings",
    ),
    # --- appointments (四) ---
    RuleSpec("appointments.exam_pass_mark", _("法律知识考试合格分"), "int", 60, "", "meetings"),
    RuleSpec("appointments.publicity_days", _("任前承诺公示天数"), "int", 5, "", "meetings"),
    # --- composition (十六) and the town congress (十八) ---
    RuleSpec("composition.reappointed_min_ratio", _("连任人员最低比例"), "ratio", "1/3", "", "meetings"),
    RuleSpec("composition.resident_min_ratio", _("驻会人员最低比例"), "ratio", "1/2", "", "meetings"),
    RuleSpec("composition.resident_target_ratio", _("驻会人员目标比例"), "ratio", "3/5", "", "meetings"),
    RuleSpec(
        "composition.expertise_required",
        _("须具备的专业背景"),
        "mapping",
        {"law": "法律", "finance": "财政经济", "governance": "社会治理"},
        "",
        "meetings",
    ),
    RuleSpec("town.sessions_per_year_min", _("镇人代会每年最少次数"), "int", 2, "", "meetings"),
    RuleSpec("town.session_min_days", _("镇人代会每次最少天数"), "int", 1, "", "meetings"),
    # --- supervision (四、五、九、十) ---
    RuleSpec(
        "supervision.rectification_deadline",
        _("整改报告期限"),
        "duration",
        {"count": 3, "unit": "months"},
        _("审议意见、执法检查报告交办后报送整改情况的期限"),
        "supervision",
    ),
    RuleSpec(
        "supervision.reminder_milestones",
        _("监督事项提醒节点"),
        "int_list",
        [10, 3],
        _("整改期限前若干个工作日提醒"),
        "supervision",
    ),
    # --- calendar ---
    RuleSpec(
        "calendar.warn_years_ahead",
        _("节假日数据预警年数"),
        "int",
        1,
        _("节假日数据缺失年份在此年数内时提醒工作人员录入"),
        "congress",
    ),
]
RULES: dict[str, RuleSpec] = {spec.key: spec for spec in _SPECS}


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
    missing = [Rule(key=spec.key, value=spec.default) for spec in _SPECS if spec.key not in existing]
    bulk_create_with_history(missing, Rule, ignore_conflicts=True, default_change_reason="默认值")
    return len(missing)
