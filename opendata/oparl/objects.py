"""OParl 1.1 objects (https://schema.oparl.org/1.1/) built from the rows ``selectors`` loads.

Keys are the spec's (English); content is the record's (Chinese). Every object has its ``id``
(the URL that answers with it), its ``type`` URI, ``created`` and ``modified``, and ``web`` where
the public website shows the record. A builder reads only what its selector loaded: no query.

An object kind may gather rows of several models (a ``Paper`` is a proposal, a reply, a work
report, a filed normative document or a budget book): each is a ``Source`` with a key prefix,
so ``paper/proposal-12`` and ``paper/report-3`` never clash."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.selectors import district_profile
from opendata.oparl import selectors as sel
from opendata.oparl.selectors import CONGRESS, STANDING

SCHEMA = "https://schema.oparl.org/1.1/"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def oparl_type(name: str) -> str:
    return f"{SCHEMA}{name}"


def stamp(value) -> str | None:
    """An aware datetime as ISO 8601 in the district's time (``+08:00``)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def day(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date().isoformat()
    return value.isoformat()


class Urls:
    """Absolute URLs of OParl objects and lists, and of the public pages, for one request."""

    def __init__(self, request):
        self.request = request

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def system(self) -> str:
        return self.absolute(reverse("oparl:system"))

    def bodies(self) -> str:
        return self.absolute(reverse("oparl:body-list"))

    def object(self, kind: str, key) -> str:
        return self.absolute(reverse("oparl:object", args=[kind, str(key)]))

    def list(self, body: str, kind: str) -> str:
        return self.absolute(reverse("oparl:list", args=[body, kind]))

    def web(self, name: str, *args) -> str:
        return self.absolute(reverse(f"public:{name}", args=args))


def _compact(data: dict) -> dict:
    """Leave out keys without a value: the spec's optional fields are absent, not null."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _base(kind: str, type_name: str, key, created, modified, urls: Urls, **fields) -> dict:
    return _compact(
        {
            "id": urls.object(kind, key),
            "type": oparl_type(type_name),
            **fields,
            "created": stamp(created),
            "modified": stamp(modified or created),
        }
    )


# --- the system and the bodies ---------------------------------------------------------------------


def _profile_stamp(profile, field: str) -> str | None:
    """The district profile's time, once staff saved it (the unsaved default has none)."""
    return stamp(getattr(profile, field)) if profile.pk else None


def body_names() -> dict[str, tuple[str, str]]:
    """Each body's (name, short name) from the district profile."""
    profile = district_profile()
    standing = profile.congress_name
    congress = standing.removesuffix("常务委员会") if standing.endswith("常务委员会") else standing
    short = profile.short_name or profile.name
    return {
        CONGRESS: (congress, short),
        STANDING: (standing, _("%(name)s常委会") % {"name": short}),
    }


def system(urls: Urls) -> dict:
    profile = district_profile()
    return _compact(
        {
            "id": urls.system(),
            "type": oparl_type("System"),
            "oparlVersion": SCHEMA,
            "body": urls.bodies(),
            "name": _("%(name)s开放数据接口") % {"name": profile.congress_name},
            "contactEmail": profile.email,
            "website": urls.web("home"),
            "license": LICENSE,
            "created": _profile_stamp(profile, "created_at"),
            "modified": _profile_stamp(profile, "updated_at"),
            "web": urls.web("home"),
        }
    )


def body(key: str, terms: list, urls: Urls) -> dict:
    profile = district_profile()
    name, short = body_names()[key]
    lists = {
        "organization": "organization",
        "person": "person",
        "meeting": "meeting",
        "paper": "paper",
        "agendaItem": "agendaitem",
        "consultation": "consultation",
        "file": "file",
        "locationList": "location",
        "legislativeTermList": "legislativeterm",
        "membership": "membership",
    }
    found = _compact(
        {
            "id": urls.object("body", key),
            "type": oparl_type("Body"),
            "system": urls.system(),
            "name": name,
            "shortName": short,
            "website": urls.web("home"),
            "license": LICENSE,
            "contactEmail": profile.email,
            **{field: urls.list(key, kind) for field, kind in lists.items()},
            "classification": _("人民代表大会") if key == CONGRESS else _("人民代表大会常务委员会"),
            "created": _profile_stamp(profile, "created_at"),
            "modified": _profile_stamp(profile, "updated_at"),
            "web": urls.web("home"),
        }
    )
    found["legislativeTerm"] = [legislative_term(term, urls) for term in terms]  # required, maybe empty
    return found


