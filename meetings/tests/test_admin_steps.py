"""A meeting's steps are buttons on its admin page (开始会议, 要求单位列席, 结束会议, 取消会议),
shown only when ``MEETING`` allows them; a published attendance is corrected from its page."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from congress import roles
from congress.tests.factories import UserFactory
from meetings import services
from meetings.models import Meeting, Participant, RequiredAttendance
from meetings.tests.conftest import start_meeting
from meetings.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db
A = RequiredAttendance.Status


@pytest.fixture
def admin_client(client, staff):
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    client.force_login(staff)
    return client


def step(obj, name, model="meeting"):
    return reverse(f"admin:meetings_{model}_step", args=[obj.pk, name])


def page_of(client, meeting):
    return client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).content.decode()


def test_a_planned_meeting_offers_open_require_close_and_cancel(admin_client, meeting):
    html = page_of(admin_client, meeting)

    assert "当前状态：<strong>筹备中</strong>" in html
    # 开始会议 needs no input: a button that posts at once
    assert f'<form method="post" action="{step(meeting, "open")}">' in html
    for name in ("require_units", "close", "cancel"):
        assert f'href="{step(meeting, name)}"' in html


def test_open_then_close_from_the_page(admin_client, staff, meeting, own_row):
    # 结束会议 of a meeting neither opened nor started: the reason, on the page that asked
    early = admin_client.post(step(meeting, "close"))
    assert early.status_code == 200 and "会议尚未开始，不能结束。" in early.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PLANNED

    # 开始会议: one click, back to the page with a message
    response = admin_client.post(step(meeting, "open"), follow=True)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.OPEN
    assert "已开始会议。" in [str(m) for m in get_messages(response.wsgi_request)]
    assert "当前状态：<strong>进行中</strong>" in response.content.decode()
    html = page_of(admin_client, meeting)
    assert step(meeting, "open") not in html and step(meeting, "cancel") not in html

    # 结束会议 asks first, then settles the attendance
    confirm = admin_client.get(step(meeting, "close")).content.decode()
    assert "出席情况随即自动在网站公开" in confirm
    admin_client.post(step(meeting, "close"))
    meeting.refresh_from_db()
    own_row.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED and own_row.status == A.ABSENT
    assert "当前状态下您没有可办理的操作。" in page_of(admin_client, meeting)


def test_require_units_and_cancel(admin_client, meeting, unit):
    empty = admin_client.post(step(meeting, "require_units"), {})
    assert "请选择至少一个列席单位。" in empty.content.decode()
    admin_client.post(step(meeting, "require_units"), {"units": [unit.pk]})
    assert list(meeting.required_attendance.values_list("unit", flat=True)) == [unit.pk]

    admin_client.post(step(meeting, "cancel"))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED


def test_a_published_attendance_is_corrected_from_its_page(admin_client, staff, meeting, own_row):
    change = reverse("admin:meetings_requiredattendance_change", args=[own_row.pk])
    assert step(own_row, "correct", "requiredattendance") not in admin_client.get(change).content.decode()

    start_meeting(meeting, staff)
    services.meeting_close(meeting=meeting, actor=staff)
    services.attendance_publish(meeting_id=meeting.pk)
    url = step(own_row, "correct", "requiredattendance")
    assert url in admin_client.get(change).content.decode()

    missing = admin_client.post(url, {"status": "attended", "reason": ""})
    assert "请填写更正理由。" in missing.content.decode()
    admin_client.post(url, {"status": "attended", "reason": "签到表漏记"})
    own_row.refresh_from_db()
    assert own_row.status == A.ATTENDED and own_row.published.status == A.ATTENDED


def test_the_steps_are_staff_only(client, meeting):
    from congress import roles
    from congress.tests.factories import UserFactory

    member = UserFactory(roles=[roles.MEMBER], is_staff=True)
    client.force_login(member)
    assert step(meeting, "open") not in page_of(client, meeting)
    assert client.post(step(meeting, "open")).status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PLANNED


# --- a participant's leave, recorded by staff ---------------------------------------------------


@pytest.fixture
def participant(meeting):
    deputy = UserFactory(roles=[roles.DEPUTY], first_name="李代表")
    return ParticipantFactory(meeting=meeting, user=deputy, role=Participant.Role.DEPUTY)


def test_staff_record_and_withdraw_a_deputys_leave_from_the_admin(admin_client, staff, meeting, participant):
    # given a deputy asked to attend a planned meeting, listed on its page with a link to theirs
    change = reverse("admin:meetings_participant_change", args=[participant.pk])
    assert change in page_of(admin_client, meeting)
    html = admin_client.get(change).content.decode()
    assert "当前状态：<strong>应出席</strong>" in html
    assert f'href="{step(participant, "leave", "participant")}"' in html
    assert step(participant, "withdraw_leave", "participant") not in html

    # when staff record the leave the deputy phoned in
    response = admin_client.post(
        step(participant, "leave", "participant"), {"reason": "出差在外"}, follow=True
    )

    # then it is on file as the portal would have put it, with who recorded it in the history
    assert "已登记请假。" in [str(m) for m in get_messages(response.wsgi_request)]
    participant.refresh_from_db()
    assert participant.leave_reason == "出差在外" and participant.leave_at is not None
    latest = participant.history.first()
    assert (latest.history_user, latest.history_change_reason) == (staff, "请假")
    assert step(participant, "withdraw_leave", "participant") in response.content.decode()

    # and withdrawing it asks first, then clears it, in the history too
    assert (
        "按应出席计" in admin_client.get(step(participant, "withdraw_leave", "participant")).content.decode()
    )
    admin_client.post(step(participant, "withdraw_leave", "participant"))
    participant.refresh_from_db()
    assert (participant.leave_reason, participant.leave_at) == ("", None)
    assert participant.history.first().history_change_reason == "撤回请假"


def test_a_leave_refused_is_said_in_chinese_on_the_form(admin_client, staff, meeting, participant):
    # an empty reason: the field's own message, nothing saved
    empty = admin_client.post(step(participant, "leave", "participant"), {"reason": "   "})
    assert empty.status_code == 200
    assert '<ul class="errorlist" id="id_reason_error"><li>该字段是必填项。' in empty.content.decode()

    # a meeting that has started: the service's refusal above the form, the input kept
    start_meeting(meeting, staff)
    late = admin_client.post(step(participant, "leave", "participant"), {"reason": "临时有事"})
    html = late.content.decode()
    assert late.status_code == 200
    assert "会议已开始，不能再申请请假。" in html and "临时有事" in html
    participant.refresh_from_db()
    assert participant.leave_at is None

    # a closed meeting offers no step; a forged post is turned back with the state named
    services.meeting_close(meeting=meeting, actor=staff)
    change = reverse("admin:meetings_participant_change", args=[participant.pk])
    assert step(participant, "leave", "participant") not in admin_client.get(change).content.decode()
    refused = admin_client.post(step(participant, "leave", "participant"), {"reason": "x"}, follow=True)
    assert refused.redirect_chain and participant.__class__.objects.get(pk=participant.pk).leave_at is None


def test_a_member_sees_the_participant_but_no_leave_step(client, meeting, participant):
    member = UserFactory(roles=[roles.MEMBER], is_staff=True)
    client.force_login(member)

    html = client.get(reverse("admin:meetings_participant_change", args=[participant.pk])).content.decode()
    assert step(participant, "leave", "participant") not in html
    assert client.post(step(participant, "leave", "participant"), {"reason": "x"}).status_code == 403
