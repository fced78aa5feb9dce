"""The OParl 1.1 endpoints: the system, the bodies, each body's external lists and every object
by its URL. Anonymous and read-only, throttled like the rest of the public API (DRF's anon rate),
and cached: an answer is stored with the data versions of what it read (``congress.page_cache``),
so it stays until a write that may change it, and carries an ``ETag`` a client sends back
(``If-None-Match``) to get 304 without a body."""

from __future__ import annotations

import hashlib
import json
import math
import re

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from congress import page_cache
from opendata.oparl import objects, tombstones
from opendata.oparl import selectors as sel

DEFAULT_LIMIT = 20
DIGITS = re.compile(r"[0-9]{1,9}")
MAX_LIMIT = 100
# The list filters the spec names (section "Filter"), each on the source's field.
DATE_FILTERS = {
    "modified_since": ("modified", "gte"),
    "modified_until": ("modified", "lte"),
    "created_since": ("created", "gte"),
    "created_until": ("created", "lte"),
}

LIST_PARAMETERS = [
    OpenApiParameter("page", int, description="页码（从 1 起）"),
    OpenApiParameter("limit", int, description=f"每页条数（1—{MAX_LIMIT}，默认 {DEFAULT_LIMIT}）"),
    OpenApiParameter("modified_since", str, description="只列出此时间（含）之后修改的对象，ISO 8601"),
    OpenApiParameter("modified_until", str, description="只列出此时间（含）之前修改的对象，ISO 8601"),
    OpenApiParameter("created_since", str, description="只列出此时间（含）之后创建的对象，ISO 8601"),
    OpenApiParameter("created_until", str, description="只列出此时间（含）之前创建的对象，ISO 8601"),
]
OBJECT = OpenApiResponse(OpenApiTypes.OBJECT, description="OParl 1.1 对象（https://schema.oparl.org/1.1/）")
LIST = OpenApiResponse(OpenApiTypes.OBJECT, description="OParl 外部列表：data、pagination、links")
ERROR = OpenApiResponse(OpenApiTypes.OBJECT, description='{"detail": …, "code": …}')


def _cache_key(request) -> str:
    raw = "\n".join([request.get_host(), request.scheme, request.get_full_path(), get_language() or ""])
    return "oparl:v2:" + hashlib.sha256(raw.encode()).hexdigest()


def cached_json(request, build) -> HttpResponse:
    """The answer from the cache, 304 when the client holds it already, else ``build()`` encoded
    once and stored with the data versions of what it read (``page_cache.recording``), as read
    before building: a write during it, or any later write that may change it, misses next."""
    key = _cache_key(request)
    content, depends, versions = page_cache.lookup(key)
    if content is None:
        with page_cache.recording() as reads:
            content = json.dumps(build(), ensure_ascii=False, separators=(",", ":")).encode()
        depends = page_cache.store(key, reads, versions, content) or versions
    # A page showing this answer (the open-data page) depends on what the answer read.
    page_cache.note(*depends)
    etag = page_cache.etag(key, depends)
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=60"
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


