"""Portal, public and admin pages: flows, walls and pinned query counts."""

import re

import pytest
from django.urls import reverse

from congress.tests.factories import OrganizationFactory, UserFactory
from meetings import services
from meetings.models import Meeting, RequiredAttendance
from meetings.tests.conftest import start_meeting
from meetings.tests.factories import AgendaItemFactory, MeetingFactory, ParticipantFactory

A = RequiredAttendance.Status
pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def _published_meeting(staff, *, units=6, leave_officer=None, reviewer=None):
    meeting = MeetingFactory()
    AgendaItemFactory.create_batch(3, meeting=meeting)
    unit_rows = OrganizationFactory.create_batch(units)
    services.meeting_require_units(meeting=meeting, actor=staff, unit_ids=[u.pk for u in unit_rows])
    start_meeting(meeting, staff)
    rows = list(RequiredAttendance.objects.filter(meeting=meeting).order_by("pk"))
    for row in rows[:3]:
        services.attendance_check_in(attendance=row, actor=staff)
    services.meeting_close(meeting=meeting, actor=staff)
    services.attendance_publish(meeting_id=meeting.pk)
    return meeting, unit_rows


# --- public -------------------------------------------------------------------------------


def test_public_meeting_list_shows_published_schedule(client, staff, django_assert_num_queries):
    MeetingFactory.create_batch(3)
    hidden = MeetingFactory(is_schedule_published=False, title="内部会议")
    _published_meeting(staff)
    # 1 district profile (footer), 2 upcoming meetings, 3 count of past, 4 the page of past
    with django_assert_num_queries(4):
        response = client.get(reverse("public:meeting-list"))
    assert response.status_code == 200
    assert hidden.title not in response.content.decode()
    assert client.get(reverse("public:meeting-detail", args=[hidden.pk])).status_code == 404


def test_public_meeting_page_shows_published_attendance(client, staff, django_assert_num_queries):
    meeting, units = _published_meeting(staff, units=8)
    url = reverse("public:meeting-detail", args=[meeting.pk])
    # 1 the meeting, 2 agenda items, 3 public documents, 4 the published rows, 5 district profile
    with django_assert_num_queries(5):
        response = client.get(url)
    html = response.content.decode()
    assert "列席单位出席情况" in html
    for unit in units:
        assert unit.name in html
    assert html.count("status att-attended") == 3
    assert html.count("status att-absent") == 5


def _named_and_unnamed_heads(staff, officer_of, reviewer):
    """A meeting closed and published with three units: the government (its head named), a
    department whose head has no name on file (leave approved, a named substitute sent) and a
    unit with neither a name nor a post on file."""
    from congress.models import Organization

    meeting = MeetingFactory()
    government = OrganizationFactory(
        name="区人民政府", kind=Organization.Kind.GOVERNMENT, head_name="周志远", head_title="区长"
    )
    bureau = OrganizationFactory(name="区民政局", head_name="", head_title="局长", deputy_head_name="吴丽华")
    other = OrganizationFactory(name="某单位", kind=Organization.Kind.OTHER, head_name="", head_title="")
    rows = {
        row.unit_id: row
        for row in services.meeting_require_units(
            meeting=meeting, actor=staff, unit_ids=[government.pk, bureau.pk, other.pk]
        )
    }
    services.attendance_request_leave(
        attendance=rows[bureau.pk], actor=officer_of(bureau), reason="出差", substitute="吴丽华"
    )
    services.attendance_approve_leave(attendance=rows[bureau.pk], actor=reviewer)
    start_meeting(meeting, staff)
    services.attendance_check_in(attendance=rows[government.pk], actor=staff)
    services.meeting_close(meeting=meeting, actor=staff)
    services.attendance_publish(meeting_id=meeting.pk)
    return meeting


