"""One base for every API endpoint that acts on something: create a record, or take an action
on one. The order is fixed, so every endpoint answers alike:

1. **find** the object through a selector scoped to the caller (404 for what they may not see);
2. **permission**: the action's pure predicate (403, whatever the body — a caller without the
   right learns nothing about what a valid body would be);
3. **parse** the body with the input serializer (400 with field messages in Chinese);
4. **perform**: call the one service (its ``ApplicationError``s become 4xx in one shape,
   ``InvalidTransition`` a 409 ``invalid_transition``);
5. **answer** with the output serializer.
"""

from __future__ import annotations

from typing import Any

from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from congress.exceptions import ApplicationError


# Subclasses set ``input_class`` (None: no body) and implement ``find``, ``allowed`` and
# ``perform``; ``answer`` shapes the response (``output_class`` by default). ``workflow`` and
# ``action_code`` (a declared ``casework`` action) give ``allowed`` for free: the action's own
# permission predicate, the same one ``transition()`` checks. (Comments, not docstrings, on
# these bases: the OpenAPI schema would repeat a docstring on every endpoint.)
class ActionMixin:
    input_class: type | None = None
    output_class: type | None = None
    success_status: int = status.HTTP_200_OK
    workflow = None
    # Not ``action``: drf-spectacular takes a view with an ``action`` attribute for a viewset and
    # would describe a list view's GET beside a CreateMixin as a single object.
    action_code: str = ""
    denied_message = None
    denied_code: str | None = None  # the 403's ``code`` (``permission_denied`` when None)

    def find(self, request, **kwargs) -> Any:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def allowed(self, request, obj) -> bool:
        if self.workflow is not None and self.action_code:
            predicate = self.workflow[self.action_code].permission
            return predicate is None or bool(predicate(request.user, obj))
        raise NotImplementedError(f"{type(self).__name__} must say who may act")

    def perform(self, request, obj, data: dict) -> Any:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def answer(self, request, obj, result) -> Response:
        return Response(self.output_class(result).data, status=self.success_status)

    def parse(self, request) -> dict:
        if self.input_class is None:
            return {}
        serializer = self.input_class(data=request.data, context={"request": request, "view": self})
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def post(self, request, **kwargs):
        obj = self.find(request, **kwargs)
        if not self.allowed(request, obj):
            raise PermissionDenied(self.denied_message, code=self.denied_code)
        data = self.parse(request)
        try:
            result = self.perform(request, obj, data)
        except ApplicationError as exc:
            published_field_names(exc, self.input_class)
            raise
        return self.answer(request, obj, result)


# An action endpoint of its own (``POST …/{id}/<action>/``).
class ActionView(ActionMixin, APIView):
    pass


# POST that creates a record (mixed into a list view on the same path): nothing to find;
# ``allowed(request, None)`` is the caller's right to create, checked before the body is read;
# answers 201.
class CreateMixin(ActionMixin):
    success_status = status.HTTP_201_CREATED

    def find(self, request, **kwargs):
        return None


def published_field_names(exc: ApplicationError, input_class) -> None:
    """A service's field errors name its arguments; where an input field fills an argument of
    another name (``source=``, e.g. 督办's ``supervising_committee`` → ``oversight_committee``),
    the client gets the error under the field name it sent."""
    if input_class is None or not exc.extra:
        return
    published = {f.source: name for name, f in input_class().fields.items() if f.source != name}
    exc.extra = {published.get(key, key): errors for key, errors in exc.extra.items()}
