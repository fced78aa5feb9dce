"""Deleted OParl objects (spec 1.1, "Gelöschte Objekte"): a public object deleted or withdrawn
from the public stays at its URL as a deleted stub and is listed under ``modified_since``, so a
mirror deletes its copy; what was never public leaves nothing behind."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from congress import roles
from congress.tests.factories import OrganizationFactory, UserFactory
from meetings.models import Meeting
from meetings.services import meeting_update
from meetings.tests.factories import MeetingFactory
from opendata.models import Tombstone
from opendata.oparl.tests.test_api import API, _document, _reply_file, no_throttle, path_of, valid
from proposals.services import proposal_unwithhold, proposal_withhold
from proposals.tests.factories import ProposalFactory, walk_to

pytestmark = pytest.mark.django_db
__all__ = ["no_throttle"]


def _since() -> str:
    return (timezone.now() - dt.timedelta(minutes=5)).isoformat()


def _listed(client, body: str, kind: str, **query) -> dict[str, dict]:
    response = client.get(API + f"body/{body}/{kind}", {"limit": 100, **query})
    assert response.status_code == 200, response.content
    return {path_of(obj["id"]): valid(obj) for obj in response.json()["data"]}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Writes committed: the data versions bump, so no cached answer hides them."""

    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run


def test_a_deleted_meeting_shows_as_deleted(client, no_throttle, committed):
    # given a published meeting with a public document, seen by a mirror
    meeting = committed(MeetingFactory, title="第三十次常委会会议")
    document = committed(_document, meeting, is_public=True)
    created = valid(client.get(API + f"meeting/{meeting.pk}").json())["created"]
    since = _since()

    # when staff delete it
    committed(Meeting.objects.get(pk=meeting.pk).delete)

    # then its URL answers 200 with the deleted stub: id, type, created, modified and nothing else
    response = client.get(API + f"meeting/{meeting.pk}")
    assert response.status_code == 200
    stub = valid(response.json())
    assert stub["deleted"] is True
    assert set(stub) == {"id", "type", "created", "modified", "deleted"}
    assert stub["created"] == created
    assert stub["modified"] >= created
    # and the meeting, its place and its document are listed as deleted since the mirror's visit
    assert _listed(client, "standing-committee", "meeting", modified_since=since) == {
        API + f"meeting/{meeting.pk}": stub
    }
    assert [
        o["deleted"] for o in _listed(client, "standing-committee", "location", modified_since=since).values()
    ] == [True]
    files = _listed(client, "standing-committee", "file", modified_since=since)
    assert list(files) == [API + f"file/meeting-{document.pk}"]
    assert files[API + f"file/meeting-{document.pk}"]["deleted"] is True
    # but not in the other body's lists, nor without modified_since, nor before the deletion
    assert _listed(client, "congress", "meeting", modified_since=since) == {}
    assert _listed(client, "standing-committee", "meeting") == {}
    assert _listed(client, "standing-committee", "meeting", modified_until=since) == {}


def test_an_unpublished_meeting_is_deleted_and_comes_back(client, no_throttle, committed):
    # given a published meeting
    staff = UserFactory(roles=[roles.STAFF])
    meeting = committed(MeetingFactory, title="主任会议")
    since = _since()

    # when staff take its schedule off the public site
    committed(meeting_update, meeting=meeting, actor=staff, is_schedule_published=False)

    # then it is deleted for OParl
    stub = valid(client.get(API + f"meeting/{meeting.pk}").json())
    assert stub["deleted"] is True
    listed = _listed(client, "standing-committee", "meeting", modified_since=since)
    assert listed[API + f"meeting/{meeting.pk}"]["deleted"] is True

    # and when it is published again it is the meeting again, not deleted
    committed(meeting_update, meeting=meeting, actor=staff, is_schedule_published=True)
    again = valid(client.get(API + f"meeting/{meeting.pk}").json())
    assert again["name"] == "主任会议"
    assert "deleted" not in again
    assert not Tombstone.objects.filter(key=str(meeting.pk)).exists()
    listed = _listed(client, "standing-committee", "meeting", modified_since=since)
    assert "deleted" not in listed[API + f"meeting/{meeting.pk}"]


