"""Pages of the liaison stations.

Public (phone first, no login, cached by ``congress.page_cache`` except where a form carries a
CSRF token): find the stations and deputies of a street with the next reception days, a
station's page (directions without a map, deputies, schedule, file) and its calendar, the QR
code poster of a station or a deputy, leaving an opinion and following it by receipt.

Portal: the opinions behind the reader's wall with the route and close steps, recording an
opinion taken at a reception, a worker's stations (schedule and file) and, for staff and
members, the statistics. Views call selectors and services only."""

from __future__ import annotations

import datetime as dt

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from congress import ics, page_cache
from congress.exceptions import ApplicationError
from liaison import forms, permissions, selectors, services
from liaison.models import Opinion, Reception
from liaison.workflow import OPINION

PAGE_SIZE = 20


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


# --- public --------------------------------------------------------------------------------------


def index(request):
    """Find my deputy by street: the street's stations, deputies and next reception days."""
    street_id = _int(request.GET.get("street"))
    streets = list(selectors.streets())
    street = next((s for s in streets if s.pk == street_id), None)
    stations = list(selectors.stations_public(street_id=street.pk if street else None))
    receptions = list(
        selectors.receptions_upcoming().filter(station__street=street)[:10]
        if street
        else selectors.receptions_upcoming()[:10]
    )
    return render(
        request,
        "liaison/public/index.html",
        {
            "streets": streets,
            "street": street,
            "stations": stations,
            "receptions": receptions,
            "lookup": forms.ReceiptLookupForm(),
        },
    )


def station(request, pk: int):
    row = selectors.station_get_public(pk)
    return render(
        request,
        "liaison/public/station.html",
        {
            "station": row,
            "deputies": list(row.deputies.filter(is_active=True).order_by("name")),
            "receptions": list(selectors.receptions_upcoming(station_id=row.pk)[:20]),
            "records": selectors.station_public_records(row),
        },
    )


def _ics_response(request, receptions, name: str) -> HttpResponse:
    host = request.get_host().split(":")[0]
    events = [
        ics.Event(
            uid=f"liaison-reception-{r.pk}@{host}",
            summary=_("代表接待日：%(station)s") % {"station": r.station.name},
            starts_at=r.starts_at,
            ends_at=r.ends_at,
            location=r.where,
            description="、".join(d.name for d in r.deputies.all()) + (f"\n{r.topic}" if r.topic else ""),
            url=request.build_absolute_uri(reverse("public:liaison-station", args=[r.station_id])),
            stamp=r.updated_at,
            cancelled=r.is_cancelled,
        )
        for r in receptions
    ]
    response = HttpResponse(ics.calendar(events, name=name), content_type=ics.CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="receptions.ics"'
    return response


def receptions_ics(request):
    """Every upcoming reception day, as one calendar feed."""
    return _ics_response(request, selectors.receptions_upcoming()[:500], _("代表接待日"))


def station_ics(request, pk: int):
    row = selectors.station_get_public(pk)
    return _ics_response(
        request,
        selectors.receptions_upcoming(station_id=row.pk)[:200],
        _("%(station)s接待日") % {"station": row.name},
    )


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=6, title=_("扫码反映社情民意"), dark="#1f2328")


def station_qr(request, pk: int):
    """A poster for the station's wall: scan to leave an opinion at this station."""
    row = selectors.station_get_public(pk)
    url = request.build_absolute_uri(reverse("public:liaison-opinion-new") + f"?station={row.pk}")
    return render(
        request,
        "liaison/public/qr.html",
        {"title": row.name, "url": url, "qr_svg": _qr_svg(url), "station": row},
    )


def deputy_qr(request, pk: int):
    from deputies.selectors import deputy_get_public

    deputy = deputy_get_public(pk=pk)
    url = request.build_absolute_uri(reverse("public:liaison-opinion-new") + f"?deputy={deputy.pk}")
    return render(
        request,
        "liaison/public/qr.html",
        {"title": deputy.name, "url": url, "qr_svg": _qr_svg(url), "deputy": deputy},
    )


def _addressee(request):
    """The station or deputy a QR code page names (ignored when unknown)."""
    from deputies.models import Deputy

    station = deputy = None
    if station_id := _int(request.GET.get("station") or request.POST.get("station")):
        station = selectors.stations_public().filter(pk=station_id).first()
    if deputy_id := _int(request.GET.get("deputy") or request.POST.get("deputy")):
        deputy = (
            Deputy.objects.filter(pk=deputy_id, is_active=True).select_related("group__organization").first()
        )
    return station, deputy


