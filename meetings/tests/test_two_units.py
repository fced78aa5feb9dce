"""An officer acting for two units sees and acts on both units' attendance everywhere — the
portal list and detail, the API list, leave requests and the QR check-in — and on no other
unit's (``congress.units``: every unit, not the first)."""

import pytest
from django.urls import reverse

from congress import roles
from congress.services import user_set_units
from congress.tests.factories import OrganizationFactory, UserFactory
from meetings import services
from meetings.models import RequiredAttendance
from meetings.tests.conftest import start_meeting

A = RequiredAttendance.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def stranger_row(meeting, staff):
    [row] = services.meeting_require_units(meeting=meeting, actor=staff, unit_ids=[OrganizationFactory().pk])
    return row


@pytest.fixture
def two_unit_officer(unit, other_unit):
    officer = UserFactory(username="two_unit_officer", roles=[roles.UNIT_OFFICER])
    user_set_units(user=officer, units=[unit, other_unit])
    return type(officer).objects.get(pk=officer.pk)  # as a new request loads it


def test_officer_of_two_units_sees_both_units_attendance(
    client, api_client, two_unit_officer, own_row, other_row, stranger_row, meeting
):
    # given
    both = {own_row.unit_id, other_row.unit_id}
    client.force_login(two_unit_officer)
    api_client.force_authenticate(two_unit_officer)
    # when / then: the portal list
    listed = client.get(reverse("portal:meeting-list")).context["upcoming_rows"]
    assert {row.unit_id for row in listed} == both
    # the meeting's page shows both units' attendance
    page = client.get(reverse("portal:meeting-detail", args=[meeting.pk]))
    assert {row.unit_id for row in page.context["own_rows"]} == both
    html = page.content.decode()
    assert f"{own_row.unit.name}列席情况" in html and f"{other_row.unit.name}列席情况" in html
    # the API list, and each record
    rows = api_client.get(f"/api/v1/attendance/?meeting={meeting.pk}").data["results"]
    assert {row["unit"] for row in rows} == both
    # a unit they do not act for stays behind the wall
    assert stranger_row.unit_id not in {row["unit"] for row in rows}
    assert client.get(reverse("portal:attendance-leave", args=[stranger_row.pk])).status_code == 404


def test_officer_of_two_units_asks_leave_for_both(
    client, api_client, two_unit_officer, own_row, other_row, stranger_row
):
    # given
    client.force_login(two_unit_officer)
    api_client.force_authenticate(two_unit_officer)
    # when: one unit's leave in the portal, the other's over the API
    portal = client.post(
        reverse("portal:attendance-leave", args=[own_row.pk]), {"reason": "出差", "substitute": "副局长甲"}
    )
    api = api_client.post(
        f"/api/v1/attendance/{other_row.pk}/leave/",
        {"reason": "出差", "substitute": "副主任乙"},
        format="json",
    )
    stranger = api_client.post(
        f"/api/v1/attendance/{stranger_row.pk}/leave/",
        {"reason": "出差", "substitute": "某某"},
        format="json",
    )
    # then
    assert (portal.status_code, api.status_code, stranger.status_code) == (302, 200, 404)
    statuses = dict(RequiredAttendance.objects.values_list("pk", "status"))
    assert statuses[own_row.pk] == statuses[other_row.pk] == A.LEAVE_REQUESTED
    assert statuses[stranger_row.pk] == A.REQUIRED


def test_officer_of_two_units_checks_in_each_by_scanning(
    two_unit_officer, own_row, other_row, meeting, staff
):
    # given
    start_meeting(meeting, staff)
    # when: the code is scanned twice (each unit's head arrives)
    first = services.attendance_check_in_by_qr(
        meeting=meeting, token=meeting.check_in_token, actor=two_unit_officer
    )
    second = services.attendance_check_in_by_qr(
        meeting=meeting, token=meeting.check_in_token, actor=two_unit_officer
    )
    # then
    assert {first.pk, second.pk} == {own_row.pk, other_row.pk}
    assert set(RequiredAttendance.objects.values_list("status", flat=True)) == {A.ATTENDED}
