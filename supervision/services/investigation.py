"""Special-question investigation (特定问题调查): staff record each step the standing committee
takes. Proposed by the chairpersons' meeting, or by committee members jointly — at least the
rule's share of the serving members (``supervision.investigation_min_share``, one fifth; fewer
is refused with a Chinese message on ``proposers``); decided at a standing-committee meeting;
a committee of deputies formed; its findings report; the resolution — then public."""

from __future__ import annotations

import math
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import roles
from congress.casework.services import create_tracked, lock, record_event, transition
from congress.models import User
from congress.rules import rule_get
from meetings.models import Meeting
from supervision.models import Investigation
from supervision.services._common import NOT_STAFF, field_error, require_staff, required_text
from supervision.workflow_investigation import INVESTIGATION

V = Investigation.State
B = Investigation.ProposedBy


def _ids(values: Iterable, field: str) -> list[int]:
    ids = []
    for value in values or ():
        try:
            ids.append(int(getattr(value, "pk", value)))
        except (TypeError, ValueError):
            raise field_error(field, _("编号应为整数。")) from None
    return list(dict.fromkeys(ids))


def _people(ids: list[int], role: str, field: str, who) -> list[User]:
    found = {u.pk: u for u in User.objects.filter(pk__in=ids, is_active=True, groups__name=role).distinct()}
    strangers = [pk for pk in ids if pk not in found]
    if strangers:
        raise field_error(
            field,
            _("须为%(who)s，以下编号不符合：%(ids)s") % {"who": who, "ids": "、".join(map(str, strangers))},
            code="bad_people",
        )
    return [found[pk] for pk in ids]


def min_proposers() -> int:
    """The rule's share of the serving committee members, rounded up (at least one)."""
    members = User.objects.filter(is_active=True, groups__name=roles.MEMBER).distinct().count()
    return max(1, math.ceil(rule_get("supervision.investigation_min_share") * members))


@transaction.atomic
def investigation_propose(
    *, actor: User, title: str, subject: str, proposed_by: str, proposers: Iterable = ()
) -> Investigation:
    """Staff record a proposal to investigate: by the chairpersons' meeting, or by members
    jointly (at least the rule's share of the serving members)."""
    require_staff(actor)
    title = required_text(title, "title", _("请填写调查事项。"))[:200]
    subject = required_text(subject, "subject", _("请填写提请调查的问题和理由。"))
    if proposed_by not in B.values:
        raise field_error("proposed_by", _("请选择提请方式。"), code="required")
    people: list[User] = []
    if proposed_by == B.MEMBERS:
        people = _people(_ids(proposers, "proposers"), roles.MEMBER, "proposers", _("常委会组成人员"))
        needed = min_proposers()
        if len(people) < needed:
            raise field_error(
                "proposers",
                _("须由常委会组成人员五分之一以上联名提请，至少 %(n)d 人，现有 %(k)d 人。")
                % {"n": needed, "k": len(people)},
                code="too_few_proposers",
            )
    investigation = create_tracked(
        Investigation, actor=actor, title=title, subject=subject, proposed_by=proposed_by, created_by=actor
    )
    investigation.proposers.set(people)
    record_event(
        investigation, INVESTIGATION, "propose", actor=actor, from_state="", note=B(proposed_by).label
    )
    return investigation


@transaction.atomic
def investigation_decide(
    *, actor: User, investigation: Investigation, adopt: bool, meeting: Meeting | None, note: str = ""
) -> Investigation:
    """Staff record the standing-committee meeting's decision: investigate, or not."""
    investigation = lock(investigation)
    require_staff(actor)
    target = V.ADOPTED if adopt else V.REJECTED
    INVESTIGATION.check(investigation, "decide", target=target)
    if meeting is None:
        raise field_error("meeting", _("请选择作出决定的常委会会议。"), code="required")
    if meeting.kind != Meeting.Kind.STANDING:
        raise field_error("meeting", _("请选择常委会会议。"))
    note = (note or "").strip()
    return transition(
        investigation,
        INVESTIGATION,
        "decide",
        actor=actor,
        locked=True,
        target=target,
        changes={"meeting": meeting, "decision_note": note, "decided_at": timezone.now()},
        note=note,
    )


@transaction.atomic
def investigation_form_committee(
    *, actor: User, investigation: Investigation, members: Iterable
) -> Investigation:
    """Staff record the committee of deputies formed to investigate."""
    investigation = lock(investigation)
    require_staff(actor)
    INVESTIGATION.check(investigation, "form_committee")
    people = _people(_ids(members, "members"), roles.DEPUTY, "members", _("人大代表"))
    if not people:
        raise field_error("members", _("请选定调查委员会的组成人员（人大代表）。"), code="required")
    investigation = transition(
        investigation,
        INVESTIGATION,
        "form_committee",
        actor=actor,
        locked=True,
        changes={"formed_at": timezone.now()},
        note="、".join(str(p) for p in people),
    )
    investigation.committee_members.set(people)
    return investigation


@transaction.atomic
def investigation_report_findings(
    *, actor: User, investigation: Investigation, findings: str
) -> Investigation:
    """Staff record the committee's findings report (调查报告)."""
    require_staff(actor)
    findings = required_text(findings, "findings", _("请填写调查报告。"))
    return transition(
        investigation,
        INVESTIGATION,
        "report_findings",
        actor=actor,
        changes={"findings": findings, "reported_at": timezone.now()},
        permission_message=NOT_STAFF,
    )


@transaction.atomic
def investigation_resolve(*, actor: User, investigation: Investigation, resolution: str) -> Investigation:
    """Staff record the standing committee's resolution on the report: the investigation is
    concluded and public."""
    require_staff(actor)
    resolution = required_text(resolution, "resolution", _("请填写常委会决议。"))
    return transition(
        investigation,
        INVESTIGATION,
        "resolve",
        actor=actor,
        changes={"resolution": resolution, "concluded_at": timezone.now()},
        permission_message=NOT_STAFF,
    )
