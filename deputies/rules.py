"""The rules of deputies' activities and of the performance record (seed 十四): the sign-up
cut-off, when QR check-in opens, and the yearly score's items and weights. ``DeputiesConfig.ready``
registers them with ``congress.rules``; code reads them with ``rule_get``."""

from django.utils.translation import gettext_lazy as _

from congress.rules import RuleSpec

# The record's countable items, in the order pages show them. ``deputies.selectors_record``
# gathers each; the score rule weighs them.
RECORD_ITEMS = {
    "proposals_lead": _("领衔提出议案建议"),
    "proposals_cosigned": _("附议议案建议"),
    "meetings_attended": _("列席会议"),
    "meetings_leave": _("会议请假"),
    "activities_attended": _("参加视察调研等活动"),
    "activities_absent": _("活动缺席"),
    "activities_excused": _("活动请假"),
    "trainings_attended": _("参加学习培训"),
    "training_hours": _("培训学时"),
    "receptions_held": _("接待选民"),
    "opinions_collected": _("收集社情民意"),
    "opinions_closed": _("社情民意办结"),
    "voter_reports": _("向选民报告履职"),
}

DEFAULT_SCORE_WEIGHTS = {
    "proposals_lead": "5",
    "proposals_cosigned": "1",
    "meetings_attended": "2",
    "meetings_leave": "0",
    "activities_attended": "3",
    "activities_absent": "-2",
    "activities_excused": "0",
    "trainings_attended": "2",
    "training_hours": "0.5",
    "receptions_held": "3",
    "opinions_collected": "1",
    "opinions_closed": "1",
    "voter_reports": "10",
}

RULE_SPECS = [
    RuleSpec(
        "deputies.activity_cancel_cutoff_hours",
        _("代表活动取消报名截止时间（小时）"),
        "int",
        24,
        _("活动开始前这么多小时起，代表不能再自行取消报名，须由工作人员登记请假"),
        "deputies",
    ),
    RuleSpec(
        "deputies.activity_check_in_opens_minutes",
        _("代表活动扫码签到开放时间（分钟）"),
        "int",
        60,
        _("活动开始前这么多分钟起可以扫码签到，至活动结束（未填结束时间的，开始后12小时）止"),
        "deputies",
    ),
    RuleSpec(
        "deputies.record_score_weights",
        _("年度履职评分项目及分值"),
        "mapping",
        DEFAULT_SCORE_WEIGHTS,
        _("每项履职记录每计一次（学时每小时）所得分值，可为小数或负数；填 0 表示该项不计分"),
        "deputies",
        key_labels=RECORD_ITEMS,
        columns=(_("履职项目"), _("分值")),
        numeric_values=True,
    ),
    RuleSpec(
        "deputies.voter_comment_limit_per_hour",
        _("选民评议意见每小时条数上限（每个网络地址）"),
        "int",
        5,
        _("同一网络地址一小时内最多提交这么多条评议意见，超过的请其稍后再试；填 0 表示不限"),
        "deputies",
    ),
    RuleSpec(
        "deputies.record_score_max",
        _("年度履职评分上限"),
        "int",
        100,
        _("年度评分超过此数的按此数计；填 0 表示不设上限"),
        "deputies",
    ),
    RuleSpec(
        "deputies.midterm_grade_thresholds",
        _("届中评估等次分数线"),
        "mapping",
        {"excellent": "80", "good": "60", "basic": "40"},
        _("届中评估时任期内年均评分达到此分数的评为相应等次，低于“基本称职”的评为不称职"),
        "deputies",
        key_labels=lambda: {"excellent": _("优秀"), "good": _("称职"), "basic": _("基本称职")},
        columns=(_("等次"), _("年均评分不低于")),
        numeric_values=True,
    ),
]
