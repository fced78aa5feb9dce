"""Helpers every proposals view shares: reading filter parameters without ever failing."""

from __future__ import annotations

from django.core.paginator import Paginator

PAGE_SIZE = 20


def choice_param(request, name: str, allowed) -> str:
    """A GET parameter if it is one of ``allowed``, else ""."""
    value = (request.GET.get(name) or "").strip()
    return value if value in allowed else ""


def int_param(request, name: str) -> int | None:
    value = (request.GET.get(name) or "").strip()
    return int(value) if value.isdecimal() and len(value) < 10 else None


def text_param(request, name: str = "q", limit: int = 50) -> str:
    return (request.GET.get(name) or "").strip()[:limit]


def paginate(request, queryset, per_page: int = PAGE_SIZE, *, count: int | None = None):
    """The requested page of ``queryset``; ``count``, when the caller knows it (a cached
    count), spares the paginator its ``COUNT`` query."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: the value set is the one it keeps
    return paginator.get_page(request.GET.get("page"))
