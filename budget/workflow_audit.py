"""The declared life of an audit finding (审计查出问题整改): staff list it against its unit
(``open``, a deadline from the rule); the unit reports its rectification (``reported``); staff
accept it (``accepted``) or send it back with a reason and a new deadline (``sent_back``), and
the unit reports again — a new round."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from budget import permissions as can
from budget.models import AuditFinding, AuditFindingEvent
from congress.casework.workflow import Workflow, action

F = AuditFinding.State

FINDING = Workflow(
    name="audit_finding",
    model=AuditFinding,
    event_model=AuditFindingEvent,
    event_owner=lambda finding: {"finding": finding},
    namespace="budget",
    actions=[
        # Written by ``finding_create``.
        action("create", _("交办审计查出问题"), [], F.OPEN, permission=can.is_staff),
        action("rectify", _("报送整改情况"), [F.OPEN, F.SENT_BACK], F.REPORTED, permission=can.acts_for_unit),
        action("accept", _("认定整改到位"), [F.REPORTED], F.ACCEPTED, permission=can.is_staff),
        action("redo", _("退回重新整改"), [F.REPORTED], F.SENT_BACK, permission=can.is_staff),
    ],
)
