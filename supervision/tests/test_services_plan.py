"""The yearly plan and interpellations through the services: the declared steps, who may take
them, reasons after adoption, the signers' rule."""

import datetime as dt

import pytest

from congress.exceptions import ApplicationError, InvalidTransition, PermissionDeniedError
from congress.models import Rule
from supervision import services
from supervision.models import Interpellation, PlanEvent, PlanItem, SupervisionPlan
from supervision.workflow import INTERPELLATION, PLAN

pytestmark = pytest.mark.django_db
P = SupervisionPlan.State
I = Interpellation.State  # noqa: E741


@pytest.fixture
def plan(staff, committee, unit):
    plan = services.plan_create(actor=staff, year=2026, title="2026年度监督工作计划")
    services.plan_item_add(
        actor=staff,
        plan=plan,
        kind=PlanItem.Kind.WORK_REPORT,
        title="教育",
        committee=committee,
        units=[unit],
    )
    return plan


def test_the_declared_tables():
    assert PLAN.transitions() == {
        P.DRAFTED: {P.OPEN_FOR_COMMENT},
        P.OPEN_FOR_COMMENT: {P.ADOPTED},
        P.ADOPTED: {P.PUBLISHED},
        P.PUBLISHED: frozenset(),
    }
    assert INTERPELLATION.transitions() == {
        I.FILED: {I.ACCEPTED, I.REJECTED},
        I.ACCEPTED: {I.ANSWERED},
        I.REJECTED: frozenset(),
        I.ANSWERED: {I.REANSWER_REQUESTED, I.CLOSED},
        I.REANSWER_REQUESTED: {I.ANSWERED},
        I.CLOSED: frozenset(),
    }


def test_the_plans_life(plan, staff, deputy_user, member, committee):
    with pytest.raises(InvalidTransition):
        services.plan_comment(actor=deputy_user, plan=plan, content="太早了")
    with pytest.raises(InvalidTransition):
        services.plan_adopt(actor=staff, plan=plan)  # comments come first
    plan = services.plan_open_for_comment(actor=staff, plan=plan, comment_until=dt.date(2026, 1, 20))
    services.plan_comment(actor=deputy_user, plan=plan, content="建议增加养老")
    services.plan_comment(actor=member, plan=plan, content="同意", item=plan.items.get())
    # before adoption an item is added without a reason
    services.plan_item_add(
        actor=staff, plan=plan, kind=PlanItem.Kind.INQUIRY, title="询问", committee=committee
    )
    plan = services.plan_adopt(actor=staff, plan=plan)
    with pytest.raises(InvalidTransition):
        services.plan_comment(actor=deputy_user, plan=plan, content="晚了")
    plan = services.plan_publish(actor=staff, plan=plan)
    assert plan.state == P.PUBLISHED and plan.published_at and plan.adopted_at
    assert list(PlanEvent.objects.filter(plan=plan).values_list("action", flat=True)) == [
        "create",
        "add_item",
        "open_comments",
        "comment",
        "comment",
        "add_item",
        "adopt",
        "publish",
    ]


def test_after_adoption_changes_need_a_reason(plan, staff, committee):
    services.plan_open_for_comment(actor=staff, plan=plan)
    plan = services.plan_adopt(actor=staff, plan=plan)
    with pytest.raises(ApplicationError) as caught:
        services.plan_item_add(
            actor=staff, plan=plan, kind=PlanItem.Kind.INQUIRY, title="询问", committee=committee
        )
    assert caught.value.extra == {"reason": ["计划已通过，调整计划须说明理由。"]}
    item = services.plan_item_add(
        actor=staff,
        plan=plan,
        kind=PlanItem.Kind.INQUIRY,
        title="询问",
        committee=committee,
        reason="新增热点",
    )
    assert item.added_reason == "新增热点"
    with pytest.raises(ApplicationError):
        services.plan_item_update(actor=staff, item=item, planned_month=5)
    item = services.plan_item_update(actor=staff, item=item, planned_month=5, reason="会议调整")
    assert item.planned_month == 5 and item.history.first().history_change_reason == "会议调整"
    with pytest.raises(ApplicationError) as caught:
        services.plan_item_drop(actor=staff, item=item, reason="")
    assert "reason" in caught.value.extra
    item = services.plan_item_drop(actor=staff, item=item, reason="并入下年度")
    assert item.is_dropped and item.dropped_reason == "并入下年度"
    assert PlanEvent.objects.filter(plan=plan).last().note == "询问：并入下年度"


