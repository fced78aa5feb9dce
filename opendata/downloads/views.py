"""``/opendata/``: the page that lists every dataset with its periods, data dictionary and
licence, and the downloads themselves — CSV (UTF-8 with a byte-order mark, so Excel opens the
Chinese correctly) and JSON, streamed row by row from a fixed number of queries.

The page is an ordinary public page (kept by the public page cache); a download is streamed,
never held in memory, and may be kept by browsers and proxies for a few minutes."""

from __future__ import annotations

import csv
import json

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from budget.selectors import public_years as budget_years
from budget.views.public import fdp_dictionary as budget_dictionary
from congress.selectors import district_profile
from opendata.downloads.datasets import DATASETS, TYPE_LABELS, Dataset, Period

LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.zh-hans"
MAX_AGE = 300  # seconds a download may be reused by a browser or proxy


def index(request):
    datasets = [(dataset, dataset.periods()) for dataset in DATASETS.values()]
    return render(
        request,
        "opendata/index.html",
        {
            "datasets": datasets,
            "budget_years": budget_years(),
            "budget_fields": budget_dictionary(),
            "type_labels": [(key, label) for key, label in TYPE_LABELS.items()],
            "licence_name": LICENCE_NAME,
            "licence_url": LICENCE_URL,
        },
    )


class _Echo:
    """A file-like object for csv.writer that hands back what it was given."""

    def write(self, value):
        return value


# A text cell Excel would read as a formula (=HYPERLINK(…), +…, -…, @…): kept as text by a
# leading apostrophe, which Excel hides (OWASP's CSV injection advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def _csv(dataset: Dataset, period: Period, root: str):
    writer = csv.writer(_Echo())
    keys = [field.key for field in dataset.fields]
    yield "\ufeff" + writer.writerow([str(field.label) for field in dataset.fields])
    for row in dataset.rows(period.slug, root):
        yield writer.writerow([_cell(row[key]) for key in keys])


def _json(dataset: Dataset, period: Period, root: str, source: str):
    head = {
        "dataset": dataset.slug,
        "title": str(dataset.title),
        "period": period.slug,
        "period_label": period.label,
        "description": str(dataset.description),
        "source": source,
        "license": {"name": LICENCE_NAME, "path": LICENCE_URL},
        "fields": [
            {"name": f.key, "title": str(f.label), "description": str(f.meaning), "type": f.type}
            for f in dataset.fields
        ],
    }
    opening = json.dumps(head, ensure_ascii=False)[:-1]  # without the closing brace
    yield opening + ', "data": ['
    first = True
    for row in dataset.rows(period.slug, root):
        yield ("" if first else ",") + "\n" + json.dumps(row, ensure_ascii=False)
        first = False
    yield "\n]}\n"


def download(request, dataset: str, period: str, fmt: str):
    """One dataset's period as ``csv`` or ``json``; 404 for an unknown dataset or period."""
    found = DATASETS.get(dataset)
    chosen = found.period(period) if found else None
    if chosen is None:
        raise Http404
    root = request.build_absolute_uri("/").rstrip("/")
    if fmt == "csv":
        response = StreamingHttpResponse(_csv(found, chosen, root), content_type="text/csv; charset=utf-8")
    else:
        source = district_profile().congress_name
        response = StreamingHttpResponse(
            _json(found, chosen, root, source), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{found.slug}-{chosen.slug}.{fmt}"'
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
