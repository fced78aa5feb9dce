"""Factories for the shared core. Other apps import these for their own factories."""

import factory
from factory.django import DjangoModelFactory

from congress import roles
from congress.models import NewsItem, Organization, Term, User
from congress.services import user_set_roles, user_set_unit

PASSWORD = "Test-Passw0rd-2026"


class TermFactory(DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("number",)

    number = 17
    name = "第十七届"
    start_year = 2021
    end_year = 2026
    is_current = True


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = Organization.Kind.DEPARTMENT
    head_name = factory.Sequence(lambda n: f"负责人{n}")
    deputy_head_name = factory.Sequence(lambda n: f"副职{n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        if extracted:
            user_set_roles(user=self, role_names=extracted)

    @factory.post_generation
    def unit(self, create, extracted, **kwargs):
        if extracted is not None:
            user_set_unit(user=self, unit=extracted)


def staff_user(**kwargs):
    return UserFactory(roles=[roles.STAFF], **kwargs)


def officer_of(unit, **kwargs):
    return UserFactory(roles=[roles.UNIT_OFFICER], unit=unit, **kwargs)


class NewsItemFactory(DjangoModelFactory):
    class Meta:
        model = NewsItem

    title = factory.Sequence(lambda n: f"新闻标题{n}")
    body = "正文"
    is_published = True
    published_at = factory.Faker("date_time_this_year", tzinfo=__import__("datetime").timezone.utc)
