"""The rules of meetings and attendance (seed 八): who approves a leave request, the
disclosure sweep, when check-in opens and lateness. ``MeetingsConfig.ready`` registers them with ``congress.rules``;
code reads them with ``rule_get``."""

from django.utils.translation import gettext_lazy as _

from congress.rules import RuleSpec


def _unit_kinds():
    """Unit kinds in Chinese (区人民政府, 政府部门, 街道 …): the items of ``leave_approvers``."""
    from congress.models import Organization

    return dict(Organization.Kind.choices)


def _approving_offices():
    """The offices that approve leave: 区政府办公室 and 区委办公室."""
    from congress.models import Organization

    kinds = Organization.Kind
    return [
        (kinds.GOV_OFFICE.value, kinds.GOV_OFFICE.label),
        (kinds.PARTY_OFFICE.value, kinds.PARTY_OFFICE.label),
    ]


RULE_SPECS = [
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
        _("列席单位类别 → 审批请假的机关（区政府办公室或区委办公室）"),
        "meetings",
        key_labels=_unit_kinds,
        value_choices=_approving_offices,
        columns=(_("列席单位类别"), _("审批请假的机关")),
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
        "meetings.check_in_opens_minutes",
        _("签到开放时间（会前分钟数）"),
        "int",
        60,
        _("会议开始前多少分钟开放签到（平板签到和扫码签到）；工作人员已开始会议的，随时可以签到"),
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
]
