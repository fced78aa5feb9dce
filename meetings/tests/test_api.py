"""The meetings API contract: success, walls (403/404), invalid input (400, Chinese messages)."""

import datetime as dt

import pytest
from django.utils import timezone

from congress.tests.factories import OrganizationFactory
from meetings import services
from meetings.models import Meeting, PublishedAttendance, RequiredAttendance
from meetings.tests.conftest import start_meeting
from meetings.tests.factories import MeetingFactory

A = RequiredAttendance.Status
pytestmark = pytest.mark.django_db


def fresh(user):
    """The user as a new request would load it: nothing cached on the object."""
    return type(user).objects.get(pk=user.pk)


def _when(hours):
    return (timezone.now() + dt.timedelta(hours=hours)).isoformat()


# --- meetings -----------------------------------------------------------------------------


def test_staff_creates_a_meeting(api_client, staff, term):
    api_client.force_authenticate(staff)
    response = api_client.post(
        "/api/v1/meetings/",
        {
            "kind": "standing",
            "title": "第三十一次会议",
            "starts_at": _when(24),
            "ends_at": _when(27),
            "location": "一号会议室",
        },
        format="json",
    )
    assert response.status_code == 201, response.data
    assert response.data["kind"] == "standing"
    assert response.data["status"] == "planned"
    assert Meeting.objects.get(pk=response.data["id"]).created_by == staff


def test_meeting_create_400_with_chinese_field_errors(api_client, staff):
    api_client.force_authenticate(staff)
    response = api_client.post(
        "/api/v1/meetings/", {"kind": "party", "starts_at": _when(5), "ends_at": _when(1)}, format="json"
    )
    assert response.status_code == 400
    assert response.data["title"] == ["请填写会议名称。"]
    assert response.data["location"] == ["请填写会议地点。"]
    assert response.data["kind"] == ["会议类别无效。"]
    response = api_client.post(
        "/api/v1/meetings/",
        {"kind": "town", "title": "x", "location": "y", "starts_at": _when(5), "ends_at": _when(1)},
        format="json",
    )
    assert response.status_code == 400
    assert response.data["ends_at"] == ["结束时间不能早于开始时间。"]
    assert not Meeting.objects.exists()


def test_meeting_create_403_for_non_staff(api_client, officer):
    api_client.force_authenticate(officer)
    response = api_client.post(
        "/api/v1/meetings/",
        {"kind": "standing", "title": "x", "starts_at": _when(1), "ends_at": _when(2), "location": "y"},
        format="json",
    )
    assert response.status_code == 403
    assert response.data["code"] == "not_staff"


def test_meeting_list_is_scoped(api_client, officer, staff, own_row, django_assert_num_queries):
    # given: the officer's required meeting (unpublished), a published one, a hidden one
    own_meeting = own_row.meeting
    services.meeting_update(meeting=own_meeting, actor=staff, is_schedule_published=False)
    published = MeetingFactory.create_batch(3, is_schedule_published=True)
    hidden = MeetingFactory(is_schedule_published=False)
    api_client.force_authenticate(fresh(officer))
    # when: session-less token auth is bypassed, so the queries are:
    # 1 roles of the user, 2 units the user acts for (guardian), 3 count, 4 the page
    with django_assert_num_queries(4):
        response = api_client.get("/api/v1/meetings/")
    # then
    ids = {row["id"] for row in response.data["results"]}
    assert ids == {own_meeting.pk, *(m.pk for m in published)}
    assert hidden.pk not in ids
    assert api_client.get(f"/api/v1/meetings/{hidden.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/meetings/{own_meeting.pk}/").status_code == 200


