"""The declared life of a preliminary-review question (初审询问): asked on a line of the books
(``asked``, the answering unit owes an answer by a deadline from the rule); the unit answers
(``answered``); the asker or staff may withdraw it while it is owed (``withdrawn``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from budget import permissions as can
from budget.models import ReviewQuestion, ReviewQuestionEvent
from congress.casework.workflow import Workflow, action

Q = ReviewQuestion.State

QUESTION = Workflow(
    name="review_question",
    model=ReviewQuestion,
    event_model=ReviewQuestionEvent,
    event_owner=lambda question: {"question": question},
    namespace="budget",
    actions=[
        # Written by ``question_ask``.
        action("ask", _("提出询问"), [], Q.ASKED, permission=can.may_review),
        action("answer", _("答复询问"), [Q.ASKED], Q.ANSWERED, permission=can.answers_question),
        action("withdraw", _("撤回询问"), [Q.ASKED], Q.WITHDRAWN, permission=can.may_withdraw_question),
    ],
)
