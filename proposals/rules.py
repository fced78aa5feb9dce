"""The rules of proposals and motions (seed 十一): deadlines, reminder milestones, the
co-signer threshold and the reply classes. ``ProposalsConfig.ready`` registers them with
``congress.rules``; code reads them with ``rule_get``."""

from django.utils.translation import gettext_lazy as _

from congress.rules import ChoiceFlag, RuleSpec

# Reply classes that keep an item followed up (跟踪办理) until the unit reports it solved,
# unless the rule's row says otherwise (``follow_up``).
DEFAULT_FOLLOW_UP_CLASSES = frozenset({"B", "C"})

RULE_SPECS = [
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
        _(
            "协办、会办单位向主办单位提出办理意见的期限，自交办之日起计算；"
            "且不晚于主办单位答复期限前“协办意见提前天数”个工作日"
        ),
        "proposals",
    ),
    RuleSpec(
        "proposals.assisting_opinion_lead_days",
        _("协办意见提前天数"),
        "int",
        10,
        _(
            "协办、会办意见须在主办单位答复期限前若干个工作日提出，以便主办单位吸收后答复；"
            "协办期限取此日期与“协办意见期限”中较早者"
        ),
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
        flags=(ChoiceFlag("follow_up", _("须跟踪办理"), DEFAULT_FOLLOW_UP_CLASSES),),
    ),
]
