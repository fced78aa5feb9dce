"""Factories for appointments. Nominations start as nominated; tests move them on only
through the services (see ``conftest.advance``)."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from appointments.models import CommitteeMember, Nomination, Vacancy
from congress.models import Organization
from congress.tests.factories import OrganizationFactory, TermFactory


class NominationFactory(DjangoModelFactory):
    class Meta:
        model = Nomination

    term = factory.SubFactory(TermFactory)
    kind = Nomination.Kind.APPOINTMENT
    person_name = factory.Sequence(lambda n: f"候选人{n}")
    gender = "male"
    birth_date = dt.date(1975, 1, 1)
    current_post = "某局副局长"
    proposed_post = factory.Sequence(lambda n: f"某局局长{n}")
    nominating_body = factory.SubFactory(OrganizationFactory, kind=Organization.Kind.GOVERNMENT)
    # Fixed dates in the past, so the steps' "not in the future" checks hold on any run date.
    nominated_on = dt.date(2026, 5, 4)


class CommitteeMemberFactory(DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    term = factory.SubFactory(TermFactory)
    name = factory.Sequence(lambda n: f"委员{n}")
    position = CommitteeMember.Position.MEMBER
    is_resident = False
    is_reappointed = False
    expertise = factory.LazyFunction(list)
    start_date = dt.date(2021, 1, 15)


class VacancyFactory(DjangoModelFactory):
    class Meta:
        model = Vacancy

    term = factory.SubFactory(TermFactory)
    position = CommitteeMember.Position.MEMBER
    since = dt.date(2026, 8, 31)
