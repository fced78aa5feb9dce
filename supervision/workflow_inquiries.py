"""The declared life of an inquiry, its questions and the commitments made in answer.

- An **inquiry** is set up by staff at a standing-committee meeting; while it is open,
  committee members and deputies put questions to units (``ask``) and the answers are
  recorded; staff mark it held, and the whole record is public.
- A **question** is answered by the unit's head in person or by a named deputy head (the
  unit's officer or staff record it); commitments (``commit``) follow from an answer.
- A **commitment** is a tracked item: the unit owes a report of fulfilment by its due date
  (reminders before it, escalation after it, in ``supervision.tasks``); staff accept it or
  send it back with a reason, and the unit owes the report again.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congress.casework.workflow import Workflow, action
from supervision import permissions as can
from supervision.models import CommitmentEvent, Inquiry, InquiryCommitment, InquiryEvent, InquiryQuestion

Q = Inquiry.State
A = InquiryQuestion.State
C = InquiryCommitment.State

NAMESPACE = "supervision"

INQUIRY = Workflow(
    name="inquiry",
    model=Inquiry,
    event_model=InquiryEvent,
    event_owner=lambda inquiry: {"inquiry": inquiry},
    namespace=NAMESPACE,
    actions=[
        # Written by ``inquiry_create``.
        action("create", _("设立询问"), [], Q.OPEN, permission=can.is_staff),
        action("ask", _("提出询问"), [Q.OPEN], permission=can.can_ask_question),
        action("hold", _("询问结束并公开"), [Q.OPEN], Q.HELD, permission=can.is_staff),
    ],
)

QUESTION = Workflow(
    name="inquiry_question",
    model=InquiryQuestion,
    event_model=InquiryEvent,
    event_owner=lambda question: {"inquiry_id": question.inquiry_id, "question": question},
    event_prefix="question_",
    namespace=NAMESPACE,
    actions=[
        action("answer", _("录入答复"), [A.ASKED], A.ANSWERED, permission=can.can_answer_question),
        action("commit", _("录入承诺事项"), [A.ANSWERED], permission=can.can_answer_question),
    ],
)

# What the unit owes, and by which date field.
COMMITMENT_OWED = {C.OPEN: "due_date"}

COMMITMENT = Workflow(
    name="inquiry_commitment",
    model=InquiryCommitment,
    event_model=CommitmentEvent,
    event_owner=lambda commitment: {"commitment": commitment},
    namespace=NAMESPACE,
    actions=[
        # Written by ``commitment_add``.
        action("create", _("录入承诺事项"), [], C.OPEN, permission=can.can_answer_question),
        action("report", _("报告落实情况"), [C.OPEN], C.REPORTED, permission=can.acts_for_unit),
        action("accept", _("确认已落实"), [C.REPORTED], C.DONE, permission=can.is_staff),
        action("send_back", _("退回继续落实"), [C.REPORTED], C.OPEN, permission=can.is_staff),
    ],
)
