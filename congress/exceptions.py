"""Errors that services raise. Views and the API turn them into a 4xx with the message."""

from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """A business rule said no. ``message`` is for the user (Chinese by default), ``code`` is
    stable for tests and API clients, ``extra`` may carry field errors."""

    default_code = "invalid"
    status_code = 400

    def __init__(self, message, *, code: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.extra = extra or {}


class InvalidTransition(ApplicationError):
    """A state change not allowed from the record's current state."""

    default_code = "invalid_transition"
    status_code = 409

    def __init__(self, *, current_label, action_label=None, code: str | None = None):
        if action_label:
            message = _("当前状态为“%(state)s”，不能执行“%(action)s”。") % {
                "state": current_label,
                "action": action_label,
            }
        else:
            message = _("当前状态为“%(state)s”，不能执行此操作。") % {"state": current_label}
        super().__init__(message, code=code)
        self.current_label = current_label


class PermissionDeniedError(ApplicationError):
    """The user may see the record but may not do this to it."""

    default_code = "permission_denied"
    status_code = 403

    def __init__(self, message=None, *, code: str | None = None):
        super().__init__(message or _("您没有执行此操作的权限。"), code=code)


def field_error(field: str, message, code: str = "invalid") -> ApplicationError:
    """A service's error on one input field (a form shows it on the field, the API under its name)."""
    return ApplicationError(message, code=code, extra={field: [message]})


def required_text(value, field: str, message, *, limit: int | None = None) -> str:
    """The stripped text of a required field, or a field error (``message`` when empty; the
    length when over ``limit`` characters)."""
    text = (value or "").strip()
    if not text:
        raise field_error(field, message, code="required")
    if limit is not None and len(text) > limit:
        raise field_error(field, _("内容不能超过%(n)d字。") % {"n": limit})
    return text