def legislative_term(term, urls: Urls) -> dict:
    return _base(
        "legislativeterm",
        "LegislativeTerm",
        term.pk,
        term.created_at,
        term.updated_at,
        urls,
        body=urls.object("body", CONGRESS),
        name=term.name,
        startDate=f"{term.start_year:04d}-01-01",
        endDate=f"{term.end_year:04d}-12-31",
    )


# --- organizations, people, memberships ---------------------------------------------------------


def unit(org, urls: Urls) -> dict:
    return _base(
        "organization",
        "Organization",
        f"unit-{org.pk}",
        org.created_at,
        org.updated_at,
        urls,
        body=urls.object("body", STANDING),
        name=org.name,
        shortName=org.short_name,
        organizationType=_("委员会") if org.kind == org.Kind.WORKING_COMMITTEE else _("机构"),
        classification=org.get_kind_display(),
        subOrganizationOf=urls.object("organization", f"unit-{org.parent_id}") if org.parent_id else None,
        post=[org.head_title] if org.head_title else None,
    )


def deputy_group(group, urls: Urls) -> dict:
    members = getattr(group, "serving", [])
    return _base(
        "organization",
        "Organization",
        f"group-{group.pk}",
        group.created_at,
        group.updated_at,
        urls,
        body=urls.object("body", CONGRESS),
        name=group.name,
        organizationType=_("代表小组"),
        classification=_("代表小组"),
        membership=[urls.object("membership", deputy.pk) for deputy in members],
        memberCount=len(members),
        startDate=f"{group.term.start_year:04d}-01-01",
        endDate=f"{group.term.end_year:04d}-12-31",
    )


def person(deputy, urls: Urls) -> dict:
    """A deputy with the fields the public page shows: name, gender and group always, the job
    only if the deputy marked it public; never the birth date, phone, e-mail or ID number."""
    return _base(
        "person",
        "Person",
        deputy.pk,
        deputy.created_at,
        deputy.updated_at,
        urls,
        body=urls.object("body", CONGRESS),
        name=deputy.name,
        formOfAddress=_("代表"),
        gender=deputy.get_gender_display(),
        status=[_("%(term)s区人大代表") % {"term": deputy.term.name}],
        life=deputy.public_value("occupation"),
        membership=[membership(deputy, urls)] if deputy.group_id else None,
        web=urls.web("deputy-profile", deputy.pk),
    )


def membership(deputy, urls: Urls) -> dict:
    term = deputy.term
    return _base(
        "membership",
        "Membership",
        deputy.pk,
        deputy.created_at,
        deputy.updated_at,
        urls,
        person=urls.object("person", deputy.pk),
        organization=urls.object("organization", f"group-{deputy.group_id}"),
        role=_("代表"),
        votingRight=True,
        startDate=f"{term.start_year:04d}-01-01",
        endDate=f"{term.end_year:04d}-12-31",
    )


# --- meetings ------------------------------------------------------------------------------------


def _meeting_body(meeting) -> str:
    return CONGRESS if meeting.kind in sel.MEETING_KINDS[CONGRESS] else STANDING


def meeting(meeting, urls: Urls) -> dict:
    return _base(
        "meeting",
        "Meeting",
        meeting.pk,
        meeting.created_at,
        meeting.updated_at,
        urls,
        name=meeting.title,
        meetingState=meeting.get_status_display(),
        cancelled=meeting.status == meeting.Status.CANCELLED,
        start=stamp(meeting.starts_at),
        end=stamp(meeting.ends_at),
        location=location(meeting, urls) if meeting.location else None,
        keyword=[meeting.get_kind_display()],
        agendaItem=[agenda_item(item, urls, meeting=meeting) for item in meeting.agenda_items.all()],
        auxiliaryFile=[meeting_file(doc, urls, meeting=meeting) for doc in meeting.documents.all()],
        web=urls.web("meeting-detail", meeting.pk),
    )


