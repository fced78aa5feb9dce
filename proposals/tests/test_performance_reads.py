"""The reads rewritten for a million proposals (bench/README.md) give the same answers as the
plain queries they replace: the n-gram public search (PostgreSQL) against ``icontains``, the
deputy's list as a union of id sets, the unit inbox from the unit ids, the cached statistics
and the years read as a loose index scan."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from guardian.shortcuts import assign_perm

from congress.models import Organization
from congress.tests.factories import OrganizationFactory
from deputies.tests.factories import DeputyFactory, DeputyGroupFactory
from proposals import search, selectors, services
from proposals.models import Assignment, CoSigner, Proposal
from proposals.tests.factories import CategoryFactory, CoSignerFactory, ProposalFactory, walk_to

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL n-gram index")


# --- n-grams ----------------------------------------------------------------------------------------------


def test_ngrams_of_a_document_and_of_the_search_words():
    grams = {"加", "装", "电", "梯", "加装", "装电", "电梯", "a", "b", "ab", "c"}
    assert search.lexemes("加装电梯 AB\u3000c") == grams
    assert search.terms("  电梯  加装 电梯 ABC ") == ["电梯", "加装", "abc"]
    assert search.term_lexemes("梯") == ["梯"]
    assert search.term_lexemes("电梯") == ["电梯"]
    assert search.term_lexemes("哈哈哈") == ["哈哈"]
    assert search.tsquery(["加装电梯", "it's", "a\\b"]) == (
        "'加装' & '装电' & '电梯' & 'it' & 't''' & '''s' & 'a\\\\' & '\\\\b'"
    )


@on_postgres
@pytest.mark.postgres
def test_sql_ngrams_are_the_python_ones():
    docs = ["加装电梯", "关于 2026-建-0001 的建议，居民反映：\n电梯  老旧 ", "", "Ab'c\\d  éÉ", "一"]
    with connection.cursor() as cursor:
        for doc in docs:
            cursor.execute("SELECT proposals_search_lexemes(%s)", [doc])
            assert set(cursor.fetchone()[0]) == search.lexemes(doc), doc


# --- public search ----------------------------------------------------------------------------------------


def _icontains_search(query: str) -> set[int]:
    """The search before the n-gram index: every word a substring of one of the fields (the
    category, the lead deputy's group and its street included)."""
    proposals = selectors.public_proposals()
    for word in query.split():
        units = Assignment.objects.filter(proposal=OuterRef("pk"), unit__name__icontains=word).exclude(
            state=Assignment.State.WITHDRAWN
        )
        proposals = proposals.filter(
            Q(title__icontains=word)
            | Q(content__icontains=word)
            | Q(serial__icontains=word)
            | Q(category__name__icontains=word)
            | Q(lead_deputy__name__icontains=word)
            | Q(lead_deputy__group__name__icontains=word)
            | Q(lead_deputy__group__organization__name__icontains=word)
            | Exists(units)
        )
    return set(proposals.values_list("pk", flat=True))


@pytest.fixture
def disclosed(staff, unit, other_unit, term):
    lifts = walk_to("closed", staff=staff, unit=unit, term=term, title="关于加快老旧小区加装电梯的建议")
    meals = walk_to(
        "closed",
        staff=staff,
        unit=other_unit,
        term=term,
        title="关于增设社区食堂的建议",
        content="老年人用餐难，建议加装 装电 电梯 标识。Wi-Fi 覆盖。",
        lead_deputy=DeputyFactory(term=term, name="欧阳电", with_user=True),
    )
    schools = walk_to(
        "closed",
        staff=staff,
        unit=OrganizationFactory(name="区建设管理委员会"),
        term=term,
        title="学校周边交通",
    )
    hidden = walk_to("closed", staff=staff, unit=unit, term=term, title="关于电梯维保的建议")
    services.proposal_withhold(actor=staff, proposal=hidden, reason="涉及个人隐私")
    open_one = walk_to("replied", staff=staff, unit=unit, term=term, title="关于电梯更新的建议")
    return {"lifts": lifts, "meals": meals, "schools": schools, "hidden": hidden, "open": open_one}


def _ids(query, **filters) -> set[int]:
    return set(selectors.public_proposal_search(query, **filters).values_list("pk", flat=True))


@pytest.mark.parametrize(
    "query",
    [
        "电梯",  # two characters: one pair
        "梯",  # one character
        "加装电梯",  # longer: all pairs, then the substring (the meals proposal has the pairs only)
        "装电",
        "电",  # a deputy's name (欧阳电) and titles
        "欧阳",
        "教育局",  # a handling unit
        "区建设管理",
        "-建-",  # the serial's punctuation
        "wi-fi",  # case-insensitive
        "WI-FI 电梯",  # every word
        "电梯 学校",  # no proposal has both
        "不存在的词",
        "'",
        "%",
    ],
)
def test_public_search_finds_what_icontains_finds(disclosed, query):
    assert _ids(query) == _icontains_search(query)


def test_public_search_examples(disclosed):
    lifts, meals, schools = disclosed["lifts"], disclosed["meals"], disclosed["schools"]
    assert _ids("电梯") == {lifts.pk, meals.pk}
    assert _ids("加装电梯") == {lifts.pk}
    assert _ids("欧阳电") == {meals.pk}
    assert _ids("区建设管理委员会") == {schools.pk}
    assert _ids(lifts.serial) == {lifts.pk}
    assert _ids("电梯", unit=disclosed["lifts"].assignments.get().unit_id) == {lifts.pk}
    assert _ids("") == {lifts.pk, meals.pk, schools.pk}  # never the withheld or the open one
    page = list(selectors.public_proposal_search("电梯"))
    assert page[0].lead_unit_name and page[0].lead_deputy.name


def test_disclosure_changes_reach_the_search(disclosed, staff):
    hidden = disclosed["hidden"]
    assert hidden.pk not in _ids("维保")
    services.proposal_unwithhold(actor=staff, proposal=hidden)
    assert _ids("维保") == {hidden.pk}
    services.proposal_withhold(actor=staff, proposal=hidden, reason="涉密")
    assert _ids("维保") == set()


@pytest.fixture
def elderly_care(disclosed, staff, other_unit, term):
    """A closed reply found only through its category (养老服务), its lead deputy's group
    (天平路街道代表组) and that group's street (天平路街道): neither title nor content says so."""
    street = OrganizationFactory(name="天平路街道", kind=Organization.Kind.STREET)
    group = DeputyGroupFactory(term=term, organization=street, name="天平街道代表组")
    return walk_to(
        "closed",
        staff=staff,
        unit=other_unit,
        term=term,
        title="关于增设日间照料中心的建议",
        content="社区老人白天无人照看。",
        category=CategoryFactory(name="养老服务"),
        lead_deputy=DeputyFactory(term=term, name="沈立", group=group, with_user=True),
    )


@pytest.mark.parametrize(
    "query",
    [
        "养老",  # the category, two characters
        "养老服务",  # the category, longer
        "天平",  # the group and the street
        "天平街道代表组",  # the group's name
        "天平路街道",  # the street's name
        "代表组",  # every deputy's group
        "养老 天平",  # every word, from different fields
        "养老 电梯",  # no proposal has both
    ],
)
def test_public_search_finds_category_group_and_street_as_icontains_does(elderly_care, query):
    assert _ids(query) == _icontains_search(query)


def test_public_search_finds_a_reply_by_category_group_and_street(elderly_care, disclosed):
    for query in ("养老", "养老服务", "天平", "天平街道代表组", "天平路街道", "服务 天平路"):
        assert _ids(query) == {elderly_care.pk}, query
    assert _ids("养老", unit=elderly_care.assignments.get().unit_id) == {elderly_care.pk}
    assert _ids("养老 电梯") == set()
    page = list(selectors.public_proposal_search("养老"))
    assert [p.category.name for p in page] == ["养老服务"]


def test_public_search_by_category_keeps_its_query_count(elderly_care, django_assert_num_queries):
    # 1 the page (with lead deputy, category and lead unit), 2 the count: the category and
    # group searches are subqueries of the page's query
    with django_assert_num_queries(2):
        rows = list(selectors.public_proposal_search("养老服务")[:20])
        count = selectors.public_proposal_search("养老服务").count()
    assert [p.pk for p in rows] == [elderly_care.pk] and count == 1


@on_postgres
@pytest.mark.postgres
def test_vectors_hold_category_group_and_street_and_the_migration_writes_the_same(elderly_care, staff):
    def vectors():
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, search_vector::text FROM proposals_proposal ORDER BY id")
            return dict(cursor.fetchall())

    # closing wrote the category, the group and the street into the vector
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector @@ '养老'::tsquery, search_vector @@ '天平'::tsquery, "
            "search_vector @@ ('路街'::tsquery && '组'::tsquery) FROM proposals_proposal WHERE id = %s",
            [elderly_care.pk],
        )
        assert cursor.fetchone() == (True, True, True)
    refreshed = vectors()
    assert refreshed[elderly_care.pk] is not None
    # the migration, run on vectors left empty, writes what the refresh writes
    migration = importlib.import_module("proposals.migrations.0007_search_category_group_street")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE proposals_proposal SET search_vector = NULL")
        cursor.execute(migration.REFRESH_SQL)
    assert vectors() == refreshed
    # a renamed category reaches the search once the vectors are refreshed
    elderly_care.category.name = "敬老助老"
    elderly_care.category.save()
    assert _ids("敬老") == set()
    services.search.proposal_search_refresh(proposal_ids=[elderly_care.pk])
    assert _ids("敬老") == {elderly_care.pk} and _ids("养老") == set()


