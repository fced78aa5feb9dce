"""Major-matter reports (重大事项报告, seed 九): the yearly list agreed with the government and
each matter from registration to its public record. One service per step; every state change
through the kernel's ``transition()``; deadlines from the rules through the one working-day
calendar."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress import units
from congress.casework.services import create_tracked, lock, record_event, save_tracked, transition
from congress.exceptions import PermissionDeniedError
from congress.models import Notification, Organization, User
from congress.notifications import Message
from congress.rules import rule_get
from congress.workdays import deadline_after
from meetings.models import Meeting
from supervision import permissions
from supervision.models_major_matters import MajorMatter, MajorMatterList, MajorMatterListItem
from supervision.services._common import (
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
from supervision.workflow_major_matters import MAJOR_MATTER, MATTER_LIST

L = MajorMatterList.State
M = MajorMatter.State


def _reason(value, message) -> str:
    return required_text(value, "reason", message)[:500]


# --- the yearly list -----------------------------------------------------------------------------


@transaction.atomic
def major_matter_list_create(*, actor: User, year: int, consultation: str = "") -> MajorMatterList:
    """Staff start a year's list (one per year)."""
    require_staff(actor)
    if not year or not 2000 <= int(year) <= 2100:
        raise field_error("year", _("请填写有效的年度。"))
    if MajorMatterList.objects.filter(year=year).exists():
        raise field_error("year", _("%(year)s年度的目录已存在。") % {"year": year}, code="duplicate")
    matter_list = create_tracked(
        MajorMatterList, actor=actor, year=int(year), consultation=(consultation or "").strip()
    )
    record_event(matter_list, MATTER_LIST, "create", actor=actor, from_state="")
    return matter_list


@transaction.atomic
def major_matter_list_add_item(
    *,
    actor: User,
    matter_list: MajorMatterList,
    topic: str,
    unit: Organization,
    reporter: str = "",
    planned_month: int | None = None,
    requirements: str = "",
    reason: str = "",
) -> MajorMatterListItem:
    """Add an item; once the list is agreed the reason is required and kept."""
    matter_list = lock(matter_list)
    require_staff(actor)
    MATTER_LIST.check(matter_list, "add_item")
    topic = required_text(topic, "topic", _("请填写报告事项。"))[:200]
    supervised_unit(unit)
    if planned_month is not None and not 1 <= int(planned_month) <= 12:
        raise field_error("planned_month", _("计划报告月份应为1至12。"))
    reason = (reason or "").strip()
    if matter_list.state == L.AGREED and not reason:
        raise field_error("reason", _("目录已协商确定，增加事项须说明理由。"), code="required")
    last = matter_list.items.order_by("-order").values_list("order", flat=True).first() or 0
    item = create_tracked(
        MajorMatterListItem,
        actor=actor,
        reason=reason,
        matter_list=matter_list,
        order=last + 1,
        topic=topic,
        unit=unit,
        reporter=(reporter or "").strip()[:100],
        planned_month=planned_month,
        requirements=(requirements or "").strip(),
        change_reason=reason[:500] if matter_list.state == L.AGREED else "",
    )
    record_event(matter_list, MATTER_LIST, "add_item", actor=actor, note=f"{topic} {reason}".strip())
    return item


@transaction.atomic
def major_matter_list_drop_item(*, actor: User, item: MajorMatterListItem, reason: str = "") -> None:
    """Drop an item. While the list is drafted an item nothing refers to is simply removed;
    otherwise it stays, marked dropped, with the reason (required once agreed)."""
    matter_list = lock(item.matter_list)
    require_staff(actor)
    MATTER_LIST.check(matter_list, "drop_item")
    item = lock(item)
    if item.dropped_at:
        raise field_error("reason", _("该事项已撤销。"), code="dropped")
    reason = (reason or "").strip()
    if matter_list.state == L.DRAFTED and not item.matters.exists():
        record_event(matter_list, MATTER_LIST, "drop_item", actor=actor, note=item.topic)
        item.delete()
        return
    reason = _reason(reason, _("请填写撤销理由。"))
    item.dropped_reason, item.dropped_at = reason, timezone.now()
    save_tracked(item, ["dropped_reason", "dropped_at"], actor=actor, reason=reason)
    record_event(matter_list, MATTER_LIST, "drop_item", actor=actor, note=f"{item.topic}：{reason}")


