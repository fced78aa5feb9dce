"""Meetings and officials' attendance (issue 5): the public schedule, a closed meeting with its
published attendance, every unit's attendance in a year, one unit's yearly record, the public
attendance API, a unit officer's and a reviewer's portal lists; and the sweep that publishes
closed meetings whose attendance is not public yet, over a decade of meetings."""

from __future__ import annotations

from bench.scenarios import Context, Job, Page, Skip, reverse_or_skip, scenario


@scenario("meetings")
def build(ctx: Context) -> list[Page | Job]:
    from bench.generate import _require, _unit_of

    Meeting, PublishedAttendance = _require("meetings", "Meeting", "PublishedAttendance")
    latest = (
        Meeting.objects.filter(kind="standing", attendance_published_at__isnull=False)
        .order_by("-starts_at")
        .first()
    )
    unit = _unit_of("unit1").first()
    if latest is None or unit is None:
        raise Skip("no published meeting or no unit1: the meetings generator has not run")
    units_listed = PublishedAttendance.objects.filter(meeting=latest).count()

    items: list[Page | Job] = []

    def add(name: str, url_name: str, *args, query: str = "", user: str | None = None, note: str = ""):
        try:
            path = reverse_or_skip(url_name, *args, query=query)
        except Skip as exc:
            ctx.skip("meetings", str(exc))
            return
        items.append(Page(name, path, cookies=ctx.login(user) if user else {}, note=note))

    add("public meeting schedule", "public:meeting-list")
    add("public meeting attendance", "public:meeting-detail", latest.pk, note=f"{units_listed} units")
    add("attendance of every unit, this year", "public:attendance-units")
    add("one unit's yearly record", "public:unit-attendance", unit.pk, note=unit.name)
    add("public API: attendance", "api-public-attendance", query=f"meeting={latest.pk}")
    add("portal meetings (unit officer)", "portal:meeting-list", user="unit1")
    add("portal leave requests (gov office)", "portal:meeting-leave-requests", user="govoffice")
    items.append(
        Job(
            "publish sweep",
            "meetings.tasks.publish_closed_meetings_sweep",
            note="publishes the one closed meeting left unpublished; scans all closed meetings",
        )
    )
    return items