def agenda_item(item, urls: Urls, meeting=None) -> dict:
    meeting = meeting or item.meeting
    return _base(
        "agendaitem",
        "AgendaItem",
        item.pk,
        meeting.created_at,
        meeting.updated_at,
        urls,
        meeting=urls.object("meeting", meeting.pk),
        number=str(item.order),
        order=item.order,
        name=item.title,
        public=True,
        resolutionText=item.description,
        keyword=[item.get_link_kind_display()] if item.link_kind else None,
        start=stamp(meeting.starts_at),
        end=stamp(meeting.ends_at),
        web=urls.web("meeting-detail", meeting.pk),
    )


def meeting_file(document, urls: Urls, meeting=None) -> dict:
    meeting = meeting or document.meeting
    access = urls.web("meeting-document", document.pk)
    return _base(
        "file",
        "File",
        f"meeting-{document.pk}",
        document.created_at,
        document.updated_at,
        urls,
        name=document.title,
        fileName=document.original_name,
        accessUrl=access,
        downloadUrl=access,
        meeting=[urls.object("meeting", meeting.pk)],
        license=LICENSE,
    )


def location(meeting, urls: Urls) -> dict:
    return _base(
        "location",
        "Location",
        meeting.pk,
        meeting.created_at,
        meeting.updated_at,
        urls,
        description=meeting.location,
        room=meeting.location,
        meetings=[urls.object("meeting", meeting.pk)],
        bodies=[urls.object("body", _meeting_body(meeting))],
    )


# --- papers ----------------------------------------------------------------------------------------


def proposal(proposal, urls: Urls) -> dict:
    assignments = getattr(proposal, "public_assignments", [])
    originators = []
    if proposal.lead_deputy is not None and proposal.lead_deputy.is_active:
        originators.append(urls.object("person", proposal.lead_deputy_id))
    originators += [
        urls.object("person", cosigner.deputy_id)
        for cosigner in getattr(proposal, "confirmed_cosigners", [])
        if cosigner.deputy.is_active
    ]
    return _base(
        "paper",
        "Paper",
        f"proposal-{proposal.pk}",
        proposal.created_at,
        proposal.updated_at,
        urls,
        body=urls.object("body", CONGRESS),
        name=proposal.title,
        reference=proposal.serial,
        date=day(proposal.registered_at or proposal.submitted_at or proposal.created_at),
        paperType=_("代表%(kind)s") % {"kind": proposal.get_kind_display()},
        originatorPerson=originators,
        underDirectionOf=[
            urls.object("organization", f"unit-{a.unit_id}") for a in assignments if a.role == a.Role.LEAD
        ],
        subordinatedPaper=[
            urls.object("paper", f"reply-{reply.pk}") for a in assignments for reply in a.public_replies
        ],
        consultation=[consultation(a, urls, proposal=proposal) for a in assignments],
        keyword=[proposal.category.name] if proposal.category_id else None,
        web=urls.web("proposal-detail", proposal.pk),
    )


def reply(reply, urls: Urls) -> dict:
    assignment = reply.assignment
    proposal = assignment.proposal
    return _base(
        "paper",
        "Paper",
        f"reply-{reply.pk}",
        reply.created_at,
        reply.updated_at,
        urls,
        body=urls.object("body", CONGRESS),
        name=_("%(unit)s关于《%(title)s》的答复") % {"unit": assignment.unit.name, "title": proposal.title},
        reference=proposal.serial,
        date=day(reply.reviewed_at or reply.submitted_at),
        paperType=reply.get_kind_display(),
        superordinatedPaper=[urls.object("paper", f"proposal-{proposal.pk}")],
        originatorOrganization=[urls.object("organization", f"unit-{assignment.unit_id}")],
        auxiliaryFile=[reply_file(attachment, urls, reply=reply) for attachment in reply.attachments.all()],
        web=urls.web("proposal-detail", proposal.pk),
    )


def reply_file(attachment, urls: Urls, reply=None) -> dict:
    reply_id = reply.pk if reply is not None else attachment.reply_id
    access = urls.web("proposal-attachment", attachment.pk)
    return _base(
        "file",
        "File",
        f"reply-{attachment.pk}",
        attachment.created_at,
        attachment.created_at,
        urls,
        name=attachment.name,
        fileName=attachment.name,
        accessUrl=access,
        downloadUrl=access,
        paper=[urls.object("paper", f"reply-{reply_id}")],
    )