def test_a_meeting_moved_to_the_other_body_is_deleted_from_the_first(client, no_throttle, committed):
    # given a standing-committee meeting
    staff = UserFactory(roles=[roles.STAFF])
    meeting = committed(MeetingFactory, title="会议")
    since = _since()

    # when staff make it a congress meeting
    committed(meeting_update, meeting=meeting, actor=staff, kind=Meeting.Kind.CONGRESS)

    # then the standing committee's mirror learns to delete it, the congress's sees it
    url = API + f"meeting/{meeting.pk}"
    assert _listed(client, "standing-committee", "meeting", modified_since=since)[url]["deleted"] is True
    assert "deleted" not in _listed(client, "congress", "meeting", modified_since=since)[url]
    assert "deleted" not in client.get(url).json()


def test_a_withheld_proposal_takes_its_reply_and_file_with_it(client, no_throttle, committed):
    # given a disclosed proposal with a confirmed reply and its file
    staff = UserFactory(roles=[roles.STAFF])
    proposal = committed(walk_to, "closed", unit=OrganizationFactory(), staff=staff)
    attachment = committed(_reply_file, proposal)
    reply = attachment.reply
    since = _since()

    # when staff withhold it
    committed(proposal_withhold, actor=staff, proposal=proposal, reason="涉及个人隐私")

    # then the proposal, its reply and the reply's file are deleted stubs, listed under
    # modified_since
    for url in (f"paper/proposal-{proposal.pk}", f"paper/reply-{reply.pk}", f"file/reply-{attachment.pk}"):
        response = client.get(API + url)
        assert response.status_code == 200, url
        assert valid(response.json())["deleted"] is True
    papers = _listed(client, "congress", "paper", modified_since=since)
    assert set(papers) == {API + f"paper/proposal-{proposal.pk}", API + f"paper/reply-{reply.pk}"}
    assert all(paper["deleted"] for paper in papers.values())
    file = _listed(client, "congress", "file", modified_since=since)[API + f"file/reply-{attachment.pk}"]
    # a deleted file's access URL is its own stub, not the former download
    assert file["accessUrl"] == file["id"]
    # the history of the withholding is kept by the domain; the tombstone names the record
    tombstone = Tombstone.objects.get(kind="paper", key=f"proposal-{proposal.pk}")
    assert (tombstone.model, tombstone.object_pk) == ("proposals.proposal", proposal.pk)

    # when it is disclosed again, all three are back
    committed(proposal_unwithhold, actor=staff, proposal=proposal)
    for url in (f"paper/proposal-{proposal.pk}", f"paper/reply-{reply.pk}", f"file/reply-{attachment.pk}"):
        assert "deleted" not in client.get(API + url).json(), url


def test_what_was_never_public_leaves_nothing(client, no_throttle):
    # given an unpublished meeting and a draft proposal
    hidden = MeetingFactory(is_schedule_published=False)
    draft = ProposalFactory()

    # when both are deleted
    hidden.delete()
    draft.delete()

    # then no tombstone tells anyone they existed
    assert not Tombstone.objects.exists()
    assert client.get(API + f"meeting/{hidden.pk}").status_code == 404
    assert client.get(API + f"paper/proposal-{draft.pk}").status_code == 404


def test_a_save_that_cannot_change_publicity_reads_nothing():
    meeting = MeetingFactory()

    # a save of a field that does not decide publicity: the update and its history, no look-up
    with CaptureQueriesContext(connection) as title_only:
        meeting.save(update_fields=["title"])
    # a save of one that does: the meeting and what stands under it, before and after
    with CaptureQueriesContext(connection) as published:
        meeting.save(update_fields=["is_schedule_published"])

    assert [q["sql"] for q in title_only.captured_queries if q["sql"].startswith("SELECT")] == []
    reads = [q["sql"] for q in published.captured_queries if q["sql"].startswith("SELECT")]
    # the meeting (the gate), its place and its public documents, in each body's lists, before
    # and after
    assert len(reads) == 3 * 2 * 2
