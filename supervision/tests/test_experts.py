"""Experts consulted on a hearing and on an inspection (issue 12 item 4), as on a filing: only
staff consult, only an active expert, on the record's timeline; the written opinions are shown
to staff and committee members on the record (the admin inline, the portal's inspection page)
and to no one else; a kind not registered is refused."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from congress.exceptions import ApplicationError, PermissionDeniedError
from supervision import services
from supervision.models import Consultation, Expert
from supervision.models_hearings import PublicHearing
from supervision.services import experts as expert_services
from supervision.services import inspections as inspection_services

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture
def expert(staff):
    today = dt.date.today()
    return expert_services.expert_save(
        actor=staff,
        name="周教授",
        kind="expert",
        field="law",
        term_start=today - dt.timedelta(days=30),
        term_end=today + dt.timedelta(days=300),
    )


@pytest.fixture
def hearing(staff):
    return services.hearing_create(
        actor=staff,
        kind=PublicHearing.Kind.TOPIC,
        title="老旧小区加装电梯专项议题听证",
        starts_at=NOW + dt.timedelta(days=20),
        location="区人大常委会第一会议室",
        seats=4,
        signup_opens=NOW - dt.timedelta(days=1),
        signup_closes=NOW + dt.timedelta(days=10),
    )


@pytest.fixture
def inspection(staff, committee):
    return inspection_services.inspection_create(
        actor=staff, title="食品安全法执法检查", law="《食品安全法》", year=2026, committee=committee
    )


def test_staff_consult_an_expert_on_a_hearing_and_an_inspection(staff, expert, hearing, inspection):
    on_hearing = expert_services.hearing_consult(
        actor=staff,
        hearing=hearing,
        expert=expert,
        question="听证事项是否属于重大公共利益？",
        opinion="属于。",
    )
    on_inspection = expert_services.inspection_consult(
        actor=staff, inspection=inspection, expert=expert, question="第三十五条的适用范围？"
    )
    assert on_hearing.subject == hearing and on_hearing.received_on == dt.date.today()
    assert on_inspection.subject == inspection and on_inspection.opinion == ""
    assert hearing.events.filter(action="consult", note="周教授").exists()
    assert inspection.events.filter(action="consult", note="周教授").exists()
    # the opinion comes in later and is kept on the consultation
    expert_services.consultation_record_opinion(
        actor=staff, consultation=on_inspection, opinion="仅限集中用餐单位。"
    )
    on_inspection.refresh_from_db()
    assert on_inspection.opinion == "仅限集中用餐单位。"


def test_only_staff_consult_and_only_an_active_expert(staff, officer, member, expert, hearing, inspection):
    with pytest.raises(PermissionDeniedError):
        expert_services.hearing_consult(actor=officer, hearing=hearing, expert=expert, question="x")
    with pytest.raises(PermissionDeniedError):
        expert_services.inspection_consult(actor=member, inspection=inspection, expert=expert, question="x")
    retired = Expert.objects.create(
        name="李研究员", field="finance", term_start=dt.date(2020, 1, 1), term_end=dt.date(2021, 1, 1)
    )
    with pytest.raises(ApplicationError) as exc:
        expert_services.hearing_consult(actor=staff, hearing=hearing, expert=retired, question="x")
    assert exc.value.code == "expert_inactive"
    with pytest.raises(ApplicationError) as exc:
        expert_services.inspection_consult(actor=staff, inspection=inspection, expert=expert, question=" ")
    assert "question" in exc.value.extra
    # a kind nobody registered is refused
    with pytest.raises(ApplicationError) as exc:
        expert_services.consultation_record(actor=staff, subject=expert, expert=expert, question="x")
    assert exc.value.code == "not_consultable"
    assert Consultation.objects.count() == 0


def test_a_kind_joins_by_registering(staff, expert, monkeypatch):
    # a budget review (another app) joins the same way: its model is registered
    monkeypatch.setattr(expert_services, "CONSULTABLE", set(expert_services.CONSULTABLE))
    expert_services.register_consultable(Expert)
    consultation = expert_services.consultation_record(
        actor=staff, subject=expert, expert=expert, question="x"
    )
    assert consultation.subject == expert


def test_opinions_shown_to_staff_and_members_not_to_units_or_deputies(
    client, staff, member, officer, deputy_user, expert, inspection, unit
):
    inspection_services.issue_add(actor=staff, inspection=inspection, unit=unit, description="溯源记录不全")
    expert_services.inspection_consult(
        actor=staff, inspection=inspection, expert=expert, question="第三十五条？", opinion="专家意见正文"
    )
    page = reverse("portal:supervision-inspection", args=[inspection.pk])
    for user in (staff, member):
        client.force_login(user)
        body = client.get(page).content.decode()
        assert "专家咨询意见" in body and "专家意见正文" in body and "周教授" in body
    for user in (officer, deputy_user):
        client.force_login(user)
        response = client.get(page)
        assert response.status_code == 200 and "专家意见正文" not in response.content.decode()


def test_admin_consult_step_and_inline(client, staff, member, expert, hearing, inspection):
    client.force_login(staff)
    for record, name in ((hearing, "publichearing"), (inspection, "inspection")):
        change = reverse(f"admin:supervision_{name}_change", args=[record.pk])
        step = reverse(f"admin:supervision_{name}_step", args=[record.pk, "consult"])
        assert step in client.get(change).content.decode()
        refused = client.post(step, {"expert": expert.pk, "question": " "})
        assert refused.status_code == 200 and "请填写咨询事项。" in refused.content.decode()
        done = client.post(
            step, {"expert": expert.pk, "question": "咨询问题", "opinion": f"{name}的意见"}, follow=True
        )
        assert done.status_code == 200 and "专家咨询已记录。" in done.content.decode()
        assert f"{name}的意见" in done.content.decode()
    # a member reads the opinions on the record's admin page, without the step
    client.force_login(member)
    body = client.get(reverse("admin:supervision_publichearing_change", args=[hearing.pk])).content.decode()
    assert "publichearing的意见" in body
    assert reverse("admin:supervision_publichearing_step", args=[hearing.pk, "consult"]) not in body
