"""Fixtures of the filing-review tests: a normative document text with articles, a filing by
the unit's officer, the working calendar fixed (no holidays) so edge days are exact."""

import datetime as dt

import pytest

from supervision.services import filings as svc

TEXT = """上海市徐汇区住宅小区电动自行车停放充电管理办法

第一条 为规范住宅小区电动自行车停放充电，保障居民生命财产安全，制定本办法。
第二条 本办法适用于本区行政区域内的住宅小区。
第三条 违反本办法停放的，由物业服务企业处以每次二百元罚款。
第四条 本办法自公布之日起施行。"""


@pytest.fixture
def filing(officer, unit):
    return svc.filing_create(
        actor=officer,
        title="住宅小区电动自行车停放充电管理办法",
        doc_number="徐府规〔2026〕1号",
        published_on=dt.date(2026, 3, 2),
        text=TEXT,
        unit=unit,
        today=dt.date(2026, 3, 10),
    )
