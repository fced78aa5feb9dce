"""Notices in the reader's language: a notice is stored as msgids and parameters and shown in
the language of whoever reads it, whatever the sender's was; e-mail and SMS go out in the
recipient's language (the default language: users have no preference of their own yet)."""

import copy
import datetime as dt
import pickle

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop

from congress.casework import reminders
from congress.i18n import choice_label
from congress.models import Notification
from congress.notifications import Message, notify, notify_bulk
from congress.sms import MemorySmsBackend
from congress.tests.factories import UserFactory

ATTEND = gettext_noop("列席通知：%(title)s")
LEAVE = gettext_noop("请假待审批：%(unit)s · %(meeting)s")


@pytest.fixture(autouse=True)
def empty_sms_outbox():
    MemorySmsBackend.outbox.clear()
    yield
    MemorySmsBackend.outbox.clear()


@pytest.fixture
def reader(db):
    return UserFactory(username="reader", email="reader@example.invalid", phone="13800000009")


def _read(client, url, language):
    response = client.post(reverse("set_language"), {"language": language, "next": url})
    assert response.status_code == 302
    return client.get(url).content.decode()


# --- the value ----------------------------------------------------------------------------


def test_a_message_renders_in_the_active_language():
    message = Message(ATTEND, title="第三次常委会会议")

    assert str(message) == "列席通知：第三次常委会会议"
    with translation.override("en"):
        assert str(message) == "Attendance notice: 第三次常委会会议"
    assert message.render("en") == "Attendance notice: 第三次常委会会议"
    assert "第三次" in message and f"{message}" == "列席通知：第三次常委会会议"


def test_parameters_may_be_labels_translated_with_the_message():
    message = Message(
        gettext_noop("新交办%(role)s：%(title)s，期限 %(deadline)s"),
        role=Notification.Level.REMINDER.label,  # a lazy choice label: stored by its msgid
        title="加强校园安全",
        deadline=dt.date(2026, 5, 1),
    )
    nested = Message(gettext_noop("组成结构预警：%(title)s"), title=Message(gettext_noop("连任人员比例")))
    chosen = Message(
        gettext_noop("组成结构预警：%(title)s"), title=choice_label(Notification.Level, "warning")
    )

    assert message.to_json() == {
        "msgid": "新交办%(role)s：%(title)s，期限 %(deadline)s",
        "params": {"role": {"msgid": "提醒"}, "title": "加强校园安全", "deadline": "2026-05-01"},
    }
    assert str(message) == "新交办提醒：加强校园安全，期限 2026-05-01"
    assert choice_label(Notification.Level, "gone") == "gone"  # a value no longer among the choices
    with translation.override("en"):
        assert str(message) == "Newly assigned (Reminder): 加强校园安全, due 2026-05-01"
        assert str(nested) == "Composition warning: Share of re-appointed members"
        assert str(chosen) == "Composition warning: Warning"


def test_concatenation_and_join_render_each_part_in_the_reader_language():
    title = Message(gettext_noop("到期提醒：")) + "加强校园安全"
    joined = Message.join("；", [Message(gettext_noop("主办")), Message(gettext_noop("协办"))])

    assert str(title) == "到期提醒：加强校园安全" and str(joined) == "主办；协办"
    with translation.override("en"):
        assert str(title) == "Deadline reminder: 加强校园安全"
        assert str(joined) == "Lead；Assisting"
    assert title.to_json() == {"parts": [{"msgid": "到期提醒："}, "加强校园安全"]}


def test_a_stored_message_comes_back_the_same():
    message = Message(
        gettext_noop("还有 %(n)d 个工作日到期（%(d)s）：%(title)s，请按期提交%(what)s。"),
        n=3,
        d="2026-05-01",
        title="加强校园安全",
        what=Message(gettext_noop("答复")),
    ) + Message(gettext_noop("协办"))

    again = Message.from_json(message.to_json())

    assert again == message and hash(again) == hash(message)
    assert str(again) == "还有 3 个工作日到期（2026-05-01）：加强校园安全，请按期提交答复。协办"
    assert pickle.loads(pickle.dumps(message)) == message
    assert copy.deepcopy(message) == message
    for broken in ([], {"params": {}}, {"msgid": "x", "params": [1]}, {"msgid": "x", "params": {"a": [1]}}):
        with pytest.raises(ValueError):
            Message.from_json(broken)


def test_a_translation_whose_placeholders_do_not_fit_falls_back_to_the_source(monkeypatch):
    monkeypatch.setattr(translation, "gettext", lambda msgid: "Broken %(nope)s")
    assert str(Message(ATTEND, title="会议")) == "列席通知：会议"


def test_a_lazy_msgid_is_read_as_its_msgid():
    with translation.override("en"):
        assert Message(gettext_lazy("列席通知：%(title)s"), title="会").msgid == ATTEND


# --- notices ------------------------------------------------------------------------------


def test_a_notice_sent_in_english_is_stored_in_the_default_language(reader):
    with translation.override("en"):
        notice = notify(recipients=[reader], key="k", title=Message(ATTEND, title="会议"), email=False)[0]

    notice.refresh_from_db()
    assert notice.title == "列席通知：会议"  # e-mail, SMS and search use the default language
    assert notice.message == {"title": {"msgid": ATTEND, "params": {"title": "会议"}}}
    assert notice.display_title == "列席通知：会议"
    with translation.override("en"):
        assert notice.display_title == "Attendance notice: 会议" and str(notice) == notice.display_title


def test_plain_text_is_stored_as_written(reader):
    notice = notify(
        recipients=[reader], key="k", title=Message(ATTEND, title="会"), body="代表的原话", email=False
    )[0]

    assert notice.body == "代表的原话" and "body" not in notice.message
    with translation.override("en"):
        assert notice.display_body == "代表的原话"


