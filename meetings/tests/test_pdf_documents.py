"""A meeting's official documents as PDF (GB/T 9704): the notice of a published meeting and the
disclosure of its attendance once published — the Chinese text really there (pdftotext), what
the public page shows and nothing more, 404 for what the public may not read yet."""

import pytest
from django.urls import reverse

from congress.selectors import district_profile
from congress.tests.factories import OrganizationFactory
from congress.tests.pdftext import pdf_text
from meetings import services
from meetings.models import RequiredAttendance
from meetings.tests.conftest import start_meeting
from meetings.tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _flat(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return "".join(pdf_text(response.content).split())  # pdftotext breaks lines where the page does


def test_the_notice_of_a_published_meeting(client, staff):
    meeting = MeetingFactory(title="区十七届人大常委会第二十次会议", location="区人大常委会第一会议室")
    AgendaItemFactory(meeting=meeting, order=1, title="审议区人民政府关于养老服务工作情况的报告")
    AgendaItemFactory(meeting=meeting, order=2, title="审议人事任免事项")
    url = reverse("public:meeting-notice-pdf", args=[meeting.pk])

    text = _flat(client.get(url))

    assert district_profile().congress_name in text  # 版头 and 署名
    assert "关于召开区十七届人大常委会第二十次会议的通知" in text  # 标题
    assert "常委会组成人员，各列席单位：" in text  # 主送
    assert "区人大常委会第一会议室" in text and "一、会议时间" in text
    assert "1.审议区人民政府关于养老服务工作情况的报告" in text and "2.审议人事任免事项" in text
    assert "（此件公开发布）" in text and "—1—" in text
    page = client.get(reverse("public:meeting-detail", args=[meeting.pk])).content.decode()
    assert url in page


def test_no_notice_of_an_unpublished_or_cancelled_meeting(client, staff):
    hidden = MeetingFactory(is_schedule_published=False)
    cancelled = services.meeting_cancel(meeting=MeetingFactory(), actor=staff)
    for meeting in (hidden, cancelled):
        assert client.get(reverse("public:meeting-notice-pdf", args=[meeting.pk])).status_code == 404


def test_the_attendance_disclosure_once_published(client, staff):
    meeting = MeetingFactory()
    units = [OrganizationFactory(name=name) for name in ("区教育局", "区民政局", "区卫生健康委员会")]
    services.meeting_require_units(meeting=meeting, actor=staff, unit_ids=[u.pk for u in units])
    url = reverse("public:meeting-attendance-pdf", args=[meeting.pk])
    assert client.get(url).status_code == 404  # nothing published before the meeting
    start_meeting(meeting, staff)
    rows = list(RequiredAttendance.objects.filter(meeting=meeting).order_by("pk"))
    services.attendance_check_in(attendance=rows[0], actor=staff)
    services.meeting_close(meeting=meeting, actor=staff)
    assert client.get(url).status_code == 404  # closed, not yet published
    services.attendance_publish(meeting_id=meeting.pk)

    text = _flat(client.get(url))

    assert f"{meeting.title}列席单位出席情况" in text
    assert all(unit.name in text for unit in units)
    assert "应列席单位3个，出席1个，请假0个，缺席2个。" in text
    assert "出席" in text and "缺席" in text
    page = client.get(reverse("public:meeting-detail", args=[meeting.pk])).content.decode()
    assert url in page


@pytest.mark.parametrize("units", [2, 6])
def test_the_attendance_pdf_costs_the_same_whatever_the_units(
    client, staff, units, django_assert_num_queries
):
    from meetings.tests.test_views import _published_meeting

    meeting, _units = _published_meeting(staff, units=units)
    district_profile()  # cached once read, like on any page
    # 1 the meeting, 2 the published rows with their units
    with django_assert_num_queries(2):
        response = client.get(reverse("public:meeting-attendance-pdf", args=[meeting.pk]))
    assert response.status_code == 200
