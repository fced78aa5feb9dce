"""The execution admin in words: a warning's figures, a rule's parameters — never the stored
names (the admin walk over the demo checks every page; this one runs in seconds)."""

import re

import pytest

from budget.models import BudgetWarning
from budget.models_execution import RuleKind
from budget.tests.factories import fiscal_year
from budget.tests.test_execution import _book, _execute, _rule

pytestmark = pytest.mark.django_db
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")


def test_the_warning_page_speaks_chinese(client, staff):
    fy = fiscal_year(2026)
    _book(fy)
    _rule(RuleKind.BEHIND_SCHEDULE, points=15)
    _execute(fy, 6, [("2010101", "1.00")])
    warning = BudgetWarning.objects.first()
    client.force_login(staff)
    for url in (
        "/admin/budget/budgetwarning/",
        f"/admin/budget/budgetwarning/{warning.pk}/change/",
        "/admin/budget/warningrule/",
        "/admin/budget/executionmonth/",
    ):
        page = client.get(url).content.decode()
        text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S))
        assert "时间进度（%）：50.0" in text or "warning" not in url or "change" not in url
        assert not [w for w in SNAKE.findall(text) if w in ("time_share", "min_amount", "behind_schedule")], (
            url
        )
