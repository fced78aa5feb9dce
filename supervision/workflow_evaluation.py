"""The declared life of a post-supervision evaluation (监督后评估). Declarations only;
``supervision.services.evaluation`` moves it through the kernel.

Staff create it for a closed item and write the questions while it is drafted, open it
(deputies answer in the portal, the public on the website), and close it: the tally is then
published with the item. Answers do not change the state; ``answer`` is declared so a late
answer gets the one 409 naming the state."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congress.casework.workflow import Workflow, action
from supervision import permissions as can
from supervision.models_evaluation import Evaluation, EvaluationEvent

E = Evaluation.State

EVALUATION = Workflow(
    name="evaluation",
    model=Evaluation,
    event_model=EvaluationEvent,
    event_owner=lambda evaluation: {"evaluation": evaluation},
    namespace="supervision",
    actions=[
        action("create", _("发起监督后评估"), [], E.DRAFTED, permission=can.is_staff),
        action("edit", _("修改评估问卷"), [E.DRAFTED], permission=can.is_staff),
        action("open", _("开始评估"), [E.DRAFTED], E.OPEN, permission=can.is_staff),
        action("answer", _("填写评估问卷"), [E.OPEN], permission=can.anyone),
        action("close", _("结束评估并公布结果"), [E.OPEN], E.CLOSED, permission=can.is_staff),
    ],
)
