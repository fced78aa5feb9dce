"""The fixed cost of a signed-in request (issue 16): a read-only request writes nothing (the
idle timeout slides at most once a minute), and the data that changes once a year — the
district profile, a user's roles, the rules — is read from the cache and changes on the next
request after a write."""

import datetime as dt
from contextlib import contextmanager
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress import roles
from congress.models import DistrictProfile, Rule
from congress.rules import rule_get
from congress.sessions import SEEN_KEY
from congress.tests.factories import PASSWORD

WRITES = ("INSERT", "UPDATE", "DELETE", "SAVEPOINT", "RELEASE", "COMMIT", "BEGIN")


@contextmanager
def clock_moved(**delta):
    real_now = timezone.now
    with mock.patch("django.utils.timezone.now", side_effect=lambda: real_now() + dt.timedelta(**delta)):
        yield


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


def signed_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_a_read_only_signed_in_request_writes_nothing(client, staff):
    signed_in(client, staff)
    client.get(reverse("portal:home"))  # warm: roles and profile into the cache

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("portal:home"))

    assert response.status_code == 200
    assert writes(ctx.captured_queries) == []
    assert settings.SESSION_COOKIE_NAME not in response.cookies  # nothing to send back either


def test_the_session_is_read_from_the_cache_and_roles_and_profile_are_not_queried(client, staff):
    signed_in(client, staff)
    client.get(reverse("portal:home"))

    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("portal:notifications"))

    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "django_session" not in sql
    assert "auth_group" not in sql
    assert "districtprofile" not in sql.lower()


def test_the_idle_window_slides_at_most_once_a_minute(client, staff):
    signed_in(client, staff)
    seen = client.session[SEEN_KEY]

    with clock_moved(seconds=30):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("portal:home")).status_code == 200
        assert writes(ctx.captured_queries) == []
    assert client.session[SEEN_KEY] == seen

    with clock_moved(seconds=90):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("portal:home")).status_code == 200
        assert any("django_session" in q for q in writes(ctx.captured_queries))
    assert client.session[SEEN_KEY] >= seen + 90


def test_idle_for_thirty_minutes_signs_out_even_after_unsaved_reads(client, staff):
    signed_in(client, staff)
    with clock_moved(minutes=10, seconds=30):
        assert client.get(reverse("portal:home")).status_code == 200  # renews (≥ 1 min old)
    with clock_moved(minutes=10, seconds=50):
        assert client.get(reverse("portal:home")).status_code == 200  # no write
    with clock_moved(minutes=40, seconds=20):  # 29 min 50 s after the last renewal
        assert client.get(reverse("portal:home")).status_code == 200
    with clock_moved(minutes=70, seconds=40):
        response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_signing_out_leaves_no_session_behind(client, staff):
    signed_in(client, staff)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert not client.cookies[settings.SESSION_COOKIE_NAME].value


def test_an_anonymous_visitor_gets_no_session(client, db):
    response = client.get(reverse("public:home"))
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_roles_change_on_the_next_request(client, staff, term):
    signed_in(client, staff)
    assert client.get(reverse("portal:home")).status_code == 200
    staff_group = Group.objects.get(name=roles.STAFF)

    staff.groups.remove(staff_group)
    client.get(reverse("portal:home"))
    user = client.get(reverse("portal:home")).wsgi_request.user
    assert roles.STAFF not in roles.role_names(user)

    staff_group.user_set.add(staff)  # the reverse side
    user = client.get(reverse("portal:home")).wsgi_request.user
    assert roles.STAFF in roles.role_names(user)

    staff_group.user_set.clear()
    user = client.get(reverse("portal:home")).wsgi_request.user
    assert roles.STAFF not in roles.role_names(user)


def test_a_renamed_or_deleted_group_is_seen_on_the_next_request(client, staff):
    signed_in(client, staff)
    client.get(reverse("portal:home"))
    group = Group.objects.get(name=roles.STAFF)
    group.name = "renamed"
    group.save()
    user = client.get(reverse("portal:home")).wsgi_request.user
    assert roles.role_names(user) == {"renamed"}
    group.delete()
    user = client.get(reverse("portal:home")).wsgi_request.user
    assert roles.role_names(user) == set()


def test_the_district_profile_changes_on_the_next_request(client, db):
    DistrictProfile.objects.update_or_create(
        pk=1, defaults={"name": "徐汇区", "congress_name": "旧名称委员会"}
    )
    assert "旧名称委员会" in client.get(reverse("public:home")).content.decode()

    profile = DistrictProfile.objects.get(pk=1)
    profile.congress_name = "新名称委员会"
    profile.save()
    html = client.get(reverse("public:news-list")).content.decode()
    assert "新名称委员会" in html and "旧名称委员会" not in html

    profile.delete()
    assert "新名称委员会" not in client.get(reverse("public:news-list")).content.decode()


def test_rules_are_cached_until_saved(db, django_assert_num_queries):
    rule_get("audit.retention_days")
    with django_assert_num_queries(0):
        assert rule_get("audit.retention_days") == 180
        assert rule_get("calendar.warn_years_ahead") == 1

    row, _ = Rule.objects.update_or_create(key="audit.retention_days", defaults={"value": 365})
    assert rule_get("audit.retention_days") == 365
    row.delete()
    assert rule_get("audit.retention_days") == 180


def test_the_working_day_calendar_is_cached_until_a_day_changes(db, django_assert_num_queries):
    from congress.holiday_notice import ParsedDay
    from congress.models import CalendarDay
    from congress.services import calendar_year_save
    from congress.tests.factories import UserFactory
    from congress.workdays import WorkCalendar

    saturday = dt.date(2030, 6, 1)
    assert not WorkCalendar().is_workday(saturday)
    with django_assert_num_queries(0):
        assert not WorkCalendar().is_workday(saturday)

    day = CalendarDay.objects.create(date=saturday, is_workday=True, name="调休")  # one save
    assert WorkCalendar().is_workday(saturday)
    day.delete()
    assert not WorkCalendar().is_workday(saturday)

    admin = UserFactory(is_superuser=True)  # the year's entry writes in bulk: no signal
    calendar_year_save(
        year=2030, days=[ParsedDay(date=saturday, is_workday=True, name="调休", line=1)], actor=admin
    )
    assert WorkCalendar().is_workday(saturday)


@pytest.mark.django_db(transaction=True)
def test_a_write_in_a_transaction_is_forgotten_again_on_commit(db):
    from django.db import transaction

    assert rule_get("audit.retention_days") == 180
    with transaction.atomic():
        Rule.objects.create(key="audit.retention_days", value=200)
        # another request could read the old row now and put it back in the cache
        from django.core.cache import cache

        from congress import yearly

        cache.set(yearly.RULES_KEY, {}, timeout=60)
    assert rule_get("audit.retention_days") == 200
