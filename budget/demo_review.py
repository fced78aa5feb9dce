"""Demo of the preliminary review, state assets and performance evaluation, written through the
real services as the demo accounts would: deputies and a member ask the finance bureau about the
2026 draft (one answered by ``finance1``, one due, one overdue), remarks, the adopted review
report, a published thematic review linked to the budget hearing, the 2025 state-assets
reports (three deliberated, public) with opinions in every state, and four performance
evaluations (three published). Idempotent: nothing is added once the demo questions are there."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from budget import services_assets as assets
from budget import services_review as review
from budget.models import BudgetLine, FiscalYear, ReviewQuestion
from congress import roles
from congress.demo import demo_backdate, demo_user
from congress.models import Organization, User
from congress.workdays import WorkCalendar

FINANCE, EDU, HEALTH, CIVIL = "区财政局", "区教育局", "区卫生健康委员会", "区民政局"

QUESTIONS = [
    # (asker, code prefix, text, what happens)
    ("deputy1", "205", "学前教育支出增幅低于在园幼儿数增幅，新增学位的经费如何保障？", "answered"),
    ("member", "208", "养老服务补贴较上年减少，是否与服务对象人数变化相符？请说明测算依据。", "asked"),
    ("deputy2", "212", "城市更新项目资金年初预算与上年执行数差距较大，请说明原因。", "overdue"),
]
ANSWER = (
    "新增学位主要在公办园扩班，经费已在“学前教育”款中按生均标准足额安排；民办普惠园补助另列在“其他教育支出”。"
)
COMMENTS = [
    ("member", "205", "建议在预算说明中列出生均经费标准和学位数变化。"),
    ("deputy1", "", "建议政府性基金预算与一般公共预算的统筹情况单独说明。"),
]
REPORT_TEXT = """一、2026年预算草案编制总体情况
预算草案贯彻积极的财政政策，收入预算与经济社会发展目标相适应，支出安排突出民生保障。
二、需要关注的问题
部分项目支出测算依据不够充分；个别专项资金年初到位率偏低。
三、意见和建议
建议进一步细化项目预算，加强绩效目标管理，提高预算执行的均衡性。"""

ASSET_REPORTS = [
    # kind, title, assets, liabilities, figures, deliberated
    (
        "enterprise",
        "2025年度区属国有企业国有资产管理情况的报告",
        "86500000000",
        "51200000000",
        {"企业户数": "42"},
        True,
    ),
    (
        "administrative",
        "2025年度行政事业性国有资产管理情况的专项报告",
        "31800000000",
        "2600000000",
        {"土地面积（公顷）": "612.4", "房屋面积（万平方米）": "398.6"},
        True,
    ),
    (
        "natural_resources",
        "2025年度国有自然资源资产管理情况的报告",
        None,
        None,
        {"国有土地面积（公顷）": "2890.0"},
        True,
    ),
    ("financial", "2025年度金融企业国有资产管理情况的报告", "12400000000", "10900000000", {}, False),
]

EVALUATIONS = [
    # project, unit, budget, indicators (name, target, actual, weight, score), published
    (
        "中小学校舍扩容改造工程",
        EDU,
        "86000000",
        [
            ("新增学位数", "1200个", "1260个", "40", "40"),
            ("工程按期完工率", "100%", "92%", "30", "24"),
            ("家长满意度", "≥90%", "93%", "30", "28.5"),
        ],
        True,
    ),
    (
        "社区卫生服务中心能力提升项目",
        HEALTH,
        "32500000",
        [
            ("家庭医生签约率", "≥45%", "47.2%", "40", "38"),
            ("设备到位率", "100%", "85%", "30", "20"),
            ("居民满意度", "≥90%", "88%", "30", "24"),
        ],
        True,
    ),
    (
        "居家养老服务补贴",
        CIVIL,
        "41800000",
        [
            ("补贴发放准确率", "100%", "96%", "50", "40"),
            ("服务覆盖老人数", "12000人", "9800人", "30", "18"),
            ("老人满意度", "≥90%", "82%", "20", "12"),
        ],
        True,
    ),
    (
        "智慧城管平台建设",
        FINANCE,
        "15000000",
        [("系统上线率", "100%", "", "60", ""), ("事件处置及时率", "≥95%", "", "40", "")],
        False,
    ),
]


def _line_code(fiscal_year: FiscalYear, prefix: str) -> str:
    """The first 款 under ``prefix`` in the 2026 general draft ("" when there is none)."""
    if not prefix:
        return ""
    return (
        BudgetLine.objects.filter(
            book_stage__fiscal_year=fiscal_year,
            book_stage__book="general",
            book_stage__stage="draft",
            code__startswith=prefix,
            level=2,
        )
        .order_by("code")
        .values_list("code", flat=True)
        .first()
        or ""
    )


def _user(username: str, fallback: User) -> User:
    return User.objects.filter(username=username).first() or fallback


@transaction.atomic
def load_review_demo() -> None:
    staff = User.objects.filter(username="staff").first()
    fiscal_year = FiscalYear.objects.filter(year=2026).first()
    finance = Organization.objects.filter(name=FINANCE).first()
    if staff is None or fiscal_year is None or finance is None or ReviewQuestion.objects.exists():
        return
    officer = demo_user("finance1", "区财政局 联络员 孙", [roles.UNIT_OFFICER], unit=finance)
    today = timezone.localdate()
    calendar = WorkCalendar()
    for username, prefix, text, outcome in QUESTIONS:
        asker = _user(username, staff)
        asked_on = calendar.subtract_workdays(today, 8 if outcome == "overdue" else 1)
        question = review.question_ask(
            actor=asker,
            fiscal_year=fiscal_year,
            book="general",
            stage="draft",
            code=_line_code(fiscal_year, prefix),
            text=text,
            today=asked_on,
        )
        demo_backdate(question, asked_on, actor=asker)
        if outcome == "answered":
            review.question_answer(actor=officer, question=question, answer=ANSWER)
    for username, prefix, text in COMMENTS:
        review.comment_add(
            actor=_user(username, staff),
            fiscal_year=fiscal_year,
            book="general",
            stage="draft",
            code=_line_code(fiscal_year, prefix),
            text=text,
        )
    review.report_save(
        actor=staff,
        fiscal_year=fiscal_year,
        stage="draft",
        title="关于2026年区级预算草案的初步审查报告",
        text=REPORT_TEXT,
        adopted_on=calendar.subtract_workdays(today, 2),
    )
    from supervision.models_hearings import PublicHearing

    review.thematic_review_save(
        actor=staff,
        fiscal_year=fiscal_year,
        topic="教育优先发展经费保障情况专题审查",
        codes=[c for c in ("205", _line_code(fiscal_year, "205")) if c],
        findings="生均公用经费增长放缓；学前教育新增学位经费测算依据不足。",
        report="建议按生均标准足额保障学位扩容经费，将专项资金绩效目标随预算一并报送。",
        hearing=PublicHearing.objects.filter(kind="budget").order_by("id").first(),
        published=True,
    )
    _load_assets(staff, officer, finance, today, calendar)


def _load_assets(staff, officer, finance, today, calendar) -> None:
    deliberated = calendar.subtract_workdays(today, 30)
    reports = {}
    for kind, title, total, debt, figures, public in ASSET_REPORTS:
        reports[kind] = assets.asset_report_save(
            actor=staff,
            year=2025,
            kind=kind,
            title=title,
            total_assets=total,
            total_liabilities=debt,
            figures=figures,
            summary="报告全面反映了本年度该类国有资产的总量、结构和管理情况。",
            deliberated_on=deliberated if public else None,
        )
    assets.opinion_create(
        actor=staff, report=reports["enterprise"], text="进一步优化国有资本布局，提高国有资本回报率。"
    )
    sent_on = calendar.subtract_workdays(today, 40)
    answered = assets.opinion_create(
        actor=staff,
        report=reports["administrative"],
        text="全面清查闲置办公用房，建立公物仓调剂共享机制。",
        unit=finance,
        today=sent_on,
    )
    demo_backdate(answered, sent_on, actor=staff)
    assets.opinion_answer(
        actor=officer, opinion=answered, handling="已完成清查，闲置用房1.2万平方米纳入公物仓统一调剂。"
    )
    sent_on = calendar.subtract_workdays(today, 50)
    accepted = assets.opinion_create(
        actor=staff,
        report=reports["natural_resources"],
        text="完善自然资源资产台账。",
        unit=finance,
        today=sent_on,
    )
    demo_backdate(accepted, sent_on, actor=staff)
    accepted = assets.opinion_answer(actor=officer, opinion=accepted, handling="台账已建立并按季度更新。")
    assets.opinion_accept(actor=staff, opinion=accepted, reason="办理到位。")
    assets.opinion_create(
        actor=staff,
        report=reports["administrative"],
        text="规范资产出租出借，收益及时足额上缴。",
        unit=finance,
    )
    for project, unit_name, amount, rows, published in EVALUATIONS:
        unit = Organization.objects.filter(name=unit_name).first() or finance
        assets.evaluation_save(
            actor=staff,
            year=2025,
            project=project,
            unit=unit,
            budget_amount=amount,
            goal="按期完成建设任务，服务对象满意度不低于90%。",
            conclusion="" if not published else "项目总体实现预期目标，个别指标未达标，需加强过程管理。",
            indicators=[
                dict(zip(("name", "target", "actual", "weight", "score"), r, strict=True)) for r in rows
            ],
            published=published,
        )
