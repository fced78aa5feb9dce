"""Structure statistics (seed 十二): the numbers, and one query per dimension whatever the size."""

import datetime as dt

import pytest

from deputies.models import Deputy
from deputies.selectors import deputy_structure_statistics
from deputies.tests.factories import DeputyFactory, DeputyGroupFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


def rows(stats, key):
    [dimension] = [d for d in stats["dimensions"] if d.key == key]
    return {r.label: (r.count, r.share) for r in dimension.rows}


def test_counts_and_shares_by_dimension(term):
    group = DeputyGroupFactory(term=term, name="天平街道代表组")
    common = {"term": term, "group": group}
    DeputyFactory(**common, birth_date=dt.date(1991, 6, 2), gender=Deputy.Gender.FEMALE, party="中共党员",
                  education=Deputy.Education.MASTER, sector=Deputy.Sector.WORKER)  # fmt: skip  # 34
    DeputyFactory(**common, birth_date=dt.date(1990, 6, 1), party="中共党员",
                  education=Deputy.Education.BACHELOR, sector=Deputy.Sector.WORKER)  # fmt: skip  # 36 today
    DeputyFactory(**common, birth_date=dt.date(1965, 6, 2), party="民盟", ethnicity="回族")  # 60
    DeputyFactory(term=term, birth_date=None, party="", group=None)
    DeputyFactory(term=term, is_active=False, birth_date=dt.date(1990, 1, 1))  # not serving: not counted

    stats = deputy_structure_statistics(term=term, today=TODAY)

    assert stats["total"] == 4
    ages = rows(stats, "age")
    assert ages["35岁及以下"] == (1, 25.0)
    assert ages["36—45岁"] == (1, 25.0)
    assert ages["56—60岁"] == (1, 25.0)
    assert ages["未填写"] == (1, 25.0)
    assert ages["61岁及以上"] == (0, 0.0)
    assert rows(stats, "gender") == {"男": (3, 75.0), "女": (1, 25.0)}
    assert rows(stats, "education")["硕士研究生"] == (1, 25.0)
    assert rows(stats, "education")["未填写"] == (2, 50.0)
    assert rows(stats, "sector")["工人"] == (2, 50.0)
    assert rows(stats, "party") == {"中共党员": (2, 50.0), "民盟": (1, 25.0), "未填写": (1, 25.0)}
    assert rows(stats, "ethnicity") == {"汉族": (3, 75.0), "回族": (1, 25.0)}
    assert rows(stats, "group") == {"天平街道代表组": (3, 75.0), "未分组": (1, 25.0)}


def test_empty_term_has_zero_shares(term):
    stats = deputy_structure_statistics(term=term, today=TODAY)
    assert stats["total"] == 0
    assert rows(stats, "gender") == {"男": (0, 0.0), "女": (0, 0.0)}


@pytest.mark.parametrize("size", [3, 30])
def test_statistics_cost_one_query_per_dimension(term, size, django_assert_num_queries):
    groups = [DeputyGroupFactory(term=term) for _ in range(3)]
    for i in range(size):
        DeputyFactory(
            term=term, group=groups[i % 3], party=f"党派{i % 4}", birth_date=dt.date(1960 + i, 1, 1)
        )

    # age bands, gender, education, sector, party, ethnicity, groups: 7 aggregates
    with django_assert_num_queries(7):
        stats = deputy_structure_statistics(term=term, today=TODAY)

    assert stats["total"] == size
