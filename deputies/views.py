"""Public deputy directory and profile; the deputy's own page in the portal."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from deputies.models import Deputy
from deputies.selectors import (
    current_term,
    deputy_directory,
    deputy_for_user,
    deputy_get_public,
    deputy_groups_of,
)


def directory(request):
    term = current_term()
    if term is None:
        raise Http404
    search = (request.GET.get("q") or "").strip()[:50]
    try:
        group_id = int(request.GET.get("group") or 0) or None
    except ValueError:
        group_id = None
    page = Paginator(deputy_directory(term=term, search=search, group_id=group_id), 30).get_page(
        request.GET.get("page")
    )
    context = {
        "term": term,
        "page": page,
        "groups": deputy_groups_of(term),
        "search": search,
        "group_id": group_id,
        "public_field_labels": dict(Deputy.PUBLIC_FIELD_CHOICES),
    }
    template = "deputies/partials/directory_rows.html" if request.htmx else "deputies/directory.html"
    return render(request, template, context)


def profile(request, pk: int):
    deputy = deputy_get_public(pk=pk)
    fields = [
        (label, deputy.public_value(name)) for name, label in Deputy.PUBLIC_FIELD_CHOICES if name != "photo"
    ]
    return render(
        request,
        "deputies/profile.html",
        {"deputy": deputy, "fields": [(label, value) for label, value in fields if value]},
    )


@login_required
def my_record(request):
    deputy = deputy_for_user(request.user)
    if deputy is None:
        raise Http404
    return render(request, "deputies/my_record.html", {"deputy": deputy})
