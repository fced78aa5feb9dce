"""Court and procuratorate supervision (seed 十): special supervisors appointed and ended by
staff and listed on the website; court-hearing attendance recorded by deputies, remarks passed
to the court with a reply deadline in working days, replied in the portal, in the unit's inbox,
reminded and escalated by the daily scan; the API's walls, bad input and wrong state."""

import datetime as dt

import pytest
from django.urls import reverse

from congress import roles
from congress.exceptions import ApplicationError, InvalidTransition, PermissionDeniedError
from congress.models import Notification, Organization
from congress.tests.factories import OrganizationFactory, UserFactory
from deputies.tests.factories import DeputyFactory
from supervision import services
from supervision.models import HearingAttendance, SpecialSupervisor
from supervision.tasks import send_daily_reminders

pytestmark = pytest.mark.django_db
H = HearingAttendance.State
S = SpecialSupervisor.State


@pytest.fixture
def court(db):
    return OrganizationFactory(name="区人民法院", kind=Organization.Kind.COURT)


@pytest.fixture
def procuratorate(db):
    return OrganizationFactory(name="区人民检察院", kind=Organization.Kind.PROCURATORATE)


@pytest.fixture
def court_officer(court):
    return UserFactory(roles=[roles.UNIT_OFFICER], unit=court)


@pytest.fixture
def deputy(term):
    return DeputyFactory(term=term, with_user=True)


def _record(deputy_user, court, *, remarks="建议加强诉讼指引。", today=None, number="（2026）沪0104民初1号"):
    return services.hearing_record(
        actor=deputy_user,
        unit=court,
        case_number=number,
        case_title="房屋租赁合同纠纷",
        court="第三法庭",
        hearing_date=dt.date(2026, 9, 25),
        remarks=remarks,
        today=today or dt.date(2026, 9, 28),
    )


# --- special supervisors -------------------------------------------------------------------------


