"""Site-wide search of the public website (issue 15, item 4): one box over every kind of public
record, the results grouped by kind.

The core imports no domain app: each app registers, in its ``AppConfig.ready``, one **source**
per kind of record it publishes (from a small ``<app>/site_search.py``), in the style of
``congress.hooks``::

    register_search("proposals", _("建议答复"), search_proposals, order=30, hit=proposal_hit,
                    more_url=lambda query: f"{reverse('public:proposal-list')}?{urlencode({'q': query})}")

- ``func(words)`` returns a **queryset** of the public rows matching every word (the app's own
  public selector: only what its public pages show), newest first, loading what ``hit`` reads;
- ``hit(row)`` turns one row into a ``Hit`` (title, link, date, the plain text a snippet is cut
  from, a short line of facts) without a query;
- ``more_url(query)``, where the kind has a search page of its own, links there; otherwise the
  search page lists all of that kind's hits, page by page (``/search/?q=…&kind=…``).

The results page counts the kinds' hits together, in one query (a ``UNION ALL`` of one count per
kind), then reads the first hits of each kind found: 1 + one query per kind found, whatever the
data size. A source counts apart (its count, then its hits; none after a count of 0) when its
rows are merged before they can be counted (``DISTINCT``, ``GROUP BY``), when its queryset counts
in a way of its own (the proposals' search caches its count,
``proposals.selectors.PublicSearchQuerySet``) or when it reads under ``public_reads`` (its reads
are told apart). The words are parsed once here (``parse_query``): a search is split at white
space, every word must match (in any of the kind's fields), case-insensitive, a word of one
character included.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import CharField, Count, Q, QuerySet, Value
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from congress import page_cache

MAX_LENGTH = 50  # characters of a search, spaces included
MAX_WORDS = 5
HITS_PER_KIND = 5  # on the results page, per kind
PAGE_SIZE = 20  # on one kind's page
SNIPPET_CHARS = 80  # around the first match

MESSAGE_EMPTY = _("请输入要搜索的词，例如“养老”或“电梯 加装”。")
MESSAGE_TOO_LONG = _("搜索词太长：最多 %(limit)s 个字。请换用更短的词。")
MESSAGE_TOO_MANY = _("搜索词太多：最多 %(limit)s 个词，词与词之间用空格分开。")


class SearchInputError(ValueError):
    """A search the page cannot run; ``message`` says why, in the reader's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    date: dt.date | dt.datetime | None = None
    text: str = ""  # the plain text the snippet is cut from (summary, content, address …)
    meta: str = ""  # a short line of facts: a column, a unit, a group


@dataclass(frozen=True)
class Source:
    kind: str
    label: Any  # a lazy translation
    search: Callable[[list[str]], QuerySet]
    hit: Callable[[Any], Hit]
    order: int
    more_url: Callable[[str], str] | None = None
    # Apps of which the search reads only what the public sees (``page_cache.public_reads``).
    public_reads: tuple[str, ...] = ()


_SOURCES: dict[str, Source] = {}


def register_search(
    kind: str,
    label,
    func: Callable[[list[str]], QuerySet],
    order: int,
    *,
    hit: Callable[[Any], Hit],
    more_url: Callable[[str], str] | None = None,
    public_reads: tuple[str, ...] = (),
) -> Source:
    """Register the public search of one kind of record (see the module's docstring). A kind
    belongs to one source: registering another function under a taken kind is an error."""
    registered = _SOURCES.get(kind)
    if registered is not None and registered.search is not func:
        raise ValueError(f"{kind!r} is already searched by {registered.search.__module__}")
    source = Source(
        kind=kind,
        label=label,
        search=func,
        hit=hit,
        order=order,
        more_url=more_url,
        public_reads=public_reads,
    )
    _SOURCES[kind] = source
    return source


def sources() -> list[Source]:
    return sorted(_SOURCES.values(), key=lambda source: (source.order, source.kind))


def source_for(kind: str) -> Source | None:
    return _SOURCES.get(kind)


def parse_query(raw: str | None) -> list[str]:
    """The words of a search: control characters (a NUL a database would refuse, a stray tab)
    become spaces, the rest is split at white space, lower-cased, duplicates left out.
    ``SearchInputError`` when there is nothing to search, or too much."""
    cleaned = "".join(" " if unicodedata.category(char).startswith("C") else char for char in raw or "")
    cleaned = " ".join(cleaned.split())
    if not cleaned:
        raise SearchInputError(MESSAGE_EMPTY)
    if len(cleaned) > MAX_LENGTH:
        raise SearchInputError(MESSAGE_TOO_LONG % {"limit": MAX_LENGTH})
    words = list(dict.fromkeys(word.lower() for word in cleaned.split()))
    if len(words) > MAX_WORDS:
        raise SearchInputError(MESSAGE_TOO_MANY % {"limit": MAX_WORDS})
    return words


