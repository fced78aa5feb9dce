"""What the supervision services share: refusals with stable codes, field errors, links,
notifications after commit."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress import roles, units
from congress.exceptions import ApplicationError, PermissionDeniedError, field_error, required_text  # noqa: F401
from congress.models import Notification, Organization
from congress.notifications import Message, notify_bulk
from supervision import permissions

# What a refusal says (the API's 403 answers the same message and code).
NOT_STAFF = gettext_lazy("仅限人大常委会工作人员操作。")
NOT_UNIT = gettext_lazy("只有该单位的联络员可以办理。")

# Units a report or an interpellation may be addressed to: 一府两院, departments, streets and
# the town, not the committee's own offices.
SUPERVISED_KINDS = (
    Organization.Kind.GOVERNMENT,
    Organization.Kind.COURT,
    Organization.Kind.PROCURATORATE,
    Organization.Kind.DEPARTMENT,
    Organization.Kind.STREET,
    Organization.Kind.TOWN,
    Organization.Kind.OTHER,
)


def require_staff(actor) -> None:
    if not permissions.is_staff(actor):
        raise PermissionDeniedError(NOT_STAFF, code="not_staff")


def supervised_unit(unit, field: str = "unit") -> Organization:
    """The unit, if it may be supervised (active, not one of the committee's own offices)."""
    if unit is None or not getattr(unit, "is_active", False) or unit.kind not in SUPERVISED_KINDS:
        raise field_error(field, _("请选择有效的被监督单位（一府两院、政府部门、街道或镇）。"))
    return unit


def today() -> dt.date:
    return timezone.localdate()


def url_for(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def notify_after_commit(
    user_ids,
    *,
    key: str,
    title: Message | str,
    body: Message | str = "",
    url: str = "",
    level=Notification.Level.INFO,
):
    """One notice per user (idempotent per key), written in the caller's transaction: it commits
    with the change or not at all, and its e-mail goes through the outbox (``congress.outbox``)
    after the commit (the name is older than that). ``title`` and ``body`` are Messages (shown
    in each reader's language) or text someone wrote."""
    ids = sorted({uid for uid in user_ids if uid})
    if not ids:
        return
    rows = [(uid, key, title, body, url, level) for uid in ids]

    with transaction.atomic():
        notify_bulk(rows)


def unit_officer_ids(unit_id: int) -> list[int]:
    return units.unit_user_ids([unit_id], role=roles.UNIT_OFFICER).get(unit_id, [])
