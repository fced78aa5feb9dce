"""Portal home panel of the budget: what the officer's units owe (audit findings to rectify,
the preliminary review's questions to answer, state-assets opinions to report on), soonest
deadline first — one UNION query. Registered by ``BudgetConfig.ready``."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from budget import selectors_review
from congress.portal import Panel, PanelItem

LIMIT = 5
KIND_PAGES = {
    "audit_finding": ("portal:budget-audit-findings", "finding"),
    "review_question": ("portal:budget-review-questions", "question"),
    "asset_opinion": ("portal:budget-asset-opinions", "opinion"),
    "execution_question": ("portal:budget-questions", "question"),
}


def kind_label(kind: str) -> str:
    return {
        "audit_finding": _("审计查出问题整改"),
        "review_question": _("答复预算初审询问"),
        "asset_opinion": _("反馈国有资产审议意见办理情况"),
        "execution_question": _("答复预算执行询问"),
    }[kind]


def item_url(row) -> str:
    name, anchor = KIND_PAGES[row["kind"]]
    return f"{reverse(name)}#{anchor}-{row['pk']}"


def unit_panel(user):
    rows = selectors_review.unit_inbox(user)
    if not rows:
        return None
    today = timezone.localdate()
    items = [
        PanelItem(
            title=row["title"],
            url=item_url(row),
            meta=_("%(what)s · 期限 %(d)s") % {"what": kind_label(row["kind"]), "d": row["deadline"]},
            tone="overdue" if row["deadline"] < today else "",
        )
        for row in rows[:LIMIT]
    ]
    return Panel(
        title=_("预算监督待办"),
        items=items,
        count=len(rows),
        more_url=reverse("portal:budget-unit-inbox"),
        order=60,
    )
