"""The declared life of a citizen's opinion (社情民意, seed 十三). Declarations only;
``liaison.services`` moves it through the kernel.

Taken (online, by QR code or at a reception) it waits to be routed by layer: answered on the
spot, passed to the street, to a department (which owes an answer by the rule's deadline) or
turned into the deputy's suggestion. Closing records the answer; the citizen then says whether
it was solved — not solved reopens it, to be routed again.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congress.casework.workflow import Workflow, action, who
from liaison import permissions as can
from liaison.models import Opinion, OpinionEvent

S = Opinion.State

NAMESPACE = "liaison"


@who(_("反映人（凭回执编号）"))
def _citizen(_user, _obj) -> bool:
    return True  # the receipt number is the key; the service is called without an account


OPINION = Workflow(
    name="opinion",
    model=Opinion,
    event_model=OpinionEvent,
    event_owner=lambda opinion: {"opinion": opinion},
    namespace=NAMESPACE,
    actions=[
        # Written by ``opinion_submit`` / ``opinion_record``.
        action("create", _("受理"), [], S.RECEIVED),
        action("route", _("分办"), [S.RECEIVED, S.REOPENED], S.HANDLING, permission=can.can_route_opinion),
        action(
            "close",
            _("办结"),
            [S.RECEIVED, S.HANDLING, S.REOPENED],
            S.CLOSED,
            permission=can.can_close_opinion,
        ),
        # The citizen's word once closed: solved or partly keeps it closed; not solved reopens it.
        action("confirm", _("群众评价"), [S.CLOSED], permission=_citizen),
        action("reopen", _("群众反馈未解决，重新办理"), [S.CLOSED], S.REOPENED, permission=_citizen),
    ],
)

# What is owed by a deadline: a department's answer.
OWED = (S.HANDLING,)
