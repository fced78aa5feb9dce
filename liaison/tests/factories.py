import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from congress.models import Organization
from congress.tests.factories import OrganizationFactory
from liaison.models import OpinionCategory, Reception, Station


class StreetFactory(OrganizationFactory):
    kind = Organization.Kind.STREET
    name = factory.Sequence(lambda n: f"测试街道{n}")


class StationFactory(DjangoModelFactory):
    class Meta:
        model = Station
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试联络站{n}")
    street = factory.SubFactory(StreetFactory)
    address = "测试路1号"
    directions = "地铁站出来右转"

    @factory.post_generation
    def workers(self, create, extracted, **kwargs):
        if extracted:
            self.workers.set(extracted)

    @factory.post_generation
    def deputies(self, create, extracted, **kwargs):
        if extracted:
            self.deputies.set(extracted)


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = OpinionCategory
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"cat{n}")
    name = factory.Sequence(lambda n: f"类别{n}")


class ReceptionFactory(DjangoModelFactory):
    class Meta:
        model = Reception
        skip_postgeneration_save = True

    station = factory.SubFactory(StationFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda r: r.starts_at + dt.timedelta(hours=2))

    @factory.post_generation
    def deputies(self, create, extracted, **kwargs):
        if extracted:
            self.deputies.set(extracted)
