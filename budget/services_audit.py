"""Audit findings and their rectification (审计查出问题整改): staff list a finding against the one
unit that owns it, with a deadline from the rule ``budget.audit_rectification_deadline``
(working days, holidays and 调休 known); the unit's officer reports the rectification; staff
accept it or send it back with a reason and a new deadline (rule ``budget.audit_redo_deadline``)
— a new round. The daily scan reminds the unit before the deadline and tells it and staff once
it has passed.

Every state change is a declared action (``budget.workflow_audit``) taken through the kernel's
``transition()``; order inside each: lock, who (403), state (409), input (400)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from budget import permissions
from budget.models import AuditFinding
from budget.workflow_audit import FINDING
from congress import roles, units
from congress.casework.rectification import RectificationSteps
from congress.casework.reminders import UnitDeadlineTexts, remind_unit_deadlines
from congress.casework.services import create_tracked, lock, record_event
from congress.exceptions import PermissionDeniedError, field_error, required_text
from congress.models import Notification, Organization, User
from congress.notifications import Message, notify_bulk
from congress.rules import rule_get
from congress.workdays import deadline_after

NOT_STAFF = gettext_lazy("仅限人大常委会预算工作机构的工作人员操作。")
NOT_UNIT = gettext_lazy("只有责任单位的联络员可以报送整改情况。")
# The committee's own offices are not audited units.
OWN_OFFICES = (
    Organization.Kind.COMMITTEE_OFFICE,
    Organization.Kind.WORKING_COMMITTEE,
    Organization.Kind.PARTY_OFFICE,
)
TEXT_LIMIT = 20000
MAX_AMOUNT = Decimal("9999999999999999.99")
RECTIFICATION = RectificationSteps(FINDING)
PORTAL_PAGE = "portal:budget-audit-findings"
ADMIN_PAGE = "admin:budget_auditfinding_change"


def _text(value, field: str, message, limit: int = TEXT_LIMIT) -> str:
    return required_text(value, field, message, limit=limit)


def _require_staff(actor) -> None:
    if not permissions.is_staff(actor):
        raise PermissionDeniedError(NOT_STAFF, code="not_staff")


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except Exception:  # a page not mounted (a test app): the notice goes without a link
        return ""


def _notify(user_ids, *, key: str, title, body="", url="", level=Notification.Level.INFO) -> None:
    """One notice per user, idempotent per key, in the caller's transaction (e-mail through the
    outbox after the commit)."""
    notify_bulk([(uid, key, title, body, url, level) for uid in sorted(set(user_ids))])


def _officer_ids(unit_id: int) -> list[int]:
    return units.unit_user_ids([unit_id], role=roles.UNIT_OFFICER).get(unit_id, [])


def rectification_deadline(start: dt.date) -> dt.date:
    """The first deadline of a finding listed on ``start`` (rule, working days)."""
    return deadline_after(start, rule_get("budget.audit_rectification_deadline"))


def redo_deadline(start: dt.date) -> dt.date:
    return deadline_after(start, rule_get("budget.audit_redo_deadline"))


@transaction.atomic
def finding_create(
    *,
    actor: User,
    year: int,
    unit: Organization | None,
    description: str,
    amount=None,
    today: dt.date | None = None,
) -> AuditFinding:
    """Staff list a finding against the unit that owns it; the deadline follows from the rule
    (working days from today). The unit's officers are told."""
    _require_staff(actor)
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise field_error("year", _("年度应在 2000 至 2100 之间。"))
    if unit is None or not unit.is_active or unit.kind in OWN_OFFICES:
        raise field_error("unit", _("请选择有效的责任单位（政府部门、街道或镇等）。"))
    description = _text(description, "description", _("请填写问题描述。"), limit=5000)
    if amount is not None:
        try:
            amount = Decimal(str(amount))
        except (InvalidOperation, ValueError):
            raise field_error("amount", _("涉及金额应为数字（单位：元）。")) from None
        if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
            raise field_error("amount", _("涉及金额应为不小于 0 的数字（单位：元）。"))
    deadline = rectification_deadline(today or timezone.localdate())
    finding = create_tracked(
        AuditFinding,
        actor=actor,
        year=year,
        unit=unit,
        description=description,
        amount=amount,
        deadline=deadline,
        created_by=actor,
    )
    record_event(
        finding, FINDING, "create", actor=actor, from_state="", note=_("整改期限：%(d)s") % {"d": deadline}
    )
    _notify(
        _officer_ids(unit.pk),
        key=f"budget:audit-finding:{finding.pk}:assigned",
        title=Message(gettext_noop("审计查出问题交办：%(t)s"), t=finding.summary),
        body=Message(gettext_noop("请于 %(d)s 前完成整改并报送整改情况。"), d=deadline),
        url=_url(PORTAL_PAGE),
        level=Notification.Level.REMINDER,
    )
    return finding