def test_require_units_over_the_api(api_client, staff, meeting, unit, other_unit):
    api_client.force_authenticate(staff)
    url = f"/api/v1/meetings/{meeting.pk}/attendance/"
    response = api_client.post(url, {"units": [unit.pk, other_unit.pk]}, format="json")
    assert response.status_code == 201
    assert {row["unit"] for row in response.data} == {unit.pk, other_unit.pk}
    assert {row["status"] for row in response.data} == {"required"}
    again = api_client.post(url, {"units": [unit.pk]}, format="json")
    assert again.status_code == 201
    assert RequiredAttendance.objects.filter(meeting=meeting).count() == 2


def test_require_units_400s(api_client, staff, meeting):
    api_client.force_authenticate(staff)
    url = f"/api/v1/meetings/{meeting.pk}/attendance/"
    assert api_client.post(url, {"units": []}, format="json").data["units"] == ["请选择至少一个列席单位。"]
    response = api_client.post(url, {"units": [987654]}, format="json")
    assert response.status_code == 400
    assert response.data["code"] == "unknown_units"
    assert "987654" in response.data["units"][0]
    assert (
        api_client.post("/api/v1/meetings/999999/attendance/", {"units": [1]}, format="json").status_code
        == 404
    )


def test_close_over_the_api_publishes(
    api_client, staff, meeting, required, django_capture_on_commit_callbacks
):
    start_meeting(meeting, staff)
    api_client.force_authenticate(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(f"/api/v1/meetings/{meeting.pk}/close/")
    assert response.status_code == 200
    assert response.data["status"] == "closed"
    assert PublishedAttendance.objects.filter(meeting=meeting).count() == 2
    again = api_client.post(f"/api/v1/meetings/{meeting.pk}/close/")
    assert again.status_code == 409
    assert "已结束" in again.data["detail"]


def test_close_refused_for_officer_and_before_start(api_client, staff, officer, meeting, required):
    api_client.force_authenticate(officer)
    assert api_client.post(f"/api/v1/meetings/{meeting.pk}/close/").status_code == 403
    api_client.force_authenticate(staff)
    response = api_client.post(f"/api/v1/meetings/{meeting.pk}/close/")
    assert response.status_code == 400
    assert response.data["detail"] == "会议尚未开始，不能结束。"
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"


def test_close_an_opened_meeting_before_its_scheduled_start(api_client, staff, meeting, required):
    # given: staff opened the meeting two hours before its scheduled start
    services.meeting_open(meeting=meeting, actor=staff)
    api_client.force_authenticate(staff)
    # when
    response = api_client.post(f"/api/v1/meetings/{meeting.pk}/close/")
    # then: closed, with the actual start and end beside the scheduled times
    assert response.status_code == 200
    assert response.data["status"] == "closed"
    opened, closed, starts = (
        dt.datetime.fromisoformat(response.data[name]) for name in ("opened_at", "closed_at", "starts_at")
    )
    assert opened <= closed < starts
    detail = api_client.get(f"/api/v1/meetings/{meeting.pk}/").data
    assert detail["opened_at"] == response.data["opened_at"]


# --- attendance ---------------------------------------------------------------------------


def test_attendance_list_walls(api_client, officer, reviewer, party_reviewer, staff, required, meeting):
    # officer: own unit only
    api_client.force_authenticate(officer)
    rows = api_client.get(f"/api/v1/attendance/?meeting={meeting.pk}").data["results"]
    assert [row["unit"] for row in rows] == [officer_unit_id(required, officer)]
    # government-office reviewer: the departments it approves
    api_client.force_authenticate(reviewer)
    assert len(api_client.get(f"/api/v1/attendance/?meeting={meeting.pk}").data["results"]) == 2
    # party-office reviewer: none of these departments
    api_client.force_authenticate(party_reviewer)
    assert api_client.get(f"/api/v1/attendance/?meeting={meeting.pk}").data["results"] == []
    # staff: all
    api_client.force_authenticate(staff)
    assert api_client.get(f"/api/v1/attendance/?meeting={meeting.pk}").data["count"] == 2
    assert api_client.get("/api/v1/attendance/?meeting=abc").status_code == 400


def officer_unit_id(required, officer):
    from congress.units import acting_unit

    return acting_unit(officer).pk


def test_attendance_list_query_count(api_client, staff, meeting, django_assert_num_queries):
    units = OrganizationFactory.create_batch(6)
    services.meeting_require_units(meeting=meeting, actor=staff, unit_ids=[u.pk for u in units])
    api_client.force_authenticate(fresh(staff))
    # 1 roles of the user, 2 count, 3 the page with meeting and unit joined
    with django_assert_num_queries(2):
        response = api_client.get(f"/api/v1/attendance/?meeting={meeting.pk}")
    assert response.data["count"] == 6


def test_leave_over_the_api(api_client, officer, own_row):
    api_client.force_authenticate(officer)
    response = api_client.post(
        f"/api/v1/attendance/{own_row.pk}/leave/", {"reason": "出差", "substitute": "副局长乙"}, format="json"
    )
    assert response.status_code == 200
    assert (response.data["status"], response.data["substitute"]) == ("leave_requested", "副局长乙")


def test_leave_400_needs_both_fields(api_client, officer, own_row):
    api_client.force_authenticate(officer)
    response = api_client.post(f"/api/v1/attendance/{own_row.pk}/leave/", {}, format="json")
    assert response.status_code == 400
    assert response.data["reason"] == ["请填写请假事由。"]
    assert response.data["substitute"] == ["请填写委派出席的副职姓名。"]
    response = api_client.post(
        f"/api/v1/attendance/{own_row.pk}/leave/", {"reason": "出差", "substitute": ""}, format="json"
    )
    assert response.data["substitute"] == ["请填写委派出席的副职姓名。"]
    assert RequiredAttendance.objects.get(pk=own_row.pk).status == A.REQUIRED


def test_leave_on_another_units_record_is_404(api_client, officer, other_row):
    api_client.force_authenticate(officer)
    response = api_client.post(
        f"/api/v1/attendance/{other_row.pk}/leave/", {"reason": "x", "substitute": "y"}, format="json"
    )
    assert response.status_code == 404
    assert RequiredAttendance.objects.get(pk=other_row.pk).status == A.REQUIRED


def test_approve_and_reject_over_the_api(api_client, officer, other_officer, reviewer, own_row, other_row):
    services.attendance_request_leave(attendance=own_row, actor=officer, reason="x", substitute="y")
    services.attendance_request_leave(attendance=other_row, actor=other_officer, reason="x", substitute="y")
    api_client.force_authenticate(reviewer)
    approved = api_client.post(
        f"/api/v1/attendance/{own_row.pk}/approve-leave/", {"note": "同意"}, format="json"
    )
    rejected = api_client.post(f"/api/v1/attendance/{other_row.pk}/reject-leave/", {}, format="json")
    assert (approved.status_code, approved.data["status"]) == (200, "leave_approved")
    assert (rejected.status_code, rejected.data["status"]) == (200, "leave_rejected")
    again = api_client.post(f"/api/v1/attendance/{own_row.pk}/approve-leave/", {}, format="json")
    assert again.status_code == 409


def test_only_the_approving_office_approves_over_the_api(api_client, officer, party_reviewer, own_row):
    services.attendance_request_leave(attendance=own_row, actor=officer, reason="x", substitute="y")
    api_client.force_authenticate(officer)
    response = api_client.post(f"/api/v1/attendance/{own_row.pk}/approve-leave/", {}, format="json")
    assert response.status_code == 403
    assert response.data["detail"] == "只有该单位对应的审批机关可以审批请假。"
    api_client.force_authenticate(party_reviewer)
    assert (
        api_client.post(f"/api/v1/attendance/{own_row.pk}/approve-leave/", {}, format="json").status_code
        == 404
    )
    assert RequiredAttendance.objects.get(pk=own_row.pk).status == A.LEAVE_REQUESTED


def test_check_in_over_the_api(api_client, staff, officer, own_row, meeting):
    start_meeting(meeting, staff)
    api_client.force_authenticate(officer)
    assert api_client.post(f"/api/v1/attendance/{own_row.pk}/check-in/").status_code == 403
    api_client.force_authenticate(staff)
    response = api_client.post(f"/api/v1/attendance/{own_row.pk}/check-in/")
    assert response.status_code == 200
    assert response.data["status"] == "attended"
    assert response.data["is_late"] is True


def test_anonymous_cannot_use_the_internal_api(api_client, own_row):
    assert api_client.get("/api/v1/attendance/").status_code in (401, 403)
    assert api_client.post(f"/api/v1/attendance/{own_row.pk}/check-in/").status_code in (401, 403)


# --- public -------------------------------------------------------------------------------


def test_public_attendance_empty_until_closed_and_published(
    api_client, staff, meeting, required, officer, reviewer, django_capture_on_commit_callbacks
):
    url = f"/api/v1/public/attendance/?meeting={meeting.pk}"
    own_row = next(row for row in required.values() if row.unit.name == "区教育局")
    services.attendance_request_leave(attendance=own_row, actor=officer, reason="出差", substitute="副局长乙")
    services.attendance_approve_leave(attendance=own_row, actor=reviewer)
    assert api_client.get(url).data == []
    start_meeting(meeting, staff)
    services.meeting_close(meeting=meeting, actor=staff)  # not yet published
    assert api_client.get(url).data == []
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_publish(meeting_id=meeting.pk)
    rows = {row["unit_name"]: row for row in api_client.get(url).data}
    assert rows["区教育局"]["status"] == "leave_approved"
    assert rows["区教育局"]["substitute"] == "副局长乙"
    assert rows["区卫生健康委员会"]["status"] == "absent"


def test_public_attendance_query_count_and_400(api_client, staff, meeting, django_assert_num_queries):
    units = OrganizationFactory.create_batch(8)
    services.meeting_require_units(meeting=meeting, actor=staff, unit_ids=[u.pk for u in units])
    start_meeting(meeting, staff)
    services.meeting_close(meeting=meeting, actor=staff)
    services.attendance_publish(meeting_id=meeting.pk)
    # 1 the published rows (joined to the meeting for the published check)
    with django_assert_num_queries(1):
        response = api_client.get(f"/api/v1/public/attendance/?meeting={meeting.pk}")
    assert len(response.data) == 8
    missing = api_client.get("/api/v1/public/attendance/")
    assert missing.status_code == 400
    assert missing.data["meeting"] == ["请指定会议编号。"]
    assert api_client.get("/api/v1/public/attendance/?meeting=999999").data == []


def test_openapi_schema_has_the_contract(api_client, staff):
    api_client.force_authenticate(staff)
    schema = api_client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/meetings/",
        "/api/v1/meetings/{id}/attendance/",
        "/api/v1/meetings/{id}/close/",
        "/api/v1/attendance/",
        "/api/v1/attendance/{id}/leave/",
        "/api/v1/attendance/{id}/approve-leave/",
        "/api/v1/attendance/{id}/reject-leave/",
        "/api/v1/attendance/{id}/check-in/",
        "/api/v1/public/attendance/",
    ):
        assert path in paths, path
    create = paths["/api/v1/meetings/"]["post"]["requestBody"]["content"]["application/json"]["schema"][
        "$ref"
    ]
    body = schema["components"]["schemas"][create.rsplit("/", 1)[1]]
    assert set(body["required"]) >= {"kind", "title", "starts_at", "ends_at", "location"}
    leave = paths["/api/v1/attendance/{id}/leave/"]["post"]["requestBody"]["content"]["application/json"][
        "schema"
    ]
    assert set(schema["components"]["schemas"][leave["$ref"].rsplit("/", 1)[1]]["required"]) == {
        "reason",
        "substitute",
    }
    units = paths["/api/v1/meetings/{id}/attendance/"]["post"]["requestBody"]["content"]["application/json"]
    assert "units" in schema["components"]["schemas"][units["schema"]["$ref"].rsplit("/", 1)[1]]["properties"]


