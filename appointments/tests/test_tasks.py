import datetime as dt

from django.utils import timezone

from appointments import services
from appointments.models import Nomination
from appointments.tasks import run_daily_checks
from appointments.tests.conftest import advance, committee
from appointments.tests.factories import VacancyFactory
from congress.models import Notification
from meetings.models import Meeting
from meetings.tests.factories import MeetingFactory


def test_the_task_is_registered_under_the_beat_schedule_name():
    from django.conf import settings

    from congress.celery import app

    name = settings.CELERY_BEAT_SCHEDULE["appointments-daily-checks"]["task"]
    assert name == "appointments.tasks.run_daily_checks"
    assert app.tasks[name].name == run_daily_checks.name


def test_daily_checks_notify_staff_once_per_situation(
    term, staff, deputy_user, nomination, django_capture_on_commit_callbacks
):
    # given: a publicity that has ended (June), a resident share below the target, a vacancy
    # without a nomination, and no town congress session this year
    advance(nomination, Nomination.Status.PUBLICITY, actor=staff)
    committee(term, 10, resident=5, reappointed=4)
    VacancyFactory(term=term)

    # when: beat runs it, and runs it again (a retry, or a second beat the same day)
    with django_capture_on_commit_callbacks(execute=True):
        first = run_daily_checks.delay().get()
        second = run_daily_checks.delay().get()

    # then
    assert first["publicity"] == 1
    assert first["composition"] == 2  # resident below target, vacancy waiting
    assert first["town"] >= 2  # too few sessions so far, this half-year without one
    assert second == {"publicity": 0, "composition": 0, "town": 0}
    keys = set(Notification.objects.values_list("key", flat=True))
    assert f"appointments:publicity:{nomination.publicity.pk}:ended" in keys
    today = timezone.localdate()
    assert f"composition:{term.pk}:resident:{today:%Y-%m}" in keys
    assert set(Notification.objects.values_list("recipient", flat=True)) == {staff.pk}  # never the deputy


def test_no_notice_when_everything_is_in_order(term, staff):
    committee(term, 10, resident=6, reappointed=4)
    today = timezone.localdate()
    for day in (dt.date(today.year, 3, 10), dt.date(today.year, 9, 10)):
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
        MeetingFactory(kind=Meeting.Kind.TOWN, starts_at=start, ends_at=start + dt.timedelta(hours=8))

    sent = services.daily_checks_run(today=dt.date(today.year, 12, 1))

    assert sent == {"publicity": 0, "composition": 0, "town": 0}
    assert not Notification.objects.exists()


def test_a_missed_half_year_notifies_once_for_that_half(staff):
    services.daily_checks_run(today=dt.date(2026, 7, 2))
    services.daily_checks_run(today=dt.date(2026, 7, 3))

    assert Notification.objects.filter(key="town:2026:h1:missed").count() == 1
    assert Notification.objects.filter(key="town:2026:h2:pending").count() == 1


def test_the_daily_notices_are_shown_in_the_readers_language(term, staff, django_capture_on_commit_callbacks):
    """The job's language does not decide the notice's: nested labels (the half-year, the
    post) are translated with the message."""
    from django.utils import translation

    committee(term, 10, resident=6, reappointed=4)
    VacancyFactory(term=term)

    with translation.override("en"):
        services.daily_checks_run(today=dt.date(2026, 7, 2))

    missed = Notification.objects.get(key="town:2026:h1:missed")
    vacancy = Notification.objects.get(key__startswith=f"composition:{term.pk}:vacancies:")
    assert missed.title == "镇人代会提醒：2026 年上半年"  # stored in the default language
    assert missed.display_body == "2026 年上半年已过，未召开镇人民代表大会。"
    assert vacancy.display_body == "有 1 个空缺尚待推荐提名人选：委员，自 2026-08-31 起。"
    with translation.override("en"):
        assert missed.display_title == "Town congress reminder: 2026: first half"
        assert missed.display_body == "The first half of 2026 has passed without a town congress session."
        assert vacancy.display_body == "1 vacancy(ies) still awaiting a nominee: Member, since 2026-08-31."
