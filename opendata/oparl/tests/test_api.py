"""The OParl API on small data: the contract, what never appears (unpublished records, private
fields), pages and date filters, bad input, caching and the throttle, and constant queries as
the lists grow."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from jsonschema import Draft4Validator

from budget.tests.factories import fiscal_year, import_book
from congress import roles
from congress.tests import uploads as u
from congress.tests.factories import OrganizationFactory, UserFactory
from deputies.tests.factories import DeputyFactory
from meetings.models import Meeting, MeetingDocument
from meetings.tests.factories import AgendaItemFactory, MeetingFactory
from opendata.oparl import views
from proposals.models import Attachment, Proposal, Reply
from proposals.tests.factories import ProposalFactory, walk_to
from supervision.services import filings as filing_services

pytestmark = pytest.mark.django_db

API = "/oparl/v1/"
PREFIX = "https://schema.oparl.org/1.1/"
SCHEMAS = Path(__file__).parent / "schema"
BODY_LISTS = [
    *("organization", "person", "meeting", "paper", "agendaItem", "consultation", "file"),
    *("locationList", "legislativeTermList", "membership"),
]
LISTS = [
    "organization",
    "person",
    "membership",
    "meeting",
    "agendaitem",
    "paper",
    "consultation",
    "file",
    "location",
    "legislativeterm",
]


def valid(obj: dict) -> dict:
    schema = json.loads((SCHEMAS / f"{obj['type'].removeprefix(PREFIX)}.json").read_text(encoding="utf-8"))
    errors = [error.message for error in Draft4Validator(schema).iter_errors(obj)]
    assert errors == [], (obj["id"], errors)
    return obj


def path_of(url: str) -> str:
    return url.removeprefix("http://testserver")


def ids(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return [obj["id"] for obj in response.json()["data"]]


@pytest.fixture
def no_throttle(monkeypatch):
    monkeypatch.setattr(views.OParlView, "throttle_classes", [])


def _reply_file(proposal):
    reply = Reply.objects.get(assignment__proposal=proposal, state=Reply.State.CONFIRMED)
    attachment = Attachment(proposal=proposal, reply=reply, name="答复函.pdf")
    attachment.file.save("答复函.pdf", SimpleUploadedFile("答复函.pdf", u.PDF), save=False)
    attachment.save()
    return attachment


def _document(meeting, *, is_public, title="会议议程"):
    document = MeetingDocument(meeting=meeting, title=title, is_public=is_public, original_name="议程.pdf")
    document.file.save("议程.pdf", SimpleUploadedFile("议程.pdf", u.PDF), save=False)
    document.save()
    return document


# --- the contract -----------------------------------------------------------------------------------


def test_the_system_leads_to_the_bodies(client, no_throttle):
    # when an anonymous client asks for the system
    response = client.get(API + "system")

    # then it is an OParl 1.1 system whose body list holds the congress and its standing committee
    assert response.status_code == 200
    system = valid(response.json())
    assert system["type"] == "https://schema.oparl.org/1.1/System"
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    assert client.get(path_of(system["id"])).json() == system
    bodies = client.get(path_of(system["body"])).json()
    assert bodies["pagination"]["totalElements"] == 2
    for body in bodies["data"]:
        valid(body)
        assert client.get(path_of(body["id"])).json() == body
        for field in BODY_LISTS:
            listed = client.get(path_of(body[field]))
            assert listed.status_code == 200, field
            assert set(listed.json()) == {"data", "pagination", "links"}
    assert [b["name"] for b in bodies["data"]] == ["区人民代表大会", "区人民代表大会常务委员会"]


def test_unknown_objects_and_lists_are_404(client, no_throttle):
    for path in [
        "body/council",
        "body/congress/votes",
        "paper/proposal-999",
        "paper/nothing-1",
        "paper/1",
        "paper/proposal-²",
        "person/x",
        "widget/1",
    ]:
        response = client.get(API + path)
        assert response.status_code == 404, path
        assert response["Content-Type"].startswith("application/json"), path


# --- only what the public website shows -------------------------------------------------------------


def test_a_person_carries_public_fields_only(client, no_throttle):
    # given a deputy who marked every field public, phone and e-mail too
    deputy = DeputyFactory(
        phone="13912345678",
        email="daibiao@example.org",
        birth_date=dt.date(1970, 5, 6),
        occupation="某街道社区书记",
        public_fields=["occupation", "phone", "email", "birth_date"],
    )
    retired = DeputyFactory(is_active=False)

    response = client.get(API + f"person/{deputy.pk}")

    # then the person has the name, group and public job; never contact details or the birth date
    person = valid(response.json())
    assert person["name"] == deputy.name
    assert person["life"] == "某街道社区书记"
    text = response.content.decode()
    for private in ["13912345678", "daibiao@example.org", "1970"]:
        assert private not in text
    assert set(person) <= {
        *("id", "type", "body", "name", "formOfAddress", "gender", "status", "life", "membership"),
        *("created", "modified", "web"),
    }
    membership = valid(person["membership"][0])
    assert client.get(path_of(membership["organization"])).status_code == 200
    # a deputy no longer serving is not there
    assert client.get(API + f"person/{retired.pk}").status_code == 404
    assert API + f"person/{retired.pk}" not in {path_of(i) for i in ids(client, API + "body/congress/person")}


def test_only_published_records_are_listed(client, no_throttle):
    # given published and unpublished meetings, public and internal documents
    published = MeetingFactory(title="公开的会议")
    internal_doc = _document(published, is_public=False, title="内部材料")
    public_doc = _document(published, is_public=True)
    hidden = MeetingFactory(title="未公布的会议", is_schedule_published=False)
    hidden_item = AgendaItemFactory(meeting=hidden)
    _document(hidden, is_public=True)
    # and disclosed, withheld and unfinished proposals
    unit = OrganizationFactory(name="区教育局")
    disclosed = walk_to("closed", unit=unit)
    withheld = walk_to("closed", unit=unit)
    Proposal.objects.filter(pk=withheld.pk).update(is_withheld=True, withheld_reason="涉及个人隐私")
    open_one = walk_to("assigned", unit=unit)
    public_file, withheld_file = _reply_file(disclosed), _reply_file(withheld)
    draft = ProposalFactory()

    # when the lists are read
    meetings = ids(client, API + "body/standing-committee/meeting")
    files = ids(client, API + "body/standing-committee/file")
    items = ids(client, API + "body/standing-committee/agendaitem")
    papers = ids(client, API + "body/congress/paper?limit=100")

    # then only what the public pages show is there, and the rest is 404 by its URL too
    assert [path_of(i) for i in meetings] == [API + f"meeting/{published.pk}"]
    assert [path_of(i) for i in files] == [API + f"file/meeting-{public_doc.pk}"]
    assert items == []
    assert client.get(API + f"agendaitem/{hidden_item.pk}").status_code == 404
    assert client.get(API + f"file/meeting-{internal_doc.pk}").status_code == 404
    assert client.get(API + f"meeting/{hidden.pk}").status_code == 404
    reply = disclosed.assignments.get().replies.get()
    assert {path_of(i) for i in papers} == {
        API + f"paper/proposal-{disclosed.pk}",
        API + f"paper/reply-{reply.pk}",
    }
    # the reply's file is listed, the withheld proposal's reply's is not
    files = [path_of(i) for i in ids(client, API + "body/congress/file")]
    assert files == [API + f"file/reply-{public_file.pk}"]
    assert client.get(API + f"file/reply-{withheld_file.pk}").status_code == 404
    assert client.get(path_of(valid(client.get(files[0]).json())["accessUrl"])).status_code == 200
    for proposal in (withheld, open_one, draft):
        assert client.get(API + f"paper/proposal-{proposal.pk}").status_code == 404
    # the disclosed proposal names its unit, its reply and the consultation of the unit
    paper = valid(client.get(API + f"paper/proposal-{disclosed.pk}").json())
    assert paper["name"] == disclosed.title
    assert path_of(paper["subordinatedPaper"][0]) == API + f"paper/reply-{reply.pk}"
    consultation = valid(paper["consultation"][0])
    assert consultation["authoritative"] is True
    assert client.get(path_of(consultation["organization"][0])).json()["name"] == "区教育局"


# --- pages and filters ----------------------------------------------------------------------------------


def test_pages_and_links(client, no_throttle):
    created = [MeetingFactory() for _ in range(5)]

    first = client.get(API + "body/standing-committee/meeting?limit=2").json()

    assert first["pagination"] == {
        "totalElements": 5,
        "elementsPerPage": 2,
        "currentPage": 1,
        "totalPages": 3,
    }
    assert "prev" not in first["links"]
    second = client.get(path_of(first["links"]["next"])).json()
    last = client.get(path_of(first["links"]["last"])).json()
    assert second["links"]["prev"] == first["links"]["first"]
    assert "next" not in last["links"]
    seen = [m["name"] for page in (first, second, last) for m in page["data"]]
    assert seen == [m.title for m in created]
    assert client.get(API + "body/standing-committee/meeting?limit=2&page=4").status_code == 404


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("page=x", "page"),
        ("page=²", "page"),
        ("modified_since=yesterday", "modified_since"),
        ("created_since=2026-13-01T00:00:00", "created_since"),
        ("modified_since=0001-01-01T00:00:00", "modified_since"),  # overflows once in UTC
        ("modified_until=9999-12-31T23:00:00-08:00", "modified_until"),
    ],
)
def test_bad_parameters_are_400_in_chinese(client, no_throttle, query, field):
    response = client.get(API + f"body/standing-committee/meeting?{query}")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "请填写" in response.json()[field][0]


def test_modified_and_created_since_and_until(client, no_throttle):
    old, new = MeetingFactory(title="旧会议"), MeetingFactory(title="新会议")
    long_ago = timezone.now() - dt.timedelta(days=30)
    Meeting.objects.filter(pk=old.pk).update(updated_at=long_ago, created_at=long_ago)
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()

    def names(query):
        response = client.get(API + "body/standing-committee/meeting", {query: since})
        return [m["name"] for m in response.json()["data"]]

    assert names("modified_since") == ["新会议"]
    assert names("created_since") == ["新会议"]
    assert names("modified_until") == ["旧会议"]
    assert names("created_until") == ["旧会议"]
    # the filter carries into the page links
    links = client.get(API + "body/standing-committee/meeting", {"modified_since": since}).json()["links"]
    assert "modified_since=" in links["first"]
    assert new.pk


# --- caching and throttling ---------------------------------------------------------------------------


def test_an_etag_answers_304_until_the_data_changes(client, no_throttle, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = MeetingFactory(title="第一次会议")
    url = API + f"meeting/{meeting.pk}"
    first = client.get(url)
    etag = first["ETag"]

    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    # a write to a public record (its app's data version bumps on commit) is seen at once
    with django_capture_on_commit_callbacks(execute=True):
        meeting.title = "第一次会议（改期）"
        meeting.save()
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again.json()["name"] == "第一次会议（改期）"
    assert again["ETag"] != etag


def test_an_answer_depends_only_on_what_it_read(client, no_throttle, django_capture_on_commit_callbacks):
    """A meeting's answer reads no proposal: the congress session's drafts leave its ETag alone,
    while a write to the meetings moves it on."""
    with django_capture_on_commit_callbacks(execute=True):
        meeting = MeetingFactory(title="第一次会议")
        deputy = DeputyFactory(with_user=True)
    url = API + f"meeting/{meeting.pk}"
    etag = client.get(url)["ETag"]

    with django_capture_on_commit_callbacks(execute=True):
        ProposalFactory(title="新的草稿", term=deputy.term, lead_deputy=deputy)
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    with django_capture_on_commit_callbacks(execute=True):
        MeetingFactory(title="另一次会议")
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_anonymous_clients_are_throttled(client):
    # DRF's anon rate (120 a minute per address), as for the rest of the public API
    answers = [client.get(API + "system").status_code for _ in range(121)]

    assert answers[:120] == [200] * 120
    assert answers[120] == 429


def test_a_logged_in_session_is_not_needed_nor_used(client, no_throttle):
    staff = UserFactory(roles=[roles.STAFF])
    client.force_login(staff)
    hidden = MeetingFactory(is_schedule_published=False)

    # staff see unpublished meetings in the portal, never through OParl
    assert client.get(API + f"meeting/{hidden.pk}").status_code == 404


# --- queries -------------------------------------------------------------------------------------------


def _grow(n: int, staff):
    """n more of everything each list shows."""
    for _ in range(n):
        DeputyFactory()
        meeting = MeetingFactory()
        AgendaItemFactory(meeting=meeting)
        _document(meeting, is_public=True)
        AgendaItemFactory(meeting=MeetingFactory(kind=Meeting.Kind.CONGRESS))
        unit = OrganizationFactory()
        _reply_file(walk_to("closed", unit=unit, staff=staff))
        filing_services.filing_create(
            actor=staff,
            title="办法",
            doc_number=f"徐府规〔2026〕{OrganizationFactory._meta.model.objects.count()}号",
            published_on=dt.date(2026, 1, 5),
            filed_on=dt.date(2026, 1, 20),
            text="第一条 为了……",
            unit=unit,
        )


def _queries(client) -> dict[str, int]:
    from django.core.cache import cache

    counts = {}
    for body in ("congress", "standing-committee"):
        for kind in LISTS:
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(API + f"body/{body}/{kind}?limit=100")
            assert response.status_code == 200
            counts[f"{body}/{kind}"] = len(queries)
    return counts


def test_list_queries_do_not_grow_with_the_data(client, no_throttle):
    staff = UserFactory(roles=[roles.STAFF])
    fy = fiscal_year(2026)
    import_book(fy, book="general", stage="approved")
    _grow(2, staff)
    small = _queries(client)

    _grow(3, staff)
    import_book(fy, book="fund", stage="approved")
    large = _queries(client)

    assert large == small
    # Each list: per source a count, then for the sources the page reaches one query for the
    # rows and one per prefetch. A meeting brings its agenda and its public documents (+2); a
    # deputy group its serving deputies (+1); the congress's papers are proposals (their units
    # with the confirmed replies, +2, and co-signers, +1) and replies (their files, +1), its
    # files the replies' files; the standing committee's papers are work reports,
    # interpellations, inquiries, inspections (none here), filings and budget books, its files
    # meeting documents and filings' PDFs (none here). The district profile and the data
    # versions come from the cache.
    assert large == {
        "congress/organization": 3,
        "congress/person": 2,
        "congress/membership": 2,
        "congress/meeting": 4,
        "congress/agendaitem": 2,
        "congress/paper": 8,
        "congress/consultation": 2,
        "congress/file": 3,
        "congress/location": 2,
        "congress/legislativeterm": 2,
        "standing-committee/organization": 2,
        "standing-committee/person": 0,
        "standing-committee/membership": 0,
        "standing-committee/meeting": 4,
        "standing-committee/agendaitem": 2,
        "standing-committee/paper": 8,
        "standing-committee/consultation": 0,
        "standing-committee/file": 3,
        "standing-committee/location": 2,
        "standing-committee/legislativeterm": 2,
    }