# --- the right to act comes before the body -----------------------------------------------


@pytest.fixture
def member(db):
    from congress import roles
    from congress.tests.factories import UserFactory

    return UserFactory(username="member_user", roles=[roles.MEMBER])


def test_deputy_with_an_empty_body_is_refused_before_the_body_is_read(
    api_client, deputy_user, meeting, own_row
):
    # given: a deputy sees the published meeting but runs nothing
    api_client.force_authenticate(deputy_user)
    # when / then: 403 on create and on each meeting action, whatever the body
    for url in (
        "/api/v1/meetings/",
        f"/api/v1/meetings/{meeting.pk}/attendance/",
        f"/api/v1/meetings/{meeting.pk}/close/",
    ):
        response = api_client.post(url, {}, format="json")
        assert response.status_code == 403, url
        assert response.data["code"] == "not_staff"
        assert set(response.data) == {"detail", "code"}
    # attendance records are not theirs to see at all: the wall answers first (404)
    for action in ("leave", "approve-leave", "reject-leave", "check-in"):
        assert (
            api_client.post(f"/api/v1/attendance/{own_row.pk}/{action}/", {}, format="json").status_code
            == 404
        )
    assert not Meeting.objects.exclude(pk=meeting.pk).exists()
    assert RequiredAttendance.objects.get(pk=own_row.pk).status == A.REQUIRED