def consultation(assignment, urls: Urls, proposal=None) -> dict:
    proposal_id = proposal.pk if proposal is not None else assignment.proposal_id
    return _base(
        "consultation",
        "Consultation",
        assignment.pk,
        assignment.created_at,
        assignment.updated_at,
        urls,
        paper=urls.object("paper", f"proposal-{proposal_id}"),
        organization=[urls.object("organization", f"unit-{assignment.unit_id}")],
        authoritative=assignment.role == assignment.Role.LEAD,
        role=assignment.get_role_display(),
    )


def work_report(report, urls: Urls) -> dict:
    return _base(
        "paper",
        "Paper",
        f"report-{report.pk}",
        report.created_at,
        report.updated_at,
        urls,
        body=urls.object("body", STANDING),
        name=report.title,
        date=day(report.deliberated_at or report.submitted_at or report.closed_at),
        paperType=_("专项工作报告"),
        originatorOrganization=[urls.object("organization", f"unit-{report.unit_id}")],
        web=urls.web("supervision-report", report.pk),
    )


def _committee(row, urls: Urls) -> list | None:
    return [urls.object("organization", f"unit-{row.committee_id}")] if row.committee_id else None


def interpellation(row, urls: Urls) -> dict:
    return _base(
        "paper",
        "Paper",
        f"interpellation-{row.pk}",
        row.created_at,
        row.updated_at,
        urls,
        body=urls.object("body", STANDING),
        name=row.title,
        date=day(row.decided_at or row.created_at),
        paperType=_("质询案"),
        underDirectionOf=[urls.object("organization", f"unit-{row.unit_id}")],
        keyword=[row.get_state_display()],
        web=urls.web("supervision-interpellation", row.pk),
    )


def inquiry(row, urls: Urls) -> dict:
    return _base(
        "paper",
        "Paper",
        f"inquiry-{row.pk}",
        row.created_at,
        row.updated_at,
        urls,
        body=urls.object("body", STANDING),
        name=row.title,
        date=day(row.held_at or row.created_at),
        paperType=_("专题询问"),
        originatorOrganization=_committee(row, urls),
        keyword=[row.get_kind_display()],
        web=urls.web("supervision-inquiry", row.pk),
    )


def inspection(row, urls: Urls) -> dict:
    return _base(
        "paper",
        "Paper",
        f"inspection-{row.pk}",
        row.created_at,
        row.updated_at,
        urls,
        body=urls.object("body", STANDING),
        name=row.title,
        date=day(row.deliberated_at or row.created_at),
        paperType=_("执法检查报告"),
        originatorOrganization=_committee(row, urls),
        keyword=[row.law] if row.law else None,
        web=urls.web("supervision-inspection", row.pk),
    )


def filing(document, urls: Urls) -> dict:
    return _base(
        "paper",
        "Paper",
        f"filing-{document.pk}",
        document.created_at,
        document.updated_at,
        urls,
        body=urls.object("body", STANDING),
        name=document.title,
        reference=document.doc_number,
        date=day(document.published_on),
        paperType=_("报备的规范性文件"),
        mainFile=filing_file(document, urls) if document.pdf else None,
        originatorOrganization=[urls.object("organization", f"unit-{document.unit_id}")],
        keyword=[document.get_state_display()],
        web=urls.web("supervision-filing", document.pk),
    )


def filing_file(document, urls: Urls) -> dict:
    access = urls.web("supervision-filing-pdf", document.pk)
    return _base(
        "file",
        "File",
        f"filing-{document.pk}",
        document.created_at,
        document.updated_at,
        urls,
        name=document.title,
        fileName=document.pdf_name,
        mimeType="application/pdf",
        date=day(document.published_on),
        accessUrl=access,
        downloadUrl=access,
        paper=[urls.object("paper", f"filing-{document.pk}")],
    )


def budget(stage, urls: Urls) -> dict:
    year = stage.fiscal_year.year
    return _base(
        "paper",
        "Paper",
        f"budget-{stage.pk}",
        stage.imported_at,
        stage.imported_at,
        urls,
        body=urls.object("body", STANDING),
        name=_("%(year)s年%(book)s（%(stage)s）")
        % {"year": year, "book": stage.get_book_display(), "stage": stage.get_stage_display()},
        date=day(stage.imported_at),
        paperType=stage.get_stage_display(),
        keyword=[stage.get_book_display()],
        web=urls.web("budget-book", year),
    )


