"""The demo's execution: up to last month, with warnings of the seed's rules, loaded twice
without adding anything."""

from __future__ import annotations

import pytest

from budget.demo import load_budget_demo
from budget.demo_execution import last_month, load_execution_demo
from budget.models import BudgetWarning, ExecutionMonth, WarningRule

pytestmark = pytest.mark.django_db


def test_the_demo_execution_with_warnings_is_idempotent():
    load_budget_demo()
    load_execution_demo()
    months = ExecutionMonth.objects.filter(fiscal_year__year=2026, book="general")
    assert sorted(months.values_list("month", flat=True)) == list(range(1, last_month() + 1))
    kinds = set(BudgetWarning.objects.values_list("rule__kind", flat=True))
    assert {"behind_schedule", "no_budget"} <= kinds
    counts = (ExecutionMonth.objects.count(), BudgetWarning.objects.count(), WarningRule.objects.count())
    load_execution_demo()
    assert (
        ExecutionMonth.objects.count(),
        BudgetWarning.objects.count(),
        WarningRule.objects.count(),
    ) == counts
