"""Audit findings and their rectification (issue 13 item 6): the deadline from the rule, the
walls (a unit officer sees only its own unit's; others 403), rectify → redo with a new deadline
from the rule → rectify → accept, bad input in Chinese, the wrong state 409, reminders once,
the unit's portal page and the staff admin."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from budget import services_audit as services
from budget.models import AuditFinding, AuditFindingEvent
from congress import roles
from congress.models import Notification, Rule
from congress.tests.factories import UserFactory
from congress.workdays import WorkCalendar

pytestmark = pytest.mark.django_db
BASE = "/api/v1/budget/audit-findings/"


def _create(staff, unit, **kwargs):
    return services.finding_create(
        actor=staff, year=2025, unit=unit, description="专项资金拨付滞后", **kwargs
    )


def test_contract_from_listing_to_accepted(api_client, staff, officer, unit):
    api_client.force_authenticate(staff)
    created = api_client.post(
        BASE, {"year": 2025, "unit": unit.pk, "description": "结余资金长期挂账", "amount": "1286000.00"}
    )
    assert created.status_code == 201, created.data
    data = created.data
    expected = WorkCalendar().add_workdays(dt.date.today(), 60)
    assert data["state"] == "open" and data["deadline"] == expected.isoformat()
    assert data["amount"] == "1286000.00" and data["unit_name"] == unit.name
    pk = data["id"]
    # the unit's officer reports its rectification
    api_client.force_authenticate(officer)
    rectified = api_client.post(f"{BASE}{pk}/rectify/", {"content": "已退还学生"})
    assert rectified.status_code == 200 and rectified.data["state"] == "reported"
    # staff send it back: a new round, a new deadline from the redo rule
    api_client.force_authenticate(staff)
    redo = api_client.post(f"{BASE}{pk}/redo/", {"reason": "未说明长效机制"})
    assert redo.status_code == 200, redo.data
    assert redo.data["state"] == "sent_back" and redo.data["round"] == 2
    assert redo.data["deadline"] == WorkCalendar().add_workdays(dt.date.today(), 20).isoformat()
    assert redo.data["rectifications"][0]["outcome"] == "redo"
    assert redo.data["rectifications"][0]["evaluation"] == "未说明长效机制"
    # the wrong state is 409
    assert api_client.post(f"{BASE}{pk}/accept/", {}).status_code == 409
    api_client.force_authenticate(officer)
    assert api_client.post(f"{BASE}{pk}/rectify/", {"content": "已建立公示制度"}).status_code == 200
    api_client.force_authenticate(staff)
    accepted = api_client.post(f"{BASE}{pk}/accept/", {"reason": "到位"})
    assert accepted.status_code == 200 and accepted.data["state"] == "accepted"
    assert len(accepted.data["rectifications"]) == 2
    actions = list(AuditFindingEvent.objects.filter(finding_id=pk).values_list("action", flat=True))
    assert actions == ["create", "rectify", "redo", "rectify", "accept"]
    assert AuditFinding.history.filter(id=pk).count() >= 5


def test_the_deadline_follows_the_rule(staff, unit):
    Rule.objects.update_or_create(
        key="budget.audit_rectification_deadline", defaults={"value": {"count": 10, "unit": "workdays"}}
    )
    monday = dt.date(2026, 3, 2)
    finding = _create(staff, unit, today=monday)
    assert finding.deadline == WorkCalendar().add_workdays(monday, 10)


def test_walls(api_client, staff, officer, other_officer, unit, other_unit):
    own = _create(staff, unit)
    foreign = _create(staff, other_unit)
    api_client.force_authenticate(officer)
    rows = api_client.get(BASE).data["results"]
    assert [row["id"] for row in rows] == [own.pk]
    assert api_client.post(f"{BASE}{foreign.pk}/rectify/", {"content": "x"}).status_code == 404
    # an officer may not list, accept or send back
    assert api_client.post(BASE, {"year": 2025, "unit": unit.pk, "description": "x"}).status_code == 403
    api_client.post(f"{BASE}{own.pk}/rectify/", {"content": "已整改"})
    assert api_client.post(f"{BASE}{own.pk}/accept/", {}).status_code == 403
    # staff see all, and may not rectify for the unit
    api_client.force_authenticate(staff)
    assert {row["id"] for row in api_client.get(BASE).data["results"]} == {own.pk, foreign.pk}
    assert api_client.post(f"{BASE}{foreign.pk}/rectify/", {"content": "x"}).status_code == 403
    # anyone else: 403; anonymous: 401/403
    api_client.force_authenticate(UserFactory(roles=[roles.MEMBER]))
    assert api_client.get(BASE).status_code == 403
    api_client.force_authenticate(None)
    assert api_client.get(BASE).status_code in (401, 403)


def test_bad_input_is_400_in_chinese(api_client, staff, unit):
    api_client.force_authenticate(staff)
    for body, field in (
        ({"unit": unit.pk, "description": "x"}, "year"),
        ({"year": 1999, "unit": unit.pk, "description": "x"}, "year"),
        ({"year": "abc", "unit": unit.pk, "description": "x"}, "year"),
        ({"year": 2025, "unit": 999999, "description": "x"}, "unit"),
        ({"year": 2025, "unit": unit.pk, "description": "  "}, "description"),
        ({"year": 2025, "unit": unit.pk, "description": "x", "amount": "-1"}, "amount"),
    ):
        response = api_client.post(BASE, body, format="json")
        assert response.status_code == 400, (body, response.data)
        assert field in response.data
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(response.data[field]))
    finding = _create(staff, unit)
    assert api_client.post(f"{BASE}{finding.pk}/redo/", {"reason": "x"}).status_code == 409  # open
    assert api_client.get(f"{BASE}?year=abc").status_code == 400


def test_the_steps_bad_input_is_400_with_the_kernels_messages(api_client, staff, officer, unit):
    # given a finding the unit has reported on
    finding = services.finding_rectify(actor=officer, finding=_create(staff, unit), content="已整改")
    # when the report, the comment or the reason is empty or too long
    api_client.force_authenticate(officer)
    empty = api_client.post(f"{BASE}{finding.pk}/rectify/", {"content": " "})
    api_client.force_authenticate(staff)
    long_comment = api_client.post(f"{BASE}{finding.pk}/accept/", {"reason": "评" * 2001})
    no_reason = api_client.post(f"{BASE}{finding.pk}/redo/", {})
    # then 400 with the field's Chinese message, and nothing moved
    assert (empty.status_code, empty.data["content"]) == (400, ["请填写整改情况。"])
    assert (long_comment.status_code, long_comment.data["reason"]) == (400, ["内容过长。"])
    assert (no_reason.status_code, no_reason.data["reason"]) == (400, ["请说明退回重新整改的理由。"])
    finding.refresh_from_db()
    assert (finding.state, finding.round) == (AuditFinding.State.REPORTED, 1)


def test_redo_needs_a_reason(api_client, staff, officer, unit):
    finding = _create(staff, unit)
    services.finding_rectify(actor=officer, finding=finding, content="已整改")
    api_client.force_authenticate(staff)
    response = api_client.post(f"{BASE}{finding.pk}/redo/", {"reason": ""})
    assert response.status_code == 400 and "reason" in response.data


def test_reminders_once_and_again_after_a_new_deadline(staff, officer, unit):
    calendar = WorkCalendar()
    today = dt.date(2026, 6, 1)
    finding = _create(staff, unit, today=calendar.subtract_workdays(today, 58))  # due in 2 working days
    first = services.send_daily_reminders(today=today)
    assert first["reminders"] == 1
    assert services.send_daily_reminders(today=today) == {"reminders": 0, "overdue": 0}
    notes = Notification.objects.filter(recipient=officer, key__startswith="budget.audit_finding_due")
    assert notes.count() == 1
    # overdue: the unit and staff told once
    later = calendar.add_workdays(finding.deadline, 1)
    overdue = services.send_daily_reminders(today=later)
    assert overdue["overdue"] == 2  # the officer and the one staff user
    assert services.send_daily_reminders(today=later)["overdue"] == 0
    # a report, then a redo: a new deadline earns new reminders
    finding = services.finding_rectify(actor=officer, finding=finding, content="已整改")
    finding = services.finding_redo(actor=staff, finding=finding, reason="不完整", today=later)
    near = calendar.subtract_workdays(finding.deadline, 2)
    assert services.send_daily_reminders(today=near)["reminders"] == 1


def test_an_accepted_finding_earns_no_reminder(staff, officer, unit):
    today = dt.date(2026, 6, 1)
    finding = _create(staff, unit, today=WorkCalendar().subtract_workdays(today, 58))
    finding = services.finding_rectify(actor=officer, finding=finding, content="已整改")
    services.finding_accept(actor=staff, finding=finding)
    assert services.send_daily_reminders(today=today) == {"reminders": 0, "overdue": 0}


def test_the_units_portal_page(client, staff, officer, other_officer, unit, other_unit):
    own = _create(staff, unit)
    _create(staff, other_unit)
    client.force_login(officer)
    page = client.get("/portal/budget/audit-findings/")
    assert page.status_code == 200
    assert page.content.decode().count('class="card" id="finding-') == 1
    empty = client.post(f"/portal/budget/audit-findings/{own.pk}/rectify/", {"content": ""})
    assert empty.status_code == 200 and "请填写整改情况" in empty.content.decode()
    done = client.post(f"/portal/budget/audit-findings/{own.pk}/rectify/", {"content": "已整改到位"})
    assert done.status_code == 302
    own.refresh_from_db()
    assert own.state == AuditFinding.State.REPORTED
    client.force_login(UserFactory(roles=[roles.DEPUTY]))
    assert client.get("/portal/budget/audit-findings/").status_code == 403


@override_settings(LANGUAGE_CODE="zh-hans")
def test_staff_admin_lists_and_steps(client, staff, officer, unit):
    finding = _create(staff, unit)
    services.finding_rectify(actor=officer, finding=finding, content="已整改")
    client.force_login(staff)
    listing = client.get("/admin/budget/auditfinding/?state=reported&year=2025")
    assert listing.status_code == 200
    page = client.get(f"/admin/budget/auditfinding/{finding.pk}/change/")
    assert page.status_code == 200 and "/redo/" in page.content.decode()
    response = client.post(f"/admin/budget/auditfinding/{finding.pk}/step/redo/", {"reason": "不完整"})
    assert response.status_code in (200, 302)
    finding.refresh_from_db()
    assert finding.state == AuditFinding.State.SENT_BACK and finding.round == 2
    added = client.post(
        "/admin/budget/auditfinding/add/",
        {"year": 2025, "unit": unit.pk, "description": "新问题", "amount": ""},
    )
    assert added.status_code == 302
    assert AuditFinding.objects.filter(description="新问题").exists()
