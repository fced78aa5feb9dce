"""The declared life of the supervision plan, a special work report and an interpellation.

Declarations only: the state tables, ``can()``/``available()`` for buttons and the one
``InvalidTransition`` (409 ``invalid_transition``, naming the current state) derive from them;
``supervision.services`` moves a record only through the kernel's ``transition()``.

- A **plan** is drafted by staff, opened for comment (deputies and members comment in the
  portal), adopted by the chairpersons' meeting and published. Items added or dropped after
  adoption carry a reason, kept on the item and on the plan's timeline.
- A **work report** is requested of a unit with a due date; the unit submits it; it may be
  deliberated at a standing-committee meeting; staff send the deliberation opinions adopted
  by the chairpersons' meeting, which sets the rectification deadline; the unit reports its
  rectification; the members' satisfaction vote closes it, or — more than the rule's share
  unsatisfied — sends it back for a new rectification report by a new deadline. Follow-up
  entries (跟踪问效) may be added from the opinions on, also after closing.
- An **interpellation** is filed with its signers; the chairpersons' meeting accepts or
  rejects it; the unit answers (orally at a meeting or in writing); a signer may declare the
  answer unsatisfactory, and the unit answers again; staff close it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congress.casework.workflow import Workflow, action
from supervision import permissions as can
from supervision.models import (
    Interpellation,
    InterpellationEvent,
    PlanEvent,
    SupervisionPlan,
    WorkReport,
    WorkReportEvent,
)

P = SupervisionPlan.State
R = WorkReport.State
I = Interpellation.State  # noqa: E741 - the state names read as I.FILED, I.ACCEPTED …

NAMESPACE = "supervision"

PLAN = Workflow(
    name="plan",
    model=SupervisionPlan,
    event_model=PlanEvent,
    event_owner=lambda plan: {"plan": plan},
    namespace=NAMESPACE,
    actions=[
        # Written by ``plan_create`` (``record_event`` from no state).
        action("create", _("起草计划"), [], P.DRAFTED, permission=can.is_staff),
        action("edit", _("修改计划"), [P.DRAFTED, P.OPEN_FOR_COMMENT, P.ADOPTED], permission=can.is_staff),
        action("open_comments", _("征求意见"), [P.DRAFTED], P.OPEN_FOR_COMMENT, permission=can.is_staff),
        action("comment", _("提出意见"), [P.OPEN_FOR_COMMENT], permission=can.can_comment_plan),
        action("adopt", _("主任会议通过"), [P.OPEN_FOR_COMMENT], P.ADOPTED, permission=can.is_staff),
        action("publish", _("公布计划"), [P.ADOPTED], P.PUBLISHED, permission=can.is_staff),
        # Items change with the plan's state: freely while drafted and open for comment; with a
        # reason (kept on the item and the event) once adopted.
        action("add_item", _("增加计划项目"), list(P.values), permission=can.is_staff),
        action("edit_item", _("修改计划项目"), list(P.values), permission=can.is_staff),
        action("drop_item", _("撤销计划项目"), list(P.values), permission=can.is_staff),
    ],
)

# What the unit owes, and by which date field.
REPORT_OWED = {
    R.REQUESTED: "due_date",
    R.OPINIONS_SENT: "rectification_due",
    R.RECTIFYING: "rectification_due",
}
_AFTER_OPINIONS = [R.OPINIONS_SENT, R.RECTIFICATION_REPORTED, R.RECTIFYING, R.CLOSED]

WORK_REPORT = Workflow(
    name="work_report",
    model=WorkReport,
    event_model=WorkReportEvent,
    event_owner=lambda report: {"report": report},
    namespace=NAMESPACE,
    actions=[
        # Written by ``report_create``.
        action("create", _("要求报告"), [], R.REQUESTED, permission=can.is_staff),
        # The request's particulars (a new due date earns new reminders) until the opinions.
        action("edit", _("修改报告要求"), [R.REQUESTED, R.SUBMITTED, R.DELIBERATED], permission=can.is_staff),
        action("submit", _("报送报告"), [R.REQUESTED], R.SUBMITTED, permission=can.acts_for_unit),
        action("deliberate", _("会议审议"), [R.SUBMITTED], R.DELIBERATED, permission=can.is_staff),
        # Adopted by the chairpersons' meeting and sent to the unit; sets the rectification
        # deadline (rule ``supervision.rectification_deadline``).
        action(
            "send_opinions",
            _("交办审议意见"),
            [R.SUBMITTED, R.DELIBERATED],
            R.OPINIONS_SENT,
            permission=can.is_staff,
        ),
        action(
            "report_rectification",
            _("报告整改情况"),
            [R.OPINIONS_SENT, R.RECTIFYING],
            R.RECTIFICATION_REPORTED,
            permission=can.acts_for_unit,
        ),
        # More than the rule's share unsatisfied (``supervision.unsatisfied_threshold``) →
        # a new rectification by ``supervision.second_rectification_deadline``; else closed.
        action(
            "vote",
            _("满意度测评"),
            [R.RECTIFICATION_REPORTED],
            targets=[R.CLOSED, R.RECTIFYING],
            permission=can.is_staff,
        ),
        action("follow_up", _("跟踪问效"), _AFTER_OPINIONS, permission=can.is_staff),
        action("withhold", _("设置不公开部分"), list(R.values), permission=can.is_staff),
        action("unwithhold", _("恢复全部公开"), list(R.values), permission=can.is_staff),
    ],
)

INTERPELLATION_OWED = {I.ACCEPTED: "answer_due", I.REANSWER_REQUESTED: "answer_due"}

INTERPELLATION = Workflow(
    name="interpellation",
    model=Interpellation,
    event_model=InterpellationEvent,
    event_owner=lambda interpellation: {"interpellation": interpellation},
    namespace=NAMESPACE,
    actions=[
        # Written by ``interpellation_file``.
        action("file", _("提出质询案"), [], I.FILED, permission=can.can_file_interpellation),
        # The chairpersons' meeting's decision, recorded by staff.
        action(
            "decide", _("主任会议决定"), [I.FILED], targets=[I.ACCEPTED, I.REJECTED], permission=can.is_staff
        ),
        action(
            "answer",
            _("答复质询"),
            [I.ACCEPTED, I.REANSWER_REQUESTED],
            I.ANSWERED,
            permission=can.can_answer_interpellation,
        ),
        action(
            "declare_unsatisfied",
            _("对答复不满意"),
            [I.ANSWERED],
            I.REANSWER_REQUESTED,
            permission=can.is_signer,
        ),
        action("close", _("办结"), [I.ANSWERED], I.CLOSED, permission=can.is_staff),
    ],
)
