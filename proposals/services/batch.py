"""立案交办 in one staff action: a whole session's suggestions registered and assigned to their
units from an assignment plan (交办方案) — the national congress sends 9,000 suggestions to
200 units this way each spring, a district a few hundred.

The single-proposal services (``proposal_register``, ``proposal_assign``) cost tens of queries
each; here the whole plan is checked first (every row's errors, nothing stored if one is bad),
then written with a constant number of queries per chunk: one locking read, the registrations
and the assignments through the kernel's ``transition_many`` (bulk update, history, events),
the assignments and their history in bulk, and one notice per unit officer for the batch (not
one per proposal: an officer of a unit with 300 assignments gets one digest) and one per lead
deputy. The reminders need no scheduling of their own: the deadlines are on the assignments,
and the daily scan (``proposals.services.reminders``) reminds and escalates from them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from simple_history.utils import bulk_create_with_history

from congress import units
from congress.casework.services import transition_many
from congress.exceptions import ApplicationError, PermissionDeniedError
from congress.models import Organization, User
from congress.notifications import Message, notify_bulk
from proposals import permissions
from proposals.models import Assignment, Proposal
from proposals.services._common import now, proposal_url, today, url_for
from proposals.services.proposals import SERIAL_LETTER, assisting_deadline_for, reply_deadline_for
from proposals.workflow import PROPOSAL

P = Proposal.State
CHUNK = 2000
STAFF_ONLY = gettext_lazy("仅限人大常委会工作人员。")


@dataclass
class PlanRow:
    """One proposal of the plan; units by id. ``number`` is where the user wrote it (a sheet's
    row number, or the index in the API's list)."""

    number: int
    proposal_id: int | None
    lead_units: list[int] = field(default_factory=list)
    assisting_units: list[int] = field(default_factory=list)
    joint_units: list[int] = field(default_factory=list)
    is_hard: bool | None = None
    errors: list[str] = field(default_factory=list)


@dataclass
class BatchResult:
    registered: int
    assigned: int
    assignments: int
    units: int


class AssignmentPlanError(ApplicationError):
    default_code = "plan_invalid"

    def __init__(self, rows: Sequence[PlanRow]):
        bad = [r for r in rows if r.errors]
        self.rows = bad
        super().__init__(
            _("交办方案有 %(n)d 行错误，未立案、未交办任何建议。") % {"n": len(bad)},
            extra={"rows": {str(r.number): r.errors for r in bad}},
        )


def _chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _check(rows: Sequence[PlanRow], proposals: dict[int, Proposal], unit_ids: set[int]) -> None:
    """Every row's errors at once (a plan of 9,000 rows is fixed in one go, not row by row)."""
    seen = Counter(r.proposal_id for r in rows if r.proposal_id)
    for row in rows:
        read_errors = bool(row.errors)  # from the workbook: a unit name not found
        proposal = proposals.get(row.proposal_id)
        if row.proposal_id is not None and proposal is None:
            row.errors.append(_("建议不存在。"))
        elif proposal.state not in (P.SUBMITTED, P.REGISTERED):
            row.errors.append(
                _("“%(title)s”当前状态为“%(state)s”，不能立案交办。")
                % {"title": proposal.title, "state": proposal.get_state_display()}
            )
        if row.proposal_id and seen[row.proposal_id] > 1:
            row.errors.append(_("同一建议在方案中出现多次。"))
        if not row.lead_units and not read_errors:
            row.errors.append(_("请填写主办单位。"))
        chosen = [*row.lead_units, *row.assisting_units, *row.joint_units]
        if len(chosen) != len(set(chosen)):
            row.errors.append(_("同一单位不能重复交办。"))
        unknown = [str(pk) for pk in chosen if pk not in unit_ids]
        if unknown:
            row.errors.append(_("无效的单位编号：%(ids)s") % {"ids": "、".join(unknown)})
    if any(r.errors for r in rows):
        raise AssignmentPlanError(rows)


def _serials(to_register: list[Proposal]) -> dict[int, str]:
    """Serial numbers continuing each year's and kind's sequence, in the proposals' order."""
    serials, next_number = {}, {}
    for proposal in to_register:
        if proposal.serial:
            serials[proposal.pk] = proposal.serial
            continue
        prefix = f"{proposal.year}-{SERIAL_LETTER[proposal.kind]}-"
        if prefix not in next_number:
            last = Proposal.objects.filter(serial__startswith=prefix).aggregate(m=Max("serial"))["m"]
            next_number[prefix] = int(last.rsplit("-", 1)[1]) + 1 if last else 1
        serials[proposal.pk] = f"{prefix}{next_number[prefix]:04d}"
        next_number[prefix] += 1
    return serials


@transaction.atomic
def proposals_register_and_assign(
    *, actor: User, rows: Sequence[PlanRow], assigned_on: dt.date | None = None, note: str = ""
) -> BatchResult:
    """立案交办 by plan (staff): each row's proposal registered if it was submitted, then assigned
    to its lead, assisting and joint units with deadlines from the rules, as ``proposal_assign``
    would — all rows or none (``AssignmentPlanError`` names every bad row)."""
    if not permissions.is_staff(actor):
        raise PermissionDeniedError(STAFF_ONLY)
    if not rows:
        raise ApplicationError(_("交办方案中没有建议。"), extra={"rows": [_("此项为必填项。")]})
    ids = sorted({r.proposal_id for r in rows if r.proposal_id})
    proposals: dict[int, Proposal] = {}
    for chunk in _chunks(ids):
        proposals.update(
            (p.pk, p) for p in Proposal.objects.select_for_update().filter(pk__in=chunk).order_by("pk")
        )
    wanted_units = {pk for r in rows for pk in (*r.lead_units, *r.assisting_units, *r.joint_units)}
    unit_names = dict(
        Organization.objects.filter(pk__in=wanted_units, is_active=True, is_handling_unit=True).values_list(
            "pk", "name"
        )
    )
    _check(rows, proposals, set(unit_names))

    stamp, start = now(), assigned_on or today()
    by_pk = {r.proposal_id: r for r in rows}
    ordered = [proposals[pk] for pk in ids]
    to_register = [p for p in ordered if p.state == P.SUBMITTED]
    serials = _serials(to_register)
    registered = transition_many(
        to_register,
        PROPOSAL,
        "register",
        actor=actor,
        note=note,
        row_changes=lambda p: {"registered_at": stamp, "serial": serials[p.pk]},
    )

    deadlines: dict[bool, tuple[dt.date, dt.date]] = {}
    assignments: list[Assignment] = []
    for proposal in ordered:
        row = by_pk[proposal.pk]
        is_hard = proposal.is_hard if row.is_hard is None else row.is_hard
        proposal.is_hard = is_hard
        if is_hard not in deadlines:
            lead = reply_deadline_for(start, is_hard=is_hard)
            deadlines[is_hard] = (lead, assisting_deadline_for(start, lead_deadline=lead))
        lead_deadline, assisting_deadline = deadlines[is_hard]
        for role, unit_ids, deadline in (
            (Assignment.Role.LEAD, row.lead_units, lead_deadline),
            (Assignment.Role.ASSISTING, row.assisting_units, assisting_deadline),
            (Assignment.Role.JOINT, row.joint_units, assisting_deadline),
        ):
            assignments += [
                Assignment(
                    proposal=proposal,
                    unit_id=unit_id,
                    role=role,
                    deadline=deadline,
                    is_hard=is_hard,
                    assigned_at=stamp,
                    assigned_by=actor,
                    handling_round=proposal.handling_round,
                )
                for unit_id in unit_ids
            ]
    created = bulk_create_with_history(
        assignments, Assignment, batch_size=1000, default_user=actor, default_change_reason=_("交办")
    )
    role_labels = dict(Assignment.Role.choices)
    names = defaultdict(list)
    for assignment in assignments:
        names[assignment.proposal_id].append(
            f"{unit_names[assignment.unit_id]}（{role_labels[assignment.role]}）"
        )
    assigned = transition_many(
        ordered,
        PROPOSAL,
        "assign",
        actor=actor,
        changes={},
        row_changes=lambda p: {"is_hard": p.is_hard},
        row_note=lambda p: note or "、".join(names[p.pk]),
    )
    _notify(actor=actor, proposals=ordered, assignments=created, serials=serials)
    return BatchResult(
        registered=len(registered),
        assigned=len(assigned),
        assignments=len(created),
        units=len({a.unit_id for a in created}),
    )


def _notify(
    *, actor: User, proposals: list[Proposal], assignments: list[Assignment], serials: dict[int, str]
) -> None:
    """One digest per unit officer (how many, of which role, the first deadline) and one notice
    per lead deputy; three queries and one bulk insert whatever the size."""
    batch = f"{now():%Y%m%d%H%M%S}:{actor.pk}"
    per_unit: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        per_unit[assignment.unit_id].append(assignment)
    officers = units.unit_user_ids(per_unit)
    rows = []
    inbox = url_for("portal:assignment-list")
    for unit_id, items in per_unit.items():
        roles = Counter(a.role for a in items)
        title = Message(
            gettext_noop(
                "批量交办 %(n)s 件：主办 %(lead)s 件，协办、会办 %(other)s 件，最早期限 %(deadline)s"
            ),
            n=len(items),
            lead=roles[Assignment.Role.LEAD],
            other=roles[Assignment.Role.ASSISTING] + roles[Assignment.Role.JOINT],
            deadline=min(a.deadline for a in items),
        )
        rows += [
            (user_id, f"assignment-batch:{batch}:{unit_id}", title, "", inbox, "info")
            for user_id in officers.get(unit_id, [])
        ]
    deputy_users = dict(
        Proposal.objects.filter(
            pk__in=[p.pk for p in proposals], lead_deputy__user__is_active=True
        ).values_list("pk", "lead_deputy__user_id")
    )
    for proposal in proposals:
        user_id = deputy_users.get(proposal.pk)
        if user_id is None:
            continue
        rows.append(
            (
                user_id,
                f"proposal:{proposal.pk}:registered-assigned",
                Message(
                    gettext_noop("您的建议已立案交办：%(title)s（%(serial)s）"),
                    title=proposal.title,
                    serial=serials.get(proposal.pk, proposal.serial),
                ),
                "",
                proposal_url(proposal.pk),
                "info",
            )
        )
    notify_bulk(rows)


# --- the plan as a workbook ------------------------------------------------------------------------

PLAN_COLUMNS = ["系统编号", "编号", "标题", "领衔代表", "主办单位", "协办单位", "会办单位", "难度较大"]
_SEPARATORS = re.compile(r"[、，,;；\s]+")
_YES = {"是", "√", "Y", "y", "1", "TRUE", "true", "难"}


def plan_template_rows() -> Iterable[list]:
    """The rows of a blank plan: every proposal waiting to be registered or assigned, for staff
    to fill in the units (the sheet they send round the offices, then upload)."""
    waiting = (
        Proposal.objects.filter(state__in=[P.SUBMITTED, P.REGISTERED])
        .select_related("lead_deputy")
        .order_by("submitted_at", "pk")
    )
    for proposal in waiting.iterator(chunk_size=2000):
        yield [proposal.pk, proposal.serial, proposal.title, proposal.lead_deputy.name, "", "", "", ""]


def read_plan(file) -> list[PlanRow]:
    """A filled-in plan workbook as rows; units by their names (or ids), several separated by
    、 or commas. An unknown name is its row's error, reported with the others by
    ``proposals_register_and_assign``."""
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(file, read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        raise ApplicationError(_("无法读取文件，请上传 .xlsx 格式的表格。"), code="bad_file") from exc
    lines = sheet.iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(lines, [])]
    missing = [c for c in ("系统编号", "主办单位") if c not in header]
    if missing:
        raise ApplicationError(_("表头缺少列：%(cols)s") % {"cols": "、".join(missing)}, code="bad_header")
    by_name = {
        name: pk
        for pk, name in Organization.objects.filter(is_active=True, is_handling_unit=True).values_list(
            "pk", "name"
        )
    }
    rows = []
    for number, values in enumerate(lines, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        cell = dict(zip(header, values, strict=False))
        row = PlanRow(number=number, proposal_id=None)
        try:
            row.proposal_id = int(cell.get("系统编号"))
        except (TypeError, ValueError):
            row.errors.append(_("系统编号应为数字。"))
        for column, target in (
            ("主办单位", row.lead_units),
            ("协办单位", row.assisting_units),
            ("会办单位", row.joint_units),
        ):
            for token in _SEPARATORS.split(str(cell.get(column) or "").strip()):
                if not token:
                    continue
                pk = by_name.get(token) or (int(token) if token.isdecimal() else None)
                if pk is None:
                    row.errors.append(_("找不到承办单位“%(name)s”。") % {"name": token})
                else:
                    target.append(pk)
        hard = str(cell.get("难度较大") or "").strip()
        row.is_hard = (hard in _YES) if hard else None
        rows.append(row)
    # The rows' own errors are reported with the rest by the service's check.
    return rows
