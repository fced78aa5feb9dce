"""The admin speaks Chinese on every page: a walk over every registered ModelAdmin as committee
staff, as a committee member (read only) and as the system administrator, on the demo district.

For each model the user may see: the change list, the add page (when they may add), one
record's change page and its history, and every step page the record offers. Each answers 200,
and its visible text holds nothing from the deny-list: Python's ``None``/``True``/``False``,
English labels that leaked (``ACTION LABEL``, ``AXES``, ``Role names``, ``Historical``), raw JSON
lists, ``→draft``-style codes after an arrow, snake_case codes (``committee_staff``,
``request_leave``) and the stored codes of every declared state."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from congress.casework.admin import WorkflowStepsAdmin
from congress.casework.workflow import Workflow
from congress.models import User
from congress.tests.demo_snapshot import load_demo_cached

pytestmark = pytest.mark.django_db

WORDS = [
    "None",
    "True",
    "False",
    "ACTION",
    "Action",
    "AXES",
    "Axes",
    "Otp_Totp",
    "Role names",
    "Acting unit",
    "Historical",
    "Changes",
    "CHANGES",
    "object",
    "Proposal",
    "Meeting",
    "Attendance",
    "Recipient",
    "Submitted by",
]
# Word edges in ASCII: next to Chinese ("重置为None") a word still counts as one.
START, END = r"(?<![A-Za-z0-9_])", r"(?![A-Za-z0-9_])"
DENY = [
    re.compile(START + "(?:" + "|".join(re.escape(word) for word in WORDS) + ")" + END),
    re.compile(r"\[\s*\""),  # a JSON list shown raw
    re.compile(r"→\s*[a-z_]+" + END),  # "create draft→draft"
    re.compile(START + r"[a-z]+_[a-z_]+" + END),  # committee_staff, request_leave, gov_office …
]

# Text that looks like a leak and is not: django-celery-beat's own help shows what JSON to type.
ALLOWED = {'JSON编码的位置参数(例如: ["arg1", "arg2"])'}


def _state_codes() -> re.Pattern:
    """Every stored state code of the declared workflows (draft, submitted, leave_requested …)."""
    from congress.casework import workflow as kernel

    codes: set[str] = set()
    for module in ("proposals.workflow", "meetings.workflow", "appointments.workflow"):
        namespace = __import__(module, fromlist=["*"])
        for value in vars(namespace).values():
            if isinstance(value, Workflow):
                codes |= set(value.states())
    assert kernel and codes
    return re.compile(START + "(?:" + "|".join(sorted(codes)) + ")" + END)


class _Text(HTMLParser):
    """The text a person reads: text nodes outside scripts and styles (and textareas, whose
    content is what the user typed), plus the labels of buttons."""

    HIDDEN = {"script", "style", "textarea"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


def leaks(text: str, patterns) -> list[str]:
    found = []
    for line in text.splitlines():
        if line in ALLOWED:
            continue
        for pattern in patterns:
            for match in pattern.finditer(line):
                found.append(f"{match.group(0)!r} in {line[:120]!r}")
    return found


def _urls(model, model_admin, request) -> list[str]:
    info = (model._meta.app_label, model._meta.model_name)
    urls = [reverse("admin:{}_{}_changelist".format(*info))]
    if model_admin.has_add_permission(request):
        urls.append(reverse("admin:{}_{}_add".format(*info)))
    obj = model_admin.get_queryset(request).order_by("-pk").first()
    if obj is None:
        return urls
    urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    try:
        urls.append(reverse("admin:{}_{}_history".format(*info), args=[obj.pk]))
    except NoReverseMatch:
        pass
    if isinstance(model_admin, WorkflowStepsAdmin):
        urls += [step["url"] for step in model_admin.available_steps(request, obj)]
    return urls


@pytest.fixture
def demo(db):
    from congress.services import ensure_role_groups

    load_demo_cached()
    ensure_role_groups()


def test_every_admin_page_answers_in_chinese(client, demo):
    patterns = [*DENY, _state_codes()]
    problems: list[str] = []
    pages = 0
    for username in ("staff", "member", "admin"):
        user = User.objects.get(username=username)
        client.force_login(user)
        request = RequestFactory().get("/admin/")
        request.user = user
        for model, model_admin in admin.site._registry.items():
            if not model_admin.has_view_permission(request):
                continue
            for url in _urls(model, model_admin, request):
                response = client.get(url)
                pages += 1
                if response.status_code != 200:
                    problems.append(f"{username} {url}: {response.status_code}")
                    continue
                text = visible_text(response.content.decode())
                problems += [f"{username} {url}: {leak}" for leak in leaks(text, patterns)]
        client.logout()
    import os

    if os.environ.get("ADMIN_WALK_REPORT"):
        with open(os.environ["ADMIN_WALK_REPORT"], "w") as report:
            report.write("\n".join(problems))
    assert pages > 150
    assert problems == [], "\n".join(problems[:80]) + f"\n… {len(problems)} in all"