@require_http_methods(["GET", "POST"])
def opinion_new(request):
    """Leave an opinion (phone first). The form carries this visitor's CSRF token: never the
    shared page cache."""
    page_cache.skip(request)
    station, deputy = _addressee(request)
    initial = {}
    if station:
        initial["street"] = station.street_id
    elif deputy and deputy.group_id:
        initial["street"] = deputy.group.organization_id
    form = forms.OpinionForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                opinion = services.opinion_submit(
                    station=station,
                    deputy=deputy,
                    channel=Opinion.Channel.QR if (station or deputy) else Opinion.Channel.ONLINE,
                    address=request.META.get("REMOTE_ADDR", ""),
                    **form.cleaned_data,
                )
            except ApplicationError as exc:
                forms.error_to_form(form, exc)
                status = getattr(exc, "status_code", 400)
            else:
                messages.success(
                    request,
                    _("已收到您反映的情况！回执编号 %(receipt)s，请记下，凭此查询办理进度。")
                    % {"receipt": opinion.receipt},
                )
                return redirect("public:liaison-opinion", opinion.receipt)
        else:
            status = 400
    return render(
        request,
        "liaison/public/opinion_form.html",
        {"form": form, "station": station, "deputy": deputy},
        status=status,
    )


def opinion_lookup(request):
    form = forms.ReceiptLookupForm(request.GET or None)
    if form.is_valid():
        receipt = "".join(form.cleaned_data["receipt"].split()).upper()
        return redirect("public:liaison-opinion", receipt)
    return render(request, "liaison/public/lookup.html", {"form": form})


def _opinion_page(request, opinion, *, form=None, status=200):
    can_confirm = opinion.state == Opinion.State.CLOSED and not opinion.citizen_result
    if can_confirm:
        page_cache.skip(request)  # a form with a CSRF token
    return render(
        request,
        "liaison/public/opinion.html",
        {
            "opinion": opinion,
            "steps": selectors.public_steps(opinion),
            "form": (form or forms.ConfirmForm()) if can_confirm else None,
        },
        status=status,
    )


def opinion(request, receipt: str):
    return _opinion_page(request, selectors.opinion_get_by_receipt(receipt))


@require_POST
def opinion_confirm(request, receipt: str):
    page_cache.skip(request)
    row = selectors.opinion_get_by_receipt(receipt)
    form = forms.ConfirmForm(request.POST)
    if form.is_valid():
        try:
            row = services.opinion_confirm(opinion=row, **form.cleaned_data)
        except ApplicationError as exc:
            forms.error_to_form(form, exc)
            return _opinion_page(request, row, form=form, status=getattr(exc, "status_code", 400))
        messages.success(
            request,
            _("谢谢您的评价！已转交代表和站点重新办理。")
            if row.state == Opinion.State.REOPENED
            else _("谢谢您的评价！"),
        )
        return redirect("public:liaison-opinion", row.receipt)
    return _opinion_page(request, row, form=form, status=400)


# --- portal --------------------------------------------------------------------------------------


def _may_enter(user) -> bool:
    return (
        permissions.sees_all_opinions(user)
        or permissions.is_station_worker(user)
        or permissions.can_record_opinion(user)
        or selectors.opinions_visible_to(user).exists()
    )


@login_required
def portal_opinions(request):
    user = request.user
    if not _may_enter(user):
        raise Http404
    rows = selectors.opinions_visible_to(user).order_by("-created_at", "-id")
    state = request.GET.get("state")
    if state in Opinion.State.values:
        rows = rows.filter(state=state)
    receipt = "".join((request.GET.get("receipt") or "").split()).upper()[:20]
    if receipt:
        rows = rows.filter(receipt=receipt)
    return render(
        request,
        "liaison/portal/opinion_list.html",
        {
            "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "states": Opinion.State.choices,
            "state": state,
            "receipt": receipt,
            "can_record": permissions.can_record_opinion(user),
            "stations": list(selectors.stations_kept_by(user)) if permissions.is_station_worker(user) else [],
            "sees_all": permissions.sees_all_opinions(user),
        },
    )


def _portal_opinion_page(request, row, *, route_form=None, close_form=None, status=200):
    user = request.user
    return render(
        request,
        "liaison/portal/opinion_detail.html",
        {
            "opinion": row,
            "events": list(row.events.select_related("actor").order_by("created_at", "id")),
            "route_form": route_form or (forms.RouteForm() if OPINION.can(row, "route", user) else None),
            "close_form": close_form or (forms.CloseForm() if OPINION.can(row, "close", user) else None),
        },
        status=status,
    )


@login_required
def portal_opinion(request, pk: int):
    return _portal_opinion_page(request, selectors.opinion_get_for_user(request.user, pk))