@transaction.atomic
def major_matter_list_agree(
    *, actor: User, matter_list: MajorMatterList, agreed_on: dt.date | None = None, consultation: str = ""
) -> MajorMatterList:
    """The list is agreed with the government in the yearly consultation and published."""
    matter_list = lock(matter_list)
    require_staff(actor)
    MATTER_LIST.check(matter_list, "agree")
    if not matter_list.items.filter(dropped_at__isnull=True).exists():
        raise field_error("items", _("目录中还没有事项，不能确定。"), code="empty")
    changes = {"agreed_on": agreed_on or local_today()}
    if (consultation or "").strip():
        changes["consultation"] = consultation.strip()
    matter_list = transition(matter_list, MATTER_LIST, "agree", actor=actor, locked=True, changes=changes)
    officers = units.unit_user_ids(
        set(matter_list.items.filter(dropped_at__isnull=True).values_list("unit_id", flat=True))
    )
    notify_after_commit(
        [uid for ids in officers.values() for uid in ids],
        key=f"supervision:major-list:{matter_list.pk}:agreed",
        title=Message(gettext_noop("%(year)s年度重大事项报告目录已确定"), year=matter_list.year),
        body=Message(gettext_noop("请按目录确定的时间，在决策前向常委会报告本单位承担的事项。")),
        url=url_for("portal:supervision-major-matter-list"),
    )
    return matter_list


# --- a major matter ------------------------------------------------------------------------------


def _matter_url(matter: MajorMatter) -> str:
    return url_for("portal:supervision-major-matter", matter.pk)


def _tell_unit(matter: MajorMatter, *, key: str, title, body, level=Notification.Level.INFO) -> None:
    notify_after_commit(
        unit_officer_ids(matter.unit_id),
        key=key,
        title=title,
        body=body,
        url=_matter_url(matter),
        level=level,
    )


def _tell_staff(matter: MajorMatter, *, key: str, title, body) -> None:
    readers = set(units.staff_user_ids())
    if matter.committee_id:
        readers |= set(units.unit_user_ids([matter.committee_id]).get(matter.committee_id, []))
    notify_after_commit(
        readers,
        key=key,
        title=title,
        body=body,
        url=url_for("admin:supervision_majormatter_change", matter.pk),
    )


def _check_unit(actor: User, matter: MajorMatter) -> None:
    if not permissions.acts_for_unit(actor, matter) and not permissions.is_staff(actor):
        raise PermissionDeniedError(NOT_UNIT, code="not_unit_officer")


def _short_notice(today: dt.date, decision: dt.date) -> bool:
    """Fewer than the rule's advance time between the report and the planned decision."""
    return deadline_after(today, rule_get("supervision.major_matter_advance")) > decision


@transaction.atomic
def major_matter_register(
    *,
    actor: User,
    unit: Organization,
    title: str,
    reporter: str,
    content: str,
    planned_decision_date: dt.date,
    list_item: MajorMatterListItem | None = None,
    outside_list_reason: str = "",
    today: dt.date | None = None,
) -> MajorMatter:
    """A unit's officer (or staff, from paper) reports a major matter before deciding it: against
    an item of an agreed list that names the unit, or outside the list with a reason. A date of
    decision not after today is refused (the report comes *before* the decision); too little
    time before it is recorded as short notice."""
    if not permissions.can_register_major_matter(actor):
        raise PermissionDeniedError(NOT_UNIT, code="not_unit_officer")
    supervised_unit(unit)
    if not permissions.is_staff(actor) and not units.acts_for(actor, unit.pk):
        raise field_error("unit", _("只能报告本单位的重大事项。"), code="foreign_unit")
    title = required_text(title, "title", _("请填写事项名称。"))[:200]
    reporter = required_text(reporter, "reporter", _("请填写报告人。"))[:100]
    content = required_text(content, "content", _("请填写报告内容。"))
    today = today or local_today()
    if not planned_decision_date:
        raise field_error("planned_decision_date", _("请填写拟决策时间。"), code="required")
    if planned_decision_date <= today:
        raise field_error(
            "planned_decision_date", _("重大事项应在决策前报告：拟决策时间须晚于今天。"), code="not_before"
        )
    matter_list = None
    outside_list_reason = (outside_list_reason or "").strip()
    if list_item is not None:
        # Read afresh under a lock: two officers reporting one item at once, or an item dropped
        # since the form was shown.
        list_item = lock(list_item, related=["matter_list"])
        matter_list = list_item.matter_list
        if matter_list.state != L.AGREED or list_item.dropped_at or list_item.unit_id != unit.pk:
            raise field_error("list_item", _("请选择本单位在已确定目录中的事项。"))
        if list_item.matters.exclude(state=M.RETURNED).exists():
            raise field_error("list_item", _("该目录事项已经报告。"), code="duplicate")
        outside_list_reason = ""
    else:
        if not outside_list_reason:
            raise field_error(
                "outside_list_reason", _("不在年度目录内的事项，请说明报告理由。"), code="required"
            )
        matter_list = MajorMatterList.objects.filter(year=planned_decision_date.year).first()
    matter = create_tracked(
        MajorMatter,
        actor=actor,
        matter_list=matter_list,
        list_item=list_item,
        outside_list_reason=outside_list_reason,
        unit=unit,
        title=title,
        reporter=reporter,
        content=content,
        planned_decision_date=planned_decision_date,
        short_notice=_short_notice(today, planned_decision_date),
        registered_by=actor,
    )
    note = _("报告时间不足") if matter.short_notice else ""
    record_event(matter, MAJOR_MATTER, "register", actor=actor, from_state="", note=note)
    _tell_staff(
        matter,
        key=f"supervision:major:{matter.pk}:registered",
        title=Message(gettext_noop("重大事项报告：%(t)s"), t=title),
        body=Message(
            gettext_noop("%(unit)s报告了重大事项，拟决策时间 %(d)s。"),
            unit=unit.name,
            d=planned_decision_date,
        ),
    )
    return matter


