"""Supervision (issue 11): the public list of closed work reports (first page and a deep page),
a closed report's whole record with its evaluation tallied over all its answers, a published
plan, the interpellations and special supervisors; a unit's inbox and a report page as unit1
(the unit with a third of a decade's reports); the plan and interpellations as a committee
member; a deputy's hearings; the admin changelist of work reports as staff; the public API.
Job: the daily reminder scan over everything owed."""

from __future__ import annotations

from bench.scenarios import Context, Job, Page, Skip, reverse_or_skip, scenario


@scenario("supervision")
def build(ctx: Context) -> list[Page | Job]:
    from django.db.models import Count

    from bench.generate import _require, _unit_of

    WorkReport, SupervisionPlan, Evaluation, NormativeDocument = _require(
        "supervision", "WorkReport", "SupervisionPlan", "Evaluation", "NormativeDocument"
    )
    unit = _unit_of("unit1").first()
    evaluation = Evaluation.objects.annotate(n=Count("responses")).order_by("-n", "-pk").first()
    plan = SupervisionPlan.objects.filter(state="published").order_by("-year").first()
    if unit is None or evaluation is None or plan is None:
        raise Skip("no supervision data: the supervision generator has not run")
    closed = WorkReport.objects.filter(state="closed").count()
    owed = (
        WorkReport.objects.filter(unit=unit).exclude(state__in=["closed", "submitted", "deliberated"]).count()
    )
    unit_report = WorkReport.objects.filter(unit=unit, state="closed").order_by("-closed_at").first()
    deep = max(1, closed // 20 // 2)

    items: list[Page | Job] = []

    def add(name: str, url_name: str, *args, query: str = "", user: str | None = None, note: str = ""):
        try:
            path = reverse_or_skip(url_name, *args, query=query)
        except Skip as exc:
            ctx.skip("supervision", str(exc))
            return
        items.append(Page(name, path, cookies=ctx.login(user) if user else {}, note=note))

    add("public closed reports", "public:supervision-index", note=f"{closed} closed reports")
    add(
        "public closed reports, deep page",
        "public:supervision-index",
        query=f"page={deep}",
        note=f"page {deep}",
    )
    add(
        "public report with its evaluation",
        "public:supervision-report",
        evaluation.target_id,
        note=f"{evaluation.n} answers tallied",
    )
    add("public evaluation results", "public:supervision-evaluation", evaluation.pk)
    add("public plan", "public:supervision-plan", plan.year)
    add("public interpellations", "public:supervision-interpellation-list")
    add("public special supervisors", "public:supervision-special-supervisors")
    add("public API: closed reports", "api-public-supervision-report-list")
    add("unit inbox (unit1)", "portal:supervision-inbox", user="unit1", note=f"{owed} owed")
    add("unit inbox, all (unit1)", "portal:supervision-inbox", query="show=all", user="unit1")
    if unit_report is not None:
        add("a report's page (unit1)", "portal:supervision-report", unit_report.pk, user="unit1")
    add("plan in the portal (member)", "portal:supervision-plan-list", user="member")
    add("interpellations (member)", "portal:supervision-interpellation-list", user="member")
    add("court hearings (deputy1)", "portal:supervision-hearing-list", user="deputy1")
    add("admin work reports (staff)", "admin:supervision_workreport_changelist", user="staff")
    add("admin hearings (staff)", "admin:supervision_hearingattendance_changelist", user="staff")
    # Filing review (issue 12): the register of 10,000 documents, searched, and the units' lists.
    filings = NormativeDocument.objects.count()
    add("public filing register", "public:supervision-filing-list", note=f"{filings} documents")
    add("public filing register, search", "public:supervision-filing-list", query="q=%E7%94%B5%E6%A2%AF")
    add(
        "public filing register, deep page",
        "public:supervision-filing-list",
        query=f"page={max(1, filings // 40)}",
    )
    first = NormativeDocument.objects.order_by("-filed_on", "-id").first()
    if first is not None:
        add("public filed document", "public:supervision-filing", first.pk)
    add("public API: filing register search", "api-public-filing-list", query="search=%E7%94%B5%E6%A2%AF")
    add("filings (unit1)", "portal:supervision-filing-list", user="unit1")
    add("filings owed (unit1)", "portal:supervision-filing-list", query="show=owed", user="unit1")
    add("filings to review (staff)", "portal:supervision-filing-list", query="show=owed", user="staff")
    add("admin filings (staff)", "admin:supervision_normativedocument_changelist", user="staff")
    items.append(
        Job(
            "supervision daily reminders",
            "supervision.tasks.send_daily_reminders",
            note="reports, rectifications, answers and hearing replies owed",
        )
    )
    return items
