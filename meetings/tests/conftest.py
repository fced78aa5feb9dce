import datetime as dt

import pytest
from django.utils import timezone

from congress import roles
from congress.models import Organization
from congress.tests.factories import OrganizationFactory, UserFactory
from meetings import services
from meetings.tests.factories import MeetingFactory


@pytest.fixture
def meeting(term):
    """A standing-committee meeting starting in two hours."""
    return MeetingFactory(term=term)


@pytest.fixture
def required(meeting, staff, unit, other_unit):
    """``unit`` (区教育局) and ``other_unit`` (区卫生健康委员会), both departments, required."""
    rows = services.meeting_require_units(meeting=meeting, actor=staff, unit_ids=[unit.pk, other_unit.pk])
    return {row.unit_id: row for row in rows}


@pytest.fixture
def own_row(required, unit):
    return required[unit.pk]


@pytest.fixture
def other_row(required, other_unit):
    return required[other_unit.pk]


@pytest.fixture
def party_reviewer(db):
    office = OrganizationFactory(
        name="区委办公室", kind=Organization.Kind.PARTY_OFFICE, is_handling_unit=False
    )
    return UserFactory(username="party_reviewer", roles=[roles.REVIEWER], unit=office)


def start_meeting(meeting, staff, *, minutes_ago: int = 5):
    """Time passes: move the meeting's start into the past (staff may reschedule a planned meeting)."""
    starts_at = timezone.now() - dt.timedelta(minutes=minutes_ago)
    return services.meeting_update(
        meeting=meeting, actor=staff, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=3)
    )
