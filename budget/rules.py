"""The rules of the budget's audit rectification (seed 六): the deadlines and the reminder
milestones. ``BudgetConfig.ready`` registers them with ``congress.rules``; code reads them with
``rule_get``."""

from django.utils.translation import gettext_lazy as _

from congress.rules import RuleSpec

RULE_SPECS = [
    RuleSpec(
        "budget.audit_rectification_deadline",
        _("审计查出问题整改期限"),
        "duration",
        {"count": 60, "unit": "workdays"},
        _("审计查出问题交办责任单位后，报送整改情况的期限（工作日）"),
        "budget",
    ),
    RuleSpec(
        "budget.audit_redo_deadline",
        _("审计查出问题重新整改期限"),
        "duration",
        {"count": 20, "unit": "workdays"},
        _("整改情况被退回重新整改后，再次报送的期限（工作日）"),
        "budget",
    ),
    RuleSpec(
        "budget.audit_reminder_milestones",
        _("审计整改提醒节点"),
        "int_list",
        [10, 3],
        _("整改期限前若干个工作日提醒责任单位"),
        "budget",
    ),
    RuleSpec(
        "budget.execution_question_deadline",
        _("预算执行询问答复期限"),
        "duration",
        {"count": 10, "unit": "workdays"},
        _("预算执行预警转为向单位询问后，单位答复的期限（工作日）"),
        "budget",
    ),
    RuleSpec(
        "budget.execution_question_milestones",
        _("预算执行询问提醒节点"),
        "int_list",
        [3, 1],
        _("答复期限前若干个工作日提醒被询问单位"),
        "budget",
    ),
]

RULE_SPECS += [
    RuleSpec(
        "budget.review_answer_deadline",
        _("初审询问答复期限"),
        "duration",
        {"count": 5, "unit": "workdays"},
        _("预算初审中向财政部门提出询问后，答复的期限（工作日）"),
        "budget",
    ),
    RuleSpec(
        "budget.review_answering_unit",
        _("初审询问答复单位"),
        "mapping",
        {"unit": "区财政局"},
        _("预算初审中的询问交由哪个单位答复（单位名称）"),
        "budget",
        key_labels={"unit": _("答复单位")},
    ),
    RuleSpec(
        "budget.asset_opinion_deadline",
        _("国有资产审议意见反馈期限"),
        "duration",
        {"count": 60, "unit": "workdays"},
        _("常委会对国有资产管理情况报告提出审议意见后，政府反馈办理情况的期限（工作日）"),
        "budget",
    ),
]
