"""The API's filter backend: django-filter's, without its fixed cost on every list request (issue 16).

``DjangoFilterBackend`` builds a new ``FilterSet`` class on every request of a view that names
``filterset_fields`` (a metaclass run over the model's fields), then a ``FilterSet`` and its form
(every filter deep-copied) even when the request sends no filter at all. Here the class is built once
per view, and a request that sends none of the filterset's parameters gets the queryset as it is —
what the filterset would return for empty values, unless one of its filters is required, in which
case it always runs (its 400 stays)."""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend


class FilterBackend(DjangoFilterBackend):
    _classes: dict = {}

    def get_filterset_class(self, view, queryset=None):
        if getattr(view, "filterset_class", None) or queryset is None:
            return super().get_filterset_class(view, queryset)
        fields = getattr(view, "filterset_fields", None)
        key = (type(view), queryset.model, repr(fields))
        found = self._classes.get(key)
        if found is None:
            found = self._classes[key] = super().get_filterset_class(view, queryset)
        return found

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        filters = filterset_class.base_filters
        # A filter's parameters begin with its name (a range's ``<name>_min``/``_max``).
        sent = any(param.startswith(name) for param in request.query_params for name in filters)
        if not sent and not any(f.extra.get("required") for f in filters.values()):
            return queryset
        return super().filter_queryset(request, queryset, view)
