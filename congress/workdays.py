"""Working-day arithmetic: the one place every deadline is computed.

Whether a day is a working day is decided, in order, by
1. a ``CalendarDay`` row (staff-edited override: a holiday or a shifted working day, 调休);
2. the ``chinesecalendar`` library, for the years it knows (it stops at 2026 and raises
   ``NotImplementedError`` for later years);
3. weekends only, for any other year — and the year is reported by ``years_missing_calendar``
   so staff are warned in the admin to enter that year's holidays. It never crashes.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar

from congress.rules import Duration

logger = logging.getLogger(__name__)

# Longest run of non-working days we ever expect (Spring Festival plus weekends); a loop that
# goes further means corrupt overrides, and we stop rather than spin.
_MAX_SCAN_DAYS = 3660
_WARNED_YEARS: set[int] = set()


@lru_cache(maxsize=4096)
def _library_is_workday(day: dt.date) -> bool | None:
    """The library's answer, or None when it does not know the year."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


def library_knows_year(year: int) -> bool:
    return _library_is_workday(dt.date(year, 6, 1)) is not None


class WorkCalendar:
    """Working-day questions over a span, with the overrides for that span read in one query."""

    def __init__(self, overrides: dict[dt.date, bool] | None = None):
        self._overrides = overrides
        self.fell_back_years: set[int] = set()

    def _override(self, day: dt.date) -> bool | None:
        if self._overrides is None:
            from congress import yearly

            self._overrides = yearly.calendar_overrides()
        return self._overrides.get(day)

    def is_workday(self, day: dt.date) -> bool:
        override = self._override(day)
        if override is not None:
            return override
        known = _library_is_workday(day)
        if known is not None:
            return known
        if day.year not in self.fell_back_years:
            self.fell_back_years.add(day.year)
        if day.year not in _WARNED_YEARS:
            # Once per process and year: the admin index carries the lasting warning.
            _WARNED_YEARS.add(day.year)
            logger.warning(
                "No holiday data for %s: counting weekends only. Enter it under 节假日与调休.", day.year
            )
        return day.weekday() < 5

    def next_workday(self, day: dt.date, *, include_today: bool = True) -> dt.date:
        current = day if include_today else day + dt.timedelta(days=1)
        for _ in range(_MAX_SCAN_DAYS):
            if self.is_workday(current):
                return current
            current += dt.timedelta(days=1)
        raise RuntimeError("No working day within ten years: check 节假日与调休.")

    def add_workdays(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``start`` (start itself not counted).
        ``count`` 0 gives the first working day on or after ``start``."""
        if count <= 0:
            return self.next_workday(start)
        current, remaining = start, count
        for _ in range(_MAX_SCAN_DAYS + count):
            current += dt.timedelta(days=1)
            if self.is_workday(current):
                remaining -= 1
                if remaining == 0:
                    return current
        raise RuntimeError("No working day within ten years: check 节假日与调休.")

    def subtract_workdays(self, end: dt.date, count: int) -> dt.date:
        """The ``count``-th working day before ``end`` (end itself not counted): a date that
        must come some working days ahead of another deadline. ``count`` 0 gives the last
        working day on or before ``end``."""
        current, remaining = end, count
        if count <= 0 and self.is_workday(current):
            return current
        for _ in range(_MAX_SCAN_DAYS + count):
            current -= dt.timedelta(days=1)
            if self.is_workday(current):
                remaining -= 1
                if remaining <= 0:
                    return current
        raise RuntimeError("No working day within ten years: check 节假日与调休.")

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end``; negative when end < start."""
        if end < start:
            return -self.workdays_between(end, start)
        count, current = 0, start
        while current < end:
            current += dt.timedelta(days=1)
            if self.is_workday(current):
                count += 1
        return count

    def add(self, start: dt.date, duration: Duration) -> dt.date:
        """A deadline: ``start`` plus a Duration. Month and day spans that end on a rest day
        move to the next working day, as an official deadline does."""
        if duration.unit == "workdays":
            return self.add_workdays(start, duration.count)
        if duration.unit == "months":
            end = add_months(start, duration.count)
        else:
            end = start + dt.timedelta(days=duration.count)
        return self.next_workday(end)


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def deadline_after(start: dt.date | dt.datetime, duration: Duration) -> dt.date:
    """The deadline ``duration`` after ``start``: the function every deadline uses."""
    if isinstance(start, dt.datetime):
        from django.utils import timezone

        start = timezone.localdate(start) if timezone.is_aware(start) else start.date()
    return WorkCalendar().add(start, duration)


def is_workday(day: dt.date) -> bool:
    return WorkCalendar().is_workday(day)


# A year counts as entered in the table from this many rows on: a year's notice gives about 35
# (every day off plus the shifted working days), a stray override or two does not make a year.
TABLE_YEAR_MIN_DAYS = 5


@dataclass(frozen=True)
class CalendarYear:
    """Where a year's holidays come from: the library, the table (节假日与调休), or nowhere."""

    year: int
    in_library: bool
    table_days: int

    LIBRARY = "library"
    TABLE = "table"
    MISSING = "missing"

    @property
    def source(self) -> str:
        if self.in_library:
            return self.LIBRARY
        if self.table_days >= TABLE_YEAR_MIN_DAYS:
            return self.TABLE
        return self.MISSING

    @property
    def known(self) -> bool:
        return self.source != self.MISSING


def calendar_years(years: Iterable[int]) -> list[CalendarYear]:
    """Each of ``years`` with the source of its holidays (one query)."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from congress.models import CalendarDay

    years = sorted(set(years))
    counts = dict(
        CalendarDay.objects.filter(date__year__in=years)
        .annotate(year=ExtractYear("date"))
        .order_by()
        .values("year")
        .annotate(n=Count("id"))
        .values_list("year", "n")
    )
    return [CalendarYear(year, library_knows_year(year), counts.get(year, 0)) for year in years]


def years_missing_calendar(today: dt.date | None = None, years_ahead: int | None = None) -> list[int]:
    """Years from this one up to ``years_ahead`` later (the rule ``calendar.warn_years_ahead``,
    never less than next year) that neither the library nor the override table covers: staff
    must enter their holidays, or deadlines there count weekends only."""
    from django.utils import timezone

    from congress.rules import rule_get

    today = today or timezone.localdate()
    if years_ahead is None:
        # Deadlines are set months ahead: next year's holidays are needed before it starts.
        years_ahead = max(1, rule_get("calendar.warn_years_ahead"))
    years = range(today.year, today.year + years_ahead + 1)
    return [year.year for year in calendar_years(years) if not year.known]
