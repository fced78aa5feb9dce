"""The declared life of a special-question investigation: proposed (by the chairpersons'
meeting, or by the rule's share of the members) → decided at a standing-committee meeting
(adopted or rejected) → a committee of deputies formed → its findings report → the standing
committee's resolution (concluded, public). Staff record each step."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congress.casework.workflow import Workflow, action
from supervision import permissions as can
from supervision.models import Investigation, InvestigationEvent

V = Investigation.State

INVESTIGATION = Workflow(
    name="investigation",
    model=Investigation,
    event_model=InvestigationEvent,
    event_owner=lambda investigation: {"investigation": investigation},
    namespace="supervision",
    actions=[
        # Written by ``investigation_propose``.
        action("propose", _("提请调查"), [], V.PROPOSED, permission=can.is_staff),
        action(
            "decide", _("会议决定"), [V.PROPOSED], targets=[V.ADOPTED, V.REJECTED], permission=can.is_staff
        ),
        action("form_committee", _("组成调查委员会"), [V.ADOPTED], V.INVESTIGATING, permission=can.is_staff),
        action("report_findings", _("提出调查报告"), [V.INVESTIGATING], V.REPORTED, permission=can.is_staff),
        action("resolve", _("作出决议"), [V.REPORTED], V.CONCLUDED, permission=can.is_staff),
    ],
)
