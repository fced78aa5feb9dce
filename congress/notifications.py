"""Notifications: the one service every app calls to tell a user something.

An in-app row is written in the caller's transaction; e-mail and SMS go out from a Celery
task after commit, queued through the transactional outbox (``congress.outbox``), so a broker
or mail server that is down delays them but never loses them. ``key`` makes it idempotent: one notice per (recipient, key), so a rerun
reminder scan or a retried task never notifies twice.

Titles and bodies are ``Message`` values (a msgid and its parameters), not text: the notice is
stored as msgids (``Notification.message``) and shown in each reader's language, whatever the
language of the request or job that sent it. Plain text (a reason someone typed) is stored as
it is. ``title`` and ``body`` keep the text in the default language for e-mail, SMS and search.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation

from congress import outbox
from congress.i18n import Message
from congress.models import Notification, User

__all__ = ["Message", "notify", "notify_bulk", "notification_mark_read", "recipient_language", "unread_count"]

TITLE_MAX = Notification._meta.get_field("title").max_length
URL_MAX = Notification._meta.get_field("url").max_length


def recipient_language(user: User) -> str:
    """The language a user's e-mail and SMS are written in: their own preference if the user
    model has one (``User`` has no such field yet), else the site's default language."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def stored_text(*, title, body="") -> dict:
    """The fields a notice stores for ``title`` and ``body`` (Messages or text): the text in
    the default language, and the messages to render again in the reader's language."""
    message = {
        part: value.to_json()
        for part, value in (("title", title), ("body", body))
        if isinstance(value, Message)
    }
    with translation.override(settings.LANGUAGE_CODE):
        return {"title": str(title)[:TITLE_MAX], "body": str(body or ""), "message": message}


def notify(
    *,
    recipients: Iterable[User],
    key: str,
    title: Message | str,
    body: Message | str = "",
    url: str = "",
    level: str = Notification.Level.INFO,
    email: bool = True,
    sms: bool = False,
) -> list[Notification]:
    """Notify each recipient once per ``key``. Returns the notices created now (not the ones
    that already existed). E-mail and SMS are queued after the transaction commits.
    ``title`` and ``body`` are Messages wherever the text is ours (see the module's doc)."""
    users = {user.pk: user for user in recipients if user is not None and user.is_active}
    if not users:
        return []
    already = set(
        Notification.objects.filter(recipient_id__in=users, key=key).values_list("recipient_id", flat=True)
    )
    text = stored_text(title=title, body=body)
    created = []
    for user_id in users.keys() - already:
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(recipient_id=user_id, key=key, url=url, level=level, **text)
                )
        except IntegrityError:
            # A concurrent run wrote it first: that one is the notice, not us.
            continue
    if created and (email or sms):
        _queue_delivery([n.pk for n in created], email=email, sms=sms)
    return created


def _queue_delivery(ids: list[int], *, email: bool, sms: bool) -> None:
    """E-mail/SMS for these notices through the outbox, in the caller's transaction: sent once
    the notices commit, and again by the outbox's sweep while the broker or the mail server is
    down (the task sends only what is still unsent)."""
    if not ids:
        return
    ids = sorted(ids)
    outbox.enqueue(
        "congress.tasks.deliver_notifications",
        args=[ids],
        kwargs={"email": email, "sms": sms},
        dedupe_key=f"notifications:{ids[0]}-{ids[-1]}:{len(ids)}:{int(email)}{int(sms)}",
    )


def notify_bulk(rows: list[tuple[int, str, Message | str, Message | str, str, str]]) -> int:
    """Create notices in bulk, idempotent per (recipient, key) like ``congress.notifications.notify``:
    rows are (recipient_id, key, title, body, url, level), title and body Messages or text.
    Three queries whatever the size; e-mail is queued for the notices created now. Returns how
    many were created."""
    if not rows:
        return 0
    recipients = {r[0] for r in rows}
    keys = {r[1] for r in rows}
    existing = set(
        Notification.objects.filter(recipient_id__in=recipients, key__in=keys).values_list(
            "recipient_id", "key"
        )
    )
    fresh, seen, texts = [], set(), {}
    for recipient_id, key, title, body, url, level in rows:
        if (recipient_id, key) in existing or (recipient_id, key) in seen:
            continue
        seen.add((recipient_id, key))
        # One notice usually goes to several recipients: render it once.
        text = texts.get((id(title), id(body)))
        if text is None:
            text = texts[(id(title), id(body))] = stored_text(title=title, body=body)
        fresh.append(Notification(recipient_id=recipient_id, key=key, url=url[:URL_MAX], level=level, **text))
    if not fresh:
        return 0
    Notification.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=1000)
    created_ids = [
        pk
        for pk, recipient_id, key in Notification.objects.filter(
            recipient_id__in={n.recipient_id for n in fresh}, key__in={n.key for n in fresh}
        ).values_list("pk", "recipient_id", "key")
        if (recipient_id, key) in seen
    ]
    _queue_delivery(created_ids, email=True, sms=False)
    return len(created_ids)


def notification_mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    from django.utils import timezone

    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