def test_public_attendance_names_the_head_and_substitute_or_shows_the_post_alone(
    client, api_client, staff, reviewer, django_assert_num_queries
):
    from congress.tests.factories import officer_of

    meeting = _named_and_unnamed_heads(staff, officer_of, reviewer)
    url = reverse("public:meeting-detail", args=[meeting.pk])
    # 1 the meeting, 2 agenda items, 3 public documents, 4 the published rows (with units),
    # 5 district profile
    with django_assert_num_queries(5):
        html = client.get(url).content.decode()
    table = html[html.index("<tbody>") : html.index("</tbody>")]
    rows = {
        cells[0]: cells[1:]
        for cells in (
            [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
        )
    }
    assert rows["区人民政府"][0] == "周志远" and rows["区人民政府"][2] == "—"
    assert rows["区民政局"][0] == "局长" and rows["区民政局"][2] == "吴丽华"
    assert rows["某单位"][0] == "—"
    assert not re.search(r"[（(]", table)  # never a placeholder in brackets
    # the public API: the name (empty where none is on file) and the post beside it
    data = {
        row["unit_name"]: row
        for row in api_client.get(f"/api/v1/public/attendance/?meeting={meeting.pk}").data
    }
    assert (data["区人民政府"]["expected_person"], data["区人民政府"]["expected_post"]) == ("周志远", "区长")
    assert (data["区民政局"]["expected_person"], data["区民政局"]["expected_post"]) == ("", "局长")
    assert data["区民政局"]["substitute"] == "吴丽华"
    assert (data["某单位"]["expected_person"], data["某单位"]["expected_post"]) == ("", "")


def test_public_meeting_page_before_close_has_no_attendance(client, own_row):
    response = client.get(reverse("public:meeting-detail", args=[own_row.meeting_id]))
    assert response.status_code == 200
    assert own_row.unit.name not in response.content.decode()
    assert "会议结束后自动公开" in response.content.decode()


def test_units_summary_and_unit_record_pages(client, staff, django_assert_num_queries):
    for _ in range(3):
        meeting, _units = _published_meeting(staff, units=2)
    unit = _units[0]
    # 1 years with published rows, 2 the grouped per-unit counts, 3 district profile
    with django_assert_num_queries(3):
        response = client.get(reverse("public:attendance-units"))
    assert unit.name in response.content.decode()
    url = reverse("public:unit-attendance", args=[unit.pk])
    # 1 the unit, 2 the grouped yearly record, 3 the year's rows with meetings, 4 district profile
    with django_assert_num_queries(3):
        response = client.get(url)
    assert response.status_code == 200
    assert unit.name in response.content.decode()
    assert client.get(reverse("public:unit-attendance", args=[OrganizationFactory().pk])).status_code == 404


# --- portal: unit officers ----------------------------------------------------------------


def test_officer_requests_leave_in_the_portal_with_errors_kept(client, officer, own_row):
    _login(client, officer)
    url = reverse("portal:attendance-leave", args=[own_row.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "赴市里开会", "substitute": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "请填写委派出席的副职姓名。" in html
    assert "赴市里开会" in html
    response = client.post(url, {"reason": "赴市里开会", "substitute": "副局长乙"})
    assert response.status_code == 302
    own_row.refresh_from_db()
    assert (own_row.status, own_row.substitute) == (A.LEAVE_REQUESTED, "副局长乙")


def test_officer_cannot_open_another_units_leave_form(client, officer, other_row):
    _login(client, officer)
    url = reverse("portal:attendance-leave", args=[other_row.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "x", "substitute": "y"}).status_code == 404
    other_row.refresh_from_db()
    assert other_row.status == A.REQUIRED


def test_officer_meeting_list_and_detail(client, officer, own_row, other_row, django_assert_num_queries):
    _login(client, officer)
    client.get(reverse("portal:meeting-list"))  # warm the session
    # 1 user, 2 upcoming rows, 3 past rows, 4 participations (session, roles, units acted for
    # and district profile come from the cache; a read-only request saves no session)
    with django_assert_num_queries(4):
        response = client.get(reverse("portal:meeting-list"))
    html = response.content.decode()
    assert own_row.meeting.title in html
    response = client.get(reverse("portal:meeting-detail", args=[own_row.meeting_id]))
    assert "申请请假" in response.content.decode()


def test_participant_sees_their_meeting(client, deputy_user):
    meeting = MeetingFactory(is_schedule_published=False, title="主任会议（内部）")
    ParticipantFactory(meeting=meeting, user=deputy_user)
    _login(client, deputy_user)
    assert meeting.title in client.get(reverse("portal:meeting-list")).content.decode()
    assert client.get(reverse("portal:meeting-detail", args=[meeting.pk])).status_code == 200
    other = MeetingFactory(is_schedule_published=False)
    assert client.get(reverse("portal:meeting-detail", args=[other.pk])).status_code == 404


# --- portal: reviewers --------------------------------------------------------------------


def test_reviewer_approves_in_the_portal(client, officer, reviewer, own_row):
    services.attendance_request_leave(attendance=own_row, actor=officer, reason="出差", substitute="副局长乙")
    _login(client, reviewer)
    response = client.get(reverse("portal:meeting-leave-requests"))
    assert "副局长乙" in response.content.decode()
    response = client.post(reverse("portal:attendance-approve-leave", args=[own_row.pk]), {"note": "同意"})
    assert response.status_code == 302
    own_row.refresh_from_db()
    assert own_row.status == A.LEAVE_APPROVED


def _english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def _notices(client, language):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    return client.get(reverse("portal:notifications")).content.decode()


def test_leave_notices_are_shown_in_the_readers_language(
    client, officer, reviewer, own_row, django_capture_on_commit_callbacks
):
    """The officer asks and the reviewer decides in English; each reads the other's notice in
    the language they chose, not the sender's."""
    from django.test import Client

    other = Client()
    _english(_login(client, officer))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portal:attendance-leave", args=[own_row.pk]),
            {"reason": "出差", "substitute": "副局长乙"},
        )
    _login(other, reviewer)
    chinese, english = _notices(other, "zh-hans"), _notices(other, "en")
    assert "请假待审批：区教育局 · " in chinese and "事由：出差；委派副职：副局长乙" in chinese
    assert "Leave awaiting approval: 区教育局 · " in english
    assert "Reason: 出差; substitute deputy head: 副局长乙" in english

    with django_capture_on_commit_callbacks(execute=True):
        other.post(reverse("portal:attendance-approve-leave", args=[own_row.pk]), {"note": ""})
    chinese = _notices(client, "zh-hans")
    assert f"请假已批准：{own_row.meeting.title}" in chinese and "由 副局长乙 代为列席。" in chinese
    assert "Leave approved" in _notices(client, "en")


def test_party_office_cannot_approve_a_department_in_the_portal(client, officer, party_reviewer, own_row):
    services.attendance_request_leave(attendance=own_row, actor=officer, reason="出差", substitute="副局长乙")
    _login(client, party_reviewer)
    assert "副局长乙" not in client.get(reverse("portal:meeting-leave-requests")).content.decode()
    assert client.post(reverse("portal:attendance-approve-leave", args=[own_row.pk])).status_code == 404
    own_row.refresh_from_db()
    assert own_row.status == A.LEAVE_REQUESTED


def test_leave_requests_page_query_count(client, reviewer, staff, meeting, django_assert_num_queries):
    units = OrganizationFactory.create_batch(5)
    rows = services.meeting_require_units(meeting=meeting, actor=staff, unit_ids=[u.pk for u in units])
    for row in rows:
        officer = UserFactory(roles=["unit_officer"], unit=row.unit)
        services.attendance_request_leave(attendance=row, actor=officer, reason="出差", substitute="副职")
    _login(client, reviewer)
    client.get(reverse("portal:meeting-leave-requests"))
    # 1 user, 2 recently decided, 3 waiting rows (session, roles, units acted for and district
    # profile come from the cache; a read-only request saves no session)
    with django_assert_num_queries(3):
        response = client.get(reverse("portal:meeting-leave-requests"))
    assert response.content.decode().count("review-form") == 5


def test_reviewer_and_officer_home_panels(client, reviewer, officer, own_row):
    services.attendance_request_leave(attendance=own_row, actor=officer, reason="出差", substitute="副局长乙")
    _login(client, reviewer)
    assert "待审批的列席请假" in client.get(reverse("portal:home")).content.decode()
    client.logout()
    other = RequiredAttendance.objects.exclude(pk=own_row.pk).get()
    _login(client, UserFactory(roles=["unit_officer"], unit=other.unit))
    html = client.get(reverse("portal:home")).content.decode()
    assert "需列席的会议" in html
    assert own_row.meeting.title in html


# --- portal: staff check-in and the QR code -----------------------------------------------


def test_staff_check_in_page_and_htmx_row(client, staff, required, meeting, django_assert_num_queries):
    start_meeting(meeting, staff)
    _login(client, staff)
    url = reverse("portal:meeting-check-in", args=[meeting.pk])
    client.get(url)
    # 1 session, 2 user, 3 roles, 4 the meeting, 5 the required rows with units, 6 district,
    # 7-9 the session saved on every request (savepoint, update, release)
    with django_assert_num_queries(3):
        response = client.get(url)
    html = response.content.decode()
    assert "<svg" in html
    assert meeting.check_in_token in html
    row = next(iter(required.values()))
    response = client.post(reverse("portal:attendance-check-in", args=[row.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "已签到" in response.content.decode()
    again = client.post(reverse("portal:attendance-check-in", args=[row.pk]), HTTP_HX_REQUEST="true")
    assert "当前状态为" in again.content.decode()
    response = client.post(reverse("portal:meeting-close", args=[meeting.pk]))
    assert response.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CLOSED


def test_check_in_page_before_the_window_says_when_and_shows_no_check_in(
    client, staff, officer, required, meeting, django_assert_num_queries
):
    # given: the meeting starts in two hours, check-in opens an hour before
    _login(client, staff)
    url = reverse("portal:meeting-check-in", args=[meeting.pk])
    client.get(url)
    # 1 session, 2 user, 3 roles, 4 the meeting, 5 the rule meetings.check_in_opens_minutes
    # (read only while the scheduled start is ahead and the meeting not opened), 6 the required
    # rows with units, 7 district, 8-10 the session saved
    with django_assert_num_queries(3):
        html = client.get(url).content.decode()
    assert "签到尚未开放：会议开始前60分钟" in html
    assert reverse("portal:attendance-check-in", args=[next(iter(required.values())).pk]) not in html
    assert "开始会议" in html
    assert reverse("portal:meeting-close", args=[meeting.pk]) not in html  # closes once started
    # a check-in posted anyway is refused with the same words, in the row
    row = next(iter(required.values()))
    response = client.post(reverse("portal:attendance-check-in", args=[row.pk]), HTTP_HX_REQUEST="true")
    assert "签到尚未开放" in response.content.decode()
    assert "btn primary big" not in response.content.decode()
    # the attendee's phone: the notice instead of the button
    _login(client, officer)
    qr = client.get(reverse("portal:meeting-qr-check-in", args=[meeting.check_in_token])).content.decode()
    assert "签到尚未开放" in qr and "确认签到" not in qr


def test_staff_open_and_close_a_meeting_before_its_scheduled_start(client, staff, own_row, meeting):
    # given: the meeting is scheduled two hours from now and starts early
    _login(client, staff)
    response = client.post(reverse("portal:meeting-open", args=[meeting.pk]), follow=True)
    html = response.content.decode()
    assert "会议已开始签到。" in html and "进行中" in html
    assert "实际开始" in html and "签到尚未开放" not in html
    assert reverse("portal:attendance-check-in", args=[own_row.pk]) in html
    # when: staff close it
    response = client.post(reverse("portal:meeting-close", args=[meeting.pk]), follow=True)
    # then: closed, whatever the scheduled times
    html = response.content.decode()
    assert "会议已结束，出席情况将自动在网站公开。" in html
    assert "会议尚未开始" not in html
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED and meeting.opened_at <= meeting.closed_at
    detail = client.get(reverse("portal:meeting-detail", args=[meeting.pk])).content.decode()
    assert "实际开始" in detail and "实际结束" in detail
    public = client.get(reverse("public:meeting-detail", args=[meeting.pk])).content.decode()
    assert "实际开始" in public and "实际结束" in public


def test_check_in_page_is_for_staff_only(client, officer, own_row):
    _login(client, officer)
    assert client.get(reverse("portal:meeting-check-in", args=[own_row.meeting_id])).status_code == 404
    assert client.post(reverse("portal:attendance-check-in", args=[own_row.pk])).status_code == 404


def test_qr_check_in_page(client, officer, own_row, meeting, staff):
    start_meeting(meeting, staff)
    _login(client, officer)
    url = reverse("portal:meeting-qr-check-in", args=[meeting.check_in_token])
    assert "确认签到" in client.get(url).content.decode()
    client.post(url)
    own_row.refresh_from_db()
    assert (own_row.status, own_row.check_in_method) == (A.ATTENDED, "qr")
    assert client.get(reverse("portal:meeting-qr-check-in", args=["nope"])).status_code == 404


# --- admin --------------------------------------------------------------------------------


def test_staff_run_meetings_in_the_admin(client, staff, unit, other_unit, term):
    _login(client, staff)
    response = client.post(
        reverse("admin:meetings_meeting_add"),
        {
            "kind": "standing",
            "title": "后台新建的会议",
            "term": term.pk,
            "starts_at_0": "2030-03-01",
            "starts_at_1": "09:00:00",
            "ends_at_0": "2030-03-01",
            "ends_at_1": "12:00:00",
            "location": "第一会议室",
            "is_schedule_published": "on",
            "minutes": "",
            "agenda_items-TOTAL_FORMS": "1",
            "agenda_items-INITIAL_FORMS": "0",
            "agenda_items-0-order": "1",
            "agenda_items-0-title": "审议报告",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
            "participants-TOTAL_FORMS": "0",
            "participants-INITIAL_FORMS": "0",
            "required_attendance-TOTAL_FORMS": "0",
            "required_attendance-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get(title="后台新建的会议")
    assert meeting.created_by == staff
    assert meeting.agenda_items.get().title == "审议报告"
    changelist = reverse("admin:meetings_meeting_changelist")
    page = client.post(changelist, {"action": "require_units", "_selected_action": [meeting.pk]})
    assert "列席单位" in page.content.decode()
    client.post(
        changelist,
        {
            "action": "require_units",
            "_selected_action": [meeting.pk],
            "apply": "1",
            "units": [unit.pk, other_unit.pk],
        },
    )
    assert meeting.required_attendance.count() == 2
    client.post(changelist, {"action": "close_meetings", "_selected_action": [meeting.pk]})
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PLANNED  # not started yet
    assert client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).status_code == 200


def test_correction_in_the_admin(client, staff, own_row, meeting):
    start_meeting(meeting, staff)
    services.meeting_close(meeting=meeting, actor=staff)
    services.attendance_publish(meeting_id=meeting.pk)
    _login(client, staff)
    changelist = reverse("admin:meetings_requiredattendance_changelist")
    data = {
        "action": "correct",
        "_selected_action": [own_row.pk],
        "apply": "1",
        "status": "attended",
        "reason": "",
    }
    assert "请填写更正理由。" in client.post(changelist, data).content.decode()
    client.post(changelist, {**data, "reason": "签到表漏记"})
    own_row.refresh_from_db()
    assert own_row.status == A.ATTENDED
    assert own_row.published.status == A.ATTENDED
