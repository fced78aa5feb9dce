"""The demo loader: a published 2026 plan, a report in each state, interpellations; loading
twice adds nothing."""

import pytest

from congress.demo import load_demo
from congress.tests.demo_snapshot import load_demo_cached
from supervision.models import Interpellation, PlanItem, SupervisionPlan, WorkReport, WorkReportEvent

pytestmark = pytest.mark.django_db


def _counts():
    return (
        SupervisionPlan.objects.count(),
        PlanItem.objects.count(),
        WorkReport.objects.count(),
        WorkReportEvent.objects.count(),
        Interpellation.objects.count(),
    )


def test_the_demo_has_every_state_and_loads_twice_the_same():
    load_demo_cached()  # the first load from the process's snapshot; a second, real one follows
    assert SupervisionPlan.objects.get(year=2026).state == SupervisionPlan.State.PUBLISHED
    assert set(WorkReport.objects.values_list("state", flat=True)) == set(WorkReport.State.values)
    assert {Interpellation.State.FILED, Interpellation.State.ACCEPTED, Interpellation.State.ANSWERED} <= set(
        Interpellation.objects.values_list("state", flat=True)
    )
    assert PlanItem.objects.filter(plan__year=2026).exclude(added_reason="").exists()
    assert PlanItem.objects.filter(plan__year=2026, is_dropped=True).exists()
    before = _counts()
    load_demo()
    assert _counts() == before
