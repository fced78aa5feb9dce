"""The filing-review demo: a register with each outcome, a suggestion answered, two experts with
consultations on filings, the concluded budget hearing and the food-safety inspection; loading
twice adds nothing."""

import pytest

from congress.demo import load_demo
from congress.tests.demo_snapshot import load_demo_cached
from supervision.models import Consultation, Expert, FilingSuggestion, NormativeDocument

pytestmark = pytest.mark.django_db


def _counts():
    return (
        NormativeDocument.objects.count(),
        FilingSuggestion.objects.count(),
        Expert.objects.count(),
        Consultation.objects.count(),
    )


def test_the_demo_register_has_each_outcome_and_loads_twice_the_same():
    load_demo_cached()  # the first load from the process's snapshot; a second, real one follows
    states = set(NormativeDocument.objects.values_list("state", flat=True))
    assert {"filed", "no_issue", "correction_requested", "corrected", "revoked"} <= states
    assert NormativeDocument.objects.filter(late=True).exists()
    assert FilingSuggestion.objects.filter(state="answered").exists()
    assert Expert.objects.count() == 2 and Consultation.objects.exclude(opinion="").count() == 4
    # the experts were consulted on a filing, a hearing and an inspection
    kinds = set(Consultation.objects.values_list("content_type__model", flat=True))
    assert kinds == {"normativedocument", "publichearing", "inspection"}
    before = _counts()
    load_demo()
    assert _counts() == before