def test_the_portal_shows_a_notice_in_each_reader_language(
    client, reader, django_capture_on_commit_callbacks
):
    other = UserFactory(username="other_reader")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[reader, other],
            key="meeting:1:leave",
            title=Message(LEAVE, unit="区教育局", meeting="第三次常委会会议"),
            body=Message(gettext_noop("请主要负责人按时出席。")),
        )

    client.force_login(reader)
    chinese = _read(client, reverse("portal:notifications"), "zh-hans")
    english = _read(client, reverse("portal:notifications"), "en")
    english_home = client.get(reverse("portal:home")).content.decode()
    client.force_login(other)
    chinese_home = _read(client, reverse("portal:home"), "zh-hans")

    assert "请假待审批：区教育局 · 第三次常委会会议" in chinese and "请主要负责人按时出席。" in chinese
    assert "Leave awaiting approval" not in chinese
    assert "Leave awaiting approval: 区教育局 · 第三次常委会会议" in english
    assert "The head is asked to attend on time." in english
    assert "请假待审批" not in english
    assert "Leave awaiting approval: 区教育局 · 第三次常委会会议" in english_home
    assert "请假待审批：区教育局 · 第三次常委会会议" in chinese_home


def test_rows_written_before_messages_still_show(client, reader):
    Notification.objects.create(recipient=reader, key="old", title="旧的通知标题", body="旧的通知内容")

    client.force_login(reader)
    english = _read(client, reverse("portal:notifications"), "en")

    assert "旧的通知标题" in english and "旧的通知内容" in english


def test_a_hand_edited_message_falls_back_to_the_stored_text(reader):
    notice = Notification.objects.create(
        recipient=reader,
        key="odd",
        title="标题原文",
        body="内容原文",
        message={"title": {"params": 1}, "body": "x"},
    )
    assert notice.display_title == "标题原文" and notice.display_body == "内容原文"


def test_email_and_sms_go_out_in_the_default_language(reader, django_capture_on_commit_callbacks):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[reader],
            key="k",
            title=Message(ATTEND, title="会议"),
            body=Message(gettext_noop("请主要负责人按时出席。")),
            sms=True,
        )

    assert [(m.subject, m.body) for m in mail.outbox] == [("列席通知：会议", "请主要负责人按时出席。")]
    assert MemorySmsBackend.outbox[0]["text"] == "列席通知：会议 请主要负责人按时出席。"


def test_email_follows_a_recipient_language_preference(reader, monkeypatch):
    """``recipient_language`` is the one place that picks the language of e-mail and SMS."""
    from congress import tasks

    notice = notify(recipients=[reader], key="k", title=Message(ATTEND, title="会议"), email=False)[0]
    monkeypatch.setattr(tasks, "recipient_language", lambda user: "en")

    tasks.deliver_notifications.run([notice.pk], email=True)

    assert mail.outbox[0].subject == "Attendance notice: 会议"


def test_bulk_notices_and_digests_are_stored_as_messages(reader):
    with translation.override("en"):
        created = notify_bulk(
            [(reader.pk, "a", Message(gettext_noop("到期提醒：")) + "加强校园安全", "", "/x", "reminder")]
        )
        digest = reminders.send_digest(
            recipient_ids=[reader.pk],
            key="digest",
            title=Message(gettext_noop("逾期督办：今日新增 %(n)d 件逾期未答复的建议"), n=3),
            lines=["区教育局：加强校园安全"],
            total=3,
        )

    assert created == 1 and digest == 1
    by_key = {n.key: n for n in Notification.objects.filter(recipient=reader)}
    assert by_key["a"].title == "到期提醒：加强校园安全"
    assert by_key["digest"].title == "逾期督办：今日新增 3 件逾期未答复的建议"
    assert by_key["digest"].body == "区教育局：加强校园安全\n……"
    with translation.override("en"):
        assert by_key["a"].display_title == "Deadline reminder: 加强校园安全"
        assert by_key["digest"].display_title.startswith("Overdue supervision: 3")


def test_the_notifications_page_queries_are_pinned(client, reader, django_assert_num_queries):
    def send(n):
        for i in range(n):
            notify(recipients=[reader], key=f"k{n}:{i}", title=Message(ATTEND, title=f"会议{i}"), email=False)

    send(3)
    client.force_login(reader)
    client.get(reverse("portal:notifications"))  # warm the session
    # user, count for the pager, the page of notices (rendered from the row itself: no query per
    # notice); the session, district profile and roles come from the cache, and a read-only
    # request writes no session
    with django_assert_num_queries(3):
        html = client.get(reverse("portal:notifications")).content.decode()
    assert html.count("列席通知：会议") == 3
    send(20)
    with django_assert_num_queries(3):
        client.get(reverse("portal:notifications"))


def test_the_admin_shows_notices_in_the_staff_member_language(admin_client, reader):
    notify(recipients=[reader], key="k", title=Message(ATTEND, title="会议"), email=False)

    english = _read(admin_client, reverse("admin:congress_notification_changelist"), "en")
    chinese = _read(admin_client, reverse("admin:congress_notification_changelist"), "zh-hans")

    assert "Attendance notice: 会议" in english and "列席通知：会议" in chinese


def test_portal_home_queries_do_not_grow_with_notices(client, reader):
    client.force_login(reader)
    client.get(reverse("portal:home"))
    notify(recipients=[reader], key="a", title=Message(ATTEND, title="会"), email=False)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("portal:home"))
    for i in range(10):
        notify(recipients=[reader], key=f"b{i}", title=Message(ATTEND, title="会"), email=False)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("portal:home"))
    assert len(small.captured_queries) == len(large.captured_queries)