def test_staff_appoint_and_end_a_special_supervisor(
    staff, deputy, court, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        supervisor = services.special_supervisor_appoint(
            actor=staff,
            deputy=deputy,
            institution=court,
            term_start=dt.date(2024, 1, 1),
            term_end=dt.date(2028, 12, 31),
        )
    assert supervisor.state == S.SERVING and supervisor.events.get().action == "appoint"
    assert Notification.objects.filter(recipient=deputy.user).exists()
    page = client.get(reverse("public:supervision-special-supervisors")).content.decode()
    assert deputy.name in page and court.name in page

    with pytest.raises(ApplicationError) as refused:
        services.special_supervisor_end(actor=staff, supervisor=supervisor, reason=" ")
    assert "reason" in refused.value.extra
    ended = services.special_supervisor_end(actor=staff, supervisor=supervisor, reason="调离本区")

    assert ended.state == S.ENDED and ended.end_reason == "调离本区" and ended.history.count() == 2
    assert deputy.name not in client.get(reverse("public:supervision-special-supervisors")).content.decode()
    with pytest.raises(InvalidTransition):
        services.special_supervisor_end(actor=staff, supervisor=ended, reason="再次")


def test_appointment_refuses_bad_input_and_non_staff(staff, deputy, court, unit, officer):
    good = {
        "deputy": deputy,
        "institution": court,
        "term_start": dt.date(2024, 1, 1),
        "term_end": dt.date(2025, 1, 1),
    }
    with pytest.raises(PermissionDeniedError):
        services.special_supervisor_appoint(actor=officer, **good)
    with pytest.raises(ApplicationError) as wrong_unit:
        services.special_supervisor_appoint(actor=staff, **{**good, "institution": unit})
    assert "institution" in wrong_unit.value.extra
    with pytest.raises(ApplicationError) as backwards:
        services.special_supervisor_appoint(actor=staff, **{**good, "term_end": dt.date(2023, 1, 1)})
    assert "term_end" in backwards.value.extra
    services.special_supervisor_appoint(actor=staff, **good)
    with pytest.raises(ApplicationError) as twice:
        services.special_supervisor_appoint(actor=staff, **good)
    assert twice.value.code == "duplicate"


def test_the_public_list_shows_only_those_serving_today_in_constant_queries(
    client, staff, term, court, procuratorate, django_assert_num_queries
):
    today = dt.date.today()
    for i in range(6):
        services.special_supervisor_appoint(
            actor=staff,
            deputy=DeputyFactory(term=term),
            institution=court if i % 2 else procuratorate,
            term_start=today - dt.timedelta(days=30),
            term_end=today + dt.timedelta(days=300),
        )
    past = services.special_supervisor_appoint(
        actor=staff,
        deputy=DeputyFactory(term=term, name="任期已满"),
        institution=court,
        term_start=today - dt.timedelta(days=900),
        term_end=today - dt.timedelta(days=1),
    )
    # 1 the supervisors with their deputies, groups and institutions, 2 the published plan
    # years (tabs), 3 the district (site shell)
    with django_assert_num_queries(3):
        response = client.get(reverse("public:supervision-special-supervisors"))
    html = response.content.decode()
    assert html.count('class="title"') == 6 and past.deputy.name not in html


# --- hearing attendance ----------------------------------------------------------------------


def test_remarks_go_to_the_court_with_a_deadline_in_working_days(
    deputy, court, court_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        attendance = _record(deputy.user, court)

    # 15 working days from Monday 2026-09-28: National Day (10-01…10-07) does not count and the
    # Saturday 10-10 is a working day (调休).
    assert attendance.state == H.AWAITING_REPLY
    assert attendance.reply_due == dt.date(2026, 10, 23)
    assert attendance.events.get().action == "pass_on"
    notice = Notification.objects.get(recipient=court_officer)
    assert notice.url.endswith(f"/portal/supervision/court-hearings/{attendance.pk}/")


def test_without_remarks_nothing_is_owed(deputy, court, court_officer):
    attendance = _record(deputy.user, court, remarks="  ")
    assert attendance.state == H.RECORDED and attendance.reply_due is None
    assert not Notification.objects.filter(recipient=court_officer).exists()


def test_hearing_input_is_checked(deputy, court, unit, staff):
    with pytest.raises(PermissionDeniedError):
        _record(staff, court)
    with pytest.raises(ApplicationError) as wrong_unit:
        _record(deputy.user, unit)
    assert "unit" in wrong_unit.value.extra
    with pytest.raises(ApplicationError) as future:
        services.hearing_record(
            actor=deputy.user,
            unit=court,
            case_number="1",
            case_title="案由",
            court="第一法庭",
            hearing_date=dt.date(2026, 10, 1),
            today=dt.date(2026, 9, 28),
        )
    assert future.value.code == "future"


def test_the_court_replies_and_the_deputy_is_told(
    deputy, court, court_officer, officer, django_capture_on_commit_callbacks
):
    attendance = _record(deputy.user, court)
    with pytest.raises(PermissionDeniedError):
        services.hearing_reply(actor=officer, attendance=attendance, content="答复")

    with django_capture_on_commit_callbacks(execute=True):
        replied = services.hearing_reply(
            actor=court_officer, attendance=attendance, content="已设立老年人绿色通道。"
        )

    assert replied.state == H.REPLIED and replied.replied_by == court_officer
    assert Notification.objects.filter(recipient=deputy.user, key__endswith=":replied").exists()
    with pytest.raises(InvalidTransition):
        services.hearing_reply(actor=court_officer, attendance=replied, content="再答复")


# --- portal ------------------------------------------------------------------------------------


def test_the_deputy_records_in_the_portal_and_keeps_input_on_errors(client, deputy, court):
    client.force_login(deputy.user)
    url = reverse("portal:supervision-hearing-new")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"unit": court.pk, "case_number": "", "case_title": "纠纷", "court": "第一法庭"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "请填写案号。" in html and "纠纷" in html
    response = client.post(
        url,
        {
            "unit": court.pk,
            "case_number": "（2026）沪0104民初9号",
            "case_title": "借款合同纠纷",
            "court": "第二法庭",
            "hearing_date": str(dt.date.today()),
            "remarks": "建议公开庭审直播。",
        },
    )
    attendance = HearingAttendance.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/court-hearings/{attendance.pk}/")
    assert attendance.state == H.AWAITING_REPLY and attendance.deputy == deputy.user


def test_walls_of_the_hearing_pages(client, deputy, court, court_officer, officer, staff, term):
    attendance = _record(deputy.user, court)
    bare = _record(deputy.user, court, remarks="", number="（2026）沪0104民初2号")
    other_deputy = DeputyFactory(term=term, with_user=True).user
    page = reverse("portal:supervision-hearing", args=[attendance.pk])
    for outsider in (officer, other_deputy):
        client.force_login(outsider)
        assert client.get(page).status_code == 404
    client.force_login(court_officer)
    assert client.get(reverse("portal:supervision-hearing", args=[bare.pk])).status_code == 404
    html = client.get(page).content.decode()
    assert 'id="reply"' in html
    response = client.post(
        reverse("portal:supervision-hearing-reply", args=[attendance.pk]), {"content": " "}
    )
    assert response.status_code == 400 and "请填写答复内容。" in response.content.decode()
    client.post(reverse("portal:supervision-hearing-reply", args=[attendance.pk]), {"content": "已研究。"})
    attendance.refresh_from_db()
    assert attendance.state == H.REPLIED
    client.force_login(deputy.user)
    assert "已研究。" in client.get(page).content.decode()
    client.force_login(staff)
    assert client.get(page).status_code == 200


def test_the_court_sees_the_remarks_in_its_inbox(client, deputy, court, court_officer):
    attendance = _record(deputy.user, court, today=dt.date.today())
    client.force_login(court_officer)
    html = client.get(reverse("portal:supervision-inbox")).content.decode()
    assert reverse("portal:supervision-hearing", args=[attendance.pk]) in html and "旁听庭审意见" in html


@pytest.mark.parametrize("rows", [2, 6])
def test_the_hearing_list_costs_the_same_whatever_the_rows(
    client, deputy, court, rows, django_assert_max_num_queries
):
    for i in range(rows):
        _record(deputy.user, court, number=f"（2026）沪0104民初{i}号")
    client.force_login(deputy.user)
    client.get(reverse("portal:supervision-hearing-list"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("portal:supervision-hearing-list"))
    assert response.content.decode().count('class="title"') == rows


# --- reminders -----------------------------------------------------------------------------------


def test_the_daily_scan_reminds_and_escalates_a_reply_once(deputy, court, court_officer, staff):
    attendance = _record(deputy.user, court)  # due 2026-10-23

    before = send_daily_reminders("2026-10-13")  # 8 working days left: the 10-day milestone
    again = send_daily_reminders("2026-10-13")
    late = send_daily_reminders("2026-10-26")
    late_again = send_daily_reminders("2026-10-26")

    assert (before["reminders"], again["reminders"]) == (1, 0)
    assert (late["overdue"], late_again["overdue"]) == (1, 0)
    keys = set(Notification.objects.filter(recipient=court_officer).values_list("key", flat=True))
    assert f"supervision.hearing_reply_due:{attendance.pk}:2026-10-23:10" in keys
    assert f"supervision.hearing_reply_due:{attendance.pk}:overdue:2026-10-23" in keys
    assert Notification.objects.filter(recipient=staff, key="supervision:overdue-digest:2026-10-26").exists()


# --- API -----------------------------------------------------------------------------------------


def test_api_hearings(api_client, deputy, court, court_officer, officer, staff):
    api_client.force_authenticate(officer)
    body = {
        "unit": court.pk,
        "case_number": "（2026）沪0104民初7号",
        "case_title": "合同纠纷",
        "court": "第三法庭",
        "hearing_date": "2026-09-25",
        "remarks": "建议。",
    }
    assert api_client.post("/api/v1/supervision/court-hearings/", body, format="json").status_code == 403
    api_client.force_authenticate(deputy.user)
    bad = api_client.post("/api/v1/supervision/court-hearings/", {**body, "case_number": ""}, format="json")
    assert bad.status_code == 400 and "请填写案号。" in str(bad.data)
    created = api_client.post("/api/v1/supervision/court-hearings/", body, format="json")
    assert created.status_code == 201 and created.data["state"] == "awaiting_reply"
    pk = created.data["id"]

    api_client.force_authenticate(officer)
    assert api_client.get(f"/api/v1/supervision/court-hearings/{pk}/").status_code == 404
    assert (
        api_client.post(f"/api/v1/supervision/court-hearings/{pk}/reply/", {"content": "x"}).status_code
        == 404
    )
    api_client.force_authenticate(court_officer)
    assert [row["id"] for row in api_client.get("/api/v1/supervision/court-hearings/").data["results"]] == [
        pk
    ]
    assert (
        api_client.post(f"/api/v1/supervision/court-hearings/{pk}/reply/", {"content": ""}).status_code == 400
    )
    replied = api_client.post(f"/api/v1/supervision/court-hearings/{pk}/reply/", {"content": "已答复。"})
    assert replied.status_code == 200 and replied.data["state"] == "replied"
    again = api_client.post(f"/api/v1/supervision/court-hearings/{pk}/reply/", {"content": "再次"})
    assert again.status_code == 409 and again.data["code"] == "invalid_transition"


def test_api_special_supervisors(api_client, staff, deputy, court, member):
    body = {
        "deputy": deputy.pk,
        "institution": court.pk,
        "term_start": "2024-01-01",
        "term_end": "2028-12-31",
    }
    api_client.force_authenticate(member)
    assert api_client.post("/api/v1/supervision/special-supervisors/", body, format="json").status_code == 403
    api_client.force_authenticate(staff)
    bad = api_client.post(
        "/api/v1/supervision/special-supervisors/", {**body, "term_end": "2020-01-01"}, format="json"
    )
    assert bad.status_code == 400 and "聘期结束日期不能早于开始日期。" in str(bad.data)
    created = api_client.post("/api/v1/supervision/special-supervisors/", body, format="json")
    assert created.status_code == 201 and created.data["state"] == "serving"
    api_client.force_authenticate(None)
    public = api_client.get("/api/v1/public/supervision/special-supervisors/")
    assert public.status_code == 200 and public.data["results"][0]["deputy_name"] == deputy.name
    api_client.force_authenticate(staff)
    end = f"/api/v1/supervision/special-supervisors/{created.data['id']}/end/"
    assert api_client.post(end, {"reason": ""}, format="json").status_code == 400
    assert api_client.post(end, {"reason": "调离"}, format="json").data["state"] == "ended"
    assert api_client.post(end, {"reason": "调离"}, format="json").status_code == 409


def test_the_courts_home_panel_links_the_hearing(client, deputy, court, court_officer):
    attendance = _record(deputy.user, court, today=dt.date.today())
    client.force_login(court_officer)
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:supervision-hearing", args=[attendance.pk]) in home and "答复代表意见" in home


# --- admin -----------------------------------------------------------------------------------------


def test_staff_appoint_and_end_in_the_admin_and_enter_a_paper_reply(
    client, staff, deputy, court, deputy_user
):
    client.force_login(staff)
    add = reverse("admin:supervision_specialsupervisor_add")
    bad = client.post(
        add,
        {"deputy": deputy.pk, "institution": court.pk, "term_start": "2026-01-01", "term_end": "2025-01-01"},
    )
    assert bad.status_code == 200 and "聘期结束日期不能早于开始日期。" in bad.content.decode()
    response = client.post(
        add,
        {"deputy": deputy.pk, "institution": court.pk, "term_start": "2024-01-01", "term_end": "2028-12-31"},
    )
    assert response.status_code == 302
    supervisor = SpecialSupervisor.objects.get()
    assert supervisor.events.get().actor == staff
    step = reverse("admin:supervision_specialsupervisor_step", args=[supervisor.pk, "end"])
    assert client.post(step, {"reason": ""}).status_code == 200  # the form says why
    assert client.post(step, {"reason": "调离本区"}).status_code == 302
    supervisor.refresh_from_db()
    assert supervisor.state == S.ENDED

    attendance = _record(deputy_user, court)
    reply = reverse("admin:supervision_hearingattendance_step", args=[attendance.pk, "reply"])
    assert client.post(reply, {"content": "书面答复已收到。"}).status_code == 302
    attendance.refresh_from_db()
    assert attendance.state == H.REPLIED and attendance.replied_by == staff