def matching(words: list[str], fields: list[str]) -> Q:
    """Every word is a substring (case-insensitive) of at least one of ``fields``."""
    condition = Q()
    for word in words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return condition


def _pattern(words: list[str]) -> re.Pattern:
    alternatives = sorted(words, key=len, reverse=True)  # the longest first: 电梯加装 before 电梯
    return re.compile("|".join(re.escape(word) for word in alternatives), re.IGNORECASE)


def highlight(text: str, words: list[str]) -> SafeString:
    """``text`` escaped, each occurrence of a word in ``<mark>``."""
    text = text or ""
    if not words:
        return escape(text)
    parts, last = [], 0
    for match in _pattern(words).finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # every piece of the text was escaped above


def snippet(text: str, words: list[str], width: int = SNIPPET_CHARS) -> SafeString:
    """About ``width`` characters of ``text`` around the first match of a word (from the start
    when none matches there), white space folded, the words highlighted."""
    text = " ".join((text or "").split())
    if not text:
        return escape("")
    match = _pattern(words).search(text) if words else None
    start = max(0, match.start() - width // 3) if match else 0
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    piece = highlight(text[start:end], words)
    return mark_safe(("…" if start else "") + piece + ("…" if end < len(text) else ""))


@dataclass(frozen=True)
class ShownHit:
    hit: Hit
    title: SafeString
    meta: SafeString
    snippet: SafeString


@dataclass
class Group:
    source: Source
    count: int
    hits: list[ShownHit] = field(default_factory=list)
    more_url: str = ""


def more_url(source: Source, query: str) -> str:
    """Where the rest of a kind's hits are: its own search page, else this one for that kind."""
    if source.more_url is not None:
        return source.more_url(query)
    return f"{reverse('public:search')}?{urlencode({'q': query, 'kind': source.kind})}"


def show(source: Source, rows, words: list[str]) -> list[ShownHit]:
    shown = []
    for row in rows:
        hit = source.hit(row)
        shown.append(
            ShownHit(
                hit=hit,
                title=highlight(hit.title, words),
                meta=highlight(hit.meta, words),
                snippet=snippet(hit.text, words),
            )
        )
    return shown


def counts_together(rows: QuerySet) -> bool:
    """Whether ``rows`` can be counted in the results page's single count query: not when
    they are merged before they could be counted (``DISTINCT``, ``GROUP BY``, a union), nor when
    the queryset counts in a way of its own (a cached count the page reads its rows by)."""
    query = rows.query
    return (
        not query.distinct
        and query.group_by is None
        and not query.combinator
        and not query.is_sliced
        and type(rows).count is QuerySet.count
    )


def count_kinds(searches: dict[str, QuerySet]) -> dict[str, int]:
    """The number of rows of each queryset, in one query (``UNION ALL`` of one count each; a
    kind without a row may be left out: 0)."""
    counts = [
        rows.order_by()
        .prefetch_related(None)
        .annotate(site_search_kind=Value(kind, output_field=CharField()))
        .values("site_search_kind")
        .annotate(site_search_total=Count("pk"))
        .values_list("site_search_kind", "site_search_total")
        for kind, rows in searches.items()
    ]
    if not counts:
        return {}
    return dict(counts[0].union(*counts[1:], all=True) if len(counts) > 1 else counts[0])


def search_all(words: list[str], *, limit: int = HITS_PER_KIND) -> list[Group]:
    """Every kind with at least one hit, in the registered order: its count, first hits and
    where the rest are. One count query for every kind (``count_kinds``; the proposals' count
    is their own, cached), then the first hits of each kind found."""
    query = " ".join(words)
    searches = {}
    for source in sources():
        with page_cache.public_reads(*source.public_reads):
            searches[source.kind] = source.search(words)
    together = {
        kind: rows
        for kind, rows in searches.items()
        if not source_for(kind).public_reads and counts_together(rows)
    }
    counts = count_kinds(together)
    groups = []
    for source in sources():
        with page_cache.public_reads(*source.public_reads):
            rows = searches[source.kind]
            # the proposals' search reads its page by its count: first
            count = counts.get(source.kind, 0) if source.kind in together else rows.count()
            if count:
                hits = show(source, rows[:limit], words)
                groups.append(Group(source=source, count=count, hits=hits, more_url=more_url(source, query)))
    return groups
