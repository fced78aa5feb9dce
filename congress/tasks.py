"""Thin Celery tasks: they take ids and call services."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from congress import outbox
from congress.models import Notification
from congress.notifications import recipient_language
from congress.sms import get_sms_backend

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True, label=_("发送邮件和短信通知"))
def deliver_notifications(self, notification_ids: list[int], *, email: bool = True, sms: bool = False):
    """Send e-mail/SMS for notices not yet sent, each in its recipient's language (not the
    sender's: the task may run inside an English request). Marks each as sent, so a retry or
    a duplicate message sends only what is still unsent."""
    notices = Notification.objects.filter(pk__in=notification_ids).select_related("recipient")
    backend = get_sms_backend() if sms else None
    for notice in notices:
        user = notice.recipient
        with translation.override(recipient_language(user)):
            title, body = notice.display_title, notice.display_body
        if email and notice.emailed_at is None and user.email:
            try:
                send_mail(title, body or title, settings.DEFAULT_FROM_EMAIL, [user.email])
            except OSError as exc:
                raise self.retry(exc=exc) from exc
            Notification.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
        if backend and notice.sms_sent_at is None and user.phone:
            backend.send(phone=user.phone, text=f"{title} {body}"[:300])
            Notification.objects.filter(pk=notice.pk).update(sms_sent_at=timezone.now())


@shared_task(name="congress.tasks.relay_outbox", label=_("补发待投递任务"))
def relay_outbox() -> int:
    """Every minute (beat): publish queued work the broker has not taken yet (it was down at
    the commit) or whose task never reported success (a killed worker, a task that gave up),
    with backoff; purge rows done more than a week ago. See ``congress.outbox``."""
    published = outbox.relay()
    outbox.purge_done()
    return published


@shared_task(name="congress.tasks.purge_audit_log", label=_("清理过期安全审计日志"))
def purge_audit_log() -> int:
    """Daily: audit rows and login records older than the retention rule go, through the one
    controlled path that keeps the audit chain verifiable (``congress.audit.audit_purge``)."""
    from congress.audit import audit_purge

    return audit_purge()
