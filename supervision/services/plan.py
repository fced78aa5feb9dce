"""The yearly supervision plan (年度监督工作计划): staff draft it, open it for comment (deputies
and members comment in the portal), the chairpersons' meeting adopts it, staff publish it on
the website. Once adopted, an item added or dropped carries a reason, kept on the item (shown
on the published plan) and on the plan's timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress import roles
from congress.casework.services import create_tracked, lock, record_event, save_tracked, transition
from congress.exceptions import ApplicationError
from congress.models import Notification, Organization, User
from congress.notifications import Message
from supervision.models import PlanComment, PlanItem, SupervisionPlan
from supervision.services._common import (
    NOT_STAFF,
    field_error,
    notify_after_commit,
    require_staff,
    required_text,
    url_for,
)
from supervision.workflow import PLAN

PLAN_FIELDS = ("title", "summary", "comment_until")
ITEM_FIELDS = ("kind", "title", "description", "committee", "meeting", "planned_month", "order")


@transaction.atomic
def plan_create(
    *, actor: User, year: int, title: str, summary: str = "", comment_until=None
) -> SupervisionPlan:
    """Staff start the plan of a year (one plan a year)."""
    require_staff(actor)
    title = required_text(title, "title", _("请填写计划标题。"))
    if not 2000 <= int(year) <= 2100:
        raise field_error("year", _("年度无效。"))
    if SupervisionPlan.objects.filter(year=year).exists():
        raise field_error("year", _("%(y)d 年度的监督工作计划已存在。") % {"y": year}, code="duplicate")
    plan = create_tracked(
        SupervisionPlan,
        actor=actor,
        year=year,
        title=title,
        summary=summary.strip(),
        comment_until=comment_until,
        created_by=actor,
    )
    record_event(plan, PLAN, "create", actor=actor, from_state="")
    return plan


@transaction.atomic
def plan_update(*, actor: User, plan: SupervisionPlan, **fields) -> SupervisionPlan:
    """Staff edit the plan's title, summary and comment deadline (not once published)."""
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise field_error(sorted(unknown)[0], _("不能修改此字段。"))
    if "title" in fields:
        fields["title"] = required_text(fields["title"], "title", _("请填写计划标题。"))
    return transition(plan, PLAN, "edit", actor=actor, changes=fields, permission_message=NOT_STAFF)


def _live_items(plan: SupervisionPlan):
    return PlanItem.objects.filter(plan=plan, is_dropped=False)


@transaction.atomic
def plan_open_for_comment(
    *, actor: User, plan: SupervisionPlan, comment_until: dt.date | None = None
) -> SupervisionPlan:
    """Staff open the draft for comment: every deputy and committee member is told and may
    comment in the portal until staff adopt it."""
    plan = lock(plan)
    require_staff(actor)
    PLAN.check(plan, "open_comments")
    if not _live_items(plan).exists():
        raise _no_items()
    changes = {"comment_until": comment_until} if comment_until else {}
    plan = transition(plan, PLAN, "open_comments", actor=actor, locked=True, changes=changes)
    recipients = User.objects.filter(
        is_active=True, groups__name__in=[roles.DEPUTY, roles.MEMBER]
    ).values_list("pk", flat=True)
    until = plan.comment_until
    notify_after_commit(
        set(recipients),
        key=f"supervision:plan:{plan.pk}:comments",
        title=Message(gettext_noop("征求意见：%(t)s"), t=plan.title),
        body=Message(gettext_noop("请于 %(d)s 前在工作台提出意见建议。"), d=until)
        if until
        else Message(gettext_noop("请在工作台提出意见建议。")),
        url=url_for("portal:supervision-plan", plan.pk),
        level=Notification.Level.INFO,
    )
    return plan


def _no_items() -> ApplicationError:
    return ApplicationError(_("计划还没有监督项目。"), code="no_items")


@transaction.atomic
def plan_comment(
    *, actor: User, plan: SupervisionPlan, content: str, item: PlanItem | None = None
) -> PlanComment:
    """A deputy or a member comments on the plan (or one of its items) while it is open for
    comment."""
    content = required_text(content, "content", _("请填写意见建议。"))
    if len(content) > 2000:
        raise field_error("content", _("意见建议不能超过2000字。"))
    if item is not None and (item.plan_id != plan.pk or item.is_dropped):
        raise field_error("item", _("请选择本计划中的项目。"))
    transition(plan, PLAN, "comment", actor=actor, note=item.title if item else "")
    return PlanComment.objects.create(plan=plan, item=item, author=actor, content=content)


