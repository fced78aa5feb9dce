"""The public website: home, news and bulletins. Anonymous; only published rows."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from congress import page_cache, site_search
from congress.files import file_response
from congress.hooks import public_home_sections
from congress.models import NewsItem
from congress.selectors import district_profile, news_list_public


def home(request):
    # Queries: news (1), notices (1), bulletins (1), and what the apps' sections read
    # (congress.hooks; the deputies' directory: current term and its counts, 2; the hearings open
    # for sign-up, 1).
    context = {
        "news": list(news_list_public(kind=NewsItem.Kind.NEWS)[:6]),
        "notices": list(news_list_public(kind=NewsItem.Kind.NOTICE)[:6]),
        "bulletins": list(
            news_list_public().filter(kind__in=[NewsItem.Kind.DEPUTY_EXPRESS, NewsItem.Kind.DEPUTY_COUNSEL])[
                :6
            ]
        ),
        **public_home_sections(),
    }
    return render(request, "public/home.html", context)


def news_list(request):
    kind = request.GET.get("kind") or None
    if kind not in NewsItem.Kind.values:
        kind = None
    page = Paginator(news_list_public(kind=kind), 20).get_page(request.GET.get("page"))
    return render(
        request, "public/news_list.html", {"page": page, "kind": kind, "kinds": NewsItem.Kind.choices}
    )


def news_detail(request, pk: int):
    item = get_object_or_404(NewsItem, pk=pk, is_published=True)
    return render(request, "public/news_detail.html", {"item": item})


def district_logo(request):
    """The district's logo (public on every page), inline as an image — it passed the image
    allow-list by content."""
    profile = district_profile()
    return file_response(profile.logo, filename="logo", inline_image=True)


def search(request):
    """The site-wide search (``congress.site_search``): every kind's count and first hits, or,
    with ``kind``, that kind's hits page by page. Nothing per visitor: served from the public
    page cache. A search that cannot run (nothing, too long, too many words) answers 400 with
    its reason above the box; an unknown ``kind`` searches every kind.
    Queries: one for every kind's count (``site_search.count_kinds``; the proposals' own), then
    one per kind found (its first hits), or two for one kind's page (count, rows)."""
    query = " ".join((request.GET.get("q") or "").split())
    context = {"query": query[: site_search.MAX_LENGTH * 2], "kinds": site_search.sources()}
    if not query:
        return render(request, "public/search.html", context)
    try:
        words = site_search.parse_query(query)
    except site_search.SearchInputError as error:
        context["error"] = error.message
        return render(request, "public/search.html", context, status=400)
    context["words"] = words
    source = site_search.source_for(request.GET.get("kind") or "")
    if source is not None:
        with page_cache.public_reads(*source.public_reads):
            page = Paginator(source.search(words), site_search.PAGE_SIZE).get_page(request.GET.get("page"))
            hits = site_search.show(source, page.object_list, words)
        context.update(
            source=source,
            page=page,
            search=query,
            kind=source.kind,
            hits=hits,
            all_url=f"{reverse('public:search')}?{urlencode({'q': query})}",
        )
    else:
        context["groups"] = groups = site_search.search_all(words)
        context["total"] = sum(group.count for group in groups)
    return render(request, "public/search.html", context)
