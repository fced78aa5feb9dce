import io

import openpyxl
import pytest

from congress.models import Organization
from congress.tests.factories import OrganizationFactory
from deputies.resources import COLUMNS
from deputies.tests.factories import ConstituencyFactory, DeputyGroupFactory

HEADERS = list(COLUMNS.values())


def roster_row(**overrides) -> dict:
    """One roster row by Chinese header, valid for the ``roster_setup`` fixture's term."""
    row = {
        "届次": "第十七届",
        "人员编号": "R001",
        "姓名": "王小明",
        "性别": "男",
        "出生日期": "1975-03-08",
        "民族": "汉族",
        "党派": "中共党员",
        "学历": "大学本科",
        "工作单位及职务": "天平街道社区卫生服务中心主任",
        "代表结构": "专业技术人员",
        "专业特长": "公共卫生",
        "选区": "第一选区",
        "代表组": "天平街道代表组",
        "联系电话": "13800000001",
        "电子邮箱": "wang@example.invalid",
    }
    row.update(overrides)
    return row


def roster_xlsx(rows: list[dict], headers: list[str] | None = None) -> bytes:
    """An .xlsx roster: header row 1, data from row 2."""
    headers = headers or HEADERS
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def roster_setup(term):
    """The term's 天平街道代表组, 湖南街道代表组 and 第一/第二选区."""
    groups = {
        name: DeputyGroupFactory(
            term=term,
            name=f"{name}代表组",
            organization=OrganizationFactory(name=name, kind=Organization.Kind.STREET),
        )
        for name in ("天平街道", "湖南街道")
    }
    constituencies = [
        ConstituencyFactory(term=term, number=1, name="第一选区"),
        ConstituencyFactory(term=term, number=2, name="第二选区"),
    ]
    return {"term": term, "groups": groups, "constituencies": constituencies}
