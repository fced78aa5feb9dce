"""The declared life of a state-assets review opinion the government owes an answer to: staff
send it (``open``, a deadline from the rule); the unit reports how it handled it (``answered``);
staff accept (``accepted``) or send it back with a reason and a new deadline (``sent_back``).
An opinion that owes no answer is ``noted`` from the start and takes no step."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from budget import permissions as can
from budget.models import AssetOpinion, AssetOpinionEvent
from congress.casework.workflow import Workflow, action

O = AssetOpinion.State  # noqa: E741

OPINION = Workflow(
    name="asset_opinion",
    model=AssetOpinion,
    event_model=AssetOpinionEvent,
    event_owner=lambda opinion: {"opinion": opinion},
    namespace="budget",
    actions=[
        # Written by ``opinion_create``.
        action("create", _("提出审议意见"), [], O.OPEN, permission=can.is_staff),
        action("answer", _("反馈办理情况"), [O.OPEN, O.SENT_BACK], O.ANSWERED, permission=can.acts_for_unit),
        action("accept", _("认定办理完毕"), [O.ANSWERED], O.ACCEPTED, permission=can.is_staff),
        action("redo", _("退回重新反馈"), [O.ANSWERED], O.SENT_BACK, permission=can.is_staff),
    ],
)
