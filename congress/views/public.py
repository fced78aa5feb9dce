"""The public website: home, news and bulletins. Anonymous; only published rows."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from congress.models import NewsItem
from congress.selectors import news_list_public


def home(request):
    # Queries: news (1), bulletins (1), current term and its directory count (2).
    from deputies.selectors import deputy_directory_summary

    context = {
        "news": list(news_list_public(kind=NewsItem.Kind.NEWS)[:6]),
        "notices": list(news_list_public(kind=NewsItem.Kind.NOTICE)[:6]),
        "bulletins": list(
            news_list_public().filter(kind__in=[NewsItem.Kind.DEPUTY_EXPRESS, NewsItem.Kind.DEPUTY_COUNSEL])[
                :6
            ]
        ),
        "directory": deputy_directory_summary(),
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
