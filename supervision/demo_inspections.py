"""Demo law-enforcement inspections: the food-safety law inspection, deliberated and public,
with two groups (a member leading, deputies who signed up and deputies chosen by specialty),
visits, an issue list with an issue in every state — accepted, reported and awaiting
evaluation, sent back and in its second round, overdue, due soon, on time — and law-amendment
suggestions drafted, passed on and answered; and the elderly-care regulation inspection in
preparation, its groups open for deputies to sign up. Walked through the real services;
idempotent (found by title); nothing users entered is touched."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from congress.demo import demo_backdate, register_demo_loader
from congress.exceptions import ApplicationError
from congress.models import Organization, User
from congress.workdays import WorkCalendar
from meetings.models import Meeting
from supervision.models import AmendmentSuggestion, Inspection, InspectionGroupMember
from supervision.services import inspections as services

EDU, HEALTH, MARKET = "区教育局", "区卫生健康委员会", "区市场监督管理局"
COMMITTEE = "区人大常委会教育科学文化卫生工作委员会"
FOOD_TITLE = "《中华人民共和国食品安全法》执法检查"
FOOD_LAW = "《中华人民共和国食品安全法》"
CARE_TITLE = "《上海市养老服务条例》执法检查"
CARE_LAW = "《上海市养老服务条例》"

# (unit, description, what happens: accepted / reported / redo / overdue / due_soon / open)
ISSUES = [
    (EDU, "部分中小学校食堂食材进货查验和溯源记录不全，个别学校未落实校长陪餐制度。", "accepted"),
    (EDU, "校外托管机构和学校周边小餐饮的食品安全监管职责不够清晰，存在监管盲区。", "reported"),
    (EDU, "学校食堂从业人员健康证明管理不规范，培训考核流于形式。", "redo"),
    (EDU, "中小学食品安全教育课时未落实，家校共育机制不健全。", "overdue"),
    (HEALTH, "食源性疾病监测哨点医院报告不及时，部分社区卫生服务中心未开展流行病学调查培训。", "due_soon"),
    (MARKET, "网络订餐平台入网商户资质审核不严，“幽灵厨房”问题仍有发生。", "open"),
]
RECTIFICATIONS = {
    "accepted": "已对全区128所中小学食堂开展专项检查，建立食材进货查验电子台账，实现溯源信息全覆盖；"
    "校长陪餐制度纳入学校考核，每月通报。",
    "reported": "已会同区市场监管局制定校外托管机构食品安全管理指引，明确属地街道和行业部门职责分工，"
    "开展联合检查两轮。",
    "redo": "已要求各校更新从业人员健康证明。",
}


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _org(name: str) -> Organization | None:
    return Organization.objects.filter(name=name).first()


def _issue_listed_on(outcome: str, today: dt.date) -> dt.date:
    """The day an issue was listed so that its deadline (the rule's 60 working days) falls
    where the demo wants it: passed, within the reminder horizon, or well ahead."""
    calendar = WorkCalendar()
    if outcome == "overdue":
        return calendar.subtract_workdays(today, 65)
    if outcome == "due_soon":
        return calendar.subtract_workdays(today, 55)
    return calendar.subtract_workdays(today, 20)


def _groups(staff, inspection, *, signups: list[str]) -> None:
    first = services.group_add(
        actor=staff, inspection=inspection, name="第一检查组", focus="学校食堂、校外托管机构", seats=5
    )
    second = services.group_add(
        actor=staff, inspection=inspection, name="第二检查组", focus="医疗机构、网络订餐、农贸市场", seats=5
    )
    for username, group, role in (
        ("member", first, InspectionGroupMember.Role.LEADER),
        ("member2", second, InspectionGroupMember.Role.LEADER),
    ):
        person = _user(username)
        if person is not None:
            services.group_add_member(actor=staff, group=group, user=person, role=role)
    for username in signups:
        person = _user(username)
        if person is not None:
            services.group_sign_up(actor=person, group=first)
    try:
        services.group_choose_by_specialty(actor=staff, group=second, specialty="公共卫生", count=2)
    except ApplicationError:
        pass  # no deputy of that specialty in this district's roster


def _food(staff, today: dt.date) -> None:
    if Inspection.objects.filter(title=FOOD_TITLE).exists():
        return
    inspection = services.inspection_create(
        actor=staff,
        title=FOOD_TITLE,
        law=FOOD_LAW,
        year=today.year,
        committee=_org(COMMITTEE),
        description="重点检查学校及托幼机构食品安全、食源性疾病监测和网络订餐监管情况。"
        "采取听取汇报、实地检查、随机抽查、召开座谈会相结合的方式。",
    )
    _groups(staff, inspection, signups=["deputy1"])
    inspection = services.inspection_start(actor=staff, inspection=inspection)
    groups = {group.name: group for group in inspection.groups.all()}
    calendar = WorkCalendar()
    for days, group, place, notes in (
        (
            40,
            "第一检查组",
            "区第一中学食堂",
            "查看食材进货台账、留样记录和后厨操作规范，随机抽查两批次蔬菜。",
        ),
        (
            38,
            "第二检查组",
            "区中心医院食源性疾病监测哨点",
            "听取哨点医院报告流程介绍，抽查近三个月病例报告。",
        ),
        (35, "第一检查组", "某街道校外托管机构", "暗访两家托管机构，发现一家未取得食品经营许可。"),
    ):
        services.visit_add(
            actor=staff,
            inspection=inspection,
            group=groups.get(group),
            date=calendar.subtract_workdays(today, days),
            place=place,
            notes=notes,
        )
    edu_officer = _user("unit1")
    for unit_name, text, outcome in ISSUES:
        unit = _org(unit_name)
        if unit is None:
            continue
        listed_on = _issue_listed_on(outcome, today)
        issue = services.issue_add(
            actor=staff,
            inspection=inspection,
            unit=unit,
            description=text,
            today=listed_on,
        )
        demo_backdate(issue, listed_on, actor=staff)
        if outcome in RECTIFICATIONS and edu_officer is not None:
            issue = services.issue_rectify(actor=edu_officer, issue=issue, content=RECTIFICATIONS[outcome])
            if outcome == "accepted":
                services.issue_accept(actor=staff, issue=issue, reason="经实地抽查，整改到位。")
            elif outcome == "redo":
                services.issue_redo(
                    actor=staff,
                    issue=issue,
                    reason="未说明培训考核的整改措施和长效机制，请补充完善后再次报送。",
                    today=today,
                )
    meeting = Meeting.objects.filter(
        kind=Meeting.Kind.STANDING, title="区第十七届人大常委会第三十次会议"
    ).first()
    inspection = services.inspection_deliberate(
        actor=staff,
        inspection=inspection,
        meeting=meeting,
        report="一、基本情况\n区政府及有关部门认真贯彻实施食品安全法，食品安全形势总体稳定向好。\n"
        "二、存在的主要问题\n学校食堂管理、校外托管机构监管、食源性疾病监测和网络订餐监管等方面仍有短板。\n"
        "三、意见建议\n压实属地管理和部门监管责任，完善协同监管机制，加强食品安全宣传教育。",
        opinions="一、进一步压实学校食品安全主体责任，全面落实校长陪餐和食材溯源制度。\n"
        "二、厘清校外托管机构监管职责，建立联合检查常态化机制。\n"
        "三、加强食源性疾病监测网络建设，提升基层流行病学调查能力。\n"
        "请区人民政府及有关部门按照问题清单认真整改，在整改期限前报告整改情况。",
    )
    sent = services.amendment_add(
        actor=staff,
        inspection=inspection,
        article="第五十七条",
        content="建议明确校外托管机构提供餐饮服务的许可条件和监管主体。",
    )
    sent = services.amendment_send(actor=staff, amendment=sent, note="随执法检查报告一并报送市人大常委会")
    answered = services.amendment_add(
        actor=staff,
        inspection=inspection,
        article="第六十二条",
        content="建议强化网络食品交易第三方平台对入网商户实地核验的义务。",
    )
    answered = services.amendment_send(actor=staff, amendment=answered)
    services.amendment_feedback(
        actor=staff,
        amendment=answered,
        outcome=AmendmentSuggestion.State.PARTLY_ADOPTED,
        feedback="市人大常委会已在《上海市食品安全条例》修订调研中吸收关于平台核验义务的建议。",
    )
    services.amendment_add(
        actor=staff, inspection=inspection, content="建议将学校食品安全教育课时要求写入地方性法规。"
    )


def _care(staff, today: dt.date) -> None:
    if Inspection.objects.filter(title=CARE_TITLE).exists():
        return
    inspection = services.inspection_create(
        actor=staff,
        title=CARE_TITLE,
        law=CARE_LAW,
        year=today.year,
        committee=_org(COMMITTEE),
        description="检查社区嵌入式养老服务设施建设、养老机构服务质量和长期护理保险实施情况，欢迎代表报名参加检查组。",
    )
    first = services.group_add(
        actor=staff, inspection=inspection, name="社区养老检查组", focus="社区嵌入式养老设施", seats=6
    )
    services.group_add(
        actor=staff, inspection=inspection, name="机构养老检查组", focus="养老机构服务质量", seats=4
    )
    leader = _user("member3")
    if leader is not None:
        services.group_add_member(
            actor=staff, group=first, user=leader, role=InspectionGroupMember.Role.LEADER
        )


@transaction.atomic
def load_inspection_demo() -> None:
    staff = _user("staff")
    if staff is None:
        return
    today = timezone.localdate()
    _food(staff, today)
    _care(staff, today)


def register() -> None:
    register_demo_loader(load_inspection_demo)
