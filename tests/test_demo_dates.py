"""The demo district does not contradict itself: an item that owes something by a deadline was
created on or before that deadline (an overdue question is not "asked after its own deadline"),
and its creation event carries the same time as the row."""

import pytest
from django.apps import apps
from django.utils import timezone

from budget.models import AuditFinding, ReviewQuestion
from congress.tests.demo_snapshot import load_demo_cached
from proposals.models import Proposal
from supervision.models import InspectionIssue, WorkReport
from supervision.models_major_matters import MajorMatter

pytestmark = pytest.mark.django_db


def _dated_pairs():
    """(model, when it was done, the deadline reckoned from then): every model with a creation
    time and a ``deadline`` date, and the steps whose deadlines have other names."""
    for model in apps.get_models():
        if model._meta.label.split(".")[1].startswith("Historical"):
            continue
        names = {f.name: f for f in model._meta.get_fields() if hasattr(f, "get_internal_type")}
        if (
            "created_at" in names
            and names.get("deadline")
            and names["deadline"].get_internal_type() == "DateField"
        ):
            yield model, "created_at", "deadline"
    yield WorkReport, "created_at", "due_date"
    yield WorkReport, "opinions_sent_at", "rectification_due"
    yield MajorMatter, "opinion_sent_at", "feedback_due"


def test_no_demo_item_is_created_after_its_deadline(settings):
    settings.CONGRESS_ALLOW_DEMO_DATA = True
    load_demo_cached()
    today = timezone.localdate()
    # the overdue items the demo tells of are there (so the check below has rows to look at)
    for model in (ReviewQuestion, AuditFinding, InspectionIssue):
        assert model.objects.filter(deadline__lt=today).exists(), model
    assert WorkReport.objects.filter(rectification_due__lt=today).exists()

    late = []
    for model, done, due in _dated_pairs():
        rows = model.objects.filter(**{f"{due}__lt": today, f"{done}__isnull": False})
        for pk, done_at, deadline in rows.values_list("pk", done, due):
            if timezone.localdate(done_at) > deadline:
                late.append((model._meta.label, done, pk, timezone.localdate(done_at), deadline))
    assert late == [], late


def test_a_back_dated_items_creation_event_moves_with_it(settings):
    settings.CONGRESS_ALLOW_DEMO_DATA = True
    load_demo_cached()
    question = ReviewQuestion.objects.filter(deadline__lt=timezone.localdate()).get()
    assert question.events.get(from_state="").created_at == question.created_at
    assert question.history.latest().created_at == question.created_at
    # the history written by the back-dating holds the row as it is (not a stale copy)
    for proposal in Proposal.objects.filter(assignments__isnull=False).distinct():
        assert proposal.history.latest().state == proposal.state, proposal.title