@transaction.atomic
def major_matter_return(*, actor: User, matter: MajorMatter, reason: str) -> MajorMatter:
    """Staff return a matter to the unit for more material, with the reason."""
    matter = lock(matter)
    require_staff(actor)
    MAJOR_MATTER.check(matter, "return")
    reason = required_text(reason, "reason", _("请填写退回理由。"))
    matter = transition(
        matter,
        MAJOR_MATTER,
        "return",
        actor=actor,
        locked=True,
        changes={"return_reason": reason},
        note=reason,
    )
    _tell_unit(
        matter,
        key=f"supervision:major:{matter.pk}:returned:{matter.events.count()}",
        title=Message(gettext_noop("重大事项报告退回补充：%(t)s"), t=matter.title),
        body=reason,
        level=Notification.Level.REMINDER,
    )
    return matter


@transaction.atomic
def major_matter_resubmit(
    *,
    actor: User,
    matter: MajorMatter,
    content: str,
    planned_decision_date: dt.date | None = None,
    today: dt.date | None = None,
) -> MajorMatter:
    """The unit reports again with the material asked for (and, if it moved, the new date of
    decision, again not after today)."""
    matter = lock(matter)
    _check_unit(actor, matter)
    MAJOR_MATTER.check(matter, "resubmit")
    content = required_text(content, "content", _("请填写报告内容。"))
    today = today or local_today()
    decision = planned_decision_date or matter.planned_decision_date
    if decision <= today:
        raise field_error(
            "planned_decision_date", _("重大事项应在决策前报告：拟决策时间须晚于今天。"), code="not_before"
        )
    matter = transition(
        matter,
        MAJOR_MATTER,
        "resubmit",
        actor=actor,
        locked=True,
        changes={
            "content": content,
            "planned_decision_date": decision,
            "short_notice": _short_notice(today, decision),
        },
    )
    _tell_staff(
        matter,
        key=f"supervision:major:{matter.pk}:resubmitted:{matter.events.count()}",
        title=Message(gettext_noop("重大事项已补充报告：%(t)s"), t=matter.title),
        body=Message(gettext_noop("%(unit)s补充了报告材料。"), unit=matter.unit.name),
    )
    return matter


@transaction.atomic
def major_matter_take_note(
    *, actor: User, matter: MajorMatter, note: str, withhold_reason: str = ""
) -> MajorMatter:
    """Staff take note of a written report without deliberation (书面报告，不再审议): concluded."""
    matter = lock(matter)
    require_staff(actor)
    MAJOR_MATTER.check(matter, "take_note")
    note = required_text(note, "note", _("请填写办结说明。"))
    matter = transition(
        matter,
        MAJOR_MATTER,
        "take_note",
        actor=actor,
        locked=True,
        changes={
            "conclusion": note,
            "concluded_at": timezone.now(),
            "withhold_reason": (withhold_reason or "").strip()[:500],
        },
        note=note,
    )
    _tell_unit(
        matter,
        key=f"supervision:major:{matter.pk}:concluded",
        title=Message(gettext_noop("重大事项报告已办结：%(t)s"), t=matter.title),
        body=note,
    )
    return matter


