import datetime as dt

import pytest
from django.utils import timezone

from appointments import selectors, services
from appointments.tests.conftest import committee
from appointments.tests.factories import NominationFactory, VacancyFactory
from congress.models import Rule
from meetings.models import Meeting
from meetings.tests.factories import MeetingFactory

TODAY = dt.date(2026, 11, 25)


def set_rule(key, value):
    """As staff do in the admin: the form's clean() parses the value before it is saved."""
    rule = Rule.objects.filter(key=key).first() or Rule(key=key)
    rule.value = value
    rule.full_clean()
    rule.save()


def by_code(findings):
    return {f.code: f for f in findings}


# --- composition (十六) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reappointed", "level"),
    [(3, "ok"), (2, "error")],  # exactly 1/3 of 9 passes; one fewer does not
)
def test_reappointed_share_at_the_one_third_boundary(term, reappointed, level):
    committee(term, 9, resident=6, reappointed=reappointed)

    finding = by_code(selectors.composition_check(term))["reappointed"]

    assert finding.level == level
    assert (finding.numbers["count"], finding.numbers["total"], finding.numbers["required"]) == (
        reappointed,
        9,
        "1/3",
    )
    if level == "error":
        assert finding.numbers["needed"] == 1
        assert "低于规定的 33.3%" in finding.message


@pytest.mark.parametrize(
    ("resident", "level", "needed"),
    [
        (4, "error", 1),  # 40%: below the 50% floor
        (5, "warning", 1),  # exactly 50%: meets the floor, below the 60% target
        (6, "ok", None),  # exactly 60%: meets the target
    ],
)
def test_resident_share_against_floor_and_target(term, resident, level, needed):
    committee(term, 10, resident=resident, reappointed=5)

    finding = by_code(selectors.composition_check(term))["resident"]

    assert finding.level == level
    assert finding.numbers["count"] == resident
    assert finding.numbers.get("needed") == needed
    if level == "warning":
        assert "尚未达到 60.0% 的目标" in finding.message


def test_expertise_missing_is_an_error_per_rule_key(term):
    committee(term, 6, resident=4, reappointed=2, expertise={"law": 2, "governance": 1})

    findings = by_code(selectors.composition_check(term))

    assert findings["expertise:law"].level == "ok"
    assert findings["expertise:law"].numbers["count"] == 2
    assert findings["expertise:finance"].level == "error"
    assert "财政经济" in findings["expertise:finance"].message
    assert findings["expertise:governance"].level == "ok"


def test_vacancies_waiting_for_a_nomination_warn_until_one_is_linked(term, staff):
    committee(term, 6, resident=4, reappointed=2)
    vacancy = VacancyFactory(term=term)
    assert by_code(selectors.composition_check(term))["vacancies"].level == "warning"

    services.vacancy_link_nomination(
        actor=staff, vacancy_id=vacancy.pk, nomination_id=NominationFactory(term=term).pk
    )

    finding = by_code(selectors.composition_check(term))["vacancies"]
    assert (finding.level, finding.numbers["open"], finding.numbers["waiting"]) == ("ok", 1, 0)


def test_rules_changed_by_staff_change_the_result(term):
    # given: 4 of 10 re-appointed passes 1/3, resident 6 of 10 meets 60%
    committee(term, 10, resident=6, reappointed=4)
    before = by_code(selectors.composition_check(term))
    assert (before["reappointed"].level, before["resident"].level) == ("ok", "ok")

    # when: staff edit the rules (as the admin's Rule form stores them)
    set_rule("composition.reappointed_min_ratio", "1/2")
    set_rule("composition.resident_target_ratio", "70%")
    set_rule("composition.expertise_required", {"law": "法律", "education": "教育"})

    # then
    after = by_code(selectors.composition_check(term))
    assert after["reappointed"].level == "error"
    assert after["resident"].level == "warning"
    assert after["expertise:education"].level == "error"
    assert "expertise:finance" not in after


def test_members_who_left_do_not_count(term, staff):
    members = committee(term, 4, resident=2, reappointed=2)
    services.committee_member_leave(actor=staff, member_id=members[0].pk, end_date=dt.date(2026, 8, 31))

    finding = by_code(selectors.composition_check(term))["resident"]

    assert (finding.numbers["count"], finding.numbers["total"]) == (1, 3)


def test_no_members_is_a_warning_not_a_crash(term):
    findings = by_code(selectors.composition_check(term))
    assert findings["no_members"].level == "warning"
    assert selectors.composition_check(None)[0].code == "no_term"


