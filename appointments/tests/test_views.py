import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from appointments import services
from appointments.models import CommitteeMember, LawExam, Nomination, Vacancy
from appointments.tests.conftest import advance, committee
from appointments.tests.factories import NominationFactory, VacancyFactory
from meetings.models import Meeting
from meetings.tests.factories import MeetingFactory

S = Nomination.Status


@pytest.fixture
def board(term, staff):
    """Five nominations: sworn, failed exam, in publicity now, nominated, withdrawn."""
    rows = [NominationFactory(term=term) for _ in range(5)]
    advance(rows[0], S.SWORN, actor=staff)
    advance(rows[1], S.EXAM_FAILED, actor=staff)
    advance(rows[2], S.EXAM_PASSED, actor=staff)
    services.nomination_start_publicity(
        actor=staff,
        nomination_id=rows[2].pk,
        text="本人郑重承诺：依法履职。",
        start_date=timezone.localdate(),
    )
    services.nomination_withdraw(actor=staff, nomination_id=rows[4].pk, reason="撤回")
    return rows


def login(client, user):
    client.force_login(user)


# --- the public website -------------------------------------------------------------------


def test_public_list_shows_notices_in_constant_queries(client, board, django_assert_num_queries):
    # 1 publicities running today, 2 count, 3 the page of nominations with body, publicity,
    # vote+meeting and oath+meeting joined, 4 the district profile (base template)
    with django_assert_num_queries(4):
        response = client.get(reverse("public:appointment-list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "正在公示" in html and "本人郑重承诺：依法履职。" in html
    assert board[0].person_name in html and board[2].person_name in html
    assert board[4].person_name not in html  # withdrawn
    assert board[1].person_name not in html and board[3].person_name not in html  # before publicity
    assert "85.0" not in html  # exam scores are not public


def test_public_list_by_stage(client, board):
    response = client.get(reverse("public:appointment-list"), {"stage": "sworn"})
    html = response.content.decode()
    assert board[0].person_name in html
    assert board[3].person_name not in html  # only nominated: not in the sworn tab
    assert client.get(reverse("public:appointment-list"), {"stage": "bogus"}).status_code == 200


def test_public_detail_shows_each_step_and_hides_withdrawn(client, board):
    response = client.get(reverse("public:appointment-detail", args=[board[0].pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "表决结果" in html and "宪法宣誓" in html and "宪法宣誓誓词（2018年修订）" in html
    assert client.get(reverse("public:appointment-detail", args=[board[4].pk])).status_code == 404
    assert client.get(reverse("public:appointment-detail", args=[999999])).status_code == 404


# --- the portal ---------------------------------------------------------------------------


def _dashboard_data(term):
    committee(term, 10, resident=5, reappointed=4)
    VacancyFactory(term=term)
    VacancyFactory(term=term, nomination=NominationFactory(term=term))
    start = timezone.make_aware(dt.datetime(timezone.localdate().year, 3, 18, 9))
    MeetingFactory(kind=Meeting.Kind.TOWN, starts_at=start, ends_at=start + dt.timedelta(days=1))


def test_portal_dashboard_for_members_in_constant_queries(
    client, term, member_user, django_assert_num_queries
):
    _dashboard_data(term)
    login(client, member_user)
    # 1 session, 2 user, 3 roles, 4 current term, 5 open vacancies with nominations and the
    # members who left, 6 the year's town sessions, 7 composition rules, 8 serving members,
    # 9 town rules, 10 district profile (base template), 11-13 session renewed (idle timeout:
    # savepoint, update, release)
    with django_assert_num_queries(11):
        response = client.get(reverse("portal:composition"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "驻会人员比例" in html and "tone-due" in html
    assert "待推荐" in html
    assert "在管理后台处理" not in html  # members read only


@pytest.mark.parametrize("who", ["deputy_user", "officer"])
def test_portal_dashboard_is_not_for_deputies_or_units(client, request, who):
    login(client, request.getfixturevalue(who))
    assert client.get(reverse("portal:composition")).status_code == 403


def test_portal_dashboard_needs_login(client, db):
    response = client.get(reverse("portal:composition"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_portal_home_panel_counts_warnings_for_staff_not_deputies(client, term, staff, deputy_user):
    _dashboard_data(term)
    login(client, staff)
    html = client.get(reverse("portal:home")).content.decode()
    assert "组成结构与镇人代会预警" in html
    client.logout()
    login(client, deputy_user)
    assert "组成结构与镇人代会预警" not in client.get(reverse("portal:home")).content.decode()


# --- the admin ----------------------------------------------------------------------------


def test_admin_dashboard_for_staff_in_constant_queries(client, term, staff, django_assert_num_queries):
    _dashboard_data(term)
    login(client, staff)
    url = reverse("admin:appointments_committeemember_dashboard")
    client.get(url)  # warm the session
    # 1 session, 2 user, 3 roles, 4 current term, 5 open vacancies with nominations and the
    # members who left, 6 the year's town sessions, 7 composition rules, 8 serving members,
    # 9 town rules, 10-11 the admin sidebar's user and group permissions, 12-14 session
    # renewed (idle timeout: savepoint, update, release)
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "level-warning" in html and "驻会人员比例" in html
    assert "镇人民代表大会" in html


def test_admin_dashboard_is_linked_from_the_member_list(client, term, staff):
    committee(term, 3)
    login(client, staff)
    response = client.get(reverse("admin:appointments_committeemember_changelist"))
    assert response.status_code == 200
    assert reverse("admin:appointments_committeemember_dashboard") in response.content.decode()


def test_admin_dashboard_is_not_for_deputies(client, deputy_user):
    login(client, deputy_user)
    response = client.get(reverse("admin:appointments_committeemember_dashboard"))
    assert response.status_code == 302  # not admin staff: the admin sends them to its login


def test_admin_step_page_records_an_exam_through_the_service(client, staff, nomination):
    login(client, staff)
    url = reverse("admin:appointments_nomination_step", args=[nomination.pk, "exam"])
    assert client.get(url).status_code == 200

    bad = client.post(url, {"exam_date": "2026-05-01", "score": "80"})  # before the nomination
    assert bad.status_code == 200
    assert "考试日期不能早于提请日期。" in bad.content.decode()

    response = client.post(url, {"exam_date": "2026-05-20", "score": "80"})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == S.EXAM_PASSED
    assert LawExam.objects.get(nomination=nomination).recorded_by == staff


def test_admin_step_out_of_order_redirects_with_message(client, staff, nomination):
    login(client, staff)
    response = client.get(
        reverse("admin:appointments_nomination_step", args=[nomination.pk, "oath"]), follow=True
    )
    assert "不能执行“登记宪法宣誓”" in response.content.decode()
    assert (
        client.get(reverse("admin:appointments_nomination_step", args=[nomination.pk, "bogus"])).status_code
        == 404
    )


def test_admin_change_page_offers_only_allowed_steps(client, staff, nomination):
    login(client, staff)
    html = client.get(reverse("admin:appointments_nomination_change", args=[nomination.pk])).content.decode()
    assert reverse("admin:appointments_nomination_step", args=[nomination.pk, "exam"]) in html
    assert reverse("admin:appointments_nomination_step", args=[nomination.pk, "oath"]) not in html


def test_admin_change_page_shows_the_steps_read_only(client, staff, nomination):
    advance(nomination, S.PUBLICITY, actor=staff)
    login(client, staff)
    html = client.get(reverse("admin:appointments_nomination_change", args=[nomination.pk])).content.decode()
    assert "85.0" in html  # the exam inline
    assert "本人郑重承诺……" in html  # the publicity inline
    assert "任免流程记录" in html  # the event log
    assert 'name="exams-0-score"' not in html  # read only


def test_admin_add_nomination_calls_the_service(client, staff, term, nomination):
    login(client, staff)
    response = client.post(
        reverse("admin:appointments_nomination_add"),
        {
            "term": term.pk,
            "kind": "appointment",
            "person_name": "王五",
            "gender": "male",
            "proposed_post": "区司法局局长",
            "nominating_body": nomination.nominating_body_id,
            "nominated_on": "2026-09-01",
        },
    )
    assert response.status_code == 302
    created = Nomination.objects.get(person_name="王五")
    assert created.events.get().actor == staff


def test_admin_add_nomination_shows_service_rules_as_field_errors(client, staff, term, nomination):
    login(client, staff)
    response = client.post(
        reverse("admin:appointments_nomination_add"),
        {
            "term": term.pk,
            "kind": "appointment",
            "person_name": "王五",
            "gender": "male",
            "birth_date": "2027-01-01",
            "proposed_post": "区司法局局长",
            "nominating_body": nomination.nominating_body_id,
            "nominated_on": "2026-09-01",
        },
    )
    assert response.status_code == 200
    assert "出生日期应早于提请日期。" in response.content.decode()
    assert not Nomination.objects.filter(person_name="王五").exists()


def test_admin_member_leave_opens_a_vacancy(client, staff, term):
    member = committee(term, 1)[0]
    login(client, staff)
    response = client.post(
        reverse("admin:appointments_committeemember_leave", args=[member.pk]),
        {"end_date": "2026-08-31", "reason": "到龄退休", "open_vacancy": "on"},
    )
    assert response.status_code == 302
    assert CommitteeMember.objects.get(pk=member.pk).is_active is False
    assert Vacancy.objects.get().left_member_id == member.pk


@pytest.mark.parametrize(
    "name", ["nomination", "lawexam", "commitmentpublicity", "vote", "oath", "committeemember", "vacancy"]
)
def test_admin_lists_open_for_staff_and_read_only_for_members(client, staff, member_user, board, name):
    login(client, staff)
    assert client.get(reverse(f"admin:appointments_{name}_changelist")).status_code == 200
    client.logout()
    login(client, member_user)
    assert client.get(reverse(f"admin:appointments_{name}_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:appointments_nomination_step", args=[board[3].pk, "exam"])).status_code
        == 403
    )
