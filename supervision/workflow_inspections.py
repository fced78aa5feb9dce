"""The declared life of a law-enforcement inspection, its issues and its law-amendment
suggestions.

- An **inspection** is set up by staff (``preparing``): groups are formed, deputies sign up or
  are chosen by specialty; staff start it (``inspecting``) and record the groups' visits; the
  issue list is drawn up (issues may be listed from the start); the report is deliberated at a
  standing-committee meeting with its opinions (``deliberated``: public from then on); once
  every issue is rectified and accepted staff close it.
- An **issue** is a tracked item: its unit owes a rectification report by the deadline
  (reminders before it, escalation after it, in ``supervision.services.reminders``); staff
  accept it, or send it back (``redo``) with a reason and a new deadline — a new round.
- A **law-amendment suggestion** is drafted by staff, passed to the municipal congress, and
  its answer recorded (adopted, partly adopted, not adopted).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congress.casework.workflow import Workflow, action
from supervision import permissions as can
from supervision.models import (
    AmendmentSuggestion,
    Inspection,
    InspectionEvent,
    InspectionIssue,
    InspectionIssueEvent,
)

S = Inspection.State
I = InspectionIssue.State  # noqa: E741
M = AmendmentSuggestion.State

NAMESPACE = "supervision"

# States in which groups are formed and deputies sign up.
FORMING = [S.PREPARING, S.INSPECTING]

INSPECTION = Workflow(
    name="inspection",
    model=Inspection,
    event_model=InspectionEvent,
    event_owner=lambda inspection: {"inspection": inspection},
    namespace=NAMESPACE,
    actions=[
        # Written by ``inspection_create``.
        action("create", _("设立执法检查"), [], S.PREPARING, permission=can.is_staff),
        action("add_group", _("组建检查组"), FORMING, permission=can.is_staff),
        action("add_member", _("安排检查组成员"), FORMING, permission=can.is_staff),
        action("sign_up", _("代表报名参加检查"), FORMING, permission=can.is_deputy),
        action("withdraw", _("代表取消报名"), FORMING, permission=can.is_deputy),
        action("start", _("开始检查"), [S.PREPARING], S.INSPECTING, permission=can.is_staff),
        action("add_visit", _("记录检查活动"), [S.INSPECTING, S.DELIBERATED], permission=can.is_staff),
        action(
            "add_issue",
            _("列入问题清单"),
            [S.PREPARING, S.INSPECTING, S.DELIBERATED],
            permission=can.is_staff,
        ),
        action("deliberate", _("审议检查报告"), [S.INSPECTING], S.DELIBERATED, permission=can.is_staff),
        action("suggest", _("提出修法建议"), [S.INSPECTING, S.DELIBERATED], permission=can.is_staff),
        action("close", _("办结"), [S.DELIBERATED], S.CLOSED, permission=can.is_staff),
        action("consult", _("咨询专家"), list(S.values), permission=can.is_staff),
    ],
)

# What the unit owes, and by which date field.
ISSUE_OWED = dict.fromkeys(InspectionIssue.OWED_STATES, "deadline")

ISSUE = Workflow(
    name="inspection_issue",
    model=InspectionIssue,
    event_model=InspectionIssueEvent,
    event_owner=lambda issue: {"issue": issue},
    namespace=NAMESPACE,
    actions=[
        # Written by ``issue_add``.
        action("create", _("列入问题清单"), [], I.RECTIFYING, permission=can.is_staff),
        action("rectify", _("报送整改情况"), [I.RECTIFYING], I.REPORTED, permission=can.acts_for_unit),
        action("accept", _("认定整改到位"), [I.REPORTED], I.ACCEPTED, permission=can.is_staff),
        action("redo", _("退回重新整改"), [I.REPORTED], I.RECTIFYING, permission=can.is_staff),
    ],
)

AMENDMENT = Workflow(
    name="inspection_amendment",
    model=AmendmentSuggestion,
    event_model=InspectionEvent,
    event_owner=lambda amendment: {"inspection_id": amendment.inspection_id, "amendment": amendment},
    event_prefix="amendment_",
    namespace=NAMESPACE,
    actions=[
        # Written by ``amendment_add``.
        action("create", _("起草修法建议"), [], M.DRAFTED, permission=can.is_staff),
        action("send", _("报送市人大常委会"), [M.DRAFTED], M.SENT, permission=can.is_staff),
        action(
            "feedback",
            _("记录市人大反馈"),
            [M.SENT],
            targets=[M.ADOPTED, M.PARTLY_ADOPTED, M.NOT_ADOPTED],
            permission=can.is_staff,
        ),
    ],
)
