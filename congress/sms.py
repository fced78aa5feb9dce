"""SMS delivery behind one small interface. The default backend only logs; a district plugs
in its operator's gateway by naming a class in ``settings.SMS_BACKEND``."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("congress.sms")


class BaseSmsBackend:
    def send(self, *, phone: str, text: str) -> None:
        raise NotImplementedError


class LoggingSmsBackend(BaseSmsBackend):
    """Writes each message to the log instead of sending it."""

    def send(self, *, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)


class MemorySmsBackend(BaseSmsBackend):
    """Keeps messages in ``outbox`` for tests."""

    outbox: list[dict] = []

    def send(self, *, phone: str, text: str) -> None:
        self.outbox.append({"phone": phone, "text": text})


def get_sms_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()
