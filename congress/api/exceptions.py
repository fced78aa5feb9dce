"""One error shape for the API: ``{"detail": …, "code": …}`` plus field errors, in the
user's language. Service errors (``ApplicationError``) become 4xx, Django's validation and
404s become DRF's, and nothing a client sends becomes a 500."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from congress.exceptions import ApplicationError


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
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        detail = response.data["detail"]
        response.data["code"] = getattr(detail, "code", None) or "error"
    if (
        response is not None
        and response.status_code == status.HTTP_400_BAD_REQUEST
        and "code" not in response.data
    ):
        response.data = (
            {**response.data, "code": "invalid"} if isinstance(response.data, dict) else response.data
        )
    return response
