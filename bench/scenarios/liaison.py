"""Liaison (issue 14): the public pages of the deputies' liaison stations — the stations index, the
bench's station with its reception days (ten years of them at full scale), the calendar of every
reception — and the staff's portal pages: the opinions from the public (every opinion the
generator addressed to deputy1), a station, the statistics."""

from __future__ import annotations

from bench.scenarios import Context, Page, Skip, reverse_or_skip, scenario


@scenario("liaison")
def build(ctx: Context) -> list[Page]:
    try:
        from liaison.models import Opinion, Station
    except ImportError as exc:  # pragma: no cover - the liaison app not installed
        raise Skip("no liaison app") from exc

    station = Station.objects.filter(name__endswith="基准测试联络站").first()
    if station is None:
        raise Skip("no bench station: the deputies generator has not run")
    opinions = Opinion.objects.count()
    pages: list[Page] = []

    def add(name, url_name, *args, user=None, note=""):
        try:
            path = reverse_or_skip(url_name, *args)
        except Skip as exc:
            ctx.skip("liaison", str(exc))
            return
        pages.append(Page(name, path, cookies=ctx.login(user) if user else {}, note=note))

    add("public stations", "public:liaison-index")
    add("public station with its reception days", "public:liaison-station", station.pk)
    add("public calendar of receptions", "public:liaison-receptions-ics")
    add("opinions (staff)", "portal:liaison-opinions", user="staff", note=f"{opinions} opinions")
    add("a station (staff)", "portal:liaison-station", station.pk, user="staff")
    add("liaison statistics (staff)", "portal:liaison-statistics", user="staff")
    return pages
