"""The performance record, part two: leave from meetings counted (会议请假) beside meetings
attended, with its weight in the score rule; the deputy choosing which items of the record the
public page and the public API show (never personal data either way)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from congress.exceptions import ApplicationError, PermissionDeniedError
from congress.tests.factories import UserFactory
from deputies.models import Deputy
from deputies.selectors_record import deputy_record_counts
from deputies.tests.factories import DeputyFactory
from meetings import services as meeting_services
from meetings.models import Meeting, Participant
from meetings.tests.factories import MeetingFactory, ParticipantFactory
from proposals.models import Proposal
from proposals.tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deputy(term):
    return DeputyFactory(term=term, with_user=True, phone="13912345678")


def _held(meeting: Meeting, year: int) -> None:
    """The meeting took place in ``year`` and was closed (its own services are tested in meetings)."""
    start = timezone.make_aware(dt.datetime(year, 5, 10, 9))
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=start, ends_at=start + dt.timedelta(hours=2), status=Meeting.Status.CLOSED
    )


def test_leave_from_a_meeting_is_counted_as_leave_not_attendance(client, deputy):
    on_leave = ParticipantFactory(meeting=MeetingFactory(term=deputy.term), user=deputy.user, role="deputy")
    came = ParticipantFactory(meeting=MeetingFactory(term=deputy.term), user=deputy.user, role="deputy")
    client.force_login(deputy.user)
    url = reverse("portal:meeting-participant-leave", args=[on_leave.meeting_id])
    # the detail page offers it; an empty reason keeps the page with a Chinese message
    detail = client.get(reverse("portal:meeting-detail", args=[on_leave.meeting_id])).content.decode()
    assert url in detail
    bad = client.post(url, {"reason": "  "})
    assert bad.status_code == 200 and "请填写请假事由" in bad.content.decode()
    assert client.post(url, {"reason": "出差在外"}).status_code == 302
    participant = Participant.objects.get(pk=on_leave.pk)
    assert participant.leave_reason == "出差在外" and participant.leave_at is not None
    assert participant.history.first().history_user == deputy.user
    _held(on_leave.meeting, 2024)
    _held(came.meeting, 2024)
    counts = deputy_record_counts(deputy, [2024])[2024]
    assert counts["meetings_attended"] == 1 and counts["meetings_leave"] == 1


def test_leave_only_by_the_participant_and_before_the_start(deputy, staff):
    participant = ParticipantFactory(meeting=MeetingFactory(term=deputy.term), user=deputy.user)
    stranger = UserFactory()
    with pytest.raises(PermissionDeniedError):
        meeting_services.participant_request_leave(participant=participant, actor=stranger, reason="x")
    # staff record it for the deputy, who withdraws it
    meeting_services.participant_request_leave(participant=participant, actor=staff, reason="住院")
    meeting_services.participant_withdraw_leave(participant=participant, actor=deputy.user)
    assert Participant.objects.get(pk=participant.pk).leave_at is None
    Meeting.objects.filter(pk=participant.meeting_id).update(
        starts_at=timezone.now() - dt.timedelta(minutes=5)
    )
    with pytest.raises(ApplicationError) as exc:
        meeting_services.participant_request_leave(participant=participant, actor=deputy.user, reason="迟了")
    assert exc.value.code == "meeting_started"


def test_leave_weighs_by_the_score_rule():
    from congress.rules import RULES
    from deputies.rules import DEFAULT_SCORE_WEIGHTS

    spec = RULES["deputies.record_score_weights"]
    assert "meetings_leave" in spec.parse(DEFAULT_SCORE_WEIGHTS)
    assert spec.parse({**DEFAULT_SCORE_WEIGHTS, "meetings_leave": "-1"})["meetings_leave"] == "-1"


def test_deputy_chooses_the_public_items_of_the_record(client, api_client, deputy):
    ProposalFactory(term=deputy.term, lead_deputy=deputy, year=2025, state=Proposal.State.SUBMITTED)
    profile = reverse("public:deputy-profile", args=[deputy.pk]) + "?year=2025"
    api = f"/api/v1/public/deputies/{deputy.pk}/record/?year=2025"
    assert 'data-item="proposals_lead">1<' in client.get(profile).content.decode()
    score_before = api_client.get(api).json()["score"]

    client.force_login(deputy.user)
    my_record = reverse("portal:deputy-my-record")
    assert 'name="record_public_items" value="proposals_lead"' in client.get(my_record).content.decode()
    keep = ["meetings_attended", "voter_reports"]
    response = client.post(
        my_record, {"public_fields": ["party"], "record_public_items": keep, "record_items_shown": "1"}
    )
    assert response.status_code == 302
    deputy = Deputy.objects.get(pk=deputy.pk)
    assert (
        "proposals_lead" in deputy.record_hidden_items and "voter_reports" not in deputy.record_hidden_items
    )
    # the deputy still sees the whole record in the portal
    assert 'data-item="proposals_lead"' in client.get(my_record + "?year=2025").content.decode()
    client.logout()

    page = client.get(profile).content.decode()
    assert 'data-item="proposals_lead"' not in page and 'data-item="voter_reports"' in page
    assert "13912345678" not in page
    body = api_client.get(api).json()
    assert set(body["counts"]) == set(keep) and {i["code"] for i in body["items"]} == set(keep)
    assert body["score"] == score_before  # the score is the rule's over every item
    assert "13912345678" not in str(body)


def test_a_post_without_the_record_items_leaves_them_as_they_were(client, deputy):
    Deputy.objects.filter(pk=deputy.pk).update(record_hidden_items=["proposals_lead"])
    client.force_login(deputy.user)
    client.post(reverse("portal:deputy-my-record"), {"public_fields": ["party"]})
    assert Deputy.objects.get(pk=deputy.pk).record_hidden_items == ["proposals_lead"]


def test_api_refuses_unknown_record_items(api_client, deputy):
    api_client.force_authenticate(deputy.user)
    response = api_client.patch("/api/v1/me/deputy/", {"record_public_items": ["id_number"]}, format="json")
    assert response.status_code == 400 and "record_public_items" in response.json()
    ok = api_client.patch("/api/v1/me/deputy/", {"record_public_items": ["voter_reports"]}, format="json")
    assert ok.status_code == 200
    assert "proposals_lead" in Deputy.objects.get(pk=deputy.pk).record_hidden_items