@transaction.atomic
def major_matter_schedule(
    *, actor: User, matter: MajorMatter, meeting: Meeting, committee: Organization | None = None
) -> MajorMatter:
    """Staff put the matter on a standing-committee meeting for deliberation (and name the
    working committee that follows it)."""
    matter = lock(matter)
    require_staff(actor)
    MAJOR_MATTER.check(matter, "schedule")
    if meeting is None or meeting.kind != Meeting.Kind.STANDING:
        raise field_error("meeting", _("请选择常委会会议。"))
    if committee is not None and committee.kind != Organization.Kind.WORKING_COMMITTEE:
        raise field_error("committee", _("请选择人大工作委员会。"))
    matter = transition(
        matter,
        MAJOR_MATTER,
        "schedule",
        actor=actor,
        locked=True,
        changes={"meeting": meeting, "committee": committee or matter.committee},
        note=str(meeting),
    )
    _tell_unit(
        matter,
        key=f"supervision:major:{matter.pk}:scheduled",
        title=Message(gettext_noop("重大事项已安排审议：%(t)s"), t=matter.title),
        body=Message(gettext_noop("常委会将在%(m)s审议，请报告人到会报告。"), m=str(meeting)),
    )
    return matter


@transaction.atomic
def major_matter_send_opinion(
    *, actor: User, matter: MajorMatter, content: str, today: dt.date | None = None
) -> MajorMatter:
    """Staff send the committee's opinion; the unit owes its feedback by the rule's deadline
    (working days and holidays through the one calendar)."""
    matter = lock(matter)
    require_staff(actor)
    MAJOR_MATTER.check(matter, "send_opinion")
    content = required_text(content, "content", _("请填写审议意见。"))
    due = deadline_after(today or local_today(), rule_get("supervision.major_matter_feedback_deadline"))
    matter = transition(
        matter,
        MAJOR_MATTER,
        "send_opinion",
        actor=actor,
        locked=True,
        changes={"opinion": content, "opinion_sent_at": timezone.now(), "feedback_due": due},
        note=_("反馈期限：%(d)s") % {"d": due},
    )
    _tell_unit(
        matter,
        key=f"supervision:major:{matter.pk}:opinion",
        title=Message(gettext_noop("重大事项审议意见：%(t)s"), t=matter.title),
        body=Message(gettext_noop("请研究采纳，于 %(d)s 前反馈采纳情况。"), d=due),
        level=Notification.Level.REMINDER,
    )
    return matter


@transaction.atomic
def major_matter_feed_back(*, actor: User, matter: MajorMatter, content: str) -> MajorMatter:
    """The unit feeds back how the opinion was taken up in its decision."""
    matter = lock(matter)
    _check_unit(actor, matter)
    MAJOR_MATTER.check(matter, "feed_back")
    content = required_text(content, "content", _("请填写审议意见采纳情况。"))
    matter = transition(
        matter,
        MAJOR_MATTER,
        "feed_back",
        actor=actor,
        locked=True,
        changes={"feedback": content, "feedback_at": timezone.now()},
        permission_message=NOT_UNIT,
    )
    _tell_staff(
        matter,
        key=f"supervision:major:{matter.pk}:feedback",
        title=Message(gettext_noop("重大事项审议意见已反馈：%(t)s"), t=matter.title),
        body=Message(gettext_noop("%(unit)s反馈了审议意见采纳情况。"), unit=matter.unit.name),
    )
    return matter


@transaction.atomic
def major_matter_conclude(
    *, actor: User, matter: MajorMatter, note: str = "", withhold_reason: str = ""
) -> MajorMatter:
    """Staff conclude the matter; it is public on the website unless withheld with a reason."""
    matter = lock(matter)
    require_staff(actor)
    MAJOR_MATTER.check(matter, "conclude")
    withhold_reason = (withhold_reason or "").strip()[:500]
    matter = transition(
        matter,
        MAJOR_MATTER,
        "conclude",
        actor=actor,
        locked=True,
        changes={
            "conclusion": (note or "").strip(),
            "concluded_at": timezone.now(),
            "withhold_reason": withhold_reason,
        },
        note=withhold_reason and _("不予公开：%(r)s") % {"r": withhold_reason},
    )
    _tell_unit(
        matter,
        key=f"supervision:major:{matter.pk}:concluded",
        title=Message(gettext_noop("重大事项报告已办结：%(t)s"), t=matter.title),
        body=Message(gettext_noop("常委会已办结该重大事项报告。")),
    )
    return matter
