"""The rules of supervision (seed 四、五、九、十): the rectification deadlines, the reminder
milestones, the satisfaction vote's threshold and the interpellation's signers and answer
deadline. ``SupervisionConfig.ready`` registers them with ``congress.rules``; code reads them
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
    RuleSpec(
        "supervision.unsatisfied_threshold",
        _("满意度测评不满意比例"),
        "ratio",
        "1/2",
        _("测评中不满意票超过此比例（不含本数）的，有关单位须再次整改并报告"),
        "supervision",
    ),
    RuleSpec(
        "supervision.second_rectification_deadline",
        _("再次整改报告期限"),
        "duration",
        {"count": 2, "unit": "months"},
        _("满意度测评不满意后再次报送整改情况的期限"),
        "supervision",
    ),
    RuleSpec(
        "supervision.interpellation_min_signers",
        _("质询案最少联名人数（常委会）"),
        "int",
        3,
        _("县级人大常委会组成人员三人以上联名，可以书面提出质询案（监督法第三十五条）"),
        "supervision",
    ),
    RuleSpec(
        "supervision.interpellation_min_signers_congress",
        _("质询案最少联名人数（代表大会）"),
        "int",
        10,
        _("县级人民代表大会举行会议的时候，代表十人以上联名可以书面提出质询案（地方组织法）"),
        "supervision",
    ),
    RuleSpec(
        "supervision.interpellation_answer_deadline",
        _("质询答复期限"),
        "duration",
        {"count": 1, "unit": "months"},
        _("主任会议决定交付后，受质询机关答复（含再次答复）的期限"),
        "supervision",
    ),
    # --- major-matter reports (九) ---
    RuleSpec(
        "supervision.major_matter_advance",
        _("重大事项提前报告时间"),
        "duration",
        {"count": 15, "unit": "workdays"},
        _("区政府重大事项应在拟决策时间前至少这么多时间向常委会报告；不足的，登记时标注“报告时间不足”"),
        "supervision",
    ),
    RuleSpec(
        "supervision.major_matter_feedback_deadline",
        _("重大事项审议意见反馈期限"),
        "duration",
        {"count": 2, "unit": "months"},
        _("常委会审议意见送交后，报告单位反馈采纳情况的期限"),
        "supervision",
    ),
    # --- law-enforcement inspections (五) ---
    RuleSpec(
        "supervision.inspection_rectification_deadline",
        _("执法检查问题整改期限"),
        "duration",
        {"count": 60, "unit": "workdays"},
        _("执法检查问题清单交办责任单位后，报送整改情况的期限（工作日）"),
        "supervision",
    ),
    RuleSpec(
        "supervision.inspection_redo_deadline",
        _("执法检查问题重新整改期限"),
        "duration",
        {"count": 20, "unit": "workdays"},
        _("整改情况被退回重新整改、工作人员未另定期限时，再次报送的期限（工作日）"),
        "supervision",
    ),
    # --- the court and the procuratorate (十) ---
    RuleSpec(
        "supervision.hearing_reply_deadline",
        _("旁听庭审意见答复期限"),
        "duration",
        {"count": 15, "unit": "workdays"},
        _("代表旁听庭审提出的意见建议转交法院、检察院后，答复代表的期限"),
        "supervision",
    ),
    # --- post-supervision evaluation (四) ---
    RuleSpec(
        "supervision.evaluation_answers_per_address",
        _("监督后评估每个网络地址答卷上限"),
        "int",
        20,
        _("同一网络地址对同一评估每天最多提交的公众答卷数（防止刷票；单位、小区共用出口地址时可适当调高）"),
        "supervision",
    ),
    # --- public hearings (四) ---
    RuleSpec(
        "supervision.hearing_signups_per_address",
        _("听证报名每个网络地址上限"),
        "int",
        10,
        _("同一网络地址每天最多提交的听证报名数（防止批量报名；单位、小区共用出口地址时可适当调高）"),
        "supervision",
    ),
    RuleSpec(
        "supervision.investigation_min_share",
        _("特定问题调查最少联名比例"),
        "ratio",
        "1/5",
        _(
            "常委会组成人员联名提请组织特定问题调查委员会的，须达到组成人员的此比例以上（监督法第三十九条：五分之一）"
        ),
        "supervision",
    ),
    # --- filing review of normative documents (五) ---
    RuleSpec(
        "supervision.filing_deadline",
        _("规范性文件报备期限"),
        "duration",
        {"count": 30, "unit": "days"},
        _("规范性文件自公布之日起报送常委会备案的期限；超过期限报备的，记为逾期报备"),
        "supervision",
    ),
    RuleSpec(
        "supervision.filing_review_deadline",
        _("备案审查期限"),
        "duration",
        {"count": 2, "unit": "months"},
        _("收到备案文件后完成审查、作出审查结论的期限"),
        "supervision",
    ),
    RuleSpec(
        "supervision.filing_correction_deadline",
        _("备案文件纠正期限"),
        "duration",
        {"count": 2, "unit": "months"},
        _("审查要求纠正后，制定机关报送纠正后文本的期限"),
        "supervision",
    ),
    RuleSpec(
        "supervision.filing_suggestion_answer_deadline",
        _("审查建议答复期限"),
        "duration",
        {"count": 30, "unit": "workdays"},
        _("收到公民审查建议后答复建议人的期限"),
        "supervision",
    ),
    RuleSpec(
        "supervision.filing_suggestions_per_address",
        _("审查建议每个网络地址每日上限"),
        "int",
        10,
        _("同一网络地址每天最多提交的审查建议数（防止刷量）"),
        "supervision",
    ),
]
