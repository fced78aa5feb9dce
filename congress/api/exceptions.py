"""One error shape for the API: ``{"detail": …, "code": …}`` on every 4xx, plus the field
errors beside them on a 400 (``{"detail": …, "code": "invalid", "title": ["…"]}``), in the
user's language. Service errors (``ApplicationError``) become 4xx, Django's validation and
404s become DRF's, and nothing a client sends becomes a 500."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from congress.exceptions import ApplicationError


def _first_message(value):
    """The first message in a (possibly nested) DRF error structure."""
    if isinstance(value, dict):
        for item in value.values():
            found = _first_message(item)
            if found is not None:
                return found
        return None
    if isinstance(value, list | tuple):
        for item in value:
            found = _first_message(item)
            if found is not None:
                return found
        return None
    return value


def _validation_body(data):
    """Field errors stay where DRF puts them; ``detail`` says what went wrong in one line."""
    if isinstance(data, list | tuple):
        message = _first_message(data)
        return {"detail": str(message) if message is not None else _("提交的数据有误。"), "code": "invalid"}
    body = dict(data)
    non_field = body.get(api_settings.NON_FIELD_ERRORS_KEY) or body.get("detail")
    if non_field:
        detail = _first_message(non_field)
    else:
        detail = _("提交的数据有误，请检查标出的字段。")
    body["detail"] = str(detail)
    body["code"] = "invalid"
    return body


def exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        data = {"detail": str(exc.message), "code": exc.code}
        data.update(exc.extra)
        return Response(data, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "message_dict"):
            exc = exceptions.ValidationError(detail=exc.message_dict)
        else:
            exc = exceptions.ValidationError(detail={"detail": exc.messages})
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = _validation_body(response.data)
    elif isinstance(response.data, dict) and "detail" in response.data:
        detail = response.data["detail"]
        response.data["code"] = getattr(detail, "code", None) or "error"
    elif isinstance(response.data, list | tuple):
        message = _first_message(response.data)
        response.data = {"detail": str(message or ""), "code": "error"}
    return response


def not_found(request, exception):
    """``handler404``: an address under ``/api/`` that matches no endpoint (``/api/v1/x/abc/``
    where an id belongs) answers in the API's JSON shape, as the endpoints' own 404s do; every
    other address gets the site's Chinese 404 page."""
    from django.http import JsonResponse
    from django.views import defaults

    if request.path.startswith("/api/"):
        detail = exceptions.NotFound().detail
        return JsonResponse({"detail": str(detail), "code": detail.code}, status=404)
    return defaults.page_not_found(request, exception)
