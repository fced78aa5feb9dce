"""Law-enforcement inspections (执法检查): staff set one up for a law in a year and form its
groups; deputies sign up to a group in the portal, or staff choose deputies by their
registered specialty; the groups' visits are recorded; each issue found is listed against one
unit with a rectification deadline from the rule ``supervision.inspection_rectification_deadline``
(working days, holidays and 调休 known); the unit reports its rectification; staff accept it or
send it back with a reason and a new deadline (rule ``supervision.inspection_redo_deadline``
when they give none). The report is deliberated at a standing-committee meeting with its
opinions — from then on the inspection is public; law-amendment suggestions go to the
municipal congress and their answer is recorded. Staff close the inspection once every issue
is accepted.

Every state change is a declared action (``supervision.workflow_inspections``) taken through
the kernel's ``transition()``; order inside each: lock, who (403), state (409), input (400)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress import roles, units
from congress.casework.rectification import RectificationSteps
from congress.casework.services import create_tracked, lock, record_event, transition
from congress.exceptions import PermissionDeniedError
from congress.models import Notification, Organization, User
from congress.notifications import Message
from congress.rules import rule_get
from congress.workdays import deadline_after
from meetings.models import Meeting
from supervision import permissions
from supervision.models import (
    AmendmentSuggestion,
    Inspection,
    InspectionGroup,
    InspectionGroupMember,
    InspectionIssue,
    InspectionVisit,
    PlanItem,
)
from supervision.services._common import (
    NOT_STAFF,
    NOT_UNIT,
    field_error,
    notify_after_commit,
    require_staff,
    required_text,
    supervised_unit,
    unit_officer_ids,
    url_for,
)
from supervision.services._common import today as local_today
from supervision.workflow_inspections import AMENDMENT, INSPECTION, ISSUE

S = Inspection.State
I = InspectionIssue.State  # noqa: E741
GM = InspectionGroupMember
TEXT_LIMIT = 20000
RECTIFICATION = RectificationSteps(ISSUE)
NOT_DEPUTY = _("仅限人大代表报名参加执法检查。")


def _text(value, field: str, message, limit: int = TEXT_LIMIT) -> str:
    return required_text(value, field, message, limit=limit)


def _issue_url(issue_id: int) -> str:
    return url_for("portal:supervision-inspection-issue", issue_id)


# --- the inspection ------------------------------------------------------------------------------


@transaction.atomic
def inspection_create(
    *,
    actor: User,
    title: str,
    law: str,
    year: int | None,
    committee: Organization | None = None,
    plan_item: PlanItem | None = None,
    description: str = "",
) -> Inspection:
    """Staff set up an inspection of one law or regulation in one year (preparing: groups are
    formed next)."""
    require_staff(actor)
    title = _text(title, "title", _("请填写检查名称。"), limit=200)
    law = _text(law, "law", _("请填写检查的法律法规。"), limit=200)
    if year is None:
        raise field_error("year", _("请填写检查年度。"), code="required")
    if not 2000 <= int(year) <= 2100:
        raise field_error("year", _("年度应在 2000 至 2100 之间。"))
    if committee is not None and committee.kind != Organization.Kind.WORKING_COMMITTEE:
        raise field_error("committee", _("请选择人大工作委员会。"))
    if committee is None and plan_item is not None:
        committee = plan_item.committee
    inspection = create_tracked(
        Inspection,
        actor=actor,
        title=title,
        law=law,
        year=int(year),
        committee=committee,
        plan_item=plan_item,
        description=(description or "").strip(),
        created_by=actor,
    )
    record_event(inspection, INSPECTION, "create", actor=actor, from_state="")
    return inspection


@transaction.atomic
def inspection_start(*, actor: User, inspection: Inspection, note: str = "") -> Inspection:
    """Staff start the inspection: the groups go out (deputies may still sign up)."""
    require_staff(actor)
    return transition(
        inspection, INSPECTION, "start", actor=actor, note=(note or "").strip(), permission_message=NOT_STAFF
    )


@transaction.atomic
def inspection_deliberate(
    *, actor: User, inspection: Inspection, report: str, opinions: str, meeting: Meeting | None = None
) -> Inspection:
    """Staff record the inspection report deliberated at a standing-committee meeting and its
    deliberation opinions: the inspection becomes public with its issue list."""
    inspection = lock(inspection)
    require_staff(actor)
    INSPECTION.check(inspection, "deliberate")
    report = _text(report, "report", _("请填写执法检查报告。"))
    opinions = _text(opinions, "opinions", _("请填写审议意见。"))
    if meeting is not None and meeting.kind != Meeting.Kind.STANDING:
        raise field_error("meeting", _("请选择常委会会议。"))
    inspection = transition(
        inspection,
        INSPECTION,
        "deliberate",
        actor=actor,
        locked=True,
        changes={
            "report": report,
            "opinions": opinions,
            "meeting": meeting,
            "deliberated_at": timezone.now(),
        },
        note=meeting.title if meeting else "",
    )
    unit_ids = set(inspection.issues.values_list("unit_id", flat=True))
    officers = units.unit_user_ids(unit_ids, role=roles.UNIT_OFFICER)
    notify_after_commit(
        [uid for ids in officers.values() for uid in ids],
        key=f"supervision:inspection:{inspection.pk}:deliberated",
        title=Message(gettext_noop("执法检查审议意见：%(t)s"), t=inspection.title),
        body=Message(gettext_noop("常委会已审议执法检查报告，请对照问题清单抓好整改。")),
        url=url_for("portal:supervision-inbox"),
    )
    return inspection


@transaction.atomic
def inspection_close(*, actor: User, inspection: Inspection, note: str = "") -> Inspection:
    """Staff close the inspection once every issue on its list is accepted."""
    inspection = lock(inspection)
    require_staff(actor)
    INSPECTION.check(inspection, "close")
    if inspection.issues.exclude(state=I.ACCEPTED).exists():
        raise field_error("note", _("还有问题未整改到位，不能办结。"), code="issues_open")
    return transition(
        inspection,
        INSPECTION,
        "close",
        actor=actor,
        locked=True,
        changes={"closed_at": timezone.now()},
        note=(note or "").strip(),
    )


# --- groups --------------------------------------------------------------------------------------


@transaction.atomic
def group_add(
    *,
    actor: User,
    inspection: Inspection,
    name: str,
    focus: str = "",
    seats: int | None = 5,
    signup_open: bool = True,
) -> InspectionGroup:
    """Staff form an inspection group (name, focus, deputies' places, open for sign-up)."""
    inspection = lock(inspection)
    require_staff(actor)
    INSPECTION.check(inspection, "add_group")
    name = _text(name, "name", _("请填写检查组名称。"), limit=100)
    if inspection.groups.filter(name=name).exists():
        raise field_error("name", _("本次检查已有同名的检查组。"), code="duplicate")
    seats = 5 if seats is None else int(seats)
    if seats < 0 or seats > 500:
        raise field_error("seats", _("代表名额应在 0 至 500 之间。"))
    group = create_tracked(
        InspectionGroup,
        actor=actor,
        inspection=inspection,
        name=name,
        focus=(focus or "").strip(),
        seats=seats,
        signup_open=bool(signup_open),
    )
    record_event(inspection, INSPECTION, "add_group", actor=actor, note=name)
    return group


def _specialty(user: User) -> str:
    deputy = getattr(user, "deputy", None)
    if deputy is None:
        return ""
    return "；".join(part for part in (deputy.specialty, deputy.occupation) if part)[:200]


def _deputy_places_taken(group: InspectionGroup) -> int:
    return group.memberships.filter(source__in=[GM.Source.SIGNED_UP, GM.Source.CHOSEN]).count()


def _in_inspection(inspection_id: int, user_id: int) -> InspectionGroupMember | None:
    return (
        InspectionGroupMember.objects.filter(group__inspection_id=inspection_id, user_id=user_id)
        .select_related("group")
        .first()
    )


def _join(group: InspectionGroup, user: User, *, actor: User, role: str, source: str, code: str, note: str):
    membership = create_tracked(
        InspectionGroupMember,
        actor=actor,
        group=group,
        user=user,
        role=role,
        source=source,
        specialty=_specialty(user),
    )
    record_event(group.inspection, INSPECTION, code, actor=actor, note=note)
    return membership


@transaction.atomic
def group_add_member(
    *, actor: User, group: InspectionGroup, user: User | None, role: str = GM.Role.MEMBER
) -> InspectionGroupMember:
    """Staff put a committee member or a deputy in a group (the leader is a member too). One
    group per person in an inspection."""
    inspection = lock(group.inspection)
    require_staff(actor)
    INSPECTION.check(inspection, "add_member")
    if user is None:
        raise field_error("user", _("请选择检查组成员。"), code="required")
    if not user.is_active or not roles.has_role(user, roles.MEMBER, roles.DEPUTY, roles.STAFF):
        raise field_error("user", _("检查组成员须为常委会组成人员、人大代表或工作人员。"), code="bad_member")
    if role not in GM.Role.values:
        raise field_error("role", _("请选择组长或组员。"))
    taken = _in_inspection(inspection.pk, user.pk)
    if taken is not None:
        raise field_error(
            "user", _("%(who)s 已在“%(g)s”。") % {"who": user, "g": taken.group.name}, code="already_member"
        )
    group.inspection = inspection
    return _join(
        group,
        user,
        actor=actor,
        role=role,
        source=GM.Source.APPOINTED,
        code="add_member",
        note=f"{group.name}：{user}（{GM.Role(role).label}）",
    )


def deputies_matching(*, specialty: str, exclude_inspection: Inspection | None = None):
    """Active deputies with an account whose registered specialty or occupation mentions the
    words (each word must match), fewest inspections joined first."""
    from django.db.models import Count

    from deputies.models import Deputy

    rows = Deputy.objects.filter(is_active=True, user__isnull=False, user__is_active=True)
    for word in (specialty or "").split():
        rows = rows.filter(Q(specialty__icontains=word) | Q(occupation__icontains=word))
    if exclude_inspection is not None:
        rows = rows.exclude(
            user__in=InspectionGroupMember.objects.filter(group__inspection=exclude_inspection).values(
                "user_id"
            )
        )
    return (
        rows.select_related("user")
        .annotate(joined=Count("user__inspection_groups", distinct=True))
        .order_by("joined", "name", "id")
    )


@transaction.atomic
def group_choose_by_specialty(
    *, actor: User, group: InspectionGroup, specialty: str, count: int | None = 3
) -> list[InspectionGroupMember]:
    """Staff choose deputies for a group by specialty: the deputies whose registered specialty
    or occupation matches, not yet in this inspection, fewest inspections first, up to
    ``count``. They are told."""
    inspection = lock(group.inspection)
    require_staff(actor)
    INSPECTION.check(inspection, "add_member")
    specialty = _text(specialty, "specialty", _("请填写专业特长关键词，例如“法律”“食品”。"), limit=100)
    count = 3 if count is None else int(count)
    if not 1 <= count <= 50:
        raise field_error("count", _("人数应在 1 至 50 之间。"))
    deputies = list(deputies_matching(specialty=specialty, exclude_inspection=inspection)[:count])
    if not deputies:
        raise field_error(
            "specialty", _("没有找到专业特长或工作单位符合“%(s)s”的代表。") % {"s": specialty}, code="none"
        )
    group.inspection = inspection
    added = [
        _join(
            group,
            deputy.user,
            actor=actor,
            role=GM.Role.MEMBER,
            source=GM.Source.CHOSEN,
            code="add_member",
            note=_("%(g)s：按专业特长“%(s)s”选定 %(who)s")
            % {"g": group.name, "s": specialty, "who": deputy.name},
        )
        for deputy in deputies
    ]
    notify_after_commit(
        [deputy.user_id for deputy in deputies],
        key=f"supervision:inspection-group:{group.pk}:chosen:{specialty}",
        title=Message(gettext_noop("邀请参加执法检查：%(t)s"), t=inspection.title),
        body=Message(gettext_noop("根据您的专业特长，您已被安排参加“%(g)s”。"), g=group.name),
        url=url_for("portal:supervision-inspection", inspection.pk),
    )
    return added


@transaction.atomic
def group_sign_up(*, actor: User, group: InspectionGroup) -> InspectionGroupMember:
    """A deputy signs up to a group open for sign-up, while places remain; one group per
    deputy in an inspection."""
    inspection = lock(group.inspection)
    if not permissions.is_deputy(actor):
        raise PermissionDeniedError(NOT_DEPUTY, code="not_deputy")
    INSPECTION.check(inspection, "sign_up")
    group = lock(group)
    if not group.signup_open:
        raise field_error("group", _("该检查组已停止报名。"), code="closed")
    taken = _in_inspection(inspection.pk, actor.pk)
    if taken is not None:
        raise field_error(
            "group", _("您已在“%(g)s”，无需重复报名。") % {"g": taken.group.name}, code="already_member"
        )
    if group.seats and _deputy_places_taken(group) >= group.seats:
        raise field_error("group", _("该检查组代表名额已满。"), code="full")
    group.inspection = inspection
    return _join(
        group,
        actor,
        actor=actor,
        role=GM.Role.MEMBER,
        source=GM.Source.SIGNED_UP,
        code="sign_up",
        note=f"{group.name}：{actor}",
    )


@transaction.atomic
def group_withdraw(*, actor: User, group: InspectionGroup) -> None:
    """A deputy withdraws their own sign-up while groups are still forming."""
    inspection = lock(group.inspection)
    if not permissions.is_deputy(actor):
        raise PermissionDeniedError(NOT_DEPUTY, code="not_deputy")
    INSPECTION.check(inspection, "withdraw")
    membership = group.memberships.filter(user=actor, source=GM.Source.SIGNED_UP).first()
    if membership is None:
        raise field_error("group", _("您没有报名该检查组。"), code="not_member")
    membership.delete()
    record_event(inspection, INSPECTION, "withdraw", actor=actor, note=f"{group.name}：{actor}")


# --- visits --------------------------------------------------------------------------------------


@transaction.atomic
def visit_add(
    *,
    actor: User,
    inspection: Inspection,
    date: dt.date | None,
    place: str,
    notes: str = "",
    group: InspectionGroup | None = None,
    today: dt.date | None = None,
) -> InspectionVisit:
    """Staff record a group's visit (date — not in the future —, place, what was seen)."""
    inspection = lock(inspection)
    require_staff(actor)
    INSPECTION.check(inspection, "add_visit")
    if date is None:
        raise field_error("date", _("请填写检查日期。"), code="required")
    if date > (today or local_today()):
        raise field_error("date", _("检查日期不能晚于今天。"), code="future")
    place = _text(place, "place", _("请填写检查地点。"), limit=200)
    if group is not None and group.inspection_id != inspection.pk:
        raise field_error("group", _("请选择本次检查的检查组。"))
    visit = create_tracked(
        InspectionVisit,
        actor=actor,
        inspection=inspection,
        group=group,
        date=date,
        place=place,
        notes=(notes or "").strip(),
        created_by=actor,
    )
    record_event(inspection, INSPECTION, "add_visit", actor=actor, note=f"{date:%Y-%m-%d} {place}")
    return visit


# --- issues --------------------------------------------------------------------------------------


def rectification_deadline(start: dt.date) -> dt.date:
    """The first deadline of an issue listed on ``start`` (rule, working days)."""
    return deadline_after(start, rule_get("supervision.inspection_rectification_deadline"))


@transaction.atomic
def issue_add(
    *,
    actor: User,
    inspection: Inspection,
    unit: Organization | None,
    description: str,
    today: dt.date | None = None,
) -> InspectionIssue:
    """Staff list an issue against the one unit that owns it; the deadline follows from the
    rule (working days from today). The unit's officers are told."""
    inspection = lock(inspection)
    require_staff(actor)
    INSPECTION.check(inspection, "add_issue")
    supervised_unit(unit)
    description = _text(description, "description", _("请填写问题描述。"), limit=5000)
    deadline = rectification_deadline(today or local_today())
    number = (inspection.issues.aggregate(n=Max("number"))["n"] or 0) + 1
    issue = create_tracked(
        InspectionIssue,
        actor=actor,
        inspection=inspection,
        number=number,
        unit=unit,
        description=description,
        deadline=deadline,
        created_by=actor,
    )
    record_event(
        issue, ISSUE, "create", actor=actor, from_state="", note=_("整改期限：%(d)s") % {"d": deadline}
    )
    record_event(inspection, INSPECTION, "add_issue", actor=actor, note=f"{number}. {unit.name}")
    notify_after_commit(
        unit_officer_ids(unit.pk),
        key=f"supervision:inspection-issue:{issue.pk}:assigned",
        title=Message(gettext_noop("执法检查问题交办：%(t)s"), t=issue.summary),
        body=Message(gettext_noop("请于 %(d)s 前完成整改并报送整改情况。"), d=deadline),
        url=_issue_url(issue.pk),
        level=Notification.Level.REMINDER,
    )
    return issue


@transaction.atomic
def issue_rectify(*, actor: User, issue: InspectionIssue, content: str) -> InspectionIssue:
    """The unit reports how it rectified the issue (one report per round); staff are told."""
    issue = lock(issue)
    if not permissions.acts_for_unit(actor, issue):
        raise PermissionDeniedError(NOT_UNIT, code="not_unit_officer")
    issue = RECTIFICATION.rectify(issue, actor=actor, content=content)
    notify_after_commit(
        units.staff_user_ids(),
        key=f"supervision:inspection-issue:{issue.pk}:rectified:{issue.round}",
        title=Message(gettext_noop("执法检查问题已报送整改情况：%(t)s"), t=issue.summary),
        body=Message(gettext_noop("请评价：认定整改到位或退回重新整改。")),
        url=url_for("admin:supervision_inspectionissue_change", issue.pk),
    )
    return issue


@transaction.atomic
def issue_accept(*, actor: User, issue: InspectionIssue, reason: str = "") -> InspectionIssue:
    """Staff accept the rectification report: the issue is rectified (an optional comment)."""
    issue = lock(issue)
    require_staff(actor)
    issue = RECTIFICATION.accept(issue, actor=actor, reason=reason)
    notify_after_commit(
        unit_officer_ids(issue.unit_id),
        key=f"supervision:inspection-issue:{issue.pk}:accepted",
        title=Message(gettext_noop("执法检查问题已认定整改到位：%(t)s"), t=issue.summary),
        url=_issue_url(issue.pk),
    )
    return issue


@transaction.atomic
def issue_redo(
    *,
    actor: User,
    issue: InspectionIssue,
    reason: str,
    deadline: dt.date | None = None,
    today: dt.date | None = None,
) -> InspectionIssue:
    """Staff send the rectification back with a reason and a new deadline (after today; by
    default the rule ``supervision.inspection_redo_deadline``): a new round the unit owes."""
    issue = lock(issue)
    require_staff(actor)
    today = today or local_today()

    def new_deadline() -> dt.date:
        if deadline is None:
            return deadline_after(today, rule_get("supervision.inspection_redo_deadline"))
        if deadline <= today:
            raise field_error("deadline", _("新的整改期限应晚于今天。"), code="past_due")
        return deadline

    issue = RECTIFICATION.redo(issue, actor=actor, reason=reason, deadline=new_deadline)
    notify_after_commit(
        unit_officer_ids(issue.unit_id),
        key=f"supervision:inspection-issue:{issue.pk}:redo:{issue.round}",
        title=Message(gettext_noop("执法检查问题退回重新整改：%(t)s"), t=issue.summary),
        body=Message(
            gettext_noop("退回理由：%(r)s。请于 %(d)s 前再次报送整改情况。"),
            r=reason.strip(),
            d=issue.deadline,
        ),
        url=_issue_url(issue.pk),
        level=Notification.Level.WARNING,
    )
    return issue


# --- law-amendment suggestions -------------------------------------------------------------------


@transaction.atomic
def amendment_add(
    *, actor: User, inspection: Inspection, content: str, article: str = ""
) -> AmendmentSuggestion:
    """Staff draft a law-amendment suggestion drawn from the inspection (the article it
    concerns, what should change)."""
    inspection = lock(inspection)
    require_staff(actor)
    INSPECTION.check(inspection, "suggest")
    content = _text(content, "content", _("请填写修法建议。"), limit=10000)
    article = (article or "").strip()
    if len(article) > 200:
        raise field_error("article", _("内容不能超过%(n)d字。") % {"n": 200})
    amendment = create_tracked(
        AmendmentSuggestion,
        actor=actor,
        inspection=inspection,
        article=article,
        content=content,
        created_by=actor,
    )
    record_event(amendment, AMENDMENT, "create", actor=actor, from_state="", note=article or content[:60])
    return amendment


@transaction.atomic
def amendment_send(*, actor: User, amendment: AmendmentSuggestion, note: str = "") -> AmendmentSuggestion:
    """Staff pass the suggestion to the municipal congress's standing committee."""
    require_staff(actor)
    return transition(
        amendment,
        AMENDMENT,
        "send",
        actor=actor,
        changes={"sent_at": timezone.now()},
        note=(note or "").strip(),
        permission_message=NOT_STAFF,
    )


@transaction.atomic
def amendment_feedback(
    *, actor: User, amendment: AmendmentSuggestion, outcome: str, feedback: str
) -> AmendmentSuggestion:
    """Staff record the municipal congress's answer: adopted, partly adopted or not adopted,
    with what it said."""
    amendment = lock(amendment)
    require_staff(actor)
    outcomes = AMENDMENT["feedback"].targets
    # The state first (409), whatever the outcome given; then the outcome (400).
    AMENDMENT.check(amendment, "feedback", target=outcome if outcome in outcomes else next(iter(outcomes)))
    if outcome not in outcomes:
        raise field_error("outcome", _("请选择采纳情况。"), code="required")
    feedback = _text(feedback, "feedback", _("请填写市人大的反馈。"), limit=10000)
    return transition(
        amendment,
        AMENDMENT,
        "feedback",
        actor=actor,
        locked=True,
        target=outcome,
        changes={"feedback": feedback, "feedback_at": timezone.now()},
        note=feedback[:100],
    )
