"""Notifications: the one service every app calls to tell a user something.

An in-app row is written in the caller's transaction; e-mail and SMS go out from a Celery
task after commit. ``key`` makes it idempotent: one notice per (recipient, key), so a rerun
reminder scan or a retried task never notifies twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction

from congress.models import Notification, User


def notify(
    *,
    recipients: Iterable[User],
    key: str,
    title: str,
    body: str = "",
    url: str = "",
    level: str = Notification.Level.INFO,
    email: bool = True,
    sms: bool = False,
) -> list[Notification]:
    """Notify each recipient once per ``key``. Returns the notices created now (not the ones
    that already existed). E-mail and SMS are queued after the transaction commits."""
    users = {user.pk: user for user in recipients if user is not None and user.is_active}
    if not users:
        return []
    already = set(
        Notification.objects.filter(recipient_id__in=users, key=key).values_list("recipient_id", flat=True)
    )
    created = []
    for user_id in users.keys() - already:
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        recipient_id=user_id, key=key, title=str(title), body=str(body), url=url, level=level
                    )
                )
        except IntegrityError:
            # A concurrent run wrote it first: that one is the notice, not us.
            continue
    if created and (email or sms):
        from congress.tasks import deliver_notifications

        ids = [n.pk for n in created]
        transaction.on_commit(lambda: deliver_notifications.delay(ids, email=email, sms=sms))
    return created


def notification_mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    from django.utils import timezone

    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