def test_who_sees_but_may_not_act_gets_403_whatever_the_body(
    api_client, member, reviewer, officer, own_row, meeting
):
    # a committee member reads every record but takes no step
    api_client.force_authenticate(member)
    expected = {
        f"/api/v1/meetings/{meeting.pk}/attendance/": "not_staff",
        f"/api/v1/meetings/{meeting.pk}/close/": "not_staff",
        f"/api/v1/attendance/{own_row.pk}/leave/": "not_unit_officer",
        f"/api/v1/attendance/{own_row.pk}/approve-leave/": "not_approving_office",
        f"/api/v1/attendance/{own_row.pk}/reject-leave/": "not_approving_office",
        f"/api/v1/attendance/{own_row.pk}/check-in/": "not_staff",
    }
    for url, code in expected.items():
        response = api_client.post(url, {}, format="json")
        assert (response.status_code, response.data["code"]) == (403, code), url
    # the approving office may not ask leave for the unit; the unit's officer may not approve
    api_client.force_authenticate(reviewer)
    response = api_client.post(f"/api/v1/attendance/{own_row.pk}/leave/", {}, format="json")
    assert (response.status_code, response.data["code"]) == (403, "not_unit_officer")
    api_client.force_authenticate(officer)
    response = api_client.post(f"/api/v1/attendance/{own_row.pk}/approve-leave/", {"note": 5}, format="json")
    assert (response.status_code, response.data["code"]) == (403, "not_approving_office")
    assert RequiredAttendance.objects.get(pk=own_row.pk).status == A.REQUIRED


def test_staff_with_an_empty_body_get_400_with_field_messages(api_client, staff, meeting):
    api_client.force_authenticate(staff)
    response = api_client.post("/api/v1/meetings/", {}, format="json")
    assert response.status_code == 400
    assert response.data["code"] == "invalid"
    assert response.data["kind"] == ["请选择会议类别。"]
    assert response.data["title"] == ["请填写会议名称。"]
    assert response.data["starts_at"] == ["请填写开始时间。"]
    assert response.data["ends_at"] == ["请填写结束时间。"]
    assert response.data["location"] == ["请填写会议地点。"]
    response = api_client.post(f"/api/v1/meetings/{meeting.pk}/attendance/", {}, format="json")
    assert (response.status_code, response.data["units"]) == (400, ["请选择列席单位。"])
    assert Meeting.objects.count() == 1
