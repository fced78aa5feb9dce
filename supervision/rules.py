"""The rules of supervision (seed 四、五、九、十): the rectification deadline and its reminder
milestones. ``SupervisionConfig.ready`` registers them with ``congress.rules``; code reads them
with ``rule_get``."""

from django.utils.translation import gettext_lazy as _

from congress.rules import RuleSpec

RULE_SPECS = [
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
]
