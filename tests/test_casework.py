"""The case-work kernel, proved on a minimal tracked item (``tests/casework_app``): what a new
kind of item gets from declaring a workflow and calling ``transition``."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from congress import roles, units
from congress.casework import reminders
from congress.casework.models import ReminderMark
from congress.casework.rectification import RectificationSteps
from congress.casework.services import lock, record_many, transition, transition_many
from congress.casework.workflow import Workflow, action
from congress.exceptions import ApplicationError, InvalidTransition, PermissionDeniedError
from congress.models import Notification, Organization
from congress.services import user_set_units
from congress.tests.factories import UserFactory
from congress.workdays import WorkCalendar
from tests.casework_app import services
from tests.casework_app.models import Defect, DefectRound, Ticket, TicketEvent
from tests.casework_app.workflow import DEFECT, TICKET

pytestmark = pytest.mark.django_db
S = Ticket.State


@pytest.fixture
def ticket(unit, staff):
    return services.ticket_create(actor=staff, title="整改报告", unit=unit, deadline=dt.date(2026, 12, 31))


# --- the declaration ---------------------------------------------------------------------------


def test_transition_table_derives_from_the_declared_actions():
    assert TICKET.transitions() == {
        S.OPEN: {S.HANDLING, S.WITHDRAWN},
        S.HANDLING: {S.ANSWERED, S.WITHDRAWN},
        S.ANSWERED: {S.CLOSED, S.HANDLING},
        S.CLOSED: frozenset(),
        S.WITHDRAWN: frozenset(),
    }
    assert TICKET.final_states() == {S.CLOSED, S.WITHDRAWN}
    assert "open --> handling: 签收" in TICKET.mermaid()


def test_a_declaration_naming_an_unknown_state_is_refused():
    with pytest.raises(ValueError, match="unknown states"):
        Workflow(name="bad", model=Ticket, actions=[action("x", "x", ["nowhere"], S.CLOSED)])
    with pytest.raises(ValueError, match="declared twice"):
        Workflow(name="bad", model=Ticket, actions=[action("x", "x", [S.OPEN]), action("x", "y", [S.OPEN])])


# --- transition() ------------------------------------------------------------------------------


def test_transition_moves_state_saves_history_and_writes_the_event(ticket, officer):
    # when
    ticket = services.ticket_answer(
        actor=officer, ticket=services.ticket_receive(actor=officer, ticket=ticket), answer="已整改"
    )
    # then
    ticket.refresh_from_db()
    assert (ticket.state, ticket.answer) == (S.ANSWERED, "已整改")
    last = ticket.history.first()
    assert last.history_user == officer and last.history_change_reason == "答复"
    steps = list(
        TicketEvent.objects.filter(ticket=ticket).values_list("action", "from_state", "to_state", "actor")
    )
    assert steps == [
        ("create", "", S.OPEN, ticket.events.first().actor_id),
        ("receive", S.OPEN, S.HANDLING, officer.pk),
        ("answer", S.HANDLING, S.ANSWERED, officer.pk),
    ]
    event = ticket.events.last()
    assert (event.action_label, event.from_label, event.to_label) == ("答复", "办理中", "已答复")


def test_an_action_not_allowed_from_the_current_state_is_a_409_naming_the_state(ticket, officer):
    with pytest.raises(InvalidTransition) as caught:
        services.ticket_answer(actor=officer, ticket=ticket, answer="x")
    assert caught.value.code == "invalid_transition" and caught.value.status_code == 409
    assert "待签收" in str(caught.value.message) and "答复" in str(caught.value.message)
    assert Ticket.objects.get(pk=ticket.pk).state == S.OPEN
    assert not ticket.events.filter(action="answer").exists()


def test_the_actors_right_is_checked_and_no_actor_is_no_bypass(ticket, other_officer):
    with pytest.raises(PermissionDeniedError):
        services.ticket_receive(actor=other_officer, ticket=ticket)
    with pytest.raises(PermissionDeniedError):
        transition(ticket, TICKET, "receive", actor=None)
    with pytest.raises(PermissionDeniedError) as caught:
        transition(
            ticket,
            TICKET,
            "receive",
            actor=other_officer,
            permission_message="仅限本单位",
            permission_code="not_unit",
        )
    assert (caught.value.code, str(caught.value.message)) == ("not_unit", "仅限本单位")
    # A job acting on its own says so.
    moved = transition(ticket, TICKET, "receive", actor=None, system=True)
    assert moved.state == S.HANDLING and moved.casework_event.actor is None


def test_an_action_with_several_outcomes_takes_one_of_them(ticket, officer, staff):
    ticket = services.ticket_answer(
        actor=officer, ticket=services.ticket_receive(actor=officer, ticket=ticket), answer="答"
    )
    with pytest.raises(InvalidTransition):
        transition(ticket, TICKET, "decide", actor=staff, target=S.WITHDRAWN)
    ticket = services.ticket_decide(actor=staff, ticket=ticket, accept=False, note="请补充")
    assert ticket.state == S.HANDLING and ticket.casework_event.note == "请补充"


def test_an_action_keeping_the_state_still_leaves_an_event(ticket, officer):
    transition(ticket, TICKET, "note", actor=officer, note="已电话联系代表")
    assert Ticket.objects.get(pk=ticket.pk).state == S.OPEN
    assert ticket.events.last().note == "已电话联系代表"


def test_transition_many_moves_only_rows_still_in_a_source_state(unit, staff):
    tickets = [
        services.ticket_create(actor=staff, title=f"事项{i}", unit=unit, deadline=dt.date(2026, 12, 1))
        for i in range(3)
    ]
    transition(tickets[0], TICKET, "withdraw", actor=staff)
    rows = Ticket.objects.select_for_update().filter(pk__in=[t.pk for t in tickets])
    with CaptureQueriesContext(connection) as queries:
        moved = transition_many(rows, TICKET, "withdraw", note="到期撤回")
    assert {t.pk for t in moved} == {tickets[1].pk, tickets[2].pk}
    assert set(Ticket.objects.values_list("state", flat=True)) == {S.WITHDRAWN}
    assert TicketEvent.objects.filter(action="withdraw", note="到期撤回").count() == 2
    # select, bulk update, history insert, event insert (whatever the number of rows)
    assert len(queries) <= 5


def test_transition_many_gives_each_row_its_own_values_and_note(unit, staff):
    tickets = [
        services.ticket_create(actor=staff, title=f"事项{i}", unit=unit, deadline=dt.date(2026, 12, 1))
        for i in range(3)
    ]
    rows = Ticket.objects.select_for_update().filter(pk__in=[t.pk for t in tickets])
    later = {t.pk: dt.date(2027, 1, 1 + i) for i, t in enumerate(tickets)}

    transition_many(
        rows,
        TICKET,
        "withdraw",
        actor=staff,
        row_changes=lambda t: {"deadline": later[t.pk]},
        row_note=lambda t: f"撤回{t.title}",
    )

    assert dict(Ticket.objects.values_list("pk", "deadline")) == later
    assert {e.note for e in TicketEvent.objects.filter(action="withdraw")} == {
        "撤回事项0",
        "撤回事项1",
        "撤回事项2",
    }
    assert {row.history.first().deadline for row in Ticket.objects.all()} == set(later.values())


def test_transition_many_records_the_person_whose_step_it_is_part_of(unit, staff):
    tickets = [
        services.ticket_create(actor=staff, title=f"事项{i}", unit=unit, deadline=dt.date(2026, 12, 1))
        for i in range(2)
    ]
    rows = Ticket.objects.select_for_update().filter(pk__in=[t.pk for t in tickets])
    transition_many(rows, TICKET, "withdraw", actor=staff)
    assert {event.actor for event in TicketEvent.objects.filter(action="withdraw")} == {staff}
    assert {row.history.first().history_user for row in Ticket.objects.all()} == {staff}


def test_record_many_writes_one_insert_for_many_new_items(unit, staff):
    tickets = [
        Ticket.objects.create(title=f"事项{i}", unit=unit, deadline=dt.date(2026, 12, 1)) for i in range(4)
    ]
    with CaptureQueriesContext(connection) as queries:
        record_many(tickets, TICKET, "create", actor=staff, from_state="", note="批量登记")
    assert len(queries) == 1
    events = TicketEvent.objects.filter(action="create", note="批量登记")
    assert events.count() == 4
    assert {(e.from_state, e.to_state, e.actor) for e in events} == {("", S.OPEN, staff)}


# --- units -------------------------------------------------------------------------------------


def test_an_officer_of_two_units_acts_for_both(unit, other_unit, staff):
    officer = UserFactory(roles=[roles.UNIT_OFFICER])
    user_set_units(user=officer, units=[unit, other_unit])
    first = services.ticket_create(actor=staff, title="甲", unit=unit, deadline=dt.date(2026, 12, 1))
    second = services.ticket_create(actor=staff, title="乙", unit=other_unit, deadline=dt.date(2026, 12, 1))
    officer = type(officer).objects.get(pk=officer.pk)  # a fresh request
    assert units.acting_unit_ids(officer) == {unit.pk, other_unit.pk}
    assert set(Organization.objects.filter(pk__in=units.acting_units(officer))) == {unit, other_unit}
    for ticket in (first, second):
        assert services.ticket_receive(actor=officer, ticket=ticket).state == S.HANDLING
    user_set_units(user=officer, units=[other_unit])
    assert units.acting_unit_ids(officer) == {other_unit.pk}


def test_acting_units_are_read_once_per_request(officer, unit):
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert units.acts_for(officer, unit.pk)
            assert units.acting_unit(officer) == unit
    assert len(queries) == 1


def test_recipients_come_in_bulk(unit, other_unit, officer, other_officer, reviewer):
    assert units.unit_user_ids([unit.pk, other_unit.pk]) == {
        unit.pk: [officer.pk],
        other_unit.pk: [other_officer.pk],
    }
    assert units.unit_officers([unit.pk]) == {unit.pk: [officer]}
    assert units.office_reviewer_ids(Organization.Kind.GOV_OFFICE) == [reviewer.pk]


# --- reminders ---------------------------------------------------------------------------------


def _scan():
    def recipients(rows):
        officers = units.unit_user_ids({row["unit_id"] for row in rows})
        return {row["pk"]: officers.get(row["unit_id"], []) for row in rows}

    return reminders.DeadlineScan(
        kind="casework_app.ticket",
        items=Ticket.objects.filter(state__in=[S.OPEN, S.HANDLING]),
        fields=("unit_id", "title"),
        recipients=recipients,
        reminder=lambda row, days, m: reminders.Notice(
            key=f"ticket:{row['pk']}:due:{row['casework_deadline']}:{m}",
            title=f"还有{days}个工作日：{row['title']}",
        ),
        overdue=lambda row: reminders.Notice(
            key=f"ticket:{row['pk']}:overdue", title="已逾期：" + row["title"]
        ),
    )


def test_reminders_fire_once_at_the_tightest_milestone_and_overdue_once(unit, officer, staff):
    today = dt.date(2026, 12, 1)  # a Tuesday
    calendar = WorkCalendar(overrides={})
    due_soon = services.ticket_create(
        actor=staff, title="三天后到期", unit=unit, deadline=dt.date(2026, 12, 4)
    )
    services.ticket_create(actor=staff, title="一个月后到期", unit=unit, deadline=dt.date(2027, 1, 29))
    late = services.ticket_create(actor=staff, title="已逾期", unit=unit, deadline=dt.date(2026, 11, 20))
    for _ in range(2):  # the second run sends nothing
        sent = reminders.remind_before_deadline(
            _scan(), milestones=[15, 5, 1], today=today, calendar=calendar
        )
        overdue = reminders.escalate_overdue(_scan(), today=today)
    assert Notification.objects.filter(recipient=officer).count() == 2
    assert ReminderMark.objects.get(target_id=due_soon.pk).milestone == 5
    assert ReminderMark.objects.get(target_id=late.pk).milestone == 0
    assert (sent, overdue) == (0, 0)
    # A new deadline earns a new reminder.
    Ticket.objects.filter(pk=due_soon.pk).update(deadline=dt.date(2026, 12, 2))
    assert (
        reminders.remind_before_deadline(_scan(), milestones=[15, 5, 1], today=today, calendar=calendar) == 1
    )


def test_a_digest_is_one_notice_per_recipient(staff):
    sent = reminders.send_digest(
        recipient_ids=[staff.pk], key="digest:1", title="今日逾期 12 件", lines=["甲", "乙"], total=12
    )
    assert sent == 1
    assert Notification.objects.get(recipient=staff).body == "甲\n乙\n……"


def test_a_step_that_may_stay_keeps_the_state_only_when_declared(ticket, officer):
    stepping = Workflow(
        name="stepping",
        model=Ticket,
        event_model=TicketEvent,
        event_owner=lambda t: {"ticket": t},
        actions=[
            action("part", "部分答复", [S.OPEN], S.ANSWERED, may_stay=True),
            action("whole", "答复", [S.OPEN], S.ANSWERED),
        ],
    )
    assert stepping.check(ticket, "part", target=S.OPEN).code == "part"
    with pytest.raises(InvalidTransition):
        stepping.check(ticket, "whole", target=S.OPEN)
    kept = transition(ticket, stepping, "part", actor=officer, target=S.OPEN, record=False)
    assert kept.state == S.OPEN and kept.casework_event is None


# --- the declarations, shown ---------------------------------------------------------------------


def test_the_admin_lists_every_declared_workflow_in_chinese(client, staff, deputy_user):
    client.force_login(staff)
    response = client.get("/admin/workflows/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "交办",
        "签收",
        "待签收",
        "办理中",
        "承办单位联络员",
        "区政府办公室审核人",
        "会议",
        "任免提名",
    ):
        assert text in html
    client.force_login(deputy_user)
    assert client.get("/admin/workflows/").status_code in (302, 403)


def test_workflow_diagram_command_prints_mermaid():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("workflow_diagram", "proposals.assignment", stdout=out)
    assert out.getvalue().startswith("stateDiagram-v2") and "assigned --> handling: 签收" in out.getvalue()


# --- a rectifiable item (RectifiableItem, RectificationRound, RectificationSteps) ----------------

STEPS = RectificationSteps(DEFECT)
R = Defect.State


def _defect(unit, *, deadline, description="食堂未落实晨检制度", **fields) -> Defect:
    return Defect.objects.create(unit=unit, description=description, deadline=deadline, **fields)


def _step(defect, call):
    with transaction.atomic():
        return call(lock(defect))


def test_a_rectifiable_item_goes_round_by_round_until_accepted(unit, officer, staff):
    # given
    today = timezone.localdate()
    defect = _defect(unit, deadline=today + dt.timedelta(days=10))
    assert (defect.is_owed, defect.owed_deadline, defect.round) == (True, defect.deadline, 1)
    # when: reported, sent back with a new deadline, reported again, accepted
    defect = _step(defect, lambda d: STEPS.rectify(d, actor=officer, content="已制定晨检制度"))
    assert (defect.state, defect.is_owed, defect.owed_deadline) == (R.REPORTED, False, None)
    assert defect.reported_at is not None
    new_deadline = today + dt.timedelta(days=30)
    defect = _step(
        defect, lambda d: STEPS.redo(d, actor=staff, reason="未见执行记录", deadline=lambda: new_deadline)
    )
    assert (defect.state, defect.round, defect.deadline, defect.reported_at) == (
        R.RECTIFYING,
        2,
        new_deadline,
        None,
    )
    defect = _step(defect, lambda d: STEPS.rectify(d, actor=officer, content="补充了晨检记录"))
    defect = _step(defect, lambda d: STEPS.accept(d, actor=staff, reason="整改到位"))
    # then
    defect = Defect.objects.prefetch_related(Defect.rounds_prefetch()).get(pk=defect.pk)
    assert (defect.state, defect.is_owed, defect.accepted_at is not None) == (R.ACCEPTED, False, True)
    rounds = [(r.round, r.content, r.outcome, r.evaluation) for r in defect.rectifications.all()]
    assert rounds == [
        (1, "已制定晨检制度", DefectRound.Outcome.REDO, "未见执行记录"),
        (2, "补充了晨检记录", DefectRound.Outcome.ACCEPTED, "整改到位"),
    ]
    assert defect.current_report.round == 2
    assert list(defect.events.values_list("action", flat=True)) == ["rectify", "redo", "rectify", "accept"]


def test_a_send_back_without_a_reason_is_a_field_error_and_asks_no_deadline(unit, officer, staff):
    defect = _defect(unit, deadline=timezone.localdate())
    defect = _step(defect, lambda d: STEPS.rectify(d, actor=officer, content="已整改"))
    asked = []
    with pytest.raises(ApplicationError) as error:
        _step(defect, lambda d: STEPS.redo(d, actor=staff, reason="  ", deadline=lambda: asked.append(1)))
    assert (error.value.code, list(error.value.extra), asked) == ("required", ["reason"], [])
    with pytest.raises(InvalidTransition):  # reported: nothing more owed until staff decide
        _step(defect, lambda d: STEPS.rectify(d, actor=officer, content="再次报送"))
    defect.refresh_from_db()
    assert (defect.state, defect.round) == (R.REPORTED, 1)


def test_owed_and_overdue_follow_the_state_and_the_deadline(unit, officer):
    today = timezone.localdate()
    late = _defect(unit, deadline=today - dt.timedelta(days=1), description="问" * 80)
    on_time = _defect(unit, deadline=today)
    assert (late.is_overdue(today), on_time.is_overdue(today)) == (True, False)
    assert set(Defect.objects.owed()) == {late, on_time}
    assert Defect.objects.with_title().get(pk=late.pk).title == "问" * 60 == late.summary
    # when the late one is reported, it is owed no more (and so not overdue)
    late = _step(late, lambda d: STEPS.rectify(d, actor=officer, content="已整改"))
    assert (late.is_overdue(today), list(Defect.objects.owed())) == (False, [on_time])


@pytest.mark.parametrize("items", [2, 6])
def test_every_rounds_report_of_a_page_of_items_is_one_query(unit, officer, items):
    today = timezone.localdate()
    for _ in range(items):
        defect = _defect(unit, deadline=today, round=2)
        for number in (2, 1):
            DefectRound.objects.create(
                defect=defect, round=number, content=f"第{number}轮", submitted_by=officer
            )
    # the items, then every round's report of them, in order
    with CaptureQueriesContext(connection) as queries:
        rows = list(Defect.objects.order_by("id").prefetch_related(Defect.rounds_prefetch()))
        reports = [(d.current_report.content, [r.round for r in d.rectifications.all()]) for d in rows]
    assert len(queries) == 2, [q["sql"] for q in queries]
    assert reports == [("第2轮", [1, 2])] * items
