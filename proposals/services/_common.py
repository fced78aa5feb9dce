"""Helpers every proposals service shares: locking, the event row, history attribution,
recipients and notifications queued after commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from congress import roles
from congress.models import Notification, Organization, User
from congress.notifications import notify
from proposals.caching import bump_data_version_on_commit
from proposals.models import Assignment, CoSigner, Proposal, ProposalEvent

ACT_FOR_UNIT_CODENAME = "act_for_unit"


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


def lock_proposal(proposal: Proposal | int) -> Proposal:
    pk = proposal.pk if isinstance(proposal, Proposal) else proposal
    return Proposal.objects.select_for_update().get(pk=pk)


def lock_assignment(assignment: Assignment | int) -> Assignment:
    pk = assignment.pk if isinstance(assignment, Assignment) else assignment
    return Assignment.objects.select_for_update().select_related("unit").get(pk=pk)


def save_tracked(obj, fields: Iterable[str], *, actor: User | None, reason: str = "") -> None:
    """Save ``fields`` of a history-tracked row, recording who and why in its history."""
    obj._history_user = actor
    obj._change_reason = str(reason)[:100] if reason else None
    fields = list(fields)
    if hasattr(obj, "updated_at") and "updated_at" not in fields:
        fields.append("updated_at")
    obj.save(update_fields=fields)


def create_tracked(model, *, actor: User | None, reason: str = "", **values):
    obj = model(**values)
    obj._history_user = actor
    obj._change_reason = str(reason)[:100] if reason else None
    obj.full_clean(validate_unique=False, validate_constraints=False)
    obj.save()
    return obj


def event(
    *,
    proposal: Proposal,
    action: str,
    actor: User | None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    assignment: Assignment | None = None,
) -> ProposalEvent:
    bump_data_version_on_commit()  # cached reads (the statistics) are computed afresh
    return ProposalEvent.objects.create(
        proposal=proposal,
        assignment=assignment,
        action=action,
        from_state=from_state or proposal.state,
        to_state=to_state or proposal.state,
        actor=actor if getattr(actor, "pk", None) else None,
        note=str(note),
    )


# --- recipients --------------------------------------------------------------------------


def _act_for_unit_rows():
    from guardian.models import UserObjectPermission

    return UserObjectPermission.objects.filter(
        permission__codename=ACT_FOR_UNIT_CODENAME,
        content_type=ContentType.objects.get_for_model(Organization),
        user__is_active=True,
    )


def unit_user_ids(unit_ids: Iterable[int] | None = None) -> dict[int, list[int]]:
    """unit id -> ids of the active users acting for it, in one query (all units when None)."""
    rows = _act_for_unit_rows()
    if unit_ids is not None:
        rows = rows.filter(object_pk__in=[str(pk) for pk in unit_ids])
    result: dict[int, list[int]] = {}
    for user_id, object_pk in rows.values_list("user_id", "object_pk"):
        result.setdefault(int(object_pk), []).append(user_id)
    return result


def unit_users(unit_ids: Iterable[int]) -> list[User]:
    ids = {uid for users in unit_user_ids(unit_ids).values() for uid in users}
    return list(User.objects.filter(pk__in=ids)) if ids else []


def reply_reviewer_ids() -> list[int]:
    """Reviewers acting for a government office: those who confirm replies."""
    offices = Organization.objects.filter(kind=Organization.Kind.GOV_OFFICE).values_list("pk", flat=True)
    reviewer_group = Group.objects.filter(name=roles.REVIEWER).values("pk")
    rows = _act_for_unit_rows().filter(
        object_pk__in=[str(pk) for pk in offices], user__groups__in=reviewer_group
    )
    return sorted(set(rows.values_list("user_id", flat=True)))


def staff_user_ids() -> list[int]:
    return list(
        User.objects.filter(is_active=True, groups__name=roles.STAFF).values_list("pk", flat=True).distinct()
    )


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
    title: str,
    body: str = "",
    url: str = "",
    level: str = Notification.Level.INFO,
) -> None:
    """Queue a notice after the transaction commits; ``recipients`` is users or user ids."""
    recipients = list(recipients)
    if not recipients:
        return

    def send():
        users = recipients
        if users and not isinstance(users[0], User):
            users = list(User.objects.filter(pk__in=users))
        notify(recipients=users, key=key, title=str(title), body=str(body), url=url, level=level)

    transaction.on_commit(send)
