"""Helpers every proposals service shares: links, recipients and notifications queued after
commit. Locking, history, events and unit lookups are the kernel's (``congress.casework``,
``congress.units``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from congress import units
from congress.models import Notification, User
from congress.notifications import Message, notify
from proposals.models import CoSigner, Proposal


def now() -> dt.datetime:
    return timezone.now()


def today() -> dt.date:
    return timezone.localdate()


def url_for(name: str, *args) -> str:
    """The URL of a page another part of the portal provides, or "" while it does not exist
    (a notice without a link is still a notice)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def proposal_url(proposal_id: int) -> str:
    return url_for("portal:proposal-detail", proposal_id)


def assignment_url(assignment_id: int) -> str:
    return url_for("portal:assignment-detail", assignment_id)


def unit_users(unit_ids: Iterable[int]) -> list[User]:
    """Everyone acting for any of these units (to tell a unit something)."""
    return [user for users in units.unit_users(unit_ids).values() for user in users]


def deputy_users(proposal: Proposal, *, with_cosigners: bool = False) -> list[User]:
    """The lead deputy's login and, if asked, the confirmed co-signers' logins."""
    users = User.objects.filter(deputy__pk=proposal.lead_deputy_id)
    if with_cosigners:
        confirmed = CoSigner.objects.filter(proposal=proposal, state=CoSigner.State.CONFIRMED).values(
            "deputy_id"
        )
        users = User.objects.filter(deputy__pk__in=confirmed) | users
    return list(users.distinct())


def notify_on_commit(
    *,
    recipients,
    key: str,
    title: Message | str,
    body: Message | str = "",
    url: str = "",
    level: str = Notification.Level.INFO,
) -> None:
    """A notice written in the caller's transaction (it commits with the change or not at all);
    its e-mail goes through the outbox (``congress.outbox``) after the commit — the name is
    older than that. ``recipients`` is users or user ids. ``title`` and ``body`` are Messages
    (shown in each reader's language) or text someone wrote."""
    users = list(recipients)
    if not users:
        return
    if not isinstance(users[0], User):
        users = list(User.objects.filter(pk__in=users))
    notify(recipients=users, key=key, title=title, body=body, url=url, level=level)
