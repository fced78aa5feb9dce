"""立案交办 by plan (``proposals.services.batch``): a whole session's suggestions in one staff
action, checked whole, written in bulk, with the same deadlines, events and history as one by
one, a digest per unit officer, and the daily scan reminding from the deadlines."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress import roles
from congress.exceptions import PermissionDeniedError
from congress.models import Notification, Organization
from congress.tests.factories import OrganizationFactory, TermFactory, UserFactory
from proposals import services
from proposals.models import Assignment, Proposal, ProposalEvent
from proposals.services.batch import AssignmentPlanError, PlanRow, proposals_register_and_assign
from proposals.tests.factories import ProposalFactory, officer_for, staff_actor, walk_to

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 16)


def _submitted(term, n):
    return [
        services.proposal_submit(actor=p.lead_deputy.user, proposal=p)
        for p in ProposalFactory.create_batch(n, term=term)
    ]


@pytest.fixture
def term():
    return TermFactory(is_current=True)


@pytest.fixture
def units():
    made = OrganizationFactory.create_batch(3)
    for unit in made:
        officer_for(unit)
    return made


def test_registers_and_assigns_as_one_by_one_would(term, units):
    staff = staff_actor()
    earlier = walk_to("registered", term=term, staff=staff)  # already has 2026-建-0001
    submitted = _submitted(term, 3)
    lead, assisting, joint = units
    plan = [
        PlanRow(1, submitted[0].pk, lead_units=[lead.pk], assisting_units=[assisting.pk]),
        PlanRow(2, submitted[1].pk, lead_units=[assisting.pk], joint_units=[joint.pk], is_hard=True),
        PlanRow(3, submitted[2].pk, lead_units=[lead.pk]),
        PlanRow(4, earlier.pk, lead_units=[joint.pk]),
    ]

    result = proposals_register_and_assign(actor=staff, rows=plan, assigned_on=MONDAY)

    assert (result.registered, result.assigned, result.assignments, result.units) == (3, 4, 6, 3)
    fresh = {p.pk: p for p in Proposal.objects.filter(pk__in=[r.proposal_id for r in plan])}
    assert {p.state for p in fresh.values()} == {Proposal.State.ASSIGNED}
    assert [fresh[p.pk].serial for p in submitted] == ["2026-建-0002", "2026-建-0003", "2026-建-0004"]
    assert fresh[earlier.pk].serial == "2026-建-0001"
    assert fresh[submitted[1].pk].is_hard is True
    # The deadlines are the single service's.
    first = Assignment.objects.get(proposal=submitted[0], unit=lead)
    opinion = Assignment.objects.get(proposal=submitted[0], unit=assisting)
    hard = Assignment.objects.get(proposal=submitted[1], unit=assisting)
    assert first.deadline == services.reply_deadline_for(MONDAY)
    assert hard.deadline == services.reply_deadline_for(MONDAY, is_hard=True)
    assert opinion.deadline == services.assisting_deadline_for(MONDAY, lead_deadline=first.deadline)
    assert first.assigned_by == staff and first.state == Assignment.State.ASSIGNED
    # Timeline and history as one by one: register + assign events, history with the actor.
    actions = list(
        ProposalEvent.objects.filter(proposal=submitted[0]).order_by("pk").values_list("action", "note")
    )
    assert [a for a, _note in actions][-2:] == ["register", "assign"]
    assert lead.name in actions[-1][1] and assisting.name in actions[-1][1]
    assert fresh[submitted[0].pk].history.first().history_user == staff
    assert first.history.get().history_user == staff


def test_each_unit_officer_gets_one_digest_and_each_deputy_one_notice(term, units):
    lead, other, _ = units
    submitted = _submitted(term, 4)
    plan = [PlanRow(i, p.pk, lead_units=[lead.pk]) for i, p in enumerate(submitted, start=1)]
    plan[0].assisting_units = [other.pk]

    proposals_register_and_assign(actor=staff_actor(), rows=plan, assigned_on=MONDAY)

    officer = UserFactory._meta.model.objects.get(pk__in=_unit_user_ids(lead))
    [digest] = Notification.objects.filter(recipient=officer)
    assert "批量交办 4 件" in digest.title and "主办 4 件" in digest.title
    for proposal in submitted:
        [notice] = Notification.objects.filter(recipient=proposal.lead_deputy.user)
        assert "已立案交办" in notice.title


def _unit_user_ids(unit):
    from congress import units

    return units.unit_user_ids([unit.pk])[unit.pk]


def test_a_bad_plan_names_every_bad_row_and_stores_nothing(term, units):
    lead = units[0]
    submitted = _submitted(term, 3)
    draft = ProposalFactory(term=term)
    closed_unit = OrganizationFactory(is_active=False)
    plan = [
        PlanRow(2, submitted[0].pk, lead_units=[lead.pk]),  # fine
        PlanRow(3, 999999, lead_units=[lead.pk]),
        PlanRow(4, draft.pk, lead_units=[lead.pk]),
        PlanRow(5, submitted[1].pk, lead_units=[]),
        PlanRow(6, submitted[2].pk, lead_units=[lead.pk], assisting_units=[lead.pk, closed_unit.pk]),
        PlanRow(7, submitted[0].pk, lead_units=[lead.pk]),
    ]

    with pytest.raises(AssignmentPlanError) as caught:
        proposals_register_and_assign(actor=staff_actor(), rows=plan)

    errors = caught.value.extra["rows"]
    assert set(errors) == {"2", "3", "4", "5", "6", "7"}
    assert errors["3"] == ["建议不存在。"]
    assert "不能立案交办" in errors["4"][0]
    assert errors["5"] == ["请填写主办单位。"]
    assert "同一单位不能重复交办。" in errors["6"] and any("无效的单位编号" in e for e in errors["6"])
    assert errors["7"] == ["同一建议在方案中出现多次。"] == errors["2"]
    assert not Assignment.objects.exists()
    assert set(Proposal.objects.values_list("state", flat=True)) == {"submitted", "draft"}


def test_only_staff(term, units):
    [proposal] = _submitted(term, 1)
    officer = UserFactory(roles=[roles.UNIT_OFFICER], unit=units[0])
    with pytest.raises(PermissionDeniedError):
        proposals_register_and_assign(actor=officer, rows=[PlanRow(1, proposal.pk, lead_units=[units[0].pk])])


def _queries_for(term, units, n):
    submitted = _submitted(term, n)
    plan = [
        PlanRow(i, p.pk, lead_units=[units[i % 3].pk], assisting_units=[units[(i + 1) % 3].pk])
        for i, p in enumerate(submitted)
    ]
    staff = staff_actor()
    with CaptureQueriesContext(connection) as queries:
        proposals_register_and_assign(actor=staff, rows=plan, assigned_on=MONDAY)
    return len(queries)


def test_queries_do_not_grow_with_the_plan(term, units):
    # The serial numbers' max is read once per year and kind; the rest is bulk (sizes within one
    # of SQLite's insert batches: it splits a bulk insert at 999 parameters).
    _queries_for(term, units, 3)  # warm: the rules and the working-day calendar are cached
    assert _queries_for(term, units, 3) == _queries_for(term, units, 12)


def test_the_daily_scan_reminds_from_the_batchs_deadlines(term, units):
    [proposal] = _submitted(term, 1)
    unit = units[0]
    proposals_register_and_assign(
        actor=staff_actor(), rows=[PlanRow(1, proposal.pk, lead_units=[unit.pk])], assigned_on=MONDAY
    )
    assignment = Assignment.objects.get(proposal=proposal)
    officer_ids = set(_unit_user_ids(unit))
    before = Notification.objects.filter(recipient__in=officer_ids).count()

    services.send_daily_reminders(today=assignment.deadline + dt.timedelta(days=1))

    assert Notification.objects.filter(recipient__in=officer_ids).count() > before
    assert Organization.objects.filter(pk=unit.pk).exists()


# --- the admin page and the API ---------------------------------------------------------------------


def _plan_workbook(rows):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(
        ["系统编号", "编号", "标题", "领衔代表", "主办单位", "协办单位", "会办单位", "难度较大"]
    )
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "plan.xlsx"
    return buffer


def test_staff_download_the_plan_fill_it_in_and_upload_it(client, term, units):
    from io import BytesIO

    from django.urls import reverse
    from openpyxl import load_workbook

    first, second = _submitted(term, 2)
    lead, assisting, _ = units
    client.force_login(staff_actor())
    template = client.get(reverse("admin:proposals_proposal_plan_template"))
    sheet = load_workbook(BytesIO(template.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [first.pk, second.pk]

    url = reverse("admin:proposals_proposal_batch_assign")
    bad = client.post(url, {"file": _plan_workbook([[first.pk, "", "", "", "无此单位", "", "", ""]])})
    assert bad.status_code == 200 and "找不到承办单位“无此单位”" in bad.content.decode()
    assert not Assignment.objects.exists()

    good = _plan_workbook(
        [
            [first.pk, "", first.title, "", lead.name, f"{assisting.name}", "", ""],
            [second.pk, "", second.title, "", str(assisting.pk), "", "", "是"],
        ]
    )
    response = client.post(url, {"file": good, "assigned_on": "2026-03-16"})
    assert response.status_code == 302
    assert Assignment.objects.filter(proposal=first).count() == 2
    assert Proposal.objects.get(pk=second.pk).is_hard is True
    assert Assignment.objects.get(proposal=second).deadline == services.reply_deadline_for(
        MONDAY, is_hard=True
    )


def test_the_api_registers_and_assigns_by_plan(api_client, term, units):
    first, second = _submitted(term, 2)
    lead = units[0]
    api_client.force_authenticate(staff_actor())
    url = "/api/v1/proposals/batch-assign/"

    bad = api_client.post(
        url,
        {
            "rows": [
                {"proposal": first.pk, "lead_units": [lead.pk]},
                {"proposal": second.pk, "lead_units": []},
            ]
        },
        format="json",
    )
    assert bad.status_code == 400 and bad.data["rows"] == {"1": ["请填写主办单位。"]}
    empty = api_client.post(url, {"rows": []}, format="json")
    assert empty.status_code == 400 and "rows" in empty.data

    rows = [{"proposal": p.pk, "lead_units": [lead.pk]} for p in (first, second)]
    response = api_client.post(url, {"rows": rows, "assigned_on": "2026-03-16"}, format="json")
    assert response.status_code == 201, response.data
    assert response.data == {"registered": 2, "assigned": 2, "assignments": 2, "units": 1}

    api_client.force_authenticate(officer_for(lead))
    assert api_client.post(url, {"rows": rows}, format="json").status_code == 403