@login_required
@require_POST
def portal_opinion_route(request, pk: int):
    row = selectors.opinion_get_for_user(request.user, pk)
    form = forms.RouteForm(request.POST)
    if form.is_valid():
        try:
            services.opinion_route(actor=request.user, opinion=row, **form.cleaned_data)
        except ApplicationError as exc:
            forms.error_to_form(form, exc)
            return _portal_opinion_page(
                request, row, route_form=form, status=getattr(exc, "status_code", 400)
            )
        messages.success(request, _("已分办。"))
        return redirect("portal:liaison-opinion", row.pk)
    return _portal_opinion_page(request, row, route_form=form, status=400)


@login_required
@require_POST
def portal_opinion_close(request, pk: int):
    row = selectors.opinion_get_for_user(request.user, pk)
    form = forms.CloseForm(request.POST)
    if form.is_valid():
        try:
            services.opinion_close(actor=request.user, opinion=row, **form.cleaned_data)
        except ApplicationError as exc:
            forms.error_to_form(form, exc)
            return _portal_opinion_page(
                request, row, close_form=form, status=getattr(exc, "status_code", 400)
            )
        messages.success(request, _("已办结，群众可凭回执编号查看结果并评价。"))
        return redirect("portal:liaison-opinion", row.pk)
    return _portal_opinion_page(request, row, close_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def portal_opinion_new(request):
    """Record what a citizen said at a reception."""
    user = request.user
    if not permissions.can_record_opinion(user):
        raise Http404
    stations = (
        selectors.stations_kept_by(user) if not permissions.is_staff(user) else selectors.stations_public()
    )
    form = forms.RecordOpinionForm(request.POST or None, stations=stations)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                row = services.opinion_record(actor=user, **form.cleaned_data)
            except ApplicationError as exc:
                forms.error_to_form(form, exc)
                status = getattr(exc, "status_code", 400)
            else:
                messages.success(request, _("已登记，回执编号 %(receipt)s。") % {"receipt": row.receipt})
                return redirect("portal:liaison-opinion", row.pk)
        else:
            status = 400
    return render(request, "liaison/portal/opinion_form.html", {"form": form}, status=status)


@login_required
def portal_stations(request):
    user = request.user
    if not (permissions.is_staff(user) or permissions.is_station_worker(user)):
        raise Http404
    return render(
        request, "liaison/portal/station_list.html", {"stations": list(selectors.stations_kept_by(user))}
    )


def _station_page(request, row, *, reception_form=None, record_form=None, status=200):
    return render(
        request,
        "liaison/portal/station_detail.html",
        {
            "station": row,
            "receptions": list(selectors.receptions_of(row)),
            "records": list(row.records.order_by("kind", "-recorded_on", "-id")),
            "reception_form": reception_form or forms.ReceptionForm(station=row),
            "record_form": record_form or forms.StationRecordForm(),
            "now": timezone.now(),
        },
        status=status,
    )


@login_required
def portal_station(request, pk: int):
    return _station_page(request, selectors.station_get_kept(request.user, pk))


@login_required
@require_POST
def portal_reception_new(request, pk: int):
    row = selectors.station_get_kept(request.user, pk)
    form = forms.ReceptionForm(request.POST, station=row)
    if form.is_valid():
        try:
            services.reception_create(actor=request.user, station=row, **form.cleaned_data)
        except ApplicationError as exc:
            forms.error_to_form(form, exc)
        else:
            messages.success(request, _("已安排接待日，网站和日历订阅同步更新。"))
            return redirect("portal:liaison-station", row.pk)
    return _station_page(request, row, reception_form=form, status=400)


@login_required
@require_POST
def portal_reception_cancel(request, pk: int, reception_pk: int):
    row = selectors.station_get_kept(request.user, pk)
    reception = get_object_or_404(Reception, pk=reception_pk, station=row)
    try:
        services.reception_cancel(
            actor=request.user, reception=reception, reason=request.POST.get("reason", "")
        )
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已取消该接待日。"))
    return redirect("portal:liaison-station", row.pk)


@login_required
@require_POST
def portal_record_new(request, pk: int):
    row = selectors.station_get_kept(request.user, pk)
    form = forms.StationRecordForm(request.POST)
    if form.is_valid():
        try:
            services.station_record_create(actor=request.user, station=row, **form.cleaned_data)
        except ApplicationError as exc:
            forms.error_to_form(form, exc)
        else:
            messages.success(request, _("已记入站点档案。"))
            return redirect("portal:liaison-station", row.pk)
    return _station_page(request, row, record_form=form, status=400)


@login_required
def portal_statistics(request):
    """Per station, category, street and unit, with the mean days to close (staff, members)."""
    if not permissions.sees_all_opinions(request.user):
        raise Http404
    year = _int(request.GET.get("year"))
    if year is not None and not 2000 <= year <= 2100:
        year = None
    return render(
        request,
        "liaison/portal/statistics.html",
        {"stats": selectors.opinion_statistics(year=year), "year": year, "this_year": dt.date.today().year},
    )
