"""Data migrations of the proposals app, run as functions on today's models."""

import importlib

import pytest
from django.apps import apps

from proposals.models import Assignment, ProposalEvent
from proposals.tests.factories import walk_to

pytestmark = pytest.mark.django_db


def test_0006_closes_what_closed_proposals_left_open(staff, unit, other_unit):
    # given a proposal closed before closing took its open assignments with it: its assisting
    # unit still "assigned" (as such rows are in the database), and an open one elsewhere
    closed = walk_to("closed", staff=staff, unit=unit)
    left = Assignment.objects.create(
        proposal=closed,
        unit=other_unit,
        role=Assignment.Role.ASSISTING,
        deadline=closed.assignments.get().deadline,
        assigned_at=closed.assignments.get().assigned_at,
    )
    open_elsewhere = walk_to("assigned", staff=staff, unit=other_unit).assignments.get()
    migration = importlib.import_module("proposals.migrations.0006_assignment_closed_opinion_missing")

    # when the migration runs (twice: a second run finds nothing)
    migration.close_left_open(apps, None)
    migration.close_left_open(apps, None)

    # then the left-open one is closed with history and one event; the other is untouched
    left.refresh_from_db()
    assert left.state == Assignment.State.CLOSED
    assert left.history.first().history_change_reason == "随建议办结"
    assert ProposalEvent.objects.filter(assignment=left, action="assignment_close").count() == 1
    assert Assignment.objects.get(pk=open_elsewhere.pk).state == Assignment.State.ASSIGNED
