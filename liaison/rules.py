"""The rules of the liaison stations: how long a department has to answer a citizen's opinion
and when it is reminded. ``LiaisonConfig.ready`` registers them."""

from django.utils.translation import gettext_lazy as _

from congress.rules import RuleSpec

RULE_SPECS = [
    RuleSpec(
        "liaison.department_deadline",
        _("社情民意部门办理期限"),
        "duration",
        {"count": 15, "unit": "workdays"},
        _("社情民意转职能部门办理后答复的期限"),
        "liaison",
    ),
    RuleSpec(
        "liaison.reminder_milestones",
        _("社情民意办理提醒节点"),
        "int_list",
        [5, 1],
        _("部门办理期限前若干个工作日提醒"),
        "liaison",
    ),
    RuleSpec(
        "liaison.opinions_per_address",
        _("社情民意每个网络地址每日上限"),
        "int",
        20,
        _("同一网络地址每天最多在网上提交的社情民意数（防止批量提交；小区、单位共用出口地址时可适当调高）"),
        "liaison",
    ),
]
