"""Proposals' notices are shown in the reader's language, not the sender's or the job's: a
deputy writing in English still gives Chinese staff a Chinese notice, and the daily reminder
job's bulk notices read in whichever language each recipient chose."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from congress.models import Notification
from proposals import services
from proposals.tasks import send_daily_reminders
from proposals.tests.factories import walk_to

pytestmark = pytest.mark.django_db


def _read(client, language):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    return client.get(reverse("portal:notifications")).content.decode()


def test_a_submission_in_english_reaches_chinese_staff_in_chinese(
    client, deputy, staff, django_capture_on_commit_callbacks
):
    # given a deputy who works in English
    client.force_login(deputy.user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    # when they submit
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portal:proposal-create"),
            {"kind": "suggestion", "title": "关于路灯的建议", "content": "路灯不亮。", "submit_now": "1"},
        )

    # then staff read it in their language, whichever they choose
    reader = Client()
    reader.force_login(staff)
    chinese, english = _read(reader, "zh-hans"), _read(reader, "en")
    assert "新提交待立案：关于路灯的建议" in chinese and "New submission" not in chinese
    assert "New submission to register: 关于路灯的建议" in english and "新提交待立案" not in english
    notice = Notification.objects.get(recipient=staff)
    assert notice.title == "新提交待立案：关于路灯的建议"  # e-mail and search: the default language


def test_an_assignment_names_the_role_in_the_readers_language(
    staff, unit, officer, django_capture_on_commit_callbacks
):
    proposal = walk_to("registered", staff=staff, unit=unit)

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.proposal_assign(
            actor=staff, proposal=proposal, lead_units=[unit.pk], assigned_on=dt.date(2026, 3, 2)
        )

    to_unit = Notification.objects.get(recipient=officer)
    to_deputy = Notification.objects.get(recipient=proposal.lead_deputy.user, key__contains=":assigned:")
    assert to_unit.display_title == f"新交办主办：{proposal.title}，期限 2026-06-02"
    assert to_deputy.display_body == "区教育局（主办）"
    with translation.override("en"):
        assert to_unit.display_title == f"Newly assigned (Lead): {proposal.title}, due 2026-06-02"
        assert to_deputy.display_body == "区教育局（Lead）"


def test_the_reminder_jobs_bulk_notices_read_in_each_language(
    client, staff, unit, officer, reviewer, django_capture_on_commit_callbacks
):
    # given an assignment due 2026-06-02 and another long overdue
    due = walk_to("assigned", staff=staff, unit=unit, assigned_on=dt.date(2026, 3, 2))
    late = walk_to("assigned", staff=staff, unit=unit, assigned_on=dt.date(2025, 12, 1))

    # when the job runs with English active (a worker's language is not the readers')
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        send_daily_reminders("2026-05-26")

    # then the stored text is Chinese, and each reader sees their own language
    reminder = Notification.objects.get(recipient=officer, key__contains=":due:")
    assert reminder.title == f"到期提醒：{due.title}"
    assert reminder.body == f"还有 5 个工作日到期（2026-06-02）：{due.title}，请按期提交答复。"
    client.force_login(officer)
    chinese, english = _read(client, "zh-hans"), _read(client, "en")
    assert f"已逾期：{late.title}" in chinese and f"到期提醒：{due.title}" in chinese
    assert f"Overdue: {late.title}" in english and f"Deadline reminder: {due.title}" in english
    assert f"Due in 5 working day(s) (2026-06-02): {due.title}. Please submit the Reply on time." in english
    client.force_login(reviewer)
    assert "Overdue supervision: 1 suggestion(s) newly overdue without a reply today" in _read(client, "en")
    assert "逾期督办：今日新增 1 件逾期未答复的建议" in _read(client, "zh-hans")


def test_the_missing_opinion_notice_names_the_units_role_in_the_readers_language(
    staff, unit, other_unit, officer, django_capture_on_commit_callbacks
):
    from proposals.tests.factories import receive

    proposal = walk_to("registered", staff=staff)
    services.proposal_assign(
        actor=staff, proposal=proposal, lead_units=[unit.pk], assisting_units=[other_unit.pk]
    )
    receive(proposal.assignments.get(unit=unit), officer)

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.reply_submit(
            actor=officer, assignment=proposal.assignments.get(unit=unit), reply_class="A", content="已解决"
        )

    notice = Notification.objects.get(recipient=staff, key__endswith=":opinion-missing")
    assert notice.title == f"主办单位答复时协办意见未到：{proposal.title}"
    assert notice.body == "区教育局答复时，区卫生健康委员会（协办）尚未提交意见。"
    with translation.override("en"):
        assert notice.display_title == f"Lead unit replied without an assisting opinion: {proposal.title}"
        assert notice.display_body == (
            "When 区教育局 replied, 区卫生健康委员会（Assisting） had not sent their opinion yet."
        )
