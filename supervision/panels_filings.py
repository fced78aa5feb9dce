"""The portal home panel of filing review: for an issuing unit's officer, the way to file a
normative document and its filings list; for staff and committee members, the filings awaiting
review, soonest deadline first, and the year's statistics. Two queries at most (the units or
roles, the rows)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import roles
from congress.portal import Panel, PanelItem
from supervision import selectors_filings as sel
from supervision.models import NormativeDocument
from supervision.services import filings as svc

LIMIT = 5


def filing_panel(user):
    if sel.sees_all_filings(user):
        rows = list(
            NormativeDocument.objects.filter(state=NormativeDocument.State.FILED)
            .select_related("unit")
            .only("id", "title", "review_due", "unit__name")
            .order_by("review_due", "id")[:LIMIT]
        )
        today = timezone.localdate()
        items = [
            PanelItem(
                title=row.title,
                url=reverse("portal:supervision-filing", args=[row.pk]),
                meta=_("%(unit)s · 审查期限 %(d)s") % {"unit": row.unit.name, "d": row.review_due},
                tone="overdue" if row.review_due < today else "",
            )
            for row in rows
        ]
        items.append(
            PanelItem(title=_("备案审查年度统计"), url=reverse("portal:supervision-filing-statistics"))
        )
        return Panel(
            title=_("规范性文件备案审查"),
            items=items,
            more_url=reverse("portal:supervision-filing-list") + "?show=owed",
            count=len(rows),
            order=44,
        )
    if not roles.has_role(user, roles.UNIT_OFFICER):
        return None
    from congress.units import acting_unit_list

    if not any(unit.kind in svc.ISSUING_KINDS for unit in acting_unit_list(user)):
        return None
    return Panel(
        title=_("规范性文件备案"),
        items=[
            PanelItem(
                title=_("报备规范性文件"),
                url=reverse("portal:supervision-filing-new"),
                meta=_("自公布之日起三十日内报送备案"),
            ),
            PanelItem(title=_("本单位报备的文件"), url=reverse("portal:supervision-filing-list")),
        ],
        more_url=reverse("portal:supervision-filing-list"),
        order=45,
    )