@on_postgres
@pytest.mark.postgres
def test_closing_fills_the_vector_and_refresh_follows_a_renamed_deputy(disclosed):
    lifts = disclosed["lifts"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM proposals_proposal WHERE search_vector IS NOT NULL ORDER BY id",
        )
        filled = [row[0] for row in cursor.fetchall()]
    # closed ones only (withheld included, so that disclosing it again needs nothing)
    assert filled == sorted(p.pk for key, p in disclosed.items() if key != "open")
    lifts.lead_deputy.name = "司马新名"
    lifts.lead_deputy.save()
    assert _ids("司马新名") == set()
    assert services.search.proposal_search_refresh(proposal_ids=[lifts.pk]) == 1
    assert _ids("司马新名") == {lifts.pk}
    assert services.search.proposal_search_refresh() == Proposal.objects.count()


def test_public_search_page_queries(disclosed, django_assert_num_queries):
    # 1 the page (with lead deputy, category and lead unit), 2 the count
    with django_assert_num_queries(2):
        rows = list(selectors.public_proposal_search("电梯")[:20])
        count = selectors.public_proposal_search("电梯").count()
    assert len(rows) == count == 2


def test_public_years_newest_first(staff, term):
    for year in (2024, 2026, 2024, 2025):
        walk_to("closed", staff=staff, term=term, year=year)
    hidden = walk_to("closed", staff=staff, term=term, year=2023)
    services.proposal_withhold(actor=staff, proposal=hidden, reason="涉密")
    ProposalFactory(term=term, year=2027)  # a draft: in the statistics, not public
    assert selectors.public_years() == [2026, 2025, 2024]
    assert selectors.statistics_years() == [2027, 2026, 2025, 2024, 2023]