def test_composition_check_costs_three_queries(term, django_assert_num_queries):
    committee(term, 12, resident=7, reappointed=4)
    VacancyFactory(term=term)
    VacancyFactory(term=term, nomination=NominationFactory(term=term))
    # 1 rules in one query, 2 serving members, 3 open vacancies with their nominations
    with django_assert_num_queries(3):
        selectors.composition_check(term)


# --- the town congress (十八) -----------------------------------------------------------------


def town(day: dt.date, days: int = 1, **extra):
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=days - 1), dt.time(17)))
    return MeetingFactory(kind=Meeting.Kind.TOWN, starts_at=start, ends_at=end, **extra)


def test_two_sessions_in_a_year_meet_every_rule(db):
    town(dt.date(2026, 3, 18), days=2)
    town(dt.date(2026, 9, 8))

    findings = selectors.town_session_check(2026, dt.date(2026, 12, 20))

    assert [f.level for f in findings] == ["ok"] * len(findings)
    codes = by_code(findings)
    assert codes["town_count"].numbers == {"year": 2026, "held": 2, "scheduled": 0, "required": 2}
    assert codes["town_session_length"].numbers["sessions"] == [2, 1]


def test_one_session_in_the_first_half_warns_about_the_second(db):
    town(dt.date(2026, 3, 18), days=2)

    findings = by_code(selectors.town_session_check(2026, TODAY))

    assert findings["town_count"].level == "warning"
    assert findings["town_count"].numbers["missing"] == 1
    assert findings["town_half"].level == "ok"  # the first half
    pending = findings["town_half_pending"]
    assert (pending.level, pending.numbers["days_left"], pending.key) == (
        "warning",
        36,
        "town:2026:h2:pending",
    )


def test_a_scheduled_session_settles_the_reminder(db):
    town(dt.date(2026, 3, 18))
    town(dt.date(2026, 12, 15))

    findings = selectors.town_session_check(2026, TODAY)

    assert [f.level for f in findings] == ["ok"] * len(findings)
    assert "已安排 1 次" in by_code(findings)["town_count"].message


def test_no_session_in_a_past_year_is_an_error_with_both_halves_missed(db):
    findings = selectors.town_session_check(2026, dt.date(2027, 1, 10))

    assert by_code(findings)["town_count"].level == "error"
    missed = [f for f in findings if f.code == "town_half_missed"]
    assert [f.key for f in missed] == ["town:2026:h1:missed", "town:2026:h2:missed"]


def test_a_half_year_that_passed_without_a_session_warns(db):
    town(dt.date(2026, 8, 20))

    findings = selectors.town_session_check(2026, dt.date(2026, 9, 1))

    assert by_code(findings)["town_half_missed"].key == "town:2026:h1:missed"


def test_future_half_is_not_judged_yet(db):
    findings = selectors.town_session_check(2026, dt.date(2026, 3, 1))
    assert [f.code for f in findings if f.code.startswith("town_half")] == ["town_half_pending"]


def test_a_same_day_session_counts_as_one_day(db):
    town(dt.date(2026, 3, 18))
    town(dt.date(2026, 9, 8))
    assert by_code(selectors.town_session_check(2026, TODAY))["town_session_length"].level == "ok"

    set_rule("town.session_min_days", 2)

    short = [f for f in selectors.town_session_check(2026, TODAY) if f.code == "town_session_length"]
    assert [f.level for f in short] == ["error", "error"]
    assert "会期 1 天，少于规定的 2 天" in short[0].message


def test_cancelled_sessions_and_other_kinds_do_not_count(db, staff):
    from meetings import services as meeting_services

    cancelled = town(dt.date(2026, 9, 8))
    meeting_services.meeting_cancel(meeting=cancelled, actor=staff)
    MeetingFactory(kind=Meeting.Kind.STANDING, starts_at=timezone.make_aware(dt.datetime(2026, 10, 1, 9)))
    town(dt.date(2026, 3, 18))

    findings = by_code(selectors.town_session_check(2026, TODAY))

    assert findings["town_count"].numbers["held"] == 1


def test_sessions_per_year_rule_changed_by_staff(db):
    town(dt.date(2026, 3, 18))
    set_rule("town.sessions_per_year_min", 1)

    assert by_code(selectors.town_session_check(2026, TODAY))["town_count"].level == "ok"


def test_town_check_costs_two_queries(db, django_assert_num_queries):
    for month in (3, 6, 9):
        town(dt.date(2026, month, 10))
    # 1 rules in one query, 2 the year's town sessions
    with django_assert_num_queries(2):
        selectors.town_session_check(2026, TODAY)
