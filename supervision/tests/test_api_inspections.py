"""The inspection API, issue 12's contract: staff create an inspection (title, law, year) and
list issues (unit, description → 201 with deadline); a unit officer lists only its own unit's
issues (another unit's is 404), rectifies (content); staff accept or send back (reason);
403 whatever the body, 400 in Chinese, 409 invalid_transition from the wrong state; the
units' list in constant queries."""

import datetime as dt

import pytest

from congress import roles
from congress.tests.factories import OrganizationFactory, UserFactory
from supervision.models import InspectionIssue
from supervision.services import inspections as services

pytestmark = pytest.mark.django_db
BASE = "/api/v1/supervision"


@pytest.fixture
def inspection(staff):
    return services.inspection_create(
        actor=staff, title="食品安全法执法检查", law="《食品安全法》", year=2026
    )


def test_contract_from_inspection_to_accepted_issue(api_client, staff, officer, unit):
    api_client.force_authenticate(staff)
    created = api_client.post(
        f"{BASE}/inspections/", {"title": "食品安全法执法检查", "law": "《食品安全法》", "year": 2026}
    )
    assert created.status_code == 201 and created.data["state"] == "preparing"
    pk = created.data["id"]
    listed = api_client.post(f"{BASE}/inspections/{pk}/issues/", {"unit": unit.pk, "description": "溯源不全"})
    assert listed.status_code == 201
    issue = listed.data
    assert issue["unit"] == unit.pk and issue["state"] == "rectifying"
    assert dt.date.fromisoformat(issue["deadline"]) > dt.date.today()
    # the unit rectifies
    api_client.force_authenticate(officer)
    mine = api_client.get(f"{BASE}/inspection-issues/")
    assert [row["id"] for row in mine.data["results"]] == [issue["id"]]
    rectified = api_client.post(f"{BASE}/inspection-issues/{issue['id']}/rectify/", {"content": "已整改"})
    assert rectified.status_code == 200 and rectified.data["state"] == "reported"
    # staff send it back, then accept the second round
    api_client.force_authenticate(staff)
    redo = api_client.post(f"{BASE}/inspection-issues/{issue['id']}/redo/", {"reason": "台账不全"})
    assert redo.status_code == 200 and redo.data["state"] == "rectifying" and redo.data["round"] == 2
    assert redo.data["rectifications"][0]["outcome"] == "redo"
    api_client.force_authenticate(officer)
    api_client.post(f"{BASE}/inspection-issues/{issue['id']}/rectify/", {"content": "再次整改"})
    api_client.force_authenticate(staff)
    accepted = api_client.post(f"{BASE}/inspection-issues/{issue['id']}/accept/", {"reason": "到位"})
    assert accepted.status_code == 200 and accepted.data["state"] == "accepted"


def test_a_unit_sees_only_its_own_issues(api_client, staff, officer, unit, other_unit, inspection):
    own = services.issue_add(actor=staff, inspection=inspection, unit=unit, description="本单位问题")
    foreign = services.issue_add(
        actor=staff, inspection=inspection, unit=other_unit, description="他单位问题"
    )
    api_client.force_authenticate(officer)
    rows = api_client.get(f"{BASE}/inspection-issues/").data["results"]
    assert [row["id"] for row in rows] == [own.pk]
    assert api_client.get(f"{BASE}/inspection-issues/{foreign.pk}/").status_code == 404
    assert (
        api_client.post(f"{BASE}/inspection-issues/{foreign.pk}/rectify/", {"content": "x"}).status_code
        == 404
    )
    detail = api_client.get(f"{BASE}/inspections/{inspection.pk}/").data
    assert [row["id"] for row in detail["issues"]] == [own.pk]
    # a user of no unit sees nothing
    nobody = UserFactory(roles=[roles.UNIT_OFFICER])
    api_client.force_authenticate(nobody)
    assert api_client.get(f"{BASE}/inspection-issues/").data["results"] == []
    assert api_client.get(f"{BASE}/inspection-issues/{own.pk}/").status_code == 404


