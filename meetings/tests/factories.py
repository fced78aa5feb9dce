"""Factories for meetings. Rows start in their first status (planned, required); tests move
them on only through the services."""

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from congress.tests.factories import OrganizationFactory, TermFactory
from meetings.models import AgendaItem, Meeting, Participant, RequiredAttendance


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = Meeting.Kind.STANDING
    title = factory.Sequence(lambda n: f"区人大常委会第{n + 1}次会议")
    term = factory.SubFactory(TermFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(hours=2))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + dt.timedelta(hours=3))
    location = "区人大常委会第一会议室"
    is_schedule_published = True


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"议题{n + 1}")


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    meeting = factory.SubFactory(MeetingFactory)
    role = Participant.Role.MEMBER


class RequiredAttendanceFactory(DjangoModelFactory):
    class Meta:
        model = RequiredAttendance

    meeting = factory.SubFactory(MeetingFactory)
    unit = factory.SubFactory(OrganizationFactory)
    expected_person = factory.LazyAttribute(lambda r: r.unit.head_name)
    approver_kind = "gov_office"
