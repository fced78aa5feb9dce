"""Walls, deadlines across holidays and 调休, statistics and the dashboard."""

import datetime as dt

import pytest
from django.http import Http404

from congress.models import CalendarDay, Rule
from deputies.tests.factories import DeputyFactory
from proposals import selectors, services
from proposals.models import Proposal
from proposals.tests.factories import ProposalFactory, walk_to

pytestmark = pytest.mark.django_db


# --- walls -----------------------------------------------------------------------------------


def test_deputy_sees_own_and_cosigned_only(deputy, term):
    own = ProposalFactory(lead_deputy=deputy, term=term)
    cosigned = ProposalFactory(term=term)
    cosigned.cosigners.create(deputy=deputy)
    declined = ProposalFactory(term=term)
    declined.cosigners.create(deputy=deputy, state="declined")
    ProposalFactory(term=term)
    visible = set(selectors.proposal_list_visible_to(deputy.user).values_list("pk", flat=True))
    assert visible == {own.pk, cosigned.pk}
    with pytest.raises(Http404) as exc:
        selectors.proposal_get_for_user(deputy.user, declined.pk)
    assert exc.typename == "Http404"


def test_unit_sees_only_its_assignments(staff, unit, other_unit, officer, other_officer):
    mine = walk_to("assigned", staff=staff, unit=unit)
    theirs = walk_to("assigned", staff=staff, unit=other_unit)
    assert [a.proposal_id for a in selectors.assignment_list_for_user(officer)] == [mine.pk]
    assert set(selectors.proposal_list_visible_to(officer).values_list("pk", flat=True)) == {mine.pk}
    with pytest.raises(Http404) as exc:
        selectors.assignment_get_for_user(officer, theirs.assignments.get().pk)
    assert exc.typename == "Http404"
    with pytest.raises(Http404):
        selectors.proposal_get_for_user(other_officer, mine.pk)


def test_reviewer_sees_proposals_with_replies(staff, unit, reviewer):
    replied = walk_to("reply_review", staff=staff, unit=unit)
    walk_to("assigned", staff=staff, unit=unit)
    assert list(selectors.proposal_list_visible_to(reviewer).values_list("pk", flat=True)) == [replied.pk]
    assert [r.assignment.proposal_id for r in selectors.review_queue_for_user(reviewer)] == [replied.pk]


def test_public_sees_only_disclosed(staff):
    closed = walk_to("closed", staff=staff)
    hidden = walk_to("closed", staff=staff)
    services.proposal_withhold(actor=staff, proposal=hidden, reason="涉密")
    walk_to("replied", staff=staff)
    ProposalFactory()
    assert list(selectors.public_proposal_search("").values_list("pk", flat=True)) == [closed.pk]
    assert selectors.public_proposal_get(closed.pk).pk == closed.pk
    with pytest.raises(Http404):
        selectors.public_proposal_get(hidden.pk)


def test_deputy_sees_only_confirmed_replies(staff, unit, officer):
    proposal = walk_to("reply_review", staff=staff, unit=unit, officer=officer)
    deputy_view = selectors.proposal_get_for_user(proposal.lead_deputy.user, proposal.pk)
    assert deputy_view.assignments.all()[0].visible_replies == []
    unit_view = selectors.proposal_get_for_user(officer, proposal.pk)
    assert len(unit_view.assignments.all()[0].visible_replies) == 1


# --- pinned query counts -----------------------------------------------------------------------------


def test_inbox_query_count(staff, unit, officer, django_assert_num_queries):
    for _ in range(4):
        walk_to("assigned", staff=staff, unit=unit)
    # 1 the officer's unit ids (guardian), 2 the inbox page: assignments of those units with
    # proposal, lead deputy and unit joined
    with django_assert_num_queries(2):
        rows = [
            (a.proposal.title, a.proposal.lead_deputy.name, a.unit.name)
            for a in selectors.assignment_list_for_user(officer)
        ]
    assert len(rows) == 4


def test_public_search_query_count(staff, django_assert_num_queries):
    for _ in range(3):
        walk_to("closed", staff=staff)
    # 1 the page with lead deputy, category and the lead unit's name; 2 the count
    with django_assert_num_queries(2):
        page = list(selectors.public_proposal_search("建议")[:20])
        count = selectors.public_proposal_search("建议").count()
    assert len(page) == count == 3
    assert all(p.lead_unit_name for p in page)


