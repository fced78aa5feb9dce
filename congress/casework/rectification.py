"""The rectification steps (整改) every app's rectifiable item shares: the unit reports (one row
per round), staff accept the report or send it back with a reason and a new deadline — the next
round the unit owes.

The item inherits ``casework.models.RectifiableItem`` (``deadline``, ``round``,
``reported_at``, ``accepted_at``); its rounds inherit ``casework.models.RectificationRound``;
its workflow declares ``rectify``, ``accept`` and ``redo``. The app's service keeps what is its
own — the lock and who may act (403 before a state's 409), how the new deadline is found, whom
to tell — and calls these for the rest, so the order stays lock, who, state (409), input (400)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from congress.casework.models import RectificationRound
from congress.casework.services import transition
from congress.casework.workflow import Workflow
from congress.exceptions import field_error, required_text

CONTENT_LIMIT = 20000
REASON_LIMIT = 2000


@dataclass(frozen=True)
class RectificationSteps:
    workflow: Workflow

    def rectify(self, item, *, actor, content: str):
        """The unit's report of this round; ``item`` is locked and ``actor`` allowed."""
        self.workflow.check(item, "rectify")
        content = required_text(content, "content", _("请填写整改情况。"), limit=CONTENT_LIMIT)
        item.rectifications.create(round=item.round, content=content, submitted_by=actor)
        return transition(
            item,
            self.workflow,
            "rectify",
            actor=actor,
            locked=True,
            changes={"reported_at": timezone.now()},
            note=_("第%(n)d轮") % {"n": item.round},
        )

    def accept(self, item, *, actor, reason: str = ""):
        """Staff accept this round's report (an optional comment)."""
        self.workflow.check(item, "accept")
        reason = (reason or "").strip()
        if len(reason) > REASON_LIMIT:
            raise field_error("reason", _("内容不能超过%(n)d字。") % {"n": REASON_LIMIT})
        _evaluate(item, RectificationRound.Outcome.ACCEPTED, reason)
        return transition(
            item,
            self.workflow,
            "accept",
            actor=actor,
            locked=True,
            changes={"accepted_at": timezone.now()},
            note=reason,
        )

    def redo(self, item, *, actor, reason: str, deadline: Callable[[], dt.date]):
        """Staff send the report back with a reason; ``deadline()`` gives (and checks) the new
        one after the state and the reason are checked. Returns the item in its next round."""
        self.workflow.check(item, "redo")
        reason = required_text(reason, "reason", _("请说明退回重新整改的理由。"), limit=REASON_LIMIT)
        new_deadline = deadline()
        _evaluate(item, RectificationRound.Outcome.REDO, reason)
        return transition(
            item,
            self.workflow,
            "redo",
            actor=actor,
            locked=True,
            changes={"deadline": new_deadline, "round": item.round + 1, "reported_at": None},
            note=_("%(r)s（新的整改期限：%(d)s）") % {"r": reason, "d": new_deadline},
        )


def _evaluate(item, outcome: str, text: str) -> None:
    """The evaluation on this round's report (saved with history, not a bulk update)."""
    report = item.rectifications.filter(round=item.round).first()
    if report is not None:
        report.outcome, report.evaluation, report.evaluated_at = outcome, text, timezone.now()
        report.save(update_fields=["outcome", "evaluation", "evaluated_at"])
