"""Portal home panels of the proposals app: what waits for this user. Each panel costs a
constant number of queries (a count and one short list)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from congress import roles
from congress.portal import Panel, PanelItem, register_panel
from proposals import permissions, selectors
from proposals.services._common import url_for

LIMIT = 5


def _tone(deadline, today) -> str:
    if deadline < today:
        return "overdue"
    if (deadline - today).days <= 14:
        return "due"
    return "ok"


def deputy_panel(user):
    """My proposals needing action: co-signing invitations, replies to rate, drafts, returns."""
    if not roles.has_role(user, roles.DEPUTY):
        return None
    invitations = list(selectors.cosign_invitations_for_user(user)[:LIMIT])
    to_rate = list(selectors.proposals_awaiting_rating(user)[:LIMIT])
    mine = list(
        selectors.proposal_list_visible_to(user).filter(
            state__in=["draft", "returned"], lead_deputy__user=user
        )[:LIMIT]
    )
    items = [
        PanelItem(
            title=_("附议邀请：%(t)s") % {"t": c.proposal.title},
            url=url_for("portal:proposal-detail", c.proposal_id),
            meta=_("领衔代表：%(n)s") % {"n": c.proposal.lead_deputy.name},
            tone="due",
        )
        for c in invitations
    ]
    items += [
        PanelItem(
            title=_("请测评：%(t)s") % {"t": p.title},
            url=url_for("portal:proposal-detail", p.pk),
            meta=_("测评截止 %(d)s") % {"d": p.rating_deadline} if p.rating_deadline else "",
            tone="due",
        )
        for p in to_rate
    ]
    items += [
        PanelItem(title=p.title, url=url_for("portal:proposal-detail", p.pk), meta=p.get_state_display())
        for p in mine
    ]
    return Panel(
        title=_("我的建议"),
        items=items[: LIMIT * 2],
        more_url=url_for("portal:proposal-list"),
        empty_text=_("暂无需要处理的建议。"),
        count=len(invitations) + len(to_rate),
        order=10,
    )


def unit_panel(user):
    """The unit inbox by deadline, coloured due/overdue."""
    if not roles.has_role(user, roles.UNIT_OFFICER):
        return None
    today = timezone.localdate()
    inbox = selectors.assignment_list_for_user(user, open_only=True)
    rows = list(inbox[:LIMIT])
    return Panel(
        title=_("待办建议"),
        items=[
            PanelItem(
                title=a.proposal.title,
                url=url_for("portal:assignment-detail", a.pk),
                meta=_("%(role)s · %(state)s · 期限 %(d)s")
                % {"role": a.get_role_display(), "state": a.get_state_display(), "d": a.deadline},
                tone=_tone(a.deadline, today),
            )
            for a in rows
        ],
        more_url=url_for("portal:assignment-list"),
        empty_text=_("本单位暂无待办建议。"),
        count=inbox.count() if len(rows) == LIMIT else len(rows),
        order=10,
    )


def reviewer_panel(user):
    """Replies waiting for the government office's confirmation."""
    if not permissions.is_reply_reviewer(user):
        return None
    queue = selectors.review_queue_for_user(user)
    rows = list(queue[:LIMIT])
    return Panel(
        title=_("待审核答复"),
        items=[
            PanelItem(
                title=r.assignment.proposal.title,
                url=url_for("portal:reply-review", r.pk)
                or url_for("portal:assignment-detail", r.assignment_id),
                meta=_("%(unit)s · %(cls)s类 · %(d)s")
                % {
                    "unit": r.assignment.unit.name,
                    "cls": r.reply_class,
                    "d": timezone.localtime(r.submitted_at).date(),
                },
            )
            for r in rows
        ],
        more_url=url_for("portal:review-list"),
        empty_text=_("暂无待审核的答复。"),
        count=queue.count() if len(rows) == LIMIT else len(rows),
        order=15,
    )


def staff_panel(user):
    """The registration queue count and requests waiting for a decision."""
    if not roles.is_staff_member(user):
        return None
    from django.db.models import Count

    from proposals.models import Proposal

    # Filter first so the state index limits the count to the two small queues instead of
    # aggregating over every proposal ever made.
    counts = {"submitted": 0, "registered": 0}
    counts.update(
        Proposal.objects.filter(state__in=[Proposal.State.SUBMITTED, Proposal.State.REGISTERED])
        .values_list("state")
        .annotate(n=Count("id"))
        .order_by()
    )
    admin_list = url_for("admin:proposals_proposal_changelist")
    return Panel(
        title=_("建议立案与交办"),
        items=[
            PanelItem(
                title=_("待立案 %(n)d 件") % {"n": counts["submitted"]},
                url=f"{admin_list}?state__exact=submitted",
                tone="due" if counts["submitted"] else "ok",
            ),
            PanelItem(
                title=_("待交办 %(n)d 件") % {"n": counts["registered"]},
                url=f"{admin_list}?state__exact=registered",
                tone="due" if counts["registered"] else "ok",
            ),
            PanelItem(title=_("督办与逾期情况"), url=url_for("admin:proposals_proposal_oversight")),
        ],
        more_url=admin_list,
        count=counts["submitted"],
        order=10,
    )


def register() -> None:
    for panel in (deputy_panel, unit_panel, reviewer_panel, staff_panel):
        register_panel(panel)
