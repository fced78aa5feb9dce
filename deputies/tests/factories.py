import factory
from factory.django import DjangoModelFactory

from congress import roles
from congress.models import Organization
from congress.tests.factories import OrganizationFactory, TermFactory, UserFactory
from deputies.models import Constituency, Deputy, DeputyGroup


class DeputyGroupFactory(DjangoModelFactory):
    class Meta:
        model = DeputyGroup

    term = factory.SubFactory(TermFactory)
    organization = factory.SubFactory(OrganizationFactory, kind=Organization.Kind.STREET)
    name = factory.LazyAttribute(lambda g: f"{g.organization.name}代表组")


class ConstituencyFactory(DjangoModelFactory):
    class Meta:
        model = Constituency

    term = factory.SubFactory(TermFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"第{n + 1}选区")


class DeputyFactory(DjangoModelFactory):
    class Meta:
        model = Deputy
        skip_postgeneration_save = True

    class Params:
        # DeputyFactory(with_user=True): the deputy can log in (role deputy).
        with_user = factory.Trait(
            user=factory.SubFactory(
                UserFactory, roles=[roles.DEPUTY], display_name=factory.SelfAttribute("..name")
            )
        )

    term = factory.SubFactory(TermFactory)
    user = None
    person_key = factory.Sequence(lambda n: f"P{n:05d}")
    name = factory.Sequence(lambda n: f"代表{n}")
    gender = Deputy.Gender.MALE
    occupation = "某单位职员"
    specialty = "法律"
    phone = "13800000000"
    group = factory.SubFactory(DeputyGroupFactory, term=factory.SelfAttribute("..term"))
    public_fields = factory.LazyFunction(lambda: list(Deputy.DEFAULT_PUBLIC_FIELDS))

    @factory.post_generation
    def link_account(self, create, extracted, **kwargs):
        # An account on the row is linked as staff would link it: through the service, which
        # grants the deputy the object right to edit their own profile.
        if create and self.user_id is not None:
            from deputies.services import deputy_link_user

            deputy_link_user(deputy=self, user=self.user, actor=None)


def activity_published(*, staff, capacity=2, starts_in_hours=72, kind="research", **values):
    """An activity published through the service (so its timeline starts as in real use)."""
    import datetime as dt

    from django.utils import timezone

    from deputies.services_activities import activity_publish

    starts_at = timezone.now() + dt.timedelta(hours=starts_in_hours)
    values.setdefault("ends_at", starts_at + dt.timedelta(hours=3))
    return activity_publish(
        actor=staff,
        kind=kind,
        title=values.pop("title", "专题调研"),
        starts_at=starts_at,
        capacity=capacity,
        **values,
    )
