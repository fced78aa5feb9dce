"""The audit hook for reads of personal data (issue 10, finding 7). Every place that shows
someone's private fields to another person (a unit officer revealing a deputy's mobile)
calls :func:`log_personal_data_read`; for now the row goes to the standard logger
``congress.audit`` (who, which record, which fields, from where). The audit log of finding 5
makes the same call persistent and tamper-evident, with the same keyword arguments."""

from __future__ import annotations

import logging
from collections.abc import Iterable

logger = logging.getLogger("congress.audit")


def _client_ip(request) -> str:
    return getattr(request, "client_ip", None) or request.META.get("REMOTE_ADDR", "") if request else ""


def log_personal_data_read(
    *,
    request=None,
    actor=None,
    obj=None,
    object_type: str = "",
    object_ids: Iterable = (),
    fields: Iterable[str] = (),
    purpose: str = "",
) -> None:
    """A person's private ``fields`` of ``obj`` (or of the records ``object_ids``) were shown to
    ``actor`` (default: the request's user). One log record with the facts as attributes."""
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    username = getattr(actor, "username", "") or ""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
    ids = [str(obj.pk)] if obj is not None else [str(pk) for pk in object_ids]
    fields = sorted(fields)
    logger.info(
        "personal data read: %s read %s of %s %s (%s) from %s",
        username or "-",
        ",".join(fields),
        object_type,
        ",".join(ids),
        purpose or "-",
        _client_ip(request) or "-",
        extra={
            "actor": username,
            "object_type": object_type,
            "object_id": ",".join(ids),
            "fields": fields,
            "purpose": purpose,
        },
    )