def test_years_without_proposals():
    assert selectors.public_years() == [] and selectors.statistics_years() == []


# --- the deputy's list ------------------------------------------------------------------------------------


def test_deputy_list_is_own_and_cosigned_without_content(term, django_assert_num_queries):
    me = DeputyFactory(term=term, with_user=True)
    own = [ProposalFactory(term=term, lead_deputy=me) for _ in range(2)]
    cosigned = CoSignerFactory(deputy=me, proposal=ProposalFactory(term=term)).proposal
    confirmed = CoSignerFactory(
        deputy=me, proposal=ProposalFactory(term=term), state=CoSigner.State.CONFIRMED
    ).proposal
    CoSignerFactory(deputy=me, proposal=ProposalFactory(term=term), state=CoSigner.State.DECLINED)
    ProposalFactory(term=term)  # someone else's
    # 1 deputy of the user, 2 the page (lead deputy, category, lead unit name), 3 count
    with django_assert_num_queries(3):
        qs = selectors.proposal_list_visible_to(me.user)
        rows = list(qs)
        count = qs.count()
    assert {p.pk for p in rows} == {p.pk for p in own} | {cosigned.pk, confirmed.pk}
    assert count == 4
    assert all("content" in p.get_deferred_fields() for p in rows)
    assert [p.pk for p in rows] == sorted((p.pk for p in rows), reverse=True)  # newest first
    detail = selectors.proposal_get_for_user(me.user, cosigned.pk)
    assert "content" not in detail.get_deferred_fields()


def test_a_deputy_who_is_also_an_officer_sees_both(term, staff, unit):
    from congress import roles
    from congress.services import user_set_roles, user_set_unit

    me = DeputyFactory(term=term, with_user=True)
    user_set_roles(user=me.user, role_names=[roles.DEPUTY, roles.UNIT_OFFICER])
    user_set_unit(user=me.user, unit=unit)
    own = ProposalFactory(term=term, lead_deputy=me)
    assigned = walk_to("assigned", staff=staff, unit=unit, term=term)
    walk_to("assigned", staff=staff, unit=OrganizationFactory(), term=term)
    assert {p.pk for p in selectors.proposal_list_visible_to(me.user)} == {own.pk, assigned.pk}


# --- the unit inbox ---------------------------------------------------------------------------------------


