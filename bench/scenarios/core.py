"""The foundation's pages: public home, deputy directory (plain, deep page, search), a deputy
profile, news, the public deputies API where it exists, and the portal home of a deputy and of
a unit officer (every app's panels on it)."""

from __future__ import annotations

from bench.scenarios import Context, Page, Skip, scenario, url_exists


@scenario("core")
def build(ctx: Context) -> list[Page]:
    from deputies.models import Deputy
    from deputies.selectors import current_term

    term = current_term()
    if term is None:
        raise Skip("no term: the generator has not run")
    serving = Deputy.objects.filter(term=term, is_active=True).order_by("id")
    count = serving.count()
    if not count:
        raise Skip("no deputy in the current term")
    deputy_id = serving.values_list("id", flat=True)[count // 2]
    deep_page = max(1, min(20, count // 30))

    pages = [
        Page("public home", "/"),
        Page("deputy directory", "/deputies/", note=f"{count} serving deputies, 30 a page"),
        Page("deputy directory, deep page", f"/deputies/?page={deep_page}", note="page 20, or the last"),
        Page("directory search 王", "/deputies/?q=%E7%8E%8B", note="name or group contains 王"),
        Page("deputy profile", f"/deputies/{deputy_id}/"),
        Page("news list", "/news/"),
    ]
    for path, name in (
        ("/api/v1/public/deputies/", "public API: deputies"),
        ("/api/v1/public/deputies/?search=%E7%8E%8B", "public API: deputies search 王"),
    ):
        if url_exists(path):
            pages.append(Page(name, path))
        else:
            ctx.skip("core", f"{path} is not served yet")
    pages.append(Page("portal home (deputy)", "/portal/", cookies=ctx.login("deputy1")))
    pages.append(Page("portal home (unit officer)", "/portal/", cookies=ctx.login("unit1")))
    return pages
