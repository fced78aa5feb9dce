"""Demo supervision: the 2026 plan published, the 2027 plan open for comment, a special work
report in every state (区教育局 and 区卫生健康委员会, tied to the demo meetings' agendas) and
interpellations waiting for a decision, owed by a unit and answered. Walked through the real
services as the demo accounts would, so events, history, deadlines and notices are what users
see. Idempotent: rows are found by their titles (plans by year); nothing users entered is
touched."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from congress import roles
from congress.demo import demo_backdate, demo_user, register_demo_loader
from congress.models import Organization, User
from meetings.models import Meeting
from supervision import services
from supervision.models import Interpellation, PlanItem, SupervisionPlan, WorkReport

EDU, HEALTH = "区教育局", "区卫生健康委员会"
EDU_COMMITTEE = "区人大常委会教育科学文化卫生工作委员会"
K = PlanItem.Kind

# The 2026 plan: (kind, title, committee, units, meeting title or None, month)
PLAN_2026 = [
    (
        K.WORK_REPORT,
        "听取和审议区政府关于本区教育高质量发展情况的报告",
        EDU_COMMITTEE,
        [EDU],
        "区第十七届人大常委会第二十五次会议",
        1,
    ),
    (
        K.WORK_REPORT,
        "听取和审议区政府关于本区公共卫生体系建设情况的报告",
        EDU_COMMITTEE,
        [HEALTH],
        "区第十七届人大常委会第二十六次会议",
        3,
    ),
    (
        K.INSPECTION,
        "开展《上海市生活垃圾管理条例》执法检查",
        "区人大常委会城市建设环境保护工作委员会",
        ["区绿化和市容管理局"],
        None,
        6,
    ),
    (
        K.WORK_REPORT,
        "听取和审议区法院关于知识产权审判工作情况的报告",
        "区人大常委会监察和司法工作委员会",
        ["上海市徐汇区人民法院"],
        "区第十七届人大常委会第二十八次会议",
        7,
    ),
    (
        K.INQUIRY,
        "围绕养老服务体系建设开展专题询问",
        "区人大常委会社会建设工作委员会",
        ["上海市徐汇区人民政府", "区民政局"],
        "区第十七届人大常委会第二十九次会议",
        9,
    ),
    (
        K.WORK_REPORT,
        "听取和审议区政府关于本区中小学课后服务工作情况的报告",
        EDU_COMMITTEE,
        [EDU],
        "区第十七届人大常委会第三十次会议",
        10,
    ),
    (
        K.WORK_REPORT,
        "听取和审议区政府关于本区基础教育资源配置情况的报告",
        EDU_COMMITTEE,
        [EDU],
        "区第十七届人大常委会第三十一次会议",
        12,
    ),
]
# Added after adoption, with the reason shown on the published plan; and one dropped.
PLAN_2026_ADDED = (
    K.WORK_REPORT,
    "听取和审议区政府关于本区院前急救体系建设情况的报告",
    EDU_COMMITTEE,
    [HEALTH],
    "区第十七届人大常委会第三十次会议",
    10,
    "代表集中反映急救响应时间问题，经主任会议研究增加",
)
PLAN_2026_DROPPED = (
    K.HEARING,
    "举行规范性文件制定听证会",
    "区人大常委会法制工作委员会",
    [],
    None,
    11,
    "相关规范性文件已由区政府暂缓制定，本年度不再举行",
)
PLAN_2027 = [
    (
        K.WORK_REPORT,
        "听取和审议区政府关于本区托育服务体系建设情况的报告",
        EDU_COMMITTEE,
        [EDU, HEALTH],
        None,
        3,
    ),
    (
        K.INSPECTION,
        "开展《中华人民共和国大气污染防治法》执法检查",
        "区人大常委会城市建设环境保护工作委员会",
        ["区生态环境局"],
        None,
        5,
    ),
    (
        K.EVALUATION,
        "对本区养老服务体系建设专项工作报告审议意见落实情况开展监督后评估",
        "区人大常委会社会建设工作委员会",
        ["区民政局"],
        None,
        9,
    ),
]

OPINIONS = (
    "一、总体评价：报告内容翔实，工作取得积极成效。\n"
    "二、存在问题：资源布局仍不均衡，部分措施落实不够到位，长效机制有待健全。\n"
    "三、意见建议：1. 加强统筹规划，补齐短板；2. 细化任务分工和时间节点；3. 加大投入，强化考核问效。"
)


def _report_text(title: str) -> str:
    subject = title.removeprefix("关于").removesuffix("的报告")
    return (
        f"一、基本情况：近年来，我单位围绕{subject}，制定实施方案，稳步推进各项工作。\n"
        "二、主要做法和成效：健全工作机制，加大资金投入，重点任务按期完成。\n"
        "三、存在的问题：区域之间不够均衡，专业人员不足，群众满意度有待提升。\n"
        "四、下一步工作打算：对标先进，补短板、强弱项，确保各项目标任务落到实处。"
    )


def _rectification_text(round_: int) -> str:
    if round_ > 1:
        return "针对测评中反映的问题，再次逐条研究整改：新增资源已落地，长效机制已建立，并明确了完成时限和责任人。"
    return "对审议意见逐条研究，制定整改清单 12 项，已完成 8 项，其余 4 项正在推进，明确了时限和责任人。"


# (title, unit, meeting title, target state, days until the report is due)
REPORTS = [
    ("关于本区教育高质量发展情况的报告", EDU, "区第十七届人大常委会第二十五次会议", "closed", None),
    (
        "关于本区公共卫生体系建设情况的报告",
        HEALTH,
        "区第十七届人大常委会第二十六次会议",
        "closed_twice",
        None,
    ),
    ("关于本区学前教育普及普惠发展情况的报告", EDU, "区第十七届人大常委会第二十九次会议", "rectifying", None),
    (
        "关于本区医养结合工作情况的报告",
        HEALTH,
        "区第十七届人大常委会第二十九次会议",
        "rectification_reported",
        None,
    ),
    ("关于本区中小学课后服务工作情况的报告", EDU, "区第十七届人大常委会第三十次会议", "opinions_sent", None),
    ("关于本区院前急救体系建设情况的报告", HEALTH, "区第十七届人大常委会第三十次会议", "deliberated", None),
    ("关于本区基础教育资源配置情况的报告", EDU, "区第十七届人大常委会第三十一次会议", "submitted", None),
    ("关于本区医疗卫生服务体系建设情况的报告", HEALTH, "区第十七届人大常委会第三十一次会议", "requested", 5),
    ("关于本区校园食品安全工作情况的报告", EDU, None, "requested_overdue", -3),
]
DEMO_REPORT_TITLES = [row[0] for row in REPORTS]


def _org(name: str) -> Organization | None:
    return Organization.objects.filter(name=name).first()


def _meeting(title: str | None) -> Meeting | None:
    return Meeting.objects.filter(title=title).first() if title else None


def _add_items(plan, rows, staff):
    for kind, title, committee, unit_names, meeting, month in rows:
        committee_org = _org(committee)
        if committee_org is None:
            continue
        services.plan_item_add(
            actor=staff,
            plan=plan,
            kind=kind,
            title=title,
            committee=committee_org,
            units=[u for u in (_org(name) for name in unit_names) if u is not None],
            meeting=_meeting(meeting),
            planned_month=month,
        )


def _load_plans(staff) -> None:
    if not SupervisionPlan.objects.filter(year=2026).exists():
        plan = services.plan_create(
            actor=staff,
            year=2026,
            title="区人大常委会2026年度监督工作计划",
            summary="围绕区委中心工作和群众关心的热点难点问题，综合运用听取审议专项工作报告、执法检查、专题询问等监督方式，增强监督实效。",
        )
        _add_items(plan, PLAN_2026, staff)
        *item, _reason = PLAN_2026_DROPPED
        _add_items(plan, [tuple(item)], staff)
        services.plan_open_for_comment(actor=staff, plan=plan)
        for username, text in (
            ("deputy1", "建议把学前教育普及普惠纳入监督计划，回应家长关切。"),
            ("member", "建议专题询问邀请部分代表和市民旁听。"),
        ):
            user = User.objects.filter(username=username).first()
            if user is not None:
                services.plan_comment(actor=user, plan=plan, content=text)
        services.plan_adopt(actor=staff, plan=plan, note="主任会议第十二次会议通过")
        kind, title, committee, unit_names, meeting, month, reason = PLAN_2026_ADDED
        services.plan_item_add(
            actor=staff,
            plan=plan,
            kind=kind,
            title=title,
            committee=_org(committee),
            units=[u for u in (_org(name) for name in unit_names) if u is not None],
            meeting=_meeting(meeting),
            planned_month=month,
            reason=reason,
        )
        dropped = plan.items.filter(title=PLAN_2026_DROPPED[1]).first()
        if dropped is not None:
            services.plan_item_drop(actor=staff, item=dropped, reason=PLAN_2026_DROPPED[-1])
        services.plan_publish(actor=staff, plan=plan)
    if not SupervisionPlan.objects.filter(year=2027).exists():
        plan = services.plan_create(
            actor=staff,
            year=2027,
            title="区人大常委会2027年度监督工作计划（征求意见稿）",
            summary="现向全体代表和常委会组成人员征求意见。",
        )
        _add_items(plan, PLAN_2027, staff)
        services.plan_open_for_comment(
            actor=staff, plan=plan, comment_until=timezone.localdate() + dt.timedelta(days=20)
        )
        member = User.objects.filter(username="member").first()
        if member is not None:
            services.plan_comment(
                actor=member,
                plan=plan,
                item=plan.items.order_by("order").first(),
                content="建议同时听取区卫生健康委员会关于婴幼儿照护服务的情况。",
            )


def _plan_item(title: str):
    return PlanItem.objects.filter(
        plan__year=2026, title__contains=title.removeprefix("关于").removesuffix("的报告")
    ).first()


def _walk(report, target, *, staff, officer, today):
    """Take ``report`` to ``target`` the way staff and the unit would, dating the deadlines in
    the past where the story needs it."""
    S = WorkReport.State
    if target.startswith("requested"):
        return report
    report = services.report_submit(actor=officer, report=report, content=_report_text(report.title))
    if target == "submitted":
        return report
    report = services.report_deliberate(actor=staff, report=report)
    if target == "deliberated":
        return report
    opinions_day = {
        "opinions_sent": today - dt.timedelta(days=25),
        "rectification_reported": today - dt.timedelta(days=80),
        "rectifying": today - dt.timedelta(days=120),
    }.get(target, today - dt.timedelta(days=200))
    report = services.report_send_opinions(actor=staff, report=report, content=OPINIONS, today=opinions_day)
    # submitted, deliberated and sent opinions on the day its rectification deadline was reckoned from
    demo_backdate(
        report,
        opinions_day,
        actor=staff,
        fields=("created_at", "submitted_at", "deliberated_at", "opinions_sent_at"),
        every_event=True,
    )
    if target == "opinions_sent":
        return report
    services.report_submit_rectification(actor=officer, report=report, content=_rectification_text(1))
    report = WorkReport.objects.get(pk=report.pk)
    if target == "rectification_reported":
        return report
    if target in ("rectifying", "closed_twice"):
        report = services.report_vote(
            actor=staff,
            report=report,
            satisfied=8,
            basically_satisfied=6,
            unsatisfied=17,
            today=today - dt.timedelta(days=20),
        )
        if target == "rectifying":
            return report
        services.report_submit_rectification(actor=officer, report=report, content=_rectification_text(2))
        report = WorkReport.objects.get(pk=report.pk)
    report = services.report_vote(
        actor=staff, report=report, satisfied=21, basically_satisfied=8, unsatisfied=2
    )
    services.report_follow_up(
        actor=staff,
        report=report,
        content="教科文卫工委会同部分代表实地回访，整改措施已基本落实，群众反映良好。",
    )
    assert report.state == S.CLOSED
    return report


def _load_reports(staff, today) -> None:
    officers = {
        EDU: User.objects.filter(username="unit1").first(),
        HEALTH: User.objects.filter(username="unit2").first(),
    }
    existing = set(WorkReport.objects.filter(title__in=DEMO_REPORT_TITLES).values_list("title", flat=True))
    for title, unit_name, meeting_title, target, due_in in REPORTS:
        unit, officer = _org(unit_name), officers.get(unit_name)
        if title in existing or unit is None or officer is None:
            continue
        report = services.report_create(
            actor=staff,
            title=title,
            unit=unit,
            due_date=today + dt.timedelta(days=max(due_in or 0, 0)),
            plan_item=_plan_item(title),
            meeting=_meeting(meeting_title),
            request_note="请围绕工作进展、存在问题和下一步打算报告，并附相关数据。",
        )
        if due_in is not None and due_in < 0:
            report = services.report_update(
                actor=staff,
                report=report,
                due_date=today + dt.timedelta(days=due_in),
                note="补录（演示数据）",
            )
            # requested a month before it fell due
            demo_backdate(report, report.due_date - dt.timedelta(days=30), actor=staff)
        _walk(report, target, staff=staff, officer=officer, today=today)


INTERPELLATIONS = [
    # (title, unit, content, what happens)
    (
        "关于部分中小学校周边交通安全隐患整治不力的质询案",
        EDU,
        "多所学校周边上下学时段交通秩序混乱，代表多次提出建议仍未有效解决。请区教育局说明原因、责任和整改措施。",
        "accepted",
    ),
    (
        "关于社区卫生服务中心药品配备不足问题的质询案",
        HEALTH,
        "部分社区卫生服务中心常用慢性病药品长期短缺，群众反映强烈。请说明药品配备和供应保障情况。",
        "answered",
    ),
    (
        "关于区属医院预约挂号难问题的质询案",
        HEALTH,
        "区属医院专家号源紧张、预约渠道不畅，请说明号源管理和改进措施。",
        "filed",
    ),
]


def _signers() -> list[User]:
    people = [User.objects.filter(username="member").first()]
    for username, name in (("member2", "常委会委员 吴委员"), ("member3", "常委会委员 郑委员")):
        people.append(demo_user(username, name, [roles.MEMBER]))
    return [p for p in people if p is not None]


def _load_interpellations(staff, today) -> None:
    existing = set(Interpellation.objects.values_list("title", flat=True))
    signers = _signers()
    meeting = _meeting("区第十七届人大常委会第三十次会议")
    for title, unit_name, content, target in INTERPELLATIONS:
        unit = _org(unit_name)
        if title in existing or unit is None or len(signers) < services.min_signers("standing"):
            continue
        interpellation = services.interpellation_file(
            actor=signers[0], title=title, unit=unit, content=content, signers=signers, meeting=meeting
        )
        if target == "filed":
            continue
        services.interpellation_decide(
            actor=staff,
            interpellation=interpellation,
            accept=True,
            note="主任会议决定交受质询机关答复",
            today=today,
        )
        if target == "accepted":
            continue
        services.interpellation_answer(
            actor=staff,
            interpellation=interpellation,
            mode=Interpellation.AnswerMode.ORAL,
            answerer=unit.head_name or "主要负责人",
            meeting=meeting,
            content="已会同区医保局建立常用药品短缺监测和调剂机制，新增配送频次，三个月内实现常用慢性病药品全覆盖。",
        )


@transaction.atomic
def load_supervision_demo() -> None:
    staff = User.objects.filter(username="staff").first()
    if staff is None:
        return
    today = timezone.localdate()
    _load_plans(staff)
    _load_reports(staff, today)
    _load_interpellations(staff, today)


def register() -> None:
    from supervision import (
        demo_hearings,
        demo_inquiries,
        demo_inspections,
        demo_investigation,
        demo_major_matters,
    )
    from supervision.demo_evaluation import load_evaluation_demo
    from supervision.demo_judicial import load_judicial_demo

    register_demo_loader(load_supervision_demo)
    register_demo_loader(load_judicial_demo)
    register_demo_loader(load_evaluation_demo)
    demo_inquiries.register()
    demo_hearings.register()
    demo_investigation.register()
    demo_major_matters.register()
    demo_inspections.register()

    from supervision import demo_filings

    demo_filings.register()
