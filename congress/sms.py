"""SMS delivery behind one small interface. The default backend only logs; a district plugs
in its operator's gateway by naming a class in ``settings.SMS_BACKEND``."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from congress.privacy import mask_phone

logger = logging.getLogger("congress.sms")


class BaseSmsBackend:
    def send(self, *, phone: str, text: str) -> None:
        raise NotImplementedError


class LoggingSmsBackend(BaseSmsBackend):
    """Writes each message to the log instead of sending it, the number masked (138****0000):
    logs are kept and read by operators, a deputy's mobile is personal data."""

    def send(self, *, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", mask_phone(phone), text)


class MemorySmsBackend(BaseSmsBackend):
    """Keeps messages in ``outbox`` for tests."""

    outbox: list[dict] = []

    def send(self, *, phone: str, text: str) -> None:
        self.outbox.append({"phone": phone, "text": text})


def get_sms_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()
