"""A deputy's own profile and the link between an account and a deputy row."""

import pytest

from congress import roles
from congress.exceptions import ApplicationError, PermissionDeniedError
from congress.tests.factories import UserFactory
from deputies.models import Deputy
from deputies.permissions import can_edit_deputy_profile
from deputies.services import deputy_link_user, deputy_update_own_profile
from deputies.tests.factories import DeputyFactory

pytestmark = pytest.mark.django_db


def test_deputy_updates_own_public_fields_and_contact_with_history(deputy_user):
    deputy = deputy_user.deputy

    deputy_update_own_profile(
        deputy=deputy,
        actor=deputy_user,
        public_fields=["phone", "party", "party"],
        phone=" 021-6487 2222 ",
        email="me@example.invalid",
    )

    deputy.refresh_from_db()
    assert deputy.public_fields == ["party", "phone"]  # deduplicated, in the form's order
    assert deputy.phone == "021-6487 2222"
    assert deputy.email == "me@example.invalid"
    latest = deputy.history.first()
    assert latest.history_user == deputy_user
    assert latest.history_change_reason == "代表本人更新公开信息与联系方式"


def test_no_change_writes_no_history(deputy_user):
    deputy = deputy_user.deputy
    before = deputy.history.count()

    deputy_update_own_profile(deputy=deputy, actor=deputy_user, public_fields=deputy.public_fields)

    assert deputy.history.count() == before


def test_deputy_cannot_update_another_deputy(deputy_user, term):
    other = DeputyFactory(term=term, with_user=True)

    with pytest.raises(PermissionDeniedError):
        deputy_update_own_profile(deputy=other, actor=deputy_user, phone="1")

    other.refresh_from_db()
    assert other.phone == "13800000000"


def test_staff_without_the_object_right_cannot_use_the_deputy_service(deputy_user, staff):
    with pytest.raises(PermissionDeniedError):
        deputy_update_own_profile(deputy=deputy_user.deputy, actor=staff, phone="1")


def test_unknown_public_field_and_bad_email_are_refused(deputy_user):
    with pytest.raises(ApplicationError) as caught:
        deputy_update_own_profile(deputy=deputy_user.deputy, actor=deputy_user, public_fields=["user"])
    assert caught.value.code == "invalid_public_field"

    with pytest.raises(ApplicationError) as caught:
        deputy_update_own_profile(deputy=deputy_user.deputy, actor=deputy_user, email="nope")
    assert "email" in caught.value.extra


def test_link_user_grants_the_object_right_on_that_row_only(term, staff):
    deputy, other = DeputyFactory(term=term), DeputyFactory(term=term)
    user = UserFactory()

    deputy_link_user(deputy=deputy, user=user, actor=staff)

    deputy.refresh_from_db()
    user = type(user).objects.get(pk=user.pk)  # fresh permission caches
    assert deputy.user == user
    assert roles.has_role(user, roles.DEPUTY)
    assert can_edit_deputy_profile(user, deputy)
    assert not can_edit_deputy_profile(user, other)
    assert deputy.history.first().history_user == staff


def test_relinking_moves_the_right_to_the_new_account(term, staff):
    deputy = DeputyFactory(term=term, with_user=True)
    old_user = deputy.user
    new_user = UserFactory()

    deputy_link_user(deputy=deputy, user=new_user, actor=staff)

    old_user = type(old_user).objects.get(pk=old_user.pk)
    new_user = type(new_user).objects.get(pk=new_user.pk)
    assert not can_edit_deputy_profile(old_user, deputy)
    assert can_edit_deputy_profile(new_user, deputy)

    deputy_link_user(deputy=deputy, user=None, actor=staff)
    deputy.refresh_from_db()
    assert deputy.user is None
    assert not can_edit_deputy_profile(type(new_user).objects.get(pk=new_user.pk), deputy)


def test_an_account_belongs_to_one_deputy_row(term, staff):
    linked = DeputyFactory(term=term, with_user=True)

    with pytest.raises(ApplicationError) as caught:
        deputy_link_user(deputy=DeputyFactory(term=term), user=linked.user, actor=staff)

    assert caught.value.code == "user_already_linked"
    assert Deputy.objects.filter(user=linked.user).count() == 1
