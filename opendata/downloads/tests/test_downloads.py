"""The bulk downloads at /opendata/ (issue 15 item 3): the page lists every dataset with its
periods, data dictionary and licence; its CSV links answer text/csv (UTF-8 with a BOM, Chinese
headers) and the JSON carries the dictionary; only what the public pages show; constant queries
as the data grows."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress.tests.factories import officer_of
from deputies.models import Deputy
from deputies.tests.factories import DeputyFactory
from meetings.tests.test_views import _published_meeting
from proposals import services
from proposals.tests.factories import walk_to
from supervision.tests.factories import WorkingCommitteeFactory

pytestmark = pytest.mark.django_db


def _get(client, dataset, period, fmt):
    response = client.get(reverse("opendata:download", args=[dataset, str(period), fmt]))
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def _csv_rows(data: bytes) -> list[dict]:
    assert data.startswith("\ufeff".encode())  # the BOM: Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_page_lists_datasets_with_dictionary_and_licence(client, unit, staff):
    walk_to("closed", unit=unit, staff=staff)

    response = client.get("/opendata/")

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "代表建议、议案及答复" in html
        and "会议列席单位出席情况" in html
        and "人大代表名册（公开信息）" in html
    )
    assert "数据字典" in html and "领衔代表" in html and "答复分类" in html  # field names and meanings
    assert "知识共享署名 4.0" in html and "creativecommons.org/licenses/by/4.0" in html
    csv_url = reverse("opendata:download", args=["proposals", "2026", "csv"])
    assert csv_url in html
    assert reverse("oparl:system") in html and reverse("api-docs") in html  # the APIs, from here
    response = client.get(csv_url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    home = client.get(reverse("public:home")).content.decode()
    assert 'href="/opendata/"' in home  # the footer's 开放数据接口


@pytest.mark.parametrize("rows", [1, 4])
def test_the_page_costs_the_same_whatever_the_data(client, unit, staff, rows, settings):
    settings.CONGRESS_PAGE_CACHE = False
    for _ in range(rows):
        walk_to("closed", unit=unit, staff=staff)
    _published_meeting(staff, units=rows)
    DeputyFactory.create_batch(rows)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/opendata/").status_code == 200
    # 1 proposal years, 2 meeting years, 3 attendance years, 4 deputies' terms, 5 work-report
    # years, 6 inspection years, 7 budget years, 8 district profile (footer)
    assert len(queries) == 8, [q["sql"] for q in queries]


def test_proposals_csv_and_json_hold_the_public_replies_only(client, unit, staff):
    shown = walk_to("closed", unit=unit, staff=staff, title="关于增设社区养老食堂的建议")
    withheld = walk_to("closed", unit=unit, staff=staff, title="不公开的建议")
    services.proposal_withhold(actor=staff, proposal=withheld, reason="涉及个人隐私")
    walk_to("replied", unit=unit, staff=staff, title="尚未办结的建议")

    response, data = _get(client, "proposals", shown.year, "csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = _csv_rows(data)
    assert [row["标题"] for row in rows] == ["关于增设社区养老食堂的建议"]
    row = rows[0]
    assert row["编号"] == shown.serial and row["领衔代表"] == shown.lead_deputy.name
    assert row["承办单位"] == "区教育局（主办）" and row["答复分类"] == "A"
    assert row["答复内容"] == "【区教育局】已答复。"
    assert row["网页"].endswith(reverse("public:proposal-detail", args=[shown.pk]))
    assert row["答复函"].endswith(reverse("public:proposal-reply-pdf", args=[shown.pk]))

    response, data = _get(client, "proposals", shown.year, "json")
    assert response["Content-Type"].startswith("application/json")
    document = json.loads(data)
    assert document["license"]["name"] == "CC BY 4.0"
    assert [f["name"] for f in document["fields"]][:3] == ["serial", "kind", "title"]
    assert {f["title"] for f in document["fields"]} >= {"编号", "答复内容"}
    assert [r["title"] for r in document["data"]] == ["关于增设社区养老食堂的建议"]


def test_a_title_excel_would_run_as_a_formula_stays_text(client, unit, staff):
    shown = walk_to("closed", unit=unit, staff=staff, title='=HYPERLINK("http://x.example","点我")')
    rows = _csv_rows(_get(client, "proposals", shown.year, "csv")[1])
    assert rows[0]["标题"] == "'" + shown.title
    # JSON is data, not a spreadsheet: the title as written.
    assert json.loads(_get(client, "proposals", shown.year, "json")[1])["data"][0]["title"] == shown.title


@pytest.mark.parametrize("rows", [2, 6])
def test_proposals_download_costs_the_same_whatever_the_size(client, unit, other_unit, staff, rows):
    for _ in range(rows):
        proposal = walk_to("closed", unit=unit, staff=staff)
    with CaptureQueriesContext(connection) as queries:
        _response, data = _get(client, "proposals", proposal.year, "csv")
    assert len(_csv_rows(data)) == rows
    # 1 the period's check (years), 2 proposals, 3 their units, 4 co-signers, 5 replies
    assert len(queries) == 5, [q["sql"] for q in queries]


def test_attendance_and_meetings(client, staff):
    meeting, units = _published_meeting(staff, units=4)  # three check in, one does not
    year = timezone.localdate(meeting.starts_at).year

    rows = _csv_rows(_get(client, "attendance", year, "csv")[1])

    assert {row["单位"] for row in rows} == {u.name for u in units}
    assert sorted(row["出席情况"] for row in rows) == ["出席", "出席", "出席", "缺席"]
    assert {row["迟到"] for row in rows} <= {"是", "否"}
    assert all(row["会议"] == meeting.title for row in rows)
    meetings = _csv_rows(_get(client, "meetings", year, "csv")[1])
    assert meeting.title in {row["会议名称"] for row in meetings}


def test_deputies_only_the_fields_each_chose_and_never_contacts(client, term):
    DeputyFactory(term=term, name="公开代表", occupation="某中学校长", public_fields=["occupation", "phone"])
    DeputyFactory(term=term, name="保密代表", occupation="某医院院长", public_fields=[])
    DeputyFactory(term=term, name="已离任代表", is_active=False)

    data = _get(client, "deputies", term.number, "csv")[1]

    rows = {row["姓名"]: row for row in _csv_rows(data)}
    assert set(rows) == {"公开代表", "保密代表"}
    assert rows["公开代表"]["工作单位及职务"] == "某中学校长"
    assert rows["保密代表"]["工作单位及职务"] == ""
    assert "13800000000" not in data.decode("utf-8-sig")  # no phone, even a public one
    assert Deputy.objects.count() == 3


def test_unknown_dataset_or_period_is_a_404(client, unit, staff):
    walk_to("closed", unit=unit, staff=staff)
    for path in (
        "/opendata/nothing/2026.csv",
        "/opendata/proposals/1999.csv",
        "/opendata/proposals/2026.xml",
    ):
        assert client.get(path).status_code == 404


def test_the_page_is_kept_by_the_public_page_cache_and_downloads_stream(client, unit, staff, settings):
    settings.CONGRESS_PAGE_CACHE = True
    first = walk_to("closed", unit=unit, staff=staff)
    assert client.get("/opendata/")["X-Page-Cache"] == "miss"
    assert client.get("/opendata/")["X-Page-Cache"] == "hit"
    csv_url = reverse("opendata:download", args=["proposals", str(first.year), "csv"])
    response = client.get(csv_url)  # streamed, never stored
    assert "X-Page-Cache" not in response and response["Cache-Control"] == "public, max-age=300"


def test_inspections_once_deliberated(client, staff, unit):
    from supervision.services import inspections as inspection_services
    from supervision.tests.test_api_public_inspections import _deliberated, _inspection

    committee = WorkingCommitteeFactory(name="区人大常委会教育科学文化卫生工作委员会")
    _inspection(staff, committee, "尚在准备的执法检查")  # not public yet
    inspection, (first, *_rest) = _deliberated(staff, None, unit, committee)
    inspection_services.issue_rectify(actor=officer_of(unit), issue=first, content="已建立溯源台账")
    inspection_services.issue_accept(actor=staff, issue=first, reason="整改到位")

    rows = _csv_rows(_get(client, "inspections", 2026, "csv")[1])

    assert [row["检查名称"] for row in rows] == ["食品安全法执法检查"]
    assert rows[0]["问题数"] == "3" and rows[0]["已验收问题数"] == "1"
    assert rows[0]["报告PDF"].endswith(reverse("public:supervision-inspection-pdf", args=[inspection.pk]))