# --- deleted objects -------------------------------------------------------------------------------

# The kinds whose deleted objects stay at their URL, with their OParl type: the spec's main
# objects (and the Location we list apart). Sub-objects (LegislativeTerm, Membership,
# AgendaItem, Consultation) may simply vanish, the spec says.
DELETABLE = {
    "organization": "Organization",
    "person": "Person",
    "meeting": "Meeting",
    "location": "Location",
    "file": "File",
    "paper": "Paper",
}


def deleted(tombstone, urls: Urls) -> dict:
    """A deleted object as the spec keeps it (1.1, "Gelöschte Objekte"): its ``id``, ``type`` and
    ``created``, ``modified`` set to the deletion, ``deleted: true`` and nothing else. A File
    keeps an ``accessUrl`` (the schema requires one): its own URL, which answers with this stub,
    not the former download address."""
    found = _base(
        tombstone.kind,
        DELETABLE[tombstone.kind],
        tombstone.key,
        tombstone.created,
        tombstone.deleted_at,
        urls,
    )
    if tombstone.kind == "file":
        found["accessUrl"] = found["id"]
    found["deleted"] = True
    return found


# --- the kinds and their sources -------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One model behind an OParl kind: its key prefix, its rows (for a body, or all), how one
    row becomes an object, and the fields ``modified_*``/``created_since`` filter on."""

    prefix: str
    rows: Callable[[str | None], QuerySet]
    build: Callable
    bodies: tuple[str, ...]
    modified: str = "updated_at"
    created: str = "created_at"

    def key(self, pk) -> str:
        return f"{self.prefix}-{pk}" if self.prefix else str(pk)


def _all(function):
    return lambda body: function()


KINDS: dict[str, tuple[Source, ...]] = {
    "legislativeterm": (Source("", _all(sel.terms), legislative_term, (CONGRESS, STANDING)),),
    "organization": (
        Source("group", _all(sel.deputy_groups), deputy_group, (CONGRESS,)),
        Source("unit", _all(sel.units), unit, (STANDING,)),
    ),
    "person": (Source("", _all(sel.persons), person, (CONGRESS,)),),
    "membership": (Source("", _all(sel.memberships), membership, (CONGRESS,)),),
    "meeting": (Source("", sel.meetings, meeting, (CONGRESS, STANDING)),),
    "agendaitem": (
        Source(
            "",
            sel.agenda_items,
            agenda_item,
            (CONGRESS, STANDING),
            modified="meeting__updated_at",
            created="meeting__created_at",
        ),
    ),
    "location": (Source("", sel.meeting_locations, location, (CONGRESS, STANDING)),),
    "file": (
        Source("meeting", sel.meeting_files, meeting_file, (CONGRESS, STANDING)),
        Source("reply", _all(sel.reply_files), reply_file, (CONGRESS,), modified="created_at"),
        Source("filing", _all(sel.filing_files), filing_file, (STANDING,)),
    ),
    "paper": (
        Source("proposal", _all(sel.proposals), proposal, (CONGRESS,)),
        Source("reply", _all(sel.replies), reply, (CONGRESS,)),
        Source("report", _all(sel.work_reports), work_report, (STANDING,)),
        Source("interpellation", _all(sel.interpellations), interpellation, (STANDING,)),
        Source("inquiry", _all(sel.inquiries), inquiry, (STANDING,)),
        Source("inspection", _all(sel.inspections), inspection, (STANDING,)),
        Source("filing", _all(sel.filings), filing, (STANDING,)),
        Source(
            "budget",
            _all(sel.budgets),
            budget,
            (STANDING,),
            modified="imported_at",
            created="imported_at",
        ),
    ),
    "consultation": (Source("", _all(sel.consultations), consultation, (CONGRESS,)),),
}


def source_for(kind: str, key: str) -> tuple[Source, int] | None:
    """The source and primary key a key names (``proposal-12`` → the proposals, 12), or None."""
    prefix, _sep, number = key.rpartition("-")
    if not re.fullmatch(r"[0-9]{1,18}", number):
        return None
    for source in KINDS.get(kind, ()):
        if source.prefix == prefix:
            return source, int(number)
    return None