@transaction.atomic
def finding_rectify(*, actor: User, finding: AuditFinding, content: str) -> AuditFinding:
    """The unit reports how it rectified the finding (one report per round); staff are told."""
    finding = lock(finding)
    if not permissions.acts_for_unit(actor, finding):
        raise PermissionDeniedError(NOT_UNIT, code="not_unit_officer")
    finding = RECTIFICATION.rectify(finding, actor=actor, content=content)
    _notify(
        units.staff_user_ids(),
        key=f"budget:audit-finding:{finding.pk}:rectified:{finding.round}",
        title=Message(gettext_noop("审计查出问题已报送整改情况：%(t)s"), t=finding.summary),
        body=Message(gettext_noop("请评价：认定整改到位或退回重新整改。")),
        url=_url(ADMIN_PAGE, finding.pk),
    )
    return finding


@transaction.atomic
def finding_accept(*, actor: User, finding: AuditFinding, reason: str = "") -> AuditFinding:
    """Staff accept the rectification report (an optional comment)."""
    finding = lock(finding)
    _require_staff(actor)
    finding = RECTIFICATION.accept(finding, actor=actor, reason=reason)
    _notify(
        _officer_ids(finding.unit_id),
        key=f"budget:audit-finding:{finding.pk}:accepted",
        title=Message(gettext_noop("审计查出问题已认定整改到位：%(t)s"), t=finding.summary),
        url=_url(PORTAL_PAGE),
    )
    return finding


@transaction.atomic
def finding_redo(
    *, actor: User, finding: AuditFinding, reason: str, today: dt.date | None = None
) -> AuditFinding:
    """Staff send the rectification back with a reason; the new deadline follows from the rule
    ``budget.audit_redo_deadline`` (working days from today): a new round the unit owes."""
    finding = lock(finding)
    _require_staff(actor)
    finding = RECTIFICATION.redo(
        finding, actor=actor, reason=reason, deadline=lambda: redo_deadline(today or timezone.localdate())
    )
    _notify(
        _officer_ids(finding.unit_id),
        key=f"budget:audit-finding:{finding.pk}:redo:{finding.round}",
        title=Message(gettext_noop("审计查出问题退回重新整改：%(t)s"), t=finding.summary),
        body=Message(
            gettext_noop("退回理由：%(r)s。请于 %(d)s 前再次报送整改情况。"),
            r=reason.strip(),
            d=finding.deadline,
        ),
        url=_url(PORTAL_PAGE),
        level=Notification.Level.WARNING,
    )
    return finding


# --- the daily scan ------------------------------------------------------------------------------


def send_daily_reminders(*, today: dt.date | None = None) -> dict[str, int]:
    """Remind a unit's officers at each milestone of ``budget.audit_reminder_milestones`` before
    a rectification report is due; once the deadline has passed, tell them and staff (escalation,
    linked to the finding in the admin) once. Idempotent per (finding, deadline, milestone): a new
    deadline after a redo earns new reminders. Returns how many notices of each kind were created."""
    return remind_unit_deadlines(
        kind="budget.audit_finding_due",
        items=AuditFinding.objects.owed().with_title(),
        texts=UnitDeadlineTexts(
            due_title=gettext_noop("到期提醒：审计查出问题整改 · %(t)s"),
            due_body=gettext_noop("还有 %(n)d 个工作日到期（%(d)s），请按期报送整改情况。"),
            overdue_title=gettext_noop("已逾期：%(t)s"),
            overdue_body=gettext_noop("%(unit)s的审计查出问题“%(t)s”整改已超过期限（%(d)s）。"),
            escalate_title=gettext_noop("逾期督办：%(t)s"),
        ),
        url=_url(PORTAL_PAGE),
        milestones=rule_get("budget.audit_reminder_milestones"),
        today=today or timezone.localdate(),
        staff_url=lambda pk: _url(ADMIN_PAGE, pk),
    )
