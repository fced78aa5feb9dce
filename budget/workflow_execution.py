"""The declared life of a question to a unit that a budget-execution warning became: staff ask
(``asked``, a deadline from the rule ``budget.execution_question_deadline``); the unit answers
in the portal (``answered``); staff close it (``closed``) or ask again (back to ``asked`` with
a new deadline)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from budget import permissions as can
from budget.models import Adjustment, AdjustmentEvent, ExecutionQuestion, ExecutionQuestionEvent
from congress.casework.workflow import Workflow, action

Q = ExecutionQuestion.State

QUESTION = Workflow(
    name="budget_execution_question",
    model=ExecutionQuestion,
    event_model=ExecutionQuestionEvent,
    event_owner=lambda question: {"question": question},
    namespace="budget",
    actions=[
        # Written by ``warning_ask_unit``.
        action("create", _("向单位询问"), [], Q.ASKED, permission=can.is_staff),
        action("answer", _("单位答复"), [Q.ASKED], Q.ANSWERED, permission=can.acts_for_unit),
        action("close", _("办结询问"), [Q.ANSWERED], Q.CLOSED, permission=can.is_staff),
        action("ask_again", _("继续询问"), [Q.ANSWERED], Q.ASKED, permission=can.is_staff),
    ],
)

A = Adjustment.State

# A budget adjustment: staff write it (``draft``), record its approval at a meeting (``approved``:
# the adjusted stage is produced then).
ADJUSTMENT = Workflow(
    name="budget_adjustment",
    model=Adjustment,
    event_model=AdjustmentEvent,
    event_owner=lambda adjustment: {"adjustment": adjustment},
    namespace="budget",
    actions=[
        action("create", _("草拟预算调整方案"), [], A.DRAFT, permission=can.is_staff),
        action("approve", _("会议批准预算调整"), [A.DRAFT], A.APPROVED, permission=can.is_staff),
    ],
)
