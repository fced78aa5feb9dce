"""The rules of appointments (seed 四), the committee's composition (十六) and the town
congress (十八). ``AppointmentsConfig.ready`` registers them with ``congress.rules``; code reads
them with ``rule_get``."""

from django.utils.translation import gettext_lazy as _

from congress.rules import RuleSpec

RULE_SPECS = [
    # --- appointments (四) ---
    RuleSpec("appointments.exam_pass_mark", _("法律知识考试合格分"), "int", 60, "", "appointments"),
    RuleSpec("appointments.publicity_days", _("任前承诺公示天数"), "int", 5, "", "appointments"),
    # --- composition (十六) and the town congress (十八) ---
    RuleSpec("composition.reappointed_min_ratio", _("连任人员最低比例"), "ratio", "1/3", "", "appointments"),
    RuleSpec("composition.resident_min_ratio", _("驻会人员最低比例"), "ratio", "1/2", "", "appointments"),
    RuleSpec("composition.resident_target_ratio", _("驻会人员目标比例"), "ratio", "3/5", "", "appointments"),
    RuleSpec(
        "composition.expertise_required",
        _("须具备的专业背景"),
        "mapping",
        {"law": "法律", "finance": "财政经济", "governance": "社会治理"},
        _("组成人员中须有具备这些专业背景的人员；可以增加、删除或改名"),
        "appointments",
        columns=(_("代码"), _("专业背景")),
        fixed_keys=False,
    ),
    RuleSpec("town.sessions_per_year_min", _("镇人代会每年最少次数"), "int", 2, "", "appointments"),
    RuleSpec("town.session_min_days", _("镇人代会每次最少天数"), "int", 1, "", "appointments"),
]
