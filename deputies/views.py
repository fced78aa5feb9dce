"""Public deputy directory and profile; the deputy's own page in the portal."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from congress import page_cache
from congress.exceptions import ApplicationError
from congress.files import file_response
from deputies.forms import DeputyOwnProfileForm
from deputies.models import Deputy
from deputies.models_record import VoterReport
from deputies.permissions import can_edit_deputy_profile
from deputies.selectors import (
    current_term,
    deputy_directory,
    deputy_for_user,
    deputy_get_public,
    deputy_groups_of,
    deputy_photo_get,
)
from deputies.selectors_record import deputy_record, published_voter_reports
from deputies.services import deputy_update_own_profile
from deputies.services_record import voter_comment_add


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


def _year_param(request) -> int | None:
    raw = request.GET.get("year") or ""
    return int(raw) if raw.isdecimal() and len(raw) == 4 else None


def profile(request, pk: int):
    """The deputy's public page: the fields they marked public (never an ID number or a private
    phone: only ``public_value``), the performance record of a year of the term with its score,
    and the published reports to voters."""
    deputy = deputy_get_public(pk=pk)
    fields = [
        (label, deputy.public_value(name)) for name, label in Deputy.PUBLIC_FIELD_CHOICES if name != "photo"
    ]
    return render(
        request,
        "deputies/profile.html",
        {
            "deputy": deputy,
            "fields": [(label, value) for label, value in fields if value],
            "record": deputy_record(deputy, _year_param(request), public=True),
            "voter_reports": list(published_voter_reports(deputy)),
        },
    )


class VoterCommentForm(forms.Form):
    content = forms.CharField(
        label=_("您的意见"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("请填写您的意见。"), "max_length": _("意见不能超过 2000 字。")},
    )
    name = forms.CharField(label=_("署名"), max_length=50, required=False)


@require_http_methods(["GET", "POST"])
def voter_report(request, pk: int, report_pk: int):
    """A published report to voters; voters leave comments without an account."""
    deputy = deputy_get_public(pk=pk)
    report = get_object_or_404(
        VoterReport.objects.filter(deputy=deputy, state=VoterReport.State.PUBLISHED), pk=report_pk
    )
    form = VoterCommentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                voter_comment_add(
                    report=report, address=request.META.get("REMOTE_ADDR", ""), **form.cleaned_data
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
                if exc.code == "too_many":
                    status = 429
            else:
                return redirect(f"{request.path}?sent=1")
        page_cache.skip(request)
    comments = report.comments.filter(is_hidden=False).order_by("created_at", "id")
    return render(
        request,
        "deputies/voter_report.html",
        {
            "deputy": deputy,
            "report": report,
            "comments": comments,
            "form": form,
            "sent": "sent" in request.GET,
        },
        status=status,
    )


def _own_field_values(deputy: Deputy) -> dict[str, str]:
    """What each choosable field holds, shown next to its checkbox so the deputy sees what
    they are about to publish."""
    values = {}
    for name, _label in Deputy.PUBLIC_FIELD_CHOICES:
        if name == "photo":
            values[name] = _("已上传") if deputy.photo else _("未上传")
        elif name == "birth_date":
            values[name] = deputy.birth_date.strftime("%Y-%m") if deputy.birth_date else ""
        elif name in ("education", "sector"):
            values[name] = getattr(deputy, f"get_{name}_display")()
        else:
            values[name] = getattr(deputy, name) or ""
    return values


def _public_choices(form, deputy: Deputy) -> list[tuple]:
    values = _own_field_values(deputy)
    return [(choice, values.get(choice.data["value"], "")) for choice in form["public_fields"]]


@login_required
@require_http_methods(["GET", "POST"])
def my_record(request):
    """The deputy's own record; the form chooses public fields and updates phone and e-mail
    (htmx swaps the form in place; without JavaScript the page posts and redirects)."""
    deputy = deputy_for_user(request.user)
    if deputy is None:
        raise Http404
    can_edit = can_edit_deputy_profile(request.user, deputy)
    saved = False
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = DeputyOwnProfileForm.for_deputy(deputy, data=request.POST)
        if form.is_valid():
            try:
                deputy = deputy_update_own_profile(deputy=deputy, actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                for field, errors in exc.extra.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                saved = True
                if not request.htmx:
                    messages.success(request, _("已保存。"))
                    return redirect("portal:deputy-my-record")
                form = DeputyOwnProfileForm.for_deputy(deputy)
    else:
        form = DeputyOwnProfileForm.for_deputy(deputy)
    context = {
        "deputy": deputy,
        # The htmx swap of the form needs no record.
        "record": None if request.htmx else deputy_record(deputy, _year_param(request)),
        "form": form,
        "can_edit": can_edit,
        "saved": saved,
        "public_choices": _public_choices(form, deputy),
    }
    template = "deputies/partials/my_profile_form.html" if request.htmx else "deputies/my_record.html"
    return render(request, template, context)


def photo(request, pk: int):
    """A deputy's photo (``deputy_photo_get``: public when the deputy marked it so). Shown
    inline as an image — it passed the image allow-list by content — never as a page."""
    deputy = deputy_photo_get(user=request.user, pk=pk)
    return file_response(deputy.photo, filename=f"photo-{deputy.pk}", inline_image=True)
