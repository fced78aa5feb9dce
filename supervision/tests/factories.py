"""Factories for supervision. Tracked items start through the services (they write the first
event); these make the rows around them."""

import factory

from congress import roles
from congress.models import Organization
from congress.tests.factories import OrganizationFactory, UserFactory


class WorkingCommitteeFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"区人大常委会第{n + 1}工作委员会")
    kind = Organization.Kind.WORKING_COMMITTEE
    is_handling_unit = False


def member_user(**kwargs):
    """A committee member (常委会组成人员)."""
    return UserFactory(roles=[roles.MEMBER], **kwargs)
