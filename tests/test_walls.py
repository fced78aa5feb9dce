"""The unit wall across apps, on the demo district: unit1 (区教育局) reads nothing of unit2's
(区卫生健康委员会) through any page or API, and acting on it answers 404 with nothing changed."""

import pytest
from rest_framework.test import APIClient

from congress.models import Organization, User
from congress.tests.demo_snapshot import load_demo_cached
from meetings.models import RequiredAttendance
from proposals.models import Assignment


@pytest.fixture
def district(db):
    load_demo_cached()
    return {
        "unit1": User.objects.get(username="unit1"),
        "own": Organization.objects.get(name="区教育局"),
        "other": Organization.objects.get(name="区卫生健康委员会"),
    }


def _all_results(client, url):
    rows, next_url = [], url
    while next_url:
        data = client.get(next_url).json()
        if isinstance(data, list):
            return rows + data
        rows += data["results"]
        next_url = data.get("next")
    return rows


def test_unit_officer_sees_and_touches_only_own_unit(district, client):
    api = APIClient()
    api.force_authenticate(district["unit1"])
    client.force_login(district["unit1"])
    own, other = district["own"], district["other"]

    foreign_assignments = list(Assignment.objects.filter(unit=other).values_list("pk", flat=True))
    foreign_attendance = list(RequiredAttendance.objects.filter(unit=other).values_list("pk", flat=True))
    assert foreign_assignments and foreign_attendance  # the demo gives unit2 work of its own

    # lists hold only the own unit's rows
    inbox = _all_results(api, "/api/v1/assignments/?page_size=100")
    assert inbox and {
        row["unit"] if isinstance(row["unit"], int) else row["unit"]["id"] for row in inbox
    } == {own.pk}
    attendance = _all_results(api, "/api/v1/attendance/?page_size=100")
    assert attendance and {row["unit"] for row in attendance} == {own.pk}

    # every foreign id is a 404, on the API and on the portal pages, and nothing changes
    for pk in foreign_assignments:
        assert api.get(f"/api/v1/assignments/{pk}/").status_code == 404
        assert (
            api.post(f"/api/v1/assignments/{pk}/contacts/", {"stage": "before", "note": "x"}).status_code
            == 404
        )
        assert (
            api.post(f"/api/v1/assignments/{pk}/reply/", {"reply_class": "A", "content": "x"}).status_code
            == 404
        )
        assert client.get(f"/portal/assignments/{pk}/").status_code == 404
    for pk in foreign_attendance:
        response = api.post(f"/api/v1/attendance/{pk}/leave/", {"reason": "出差", "substitute": "某副局长"})
        assert response.status_code == 404
    assert not Assignment.objects.filter(unit=other, contacts__note="x").exists()
    assert not RequiredAttendance.objects.filter(unit=other, substitute="某副局长").exists()


def test_unit_officer_sees_and_touches_only_own_units_supervision(district, client):
    from supervision.models import Interpellation, WorkReport

    api = APIClient()
    api.force_authenticate(district["unit1"])
    client.force_login(district["unit1"])
    own, other = district["own"], district["other"]
    foreign_reports = list(WorkReport.objects.filter(unit=other).values_list("pk", "state"))
    foreign_interpellations = list(Interpellation.objects.filter(unit=other).values_list("pk", flat=True))
    assert foreign_reports and foreign_interpellations  # the demo gives unit2 supervision of its own

    reports = _all_results(api, "/api/v1/supervision/reports/?page_size=100")
    assert reports and {row["unit"] for row in reports} == {own.pk}
    inbox = client.get("/portal/supervision/?show=all").content.decode()
    for pk, _state in foreign_reports:
        assert api.get(f"/api/v1/supervision/reports/{pk}/").status_code == 404
        for step in ("submit", "rectification"):
            assert api.post(f"/api/v1/supervision/reports/{pk}/{step}/", {"content": "x"}).status_code == 404
        assert client.get(f"/portal/supervision/reports/{pk}/").status_code == 404
        assert f"/portal/supervision/reports/{pk}/" not in inbox
    for pk in foreign_interpellations:
        assert api.post(f"/api/v1/supervision/interpellations/{pk}/answer/", {}).status_code == 404
        assert client.get(f"/portal/supervision/interpellations/{pk}/").status_code == 404
    assert list(WorkReport.objects.filter(unit=other).values_list("pk", "state")) == foreign_reports