def test_refusals_are_403_whatever_the_body(api_client, staff, officer, member, unit, inspection):
    issue = services.issue_add(actor=staff, inspection=inspection, unit=unit, description="问题")
    api_client.force_authenticate(officer)
    assert api_client.post(f"{BASE}/inspections/", {}).status_code == 403
    assert api_client.post(f"{BASE}/inspections/{inspection.pk}/issues/", {}).status_code in (403, 404)
    services.issue_rectify(actor=officer, issue=issue, content="整改")
    for path in ("accept", "redo"):
        answer = api_client.post(f"{BASE}/inspection-issues/{issue.pk}/{path}/", {})
        assert answer.status_code == 403 and answer.data["code"] == "not_staff"
    api_client.force_authenticate(member)
    answer = api_client.post(f"{BASE}/inspection-issues/{issue.pk}/rectify/", {})
    assert answer.status_code == 403 and answer.data["code"] == "not_unit_officer"
    api_client.force_authenticate(None)
    assert api_client.get(f"{BASE}/inspection-issues/").status_code in (401, 403)


def test_bad_input_is_400_in_chinese(api_client, staff, officer, unit, inspection):
    api_client.force_authenticate(staff)
    answer = api_client.post(f"{BASE}/inspections/", {"title": "", "law": "", "year": "abc"})
    assert answer.status_code == 400
    fields = answer.data["fields"] if "fields" in answer.data else answer.data
    text = str(fields)
    assert "请填写检查名称。" in text and "请填写检查的法律法规。" in text and "年度应为整数。" in text
    answer = api_client.post(
        f"{BASE}/inspections/{inspection.pk}/issues/", {"unit": 999999, "description": ""}
    )
    assert answer.status_code == 400 and "请填写问题描述。" in str(answer.data)
    committee = OrganizationFactory(name="区人大常委会办公室", kind="working_committee")
    answer = api_client.post(
        f"{BASE}/inspections/{inspection.pk}/issues/", {"unit": committee.pk, "description": "x"}
    )
    assert answer.status_code == 400 and "unit" in str(answer.data)
    issue = services.issue_add(actor=staff, inspection=inspection, unit=unit, description="问题")
    services.issue_rectify(actor=officer, issue=issue, content="整改")
    answer = api_client.post(f"{BASE}/inspection-issues/{issue.pk}/redo/", {"reason": " "})
    assert answer.status_code == 400 and "请说明退回重新整改的理由。" in str(answer.data)
    answer = api_client.post(
        f"{BASE}/inspection-issues/{issue.pk}/redo/", {"reason": "x", "deadline": "2000-01-01"}
    )
    assert answer.status_code == 400 and "deadline" in str(answer.data)


def test_wrong_state_is_409(api_client, staff, officer, unit, inspection):
    issue = services.issue_add(actor=staff, inspection=inspection, unit=unit, description="问题")
    api_client.force_authenticate(staff)
    answer = api_client.post(f"{BASE}/inspection-issues/{issue.pk}/accept/", {})
    assert answer.status_code == 409 and answer.data["code"] == "invalid_transition"
    api_client.force_authenticate(officer)
    api_client.post(f"{BASE}/inspection-issues/{issue.pk}/rectify/", {"content": "整改"})
    answer = api_client.post(f"{BASE}/inspection-issues/{issue.pk}/rectify/", {"content": "又一次"})
    assert answer.status_code == 409 and answer.data["code"] == "invalid_transition"


def _issues(staff, inspection, unit, n):
    for i in range(n):
        issue = services.issue_add(actor=staff, inspection=inspection, unit=unit, description=f"问题{i}")
        if i % 2:
            services.issue_rectify(
                actor=UserFactory(roles=[roles.UNIT_OFFICER], unit=unit), issue=issue, content="整改"
            )


def test_the_units_list_takes_constant_queries(api_client, staff, officer, unit, inspection):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api_client.force_authenticate(officer)
    _issues(staff, inspection, unit, 2)
    api_client.get(f"{BASE}/inspection-issues/")  # warm the caches of roles
    with CaptureQueriesContext(connection) as small:
        first = api_client.get(f"{BASE}/inspection-issues/")
    _issues(staff, inspection, unit, 10)
    with CaptureQueriesContext(connection) as large:
        second = api_client.get(f"{BASE}/inspection-issues/")
    # the caller's units, the count, the rows (unit and inspection joined), the rectification
    # reports: the same for 2 rows and for 12
    assert len(large.captured_queries) == len(small.captured_queries), [
        q["sql"] for q in large.captured_queries
    ]
    assert (first.data["count"], second.data["count"]) == (2, 12)
    assert InspectionIssue.objects.filter(unit=unit).count() == 12