def test_detail_query_count_does_not_grow(staff, unit, officer, django_assert_num_queries):
    proposal = walk_to("closed", staff=staff, unit=unit, officer=officer)
    user = proposal.lead_deputy.user
    selectors.proposal_get_for_user(user, proposal.pk)  # warm the per-request caches (deputy, roles)
    # 1 proposal, 2 co-signers, 3 assignments, 4 replies (+5 their attachments), 6 contacts,
    # 7 extension requests, 8 return requests, 9 ratings, 10 events, 11 attachments, 12 oversight deputies
    with django_assert_num_queries(12):
        selectors.proposal_get_for_user(user, proposal.pk)


# --- deadlines across holidays and 调休 ------------------------------------------------------------------


def test_reply_deadline_across_national_day_2026():
    # 2026-09-20 is a Sunday worked in lieu (调休); three months later is Sunday 2026-12-20,
    # so the deadline moves to Monday 2026-12-21.
    assert services.reply_deadline_for(dt.date(2026, 9, 20)) == dt.date(2026, 12, 21)
    assert services.reply_deadline_for(dt.date(2026, 9, 20), is_hard=True) == dt.date(2027, 3, 22)


def test_return_window_skips_national_day_and_counts_the_shifted_saturday(staff, unit):
    from congress.rules import rule_get
    from congress.workdays import deadline_after

    # 7 working days after Monday 2026-09-28: 29, 30, (1–7 holiday) 8, 9, Sat 10 (调休), 12, 13
    assert deadline_after(dt.date(2026, 9, 28), rule_get("proposals.return_window")) == dt.date(2026, 10, 13)


def test_2027_falls_back_to_weekends_then_follows_calendar_overrides():
    # the library stops at 2026: 2027 counts weekends only until staff enter the holidays
    assert services.reply_deadline_for(dt.date(2027, 7, 1)) == dt.date(2027, 10, 1)
    for day in range(1, 8):
        CalendarDay.objects.create(date=dt.date(2027, 10, day), is_workday=False, name="国庆节")
    CalendarDay.objects.create(date=dt.date(2027, 10, 9), is_workday=True, name="国庆节调休上班")
    assert services.reply_deadline_for(dt.date(2027, 7, 1)) == dt.date(2027, 10, 8)


def test_rules_are_data():
    Rule.objects.create(key="proposals.reply_deadline", value={"count": 60, "unit": "workdays"})
    # 60 working days from 2026-09-20 skip the National Day week
    deadline = services.reply_deadline_for(dt.date(2026, 9, 20))
    assert deadline == dt.date(2026, 12, 18)


# --- oversight and statistics --------------------------------------------------------------------------------


def test_oversight_dashboard_lists_overdue_and_at_risk(staff, unit):
    from django.utils import timezone

    from congress.workdays import add_months

    today = timezone.localdate()
    overdue = walk_to("assigned", staff=staff, unit=unit, assigned_on=add_months(today, -4))
    soon = walk_to(
        "assigned", staff=staff, unit=unit, assigned_on=add_months(today, -3) + dt.timedelta(days=3)
    )
    walk_to("assigned", staff=staff, unit=unit)
    data = selectors.oversight_dashboard()
    assert [a.proposal_id for a in data["overdue"]] == [overdue.pk]
    assert [a.proposal_id for a in data["at_risk"]] == [soon.pk]
    assert data["counts"] == {"open": 3, "overdue": 1, "at_risk": 1}


def test_unit_statistics_in_one_query(staff, unit, other_unit, officer, django_assert_num_queries, term):
    lead = DeputyFactory(term=term, with_user=True)
    walk_to("closed", staff=staff, unit=unit, officer=officer, reply_class="A")
    walk_to("closed", staff=staff, unit=unit, officer=officer, reply_class="B")
    unsatisfied = walk_to("replied", staff=staff, unit=unit, officer=officer, lead_deputy=lead, term=term)
    services.proposal_rate(actor=lead.user, proposal=unsatisfied, satisfaction="unsatisfied", comment="太慢")
    walk_to("assigned", staff=staff, unit=other_unit)
    Rule.objects.create(key="proposals.reply_classes", value=[{"code": c, "label": c} for c in "ABC"])
    # 1 the reply-class rule, 2 the aggregate per unit
    with django_assert_num_queries(2):
        rows = {r["unit"]: r for r in selectors.unit_statistics(2026)}
    row = rows[unit.name]
    assert row["received"] == 3 and row["on_time"] == 3 and row["rehandled"] == 1
    assert row["classes"] == {"A": 2, "B": 1, "C": 0}
    assert row["satisfaction_rate"] == 100.0
    assert rows[other_unit.name]["received"] == 1
    assert Proposal.objects.get(pk=unsatisfied.pk).state == Proposal.State.REHANDLING