class OParlView(APIView):
    """Anonymous (no session, no token looked at), throttled per address."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]


def _number(params, name: str, default: int, maximum: int | None = None) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    if not DIGITS.fullmatch(raw) or int(raw) < 1 or (maximum is not None and int(raw) > maximum):
        if maximum is None:
            message = _("请填写大于 0 的整数。")
        else:
            message = _("请填写 1 到 %(max)d 之间的整数。") % {"max": maximum}
        raise ValidationError({name: [message]})
    return int(raw)


def _date_filters(params) -> dict[str, tuple[str, str, object]]:
    found = {}
    for name, (field, lookup) in DATE_FILTERS.items():
        raw = params.get(name)
        if raw in (None, ""):
            continue
        try:
            value = parse_datetime(raw.replace(" ", "+"))  # an unencoded "+08:00" arrives as " 08:00"
        except ValueError:
            value = None
        # Years at the ends of the calendar overflow once moved to UTC (0001-01-01 +08:00).
        if value is None or not 2 <= value.year <= 9998:
            message = _("请填写 ISO 8601 格式的时间，例如 2026-01-01T00:00:00+08:00。")
            raise ValidationError({name: [message]})
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        found[name] = (field, lookup, value)
    return found


def external_list(request, sources, body: str | None, build_rows) -> dict:
    """One page of an OParl external list over several sources, in source then key order: a
    count per source and one slice of the sources the page reaches (constant queries)."""
    params = request.query_params
    limit = _number(params, "limit", DEFAULT_LIMIT, MAX_LIMIT)
    page = _number(params, "page", 1)
    filters = _date_filters(params)
    querysets = []
    for source in sources:
        rows = source.rows(body)
        for field, lookup, value in filters.values():
            rows = rows.filter(**{f"{getattr(source, field)}__{lookup}": value})
        querysets.append((source, rows))
    counts = [rows.count() for _source, rows in querysets]
    total = sum(counts)
    pages = max(1, math.ceil(total / limit))
    if page > pages:
        raise Http404
    start, end = (page - 1) * limit, page * limit
    data, offset = [], 0
    for (source, rows), count in zip(querysets, counts, strict=True):
        low, high = max(start - offset, 0), min(end - offset, count)
        if low < high:
            data += build_rows(source, list(rows[low:high]))
        offset += count

    def link(number: int) -> str:
        query = {key: params[key] for key in (*DATE_FILTERS, "limit") if params.get(key)}
        query["page"] = number
        return request.build_absolute_uri(request.path + "?" + urlencode(query))

    links = {"first": link(1), "last": link(pages)}
    if page > 1:
        links["prev"] = link(page - 1)
    if page < pages:
        links["next"] = link(page + 1)
    return {
        "data": data,
        "pagination": {
            "totalElements": total,
            "elementsPerPage": limit,
            "currentPage": page,
            "totalPages": pages,
        },
        "links": links,
    }


class SystemView(OParlView):
    """OParl ``System``: the entry point; ``body`` is the list of the two bodies (the congress and
    its standing committee)."""

    @extend_schema(tags=["oparl"], auth=[], operation_id="oparl_system", responses={200: OBJECT})
    def get(self, request):
        return cached_json(request, lambda: objects.system(objects.Urls(request)))


class BodyListView(OParlView):
    """The bodies: the people's congress and its standing committee (``Body``)."""

    @extend_schema(tags=["oparl"], auth=[], operation_id="oparl_body_list", responses={200: LIST})
    def get(self, request):
        def build():
            urls = objects.Urls(request)
            terms = list(sel.terms())
            data = [objects.body(key, terms, urls) for key in sel.BODIES]
            return {
                "data": data,
                "pagination": {
                    "totalElements": len(data),
                    "elementsPerPage": len(data),
                    "currentPage": 1,
                    "totalPages": 1,
                },
                "links": {"first": urls.bodies(), "last": urls.bodies()},
            }

        return cached_json(request, build)


class ListView(OParlView):
    """A body's external list of one kind (``organization``, ``person``, ``membership``,
    ``meeting``, ``agendaitem``, ``paper``, ``consultation``, ``file``, ``location``,
    ``legislativeterm``): published records only, ``limit`` per page, filtered by
    ``modified_since``/``modified_until``/``created_since``/``created_until``. With
    ``modified_since``, the objects deleted (or withdrawn from the public) since then follow the
    live ones, each as its deleted stub."""

    @extend_schema(
        tags=["oparl"], auth=[], parameters=LIST_PARAMETERS, responses={200: LIST, 400: ERROR, 404: ERROR}
    )
    def get(self, request, body: str, kind: str):
        if body not in sel.BODIES or kind not in objects.KINDS:
            raise Http404
        sources = [source for source in objects.KINDS[kind] if body in source.bodies]
        deleted = tombstones.tombstone_source(kind)
        if deleted is not None and request.query_params.get("modified_since"):
            sources.append(deleted)  # a mirror updating itself learns what to delete (spec 1.1)
        urls = objects.Urls(request)

        def build():
            return external_list(
                request, sources, body, lambda source, rows: [source.build(row, urls) for row in rows]
            )

        return cached_json(request, build)


class ObjectView(OParlView):
    """One object by its URL (the ``id`` in every answer): ``body/congress``,
    ``paper/proposal-12``, ``person/7`` …; the deleted stub for what was public once and is no
    longer; 404 for what the public website never showed."""

    @extend_schema(tags=["oparl"], auth=[], operation_id="oparl_object", responses={200: OBJECT, 404: ERROR})
    def get(self, request, kind: str, key: str):
        urls = objects.Urls(request)
        if kind == "body":
            if key not in sel.BODIES:
                raise Http404
            return cached_json(request, lambda: objects.body(key, list(sel.terms()), urls))
        found = objects.source_for(kind, key)
        if found is None:
            raise Http404
        source, pk = found

        def build():
            row = source.rows(None).filter(pk=pk).first()
            if row is not None:
                return source.build(row, urls)
            tombstone = tombstones.tombstone_get(kind, key)
            if tombstone is None:
                raise Http404
            return objects.deleted(tombstone, urls)  # 200 with ``deleted: true``, as the spec says

        return cached_json(request, build)
