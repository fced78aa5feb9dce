"""Reports to voters in the deputy's portal: the reports scheduled for them, recording one
held, writing and publishing its text, reading the voters' comments; another deputy's report is
a 404. Voters' comments are limited per network address (the rule), with a Chinese message and
the typed text kept."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from congress import yearly
from congress.models import Rule
from deputies import services_record as services
from deputies.models_record import VoterComment, VoterReport
from deputies.tests.factories import DeputyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deputy(term):
    return DeputyFactory(term=term, with_user=True)


def _scheduled(staff, deputy, days_ago=3):
    return services.voter_report_schedule(
        actor=staff,
        deputy=deputy,
        title="2025年度履职情况报告",
        scheduled_at=timezone.now() - dt.timedelta(days=days_ago),
        location="天平街道社区活动中心",
    )


def test_deputy_holds_writes_and_publishes_and_reads_comments(client, staff, deputy):
    report = _scheduled(staff, deputy)
    client.force_login(deputy.user)
    listing = client.get(reverse("portal:deputy-voter-reports")).content.decode()
    url = reverse("portal:deputy-voter-report", args=[report.pk])
    assert "2025年度履职情况报告" in listing and url in listing

    assert client.post(url, {"step": "hold", "attendees": "35"}).status_code == 302
    report.refresh_from_db()
    assert report.state == VoterReport.State.HELD and report.attendees == 35

    bad = client.post(url, {"step": "publish", "text": "   "})
    assert bad.status_code == 200 and "请填写报告内容" in bad.content.decode()
    assert client.post(url, {"step": "publish", "text": "一年来我提出建议三件……"}).status_code == 302
    report.refresh_from_db()
    assert report.state == VoterReport.State.PUBLISHED and report.events.filter(action="publish").exists()

    services.voter_comment_add(report=report, content="希望继续关注停车难", name="老张")
    hidden = services.voter_comment_add(report=report, content="广告")
    VoterComment.objects.filter(pk=hidden.pk).update(is_hidden=True)
    page = client.get(url).content.decode()
    assert "希望继续关注停车难" in page and "不予显示" in page
    public = client.get(reverse("public:deputy-voter-report", args=[deputy.pk, report.pk])).content.decode()
    assert "一年来我提出建议三件" in public


def test_hold_in_the_future_refused_in_chinese_and_schedule_from_the_portal(client, staff, deputy):
    report = _scheduled(staff, deputy, days_ago=-5)
    client.force_login(deputy.user)
    url = reverse("portal:deputy-voter-report", args=[report.pk])
    response = client.post(url, {"step": "hold", "attendees": "10"})
    assert response.status_code == 200 and "召开时间不能晚于现在" in response.content.decode()
    listing = reverse("portal:deputy-voter-reports")
    missing = client.post(listing, {"title": "年中报告", "location": ""})
    assert missing.status_code == 200 and "请填写地点" in missing.content.decode()
    assert 'value="年中报告"' in missing.content.decode()
    ok = client.post(listing, {"title": "年中报告", "location": "居委会", "scheduled_at": "2026-06-01T19:00"})
    assert ok.status_code == 302 and VoterReport.objects.filter(deputy=deputy, title="年中报告").exists()


def test_another_deputys_report_is_404_and_non_deputies_too(client, staff, deputy, officer):
    report = _scheduled(staff, deputy)
    other = DeputyFactory(term=deputy.term, with_user=True)
    client.force_login(other.user)
    url = reverse("portal:deputy-voter-report", args=[report.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"step": "hold"}).status_code == 404
    client.force_login(officer)
    assert client.get(reverse("portal:deputy-voter-reports")).status_code == 404


def test_comments_limited_per_address_with_the_text_kept(client, staff, deputy):
    report = _scheduled(staff, deputy)
    services.voter_report_hold(actor=staff, report=report)
    services.voter_report_publish(actor=staff, report=report, text="报告全文")
    Rule.objects.update_or_create(key="deputies.voter_comment_limit_per_hour", defaults={"value": 2})
    yearly.forget(yearly.RULES_KEY)
    url = reverse("public:deputy-voter-report", args=[deputy.pk, report.pk])
    for n in range(2):
        assert client.post(url, {"content": f"意见{n}"}, REMOTE_ADDR="203.0.113.7").status_code == 302
    refused = client.post(url, {"content": "第三条意见很长", "name": "李"}, REMOTE_ADDR="203.0.113.7")
    page = refused.content.decode()
    assert refused.status_code == 429 and "一小时内已提交 2 条评议意见" in page
    assert "第三条意见很长" in page and 'value="李"' in page
    # another address is not held back; the address is kept but never shown
    assert client.post(url, {"content": "别处的意见"}, REMOTE_ADDR="198.51.100.2").status_code == 302
    assert VoterComment.objects.filter(report=report).count() == 3
    assert "203.0.113.7" not in client.get(url).content.decode()
    # an hour later the address may comment again
    VoterComment.objects.update(created_at=timezone.now() - dt.timedelta(minutes=61))
    assert client.post(url, {"content": "一小时后"}, REMOTE_ADDR="203.0.113.7").status_code == 302
