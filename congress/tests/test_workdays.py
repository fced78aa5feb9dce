"""Working-day arithmetic over China's holidays and shifted working days (调休).

2026 per the State Council: Spring Festival Feb 15–23 off, Sat Feb 14 and Sat Feb 28 worked;
National Day Oct 1–7 off, Sun Sep 20 and Sat Oct 10 worked. 2027 is beyond the library."""

import datetime as dt

import pytest

from congress.models import CalendarDay
from congress.rules import Duration
from congress.workdays import WorkCalendar, add_months, deadline_after, is_workday, years_missing_calendar

D = dt.date
pytestmark = pytest.mark.django_db


def test_shifted_saturday_before_spring_festival_is_a_working_day():
    assert is_workday(D(2026, 2, 14))
    assert WorkCalendar().add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 14)


def test_spring_festival_is_skipped():
    # given the last working day before the nine-day holiday
    # when one working day is added
    # then the deadline is the first day back
    assert WorkCalendar().add_workdays(D(2026, 2, 14), 1) == D(2026, 2, 24)


def test_seven_working_days_across_spring_festival():
    # Feb 12 (Thu) + 7 working days: 13, 14(调休), 24, 25, 26, 27, 28(调休)
    assert WorkCalendar().add_workdays(D(2026, 2, 12), 7) == D(2026, 2, 28)


def test_national_day_and_its_shifted_saturday():
    calendar = WorkCalendar()
    assert calendar.add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert calendar.add_workdays(D(2026, 10, 8), 2) == D(2026, 10, 10)  # Saturday worked
    assert calendar.is_workday(D(2026, 9, 20))  # a Sunday worked before the holiday


def test_month_deadline_landing_on_national_day_moves_to_next_working_day():
    assert deadline_after(D(2026, 7, 1), Duration(3, "months")) == D(2026, 10, 8)


def test_month_deadline_clamps_to_end_of_month():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2027, 11, 30), 3) == D(2028, 2, 29)


def test_datetime_start_uses_local_date():
    from django.utils import timezone

    # 2026-06-30 17:00 UTC is already July 1st in Shanghai.
    start = dt.datetime(2026, 6, 30, 17, 0, tzinfo=dt.UTC)
    assert timezone.localdate(start) == D(2026, 7, 1)
    assert deadline_after(start, Duration(3, "months")) == D(2026, 10, 8)


def test_year_unknown_to_library_falls_back_to_weekends_and_never_crashes(caplog, monkeypatch):
    monkeypatch.setattr("congress.workdays._WARNED_YEARS", set())
    # 2026-11-25 + 3 months = 2027-02-25, a Thursday: a working day when only weekends count.
    assert deadline_after(D(2026, 11, 25), Duration(3, "months")) == D(2027, 2, 25)
    assert deadline_after(D(2099, 1, 2), Duration(5, "workdays")) == D(2099, 1, 9)
    assert "No holiday data for 2027" in caplog.text


def test_overrides_decide_before_the_library_and_the_fallback():
    # given staff entered 2027's Spring Festival and a shifted Saturday
    CalendarDay.objects.create(date=D(2027, 2, 25), is_workday=False, name="春节（演示）")
    CalendarDay.objects.create(date=D(2027, 2, 27), is_workday=True, name="调休上班")
    # and overrode a day the library knows
    CalendarDay.objects.create(date=D(2026, 12, 1), is_workday=False, name="临时调整")
    # then deadlines follow them
    assert deadline_after(D(2026, 11, 25), Duration(3, "months")) == D(2027, 2, 26)
    assert WorkCalendar().add_workdays(D(2027, 2, 26), 1) == D(2027, 2, 27)
    assert not is_workday(D(2026, 12, 1))


def test_workdays_between_counts_the_working_days():
    calendar = WorkCalendar()
    assert calendar.workdays_between(D(2026, 9, 30), D(2026, 10, 10)) == 3  # Oct 8, 9, 10
    assert calendar.workdays_between(D(2026, 10, 10), D(2026, 9, 30)) == -3


def test_staff_are_warned_about_years_without_holiday_data():
    assert years_missing_calendar(today=D(2026, 11, 25), years_ahead=1) == [2027]
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=D(2027, 10, day), is_workday=False, name="国庆节") for day in range(1, 8)]
    )
    assert years_missing_calendar(today=D(2026, 11, 25), years_ahead=1) == []


def test_admin_index_shows_the_calendar_warning(admin_client):
    from unittest import mock

    with mock.patch("django.utils.timezone.localdate", return_value=D(2026, 11, 25)):
        response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert "2027 年的法定节假日和调休数据尚未录入" in response.content.decode()


def test_subtract_workdays_goes_back_over_holidays_and_shifted_days():
    calendar = WorkCalendar()
    # Feb 24 (first day back) − 1 working day: Feb 14, the Saturday worked before the holiday
    assert calendar.subtract_workdays(D(2026, 2, 24), 1) == D(2026, 2, 14)
    # the inverse of add_workdays across the holiday
    assert calendar.subtract_workdays(D(2026, 2, 28), 7) == D(2026, 2, 12)
    # 0: the end itself if it is a working day, else the last one before
    assert calendar.subtract_workdays(D(2026, 6, 2), 0) == D(2026, 6, 2)
    assert calendar.subtract_workdays(D(2026, 10, 4), 0) == D(2026, 9, 30)