@transaction.atomic
def plan_adopt(*, actor: User, plan: SupervisionPlan, note: str = "") -> SupervisionPlan:
    """Staff record the chairpersons' meeting's adoption: comments close; from now on items
    change only with a reason."""
    plan = lock(plan)
    require_staff(actor)
    PLAN.check(plan, "adopt")
    if not _live_items(plan).exists():
        raise _no_items()
    return transition(
        plan, PLAN, "adopt", actor=actor, locked=True, note=note, changes={"adopted_at": timezone.now()}
    )


@transaction.atomic
def plan_publish(*, actor: User, plan: SupervisionPlan) -> SupervisionPlan:
    """Staff publish the adopted plan on the website (``/supervision/plan/<year>/``)."""
    require_staff(actor)
    return transition(plan, PLAN, "publish", actor=actor, changes={"published_at": timezone.now()})


def _check_item_fields(fields: dict) -> dict:
    if "title" in fields:
        fields["title"] = required_text(fields["title"], "title", _("请填写监督事项。"))
    if "kind" in fields and fields["kind"] not in PlanItem.Kind.values:
        raise field_error("kind", _("请选择监督方式。"))
    if "committee" in fields:
        committee = fields["committee"]
        if committee is None or committee.kind != Organization.Kind.WORKING_COMMITTEE:
            raise field_error("committee", _("请选择负责的人大工作委员会。"))
    month = fields.get("planned_month")
    if month is not None and not 1 <= int(month) <= 12:
        raise field_error("planned_month", _("计划月份应为1至12。"))
    return fields


def _reason_if_adopted(plan: SupervisionPlan, reason: str) -> str:
    reason = (reason or "").strip()
    if plan.is_adopted and not reason:
        raise field_error("reason", _("计划已通过，调整计划须说明理由。"), code="reason_required")
    return reason


@transaction.atomic
def plan_item_add(
    *,
    actor: User,
    plan: SupervisionPlan,
    kind: str,
    title: str,
    committee: Organization,
    units: Iterable[Organization] = (),
    description: str = "",
    meeting=None,
    planned_month: int | None = None,
    order: int | None = None,
    reason: str = "",
) -> PlanItem:
    """Staff add an item. After adoption only with a reason (shown on the published plan)."""
    plan = lock(plan)
    require_staff(actor)
    PLAN.check(plan, "add_item")
    reason = _reason_if_adopted(plan, reason)
    fields = _check_item_fields(
        {"kind": kind, "title": title, "committee": committee, "planned_month": planned_month}
    )
    if order is None:
        order = PlanItem.objects.filter(plan=plan).count() + 1
    item = create_tracked(
        PlanItem,
        actor=actor,
        reason=reason,
        plan=plan,
        order=order,
        description=(description or "").strip(),
        meeting=meeting,
        added_reason=reason if plan.is_adopted else "",
        **fields,
    )
    item.units.set(list(units))
    note = f"{item.title}：{reason}" if reason else item.title
    transition(plan, PLAN, "add_item", actor=actor, locked=True, note=note)
    return item


@transaction.atomic
def plan_item_update(*, actor: User, item: PlanItem, units=None, reason: str = "", **fields) -> PlanItem:
    """Staff change an item (its meeting once scheduled, its month, its units …). After adoption
    only with a reason, kept in the item's history and on the plan's timeline."""
    plan = lock(SupervisionPlan, item.plan_id)
    require_staff(actor)
    PLAN.check(plan, "edit_item")
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise field_error(sorted(unknown)[0], _("不能修改此字段。"))
    reason = _reason_if_adopted(plan, reason)
    item = lock(item)
    if item.is_dropped:
        raise field_error("item", _("该项目已撤销。"), code="dropped")
    fields = _check_item_fields(fields)
    for name, value in fields.items():
        setattr(item, name, value)
    if fields:
        save_tracked(item, fields, actor=actor, reason=reason)
    if units is not None:
        item.units.set(list(units))
    note = f"{item.title}：{reason}" if reason else item.title
    transition(plan, PLAN, "edit_item", actor=actor, locked=True, note=note)
    return item


@transaction.atomic
def plan_item_drop(*, actor: User, item: PlanItem, reason: str) -> PlanItem:
    """Staff drop an item, always with a reason; the row stays (the published plan shows items
    dropped after adoption with their reason)."""
    plan = lock(SupervisionPlan, item.plan_id)
    require_staff(actor)
    PLAN.check(plan, "drop_item")
    reason = required_text(reason, "reason", _("撤销计划项目须说明理由。"))
    item = lock(item)
    if item.is_dropped:
        raise field_error("item", _("该项目已撤销。"), code="dropped")
    item.is_dropped, item.dropped_reason, item.dropped_at = True, reason, timezone.now()
    save_tracked(item, ["is_dropped", "dropped_reason", "dropped_at"], actor=actor, reason=reason)
    transition(plan, PLAN, "drop_item", actor=actor, locked=True, note=f"{item.title}：{reason}")
    return item