def test_only_staff_run_the_plan_and_only_deputies_and_members_comment(plan, staff, officer, member, unit):
    for call in (
        lambda who: services.plan_open_for_comment(actor=who, plan=plan),
        lambda who: services.plan_create(actor=who, year=2030, title="x"),
    ):
        with pytest.raises(PermissionDeniedError):
            call(member)
    services.plan_open_for_comment(actor=staff, plan=plan)
    with pytest.raises(PermissionDeniedError):
        services.plan_comment(actor=officer, plan=plan, content="单位的意见")
    with pytest.raises(ApplicationError) as caught:
        services.plan_create(actor=staff, year=2026, title="重复")
    assert caught.value.extra["year"] == ["2026 年度的监督工作计划已存在。"]
    with pytest.raises(ApplicationError) as caught:
        services.plan_item_add(actor=staff, plan=plan, kind="work_report", title="x", committee=unit)
    assert "committee" in caught.value.extra


def test_an_empty_plan_is_not_opened(staff):
    plan = services.plan_create(actor=staff, year=2027, title="空计划")
    with pytest.raises(ApplicationError) as caught:
        services.plan_open_for_comment(actor=staff, plan=plan)
    assert caught.value.code == "no_items"


# --- interpellations -----------------------------------------------------------------------------


def test_the_signers_rule_is_data(staff, members, unit):
    Rule.objects.update_or_create(key="supervision.interpellation_min_signers", defaults={"value": 4})
    with pytest.raises(ApplicationError) as caught:
        services.interpellation_file(
            actor=staff, title="质询案", unit=unit, content="内容", signers=members[:3]
        )
    assert caught.value.extra == {"signers": ["质询案须由常委会组成人员 4 人以上联名提出，现有 3 人。"]}
    # the same member twice counts once
    with pytest.raises(ApplicationError):
        services.interpellation_file(
            actor=staff, title="质询案", unit=unit, content="内容", signers=[*members[:3], members[0]]
        )
    interpellation = services.interpellation_file(
        actor=staff, title="质询案", unit=unit, content="内容", signers=members
    )
    assert interpellation.state == I.FILED and interpellation.events.get().action == "file"


def test_at_a_congress_session_ten_deputies_sign(staff, unit, term):
    from deputies.tests.factories import DeputyFactory

    deputies = [DeputyFactory(term=term, with_user=True).user for _ in range(10)]
    with pytest.raises(ApplicationError):
        services.interpellation_file(
            actor=staff, title="质询案", unit=unit, content="内容", signers=deputies[:9], occasion="congress"
        )
    interpellation = services.interpellation_file(
        actor=staff, title="质询案", unit=unit, content="内容", signers=deputies, occasion="congress"
    )
    assert interpellation.signers.count() == 10


def test_an_interpellations_life_and_its_walls(staff, members, officer, other_officer, unit):
    interpellation = services.interpellation_file(
        actor=members[0], title="质询案", unit=unit, content="内容", signers=members[:3]
    )
    with pytest.raises(PermissionDeniedError):
        services.interpellation_decide(actor=members[0], interpellation=interpellation, accept=True)
    with pytest.raises(InvalidTransition):
        services.interpellation_answer(
            actor=officer, interpellation=interpellation, content="x", answerer="王"
        )
    interpellation = services.interpellation_decide(
        actor=staff,
        interpellation=interpellation,
        accept=True,
        answer_mode="written",
        today=dt.date(2026, 9, 7),
    )
    assert interpellation.answer_due == dt.date(2026, 10, 8)  # 10-07 is in the National Day week
    with pytest.raises(PermissionDeniedError):
        services.interpellation_answer(
            actor=other_officer, interpellation=interpellation, content="x", answerer="王"
        )
    services.interpellation_answer(
        actor=officer, interpellation=interpellation, content="书面答复", answerer="王局长"
    )
    with pytest.raises(PermissionDeniedError):
        services.interpellation_declare_unsatisfied(
            actor=members[3], interpellation=interpellation, reason="x"
        )
    interpellation = services.interpellation_declare_unsatisfied(
        actor=members[2], interpellation=interpellation, reason="未答具体措施"
    )
    assert interpellation.state == I.REANSWER_REQUESTED
    services.interpellation_answer(
        actor=staff, interpellation=interpellation, content="口头答复", answerer="王局长", mode="oral"
    )
    interpellation = services.interpellation_close(actor=staff, interpellation=Interpellation.objects.get())
    assert interpellation.state == I.CLOSED
    assert list(interpellation.answers.values_list("round", "mode")) == [(1, "written"), (2, "oral")]
    assert [e.action for e in interpellation.events.all()] == [
        "file",
        "decide",
        "answer",
        "declare_unsatisfied",
        "answer",
        "close",
    ]
