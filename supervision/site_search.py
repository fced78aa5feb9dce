"""The public supervision records in the site-wide search (``congress.site_search``), one kind
each, from the public list selectors (only what the public pages show, by the fields a list
shows: titles, units, the law inspected; never a withheld part's text):

- special work reports (closed), interpellations (answered on), inquiries (held),
  law-enforcement inspections (deliberated on), hearings (from their notice on), the filing
  register (every filed document, searched as its own page searches: the filings' ``more`` is
  that page), post-supervision evaluations (open and closed), special-question investigations
  (concluded) and major-matter reports (concluded, not withheld).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.site_search import Hit, matching, register_search
from supervision import (
    selectors,
    selectors_evaluation,
    selectors_filings,
    selectors_hearings,
    selectors_inquiries,
    selectors_inspections,
    selectors_investigation,
    selectors_major_matters,
)
from supervision.models_hearings import PublicHearing
from supervision.models_inspections import Inspection


def _facts(*facts) -> str:
    return " · ".join(str(fact) for fact in facts if fact)


def search_reports(words):
    return selectors.reports_public_list().filter(matching(words, ["title", "unit__name"]))


def report_hit(report) -> Hit:
    return Hit(
        title=report.title,
        url=reverse("public:supervision-report", args=[report.pk]),
        date=report.closed_at,
        meta=_facts(report.unit.name),
    )


def search_interpellations(words):
    return selectors.interpellations_public_list().filter(matching(words, ["title", "unit__name"]))


def interpellation_hit(row) -> Hit:
    return Hit(
        title=row.title,
        url=reverse("public:supervision-interpellation", args=[row.pk]),
        date=row.decided_at,
        meta=_facts(row.unit.name, row.get_state_display()),
    )


def search_inquiries(words):
    return selectors_inquiries.inquiries_public_list().filter(matching(words, ["title"]))


def inquiry_hit(row) -> Hit:
    return Hit(
        title=row.title,
        url=reverse("public:supervision-inquiry", args=[row.pk]),
        date=row.held_at,
        meta=_facts(row.get_kind_display()),
    )


def search_inspections(words):
    # The public list's rows without its issue counts (a grouped query a search has no use for).
    return (
        Inspection.objects.filter(state__in=selectors_inspections.PUBLIC_STATES)
        .filter(matching(words, ["title", "law"]))
        .only("id", "title", "law", "year", "deliberated_at")
        .order_by("-year", "-deliberated_at", "-id")
    )


def inspection_hit(row) -> Hit:
    return Hit(
        title=row.title,
        url=reverse("public:supervision-inspection", args=[row.pk]),
        date=row.deliberated_at,
        meta=_facts(row.law, f"{row.year}"),
    )


def search_hearings(words):
    # The public list's rows without its sign-up counts.
    return (
        PublicHearing.objects.filter(state__in=selectors_hearings.PUBLIC_STATES)
        .filter(matching(words, ["title", "description", "location"]))
        .only("id", "kind", "title", "description", "location", "starts_at", "state")
        .order_by("-starts_at", "-id")
    )


def hearing_hit(row) -> Hit:
    return Hit(
        title=row.title,
        url=reverse("public:supervision-public-hearing", args=[row.pk]),
        date=row.starts_at,
        text=row.description,
        meta=_facts(row.get_kind_display(), row.location, row.get_state_display()),
    )


def search_filings(words):
    return selectors_filings.register(search=" ".join(words))


def filing_hit(row) -> Hit:
    return Hit(
        title=row.title,
        url=reverse("public:supervision-filing", args=[row.pk]),
        date=row.filed_on,
        meta=_facts(row.doc_number, row.unit.name, row.get_state_display()),
    )


def filings_more_url(query: str) -> str:
    return f"{reverse('public:supervision-filing-list')}?{urlencode({'q': query})}"


def search_evaluations(words):
    return (
        selectors_evaluation.evaluations_public()
        .filter(matching(words, ["title", "intro"]))
        .only("id", "title", "intro", "state", "opened_at")
    )


def evaluation_hit(row) -> Hit:
    return Hit(
        title=row.title,
        url=reverse("public:supervision-evaluation", args=[row.pk]),
        date=row.opened_at,
        text=row.intro,
        meta=_facts(row.get_state_display()),
    )


def search_investigations(words):
    return (
        selectors_investigation.investigations_public()
        .select_related(None)
        .prefetch_related(None)
        .filter(matching(words, ["title"]))
        .only("id", "title", "concluded_at")
    )


def investigation_hit(row) -> Hit:
    return Hit(
        title=row.title,
        url=reverse("public:supervision-investigation", args=[row.pk]),
        date=row.concluded_at,
    )


def search_major_matters(words):
    return (
        selectors_major_matters.public_matters()
        .select_related(None)
        .select_related("unit", "matter_list")
        .filter(matter_list__isnull=False)  # the public page is under its list's year
        .filter(matching(words, ["title", "unit__name"]))
        .only("id", "title", "concluded_at", "unit__name", "matter_list__year")
    )


def major_matter_hit(row) -> Hit:
    return Hit(
        title=row.title,
        url=reverse("public:supervision-major-matter", args=[row.matter_list.year, row.pk]),
        date=row.concluded_at,
        meta=_facts(row.unit.name),
    )


def register() -> None:
    register_search("supervision_reports", _("专项工作报告"), search_reports, 70, hit=report_hit)
    register_search(
        "supervision_interpellations", _("质询"), search_interpellations, 71, hit=interpellation_hit
    )
    register_search("supervision_inquiries", _("专题询问"), search_inquiries, 72, hit=inquiry_hit)
    register_search("supervision_inspections", _("执法检查"), search_inspections, 73, hit=inspection_hit)
    register_search("supervision_hearings", _("听证"), search_hearings, 74, hit=hearing_hit)
    register_search(
        "supervision_filings",
        _("规范性文件备案审查"),
        search_filings,
        75,
        hit=filing_hit,
        more_url=filings_more_url,
    )
    register_search("supervision_evaluations", _("监督后评估"), search_evaluations, 76, hit=evaluation_hit)
    register_search(
        "supervision_investigations", _("特定问题调查"), search_investigations, 77, hit=investigation_hit
    )
    register_search(
        "supervision_major_matters", _("重大事项报告"), search_major_matters, 78, hit=major_matter_hit
    )