def test_inbox_open_first_by_deadline_across_the_units_acted_for(staff, unit, other_unit, officer):
    assign_perm("act_for_unit", officer, other_unit)  # a second unit (not the usual case)
    late = walk_to("assigned", staff=staff, unit=unit, assigned_on=dt.date(2026, 3, 20))
    early = walk_to("assigned", staff=staff, unit=other_unit, assigned_on=dt.date(2026, 3, 2))
    done = walk_to("replied", staff=staff, unit=unit, officer=officer, assigned_on=dt.date(2026, 2, 1))
    foreign = walk_to("assigned", staff=staff, unit=OrganizationFactory(), assigned_on=dt.date(2026, 1, 5))
    rows = list(selectors.assignment_list_for_user(officer))
    assert [a.proposal_id for a in rows] == [early.pk, late.pk, done.pk]
    assert [a.open_first for a in rows] == [0, 0, 1]
    open_rows = selectors.assignment_list_for_user(officer, open_only=True)
    assert [a.proposal_id for a in open_rows] == [early.pk, late.pk]
    assert foreign.pk not in {a.proposal_id for a in rows}


def test_inbox_of_someone_acting_for_no_unit_is_empty(staff, unit, deputy_user):
    walk_to("assigned", staff=staff, unit=unit)
    assert list(selectors.assignment_list_for_user(deputy_user)) == []
    assert Organization.objects.exists()


# --- statistics -------------------------------------------------------------------------------------------


def test_statistics_are_cached_until_the_next_write(
    staff, unit, officer, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        walk_to("closed", staff=staff, unit=unit, officer=officer)
    first = selectors.unit_statistics(2026)
    assert first.year == 2026 and first.as_of is not None
    assert first[0]["received"] == 1
    with django_assert_num_queries(0):
        again = selectors.unit_statistics(2026)
    assert again == first and again.as_of == first.as_of
    again[0]["received"] = 99  # a caller changing its copy changes nothing cached
    assert selectors.unit_statistics(2026)[0]["received"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        walk_to("assigned", staff=staff, unit=unit)  # a write through the services
    fresh = selectors.unit_statistics(2026)
    assert fresh[0]["received"] == 2 and fresh.as_of >= first.as_of
    assert selectors.unit_statistics(2025) == []


def test_public_count_is_cached_until_the_next_write(
    staff, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            walk_to("closed", staff=staff, title="关于加装电梯的建议")
    assert selectors.public_proposal_search("电梯").count() == 2
    with django_assert_num_queries(0):
        assert selectors.public_proposal_search("电梯").count() == 2
    # 1 another query's count is its own
    with django_assert_num_queries(1):
        assert selectors.public_proposal_search("电梯", year=2025).count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        walk_to("closed", staff=staff, title="电梯安全")
    assert selectors.public_proposal_search("电梯").count() == 3
    rows = selectors.public_proposal_search("电梯")
    list(rows)
    with django_assert_num_queries(0):
        assert rows.count() == 3  # the rows already read


def test_a_page_of_a_frequent_word_reads_the_same_rows_either_way(disclosed, staff, monkeypatch):
    from django.core.paginator import Paginator

    for _ in range(3):
        walk_to("closed", staff=staff, title="电梯加装")
    expected = [p.pk for p in selectors.public_proposal_search("电梯").order_by("-closed_at", "-id")]
    monkeypatch.setattr(selectors, "WALK_MIN_MATCHES", 1)
    monkeypatch.setattr(selectors, "WALK_PAGE_SHARE", 1)
    paginator = Paginator(selectors.public_proposal_search("电梯"), 2)
    assert paginator.count == len(expected) == 5
    page = paginator.get_page(1)
    sql = str(page.object_list.query)
    if connection.vendor == "postgresql":
        assert "COALESCE" in sql  # the walk
    assert [p.pk for p in page] + [p.pk for p in paginator.get_page(2)] == expected[:4]


@on_postgres
@pytest.mark.postgres
def test_a_rename_in_the_admin_reaches_the_search_after_the_commit(
    elderly_care, other_unit, django_capture_on_commit_callbacks
):
    """Category, deputy group, street, unit and deputy: each renamed (and a deputy moved to
    another group) is found under the new name once the commit's task has run, no hand step."""
    renames = [
        (elderly_care.category, "name", "敬老助老", "敬老"),
        (elderly_care.lead_deputy.group, "name", "斜土街道代表组", "斜土"),
        (elderly_care.lead_deputy.group.organization, "name", "枫林路街道", "枫林"),
        (other_unit, "name", "区民政事务局", "民政事务"),
        (elderly_care.lead_deputy, "name", "沈新立", "沈新立"),
    ]
    for row, field, value, query in renames:
        assert _ids(query) == set()
        setattr(row, field, value)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            row.save()
        assert len(_queued(callbacks)) == 1
        assert elderly_care.pk in _ids(query), query

    # saving without a change to a searched field queues nothing
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        elderly_care.category.save()
        elderly_care.category.save(update_fields=["sort_order"])
    assert _queued(callbacks) == []


def _queued(callbacks) -> list:
    """The commit's callbacks that queue a task through the outbox (a unit's save also drops the
    cached units of those acting for it, ``congress.units``: not a task)."""
    return [callback for callback in callbacks if callback.__qualname__.startswith("enqueue.")]
