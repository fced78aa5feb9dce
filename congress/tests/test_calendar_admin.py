"""Entering a year's holidays at once in the admin (节假日与调休 → 按年度录入): paste the State
Council's notice, preview the days, save them all with history; which years are known; the
admin index's warning; deadlines across Spring Festival 2027 once 2027 is entered."""

import datetime as dt
from pathlib import Path
from unittest import mock

import pytest
from django.urls import reverse

from congress import roles
from congress.exceptions import PermissionDeniedError
from congress.holiday_notice import holiday_text_parse
from congress.models import CalendarDay
from congress.rules import Duration
from congress.services import calendar_year_save, ensure_role_groups
from congress.tests.factories import UserFactory
from congress.workdays import WorkCalendar, calendar_years, deadline_after, years_missing_calendar

D = dt.date
pytestmark = pytest.mark.django_db
URL = reverse("admin:congress_calendarday_enter_year")
FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE_2027 = (FIXTURES / "holiday_notice_2027_example.txt").read_text(encoding="utf-8")
NOTICE_2026 = (FIXTURES / "holiday_notice_2026.txt").read_text(encoding="utf-8")


@pytest.fixture
def today_2026_11_25():
    with mock.patch("django.utils.timezone.localdate", return_value=D(2026, 11, 25)):
        yield


@pytest.fixture
def staff_client(client):
    ensure_role_groups()
    user = UserFactory(username="calendar_staff", roles=[roles.STAFF])
    client.force_login(user)
    client.user = user
    return client


def preview(client, text, year="", **extra):
    return client.post(URL, {"year": year, "text": text, "preview": "1", **extra})


def save(client, text, year="", **extra):
    digest = preview(client, text, year, **extra).context["digest"]
    return client.post(URL, {"year": year, "text": text, "save": "1", "previewed": digest, **extra})


# --- the page ------------------------------------------------------------------------------


def test_the_page_shows_which_years_are_known(staff_client, today_2026_11_25):
    CalendarDay.objects.create(date=D(2026, 12, 1), is_workday=False, name="临时调整")

    response = staff_client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-year="2026" data-source="library"' in html
    assert "另有 1 天在本表中调整" in html
    assert 'data-year="2027" data-source="missing"' in html
    assert 'data-year="2028" data-source="missing"' in html
    assert "缺失：该年度的办理期限暂按“仅周末休息”计算" in html
    assert response.context["form"].initial["year"] == 2027  # the first missing year


def test_the_changelist_links_to_the_year_entry(staff_client):
    html = staff_client.get(reverse("admin:congress_calendarday_changelist")).content.decode()

    assert f'href="{URL}"' in html and "按年度录入（粘贴国务院通知）" in html


def test_the_admin_index_warning_links_to_the_year_entry(admin_client, today_2026_11_25):
    html = admin_client.get("/admin/").content.decode()

    assert "2027 年的法定节假日和调休数据尚未录入" in html
    assert f"{URL}?year=2027" in html


# --- preview -------------------------------------------------------------------------------


def test_preview_shows_each_day_read_and_saves_nothing(staff_client, today_2026_11_25):
    response = preview(staff_client, EXAMPLE_2027)

    assert response.status_code == 200
    assert CalendarDay.objects.count() == 0
    html = response.content.decode()
    assert "2027 年：共读到 35 天" in html
    assert "（新增 35 天，修改 0 天，与本表相同 0 天）" in html
    row = html.split('data-date="2027-02-20"')[1].split("</tr>")[0]
    assert (
        "2027年2月20日" in row
        and "星期六" in row
        and "<strong>上班</strong>" in row
        and "春节调休上班" in row
    )
    row = html.split('data-date="2027-02-05"')[1].split("</tr>")[0]
    assert "星期五" in row and "放假" in row and "春节" in row and "新增" in row
    assert 'name="save"' in html
    assert "落款日期，未采用。" in html


def test_preview_lists_the_lines_it_cannot_read_in_chinese_and_offers_no_save(staff_client):
    text = "元旦：1月1日至3日放假\n春节：2月30日放假\n2027-02-20"
    response = preview(staff_client, text, year="2027")

    assert response.status_code == 200
    html = response.content.decode()
    assert "有 2 处无法读取，请修改后重新预览；改好之前不能保存。" in html
    assert "第 2 行“春节：2月30日放假”：“2月30日”不是有效的日期。" in html
    assert "第 3 行“2027-02-20”：看不出是放假还是上班" in html
    assert 'name="save"' not in html
    assert 'data-date="2027-01-01"' in html  # what it could read is still shown


def test_bad_form_input_is_a_form_error_not_a_500(staff_client):
    response = staff_client.post(URL, {"year": "abc", "text": "", "preview": "1"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "请输入四位数的年份。" in html
    assert "请粘贴国务院办公厅通知的全文，或逐行填写日期。" in html
    assert staff_client.post(URL, {"year": "1900", "text": "x"}).context["form"].errors["year"]


def test_preview_query_count_does_not_grow_with_the_days(staff_client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as two_days:
        preview(staff_client, "2027-06-09 放假\n2027-06-12 上班", year="2027")
    with django_assert_max_num_queries(len(two_days)):
        preview(staff_client, EXAMPLE_2027)  # 35 days


# --- save ----------------------------------------------------------------------------------


def test_save_enters_the_whole_year_with_history(staff_client, today_2026_11_25):
    response = save(staff_client, EXAMPLE_2027)

    assert response.status_code == 302
    assert response.url == reverse("admin:congress_calendarday_changelist") + "?date__year=2027"
    assert CalendarDay.objects.filter(date__year=2027).count() == 35
    assert CalendarDay.objects.get(date=D(2027, 2, 20)).is_workday is True
    history = CalendarDay.history.filter(date=D(2027, 2, 20)).get()
    assert history.history_type == "+"
    assert history.history_user == staff_client.user
    assert history.history_change_reason == "按年度录入2027年节假日安排"
    assert CalendarDay.history.count() == 35
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["已保存2027年的节假日安排：新增 35 天，修改 0 天，未变 0 天。"]


def test_saving_again_changes_only_what_differs_and_keeps_other_rows(staff_client):
    guess = CalendarDay.objects.create(date=D(2027, 2, 25), is_workday=False, name="春节（推测）")
    CalendarDay.objects.create(date=D(2027, 2, 20), is_workday=False, name="春节")  # the notice says worked

    html = preview(staff_client, EXAMPLE_2027).content.decode()
    assert "（新增 34 天，修改 1 天，与本表相同 0 天）" in html
    assert "修改（原为放假 · 春节）" in html
    assert "保存后仍然保留" in html and "春节（推测）" in html and "如需删除，请联系系统管理员。" in html
    assert "remove_others" not in html  # staff do not delete official records

    save(staff_client, EXAMPLE_2027)

    changed = CalendarDay.objects.get(date=D(2027, 2, 20))
    assert (changed.is_workday, changed.name) == (True, "春节调休上班")
    assert [h.history_type for h in changed.history.order_by("history_id")] == ["+", "~"]
    assert changed.history.latest("history_id").history_user == staff_client.user
    assert CalendarDay.objects.filter(pk=guess.pk).exists()


def test_a_system_administrator_may_remove_the_rows_the_notice_does_not_mention(admin_client, admin_user):
    guess = CalendarDay.objects.create(date=D(2027, 2, 25), is_workday=False, name="春节（推测）")

    html = admin_client.post(
        URL, {"text": EXAMPLE_2027, "remove_others": "on", "preview": "1"}
    ).content.decode()
    assert "保存时将删除" in html
    response = save(admin_client, EXAMPLE_2027, remove_others="on")

    assert response.status_code == 302
    assert not CalendarDay.objects.filter(pk=guess.pk).exists()
    deleted = CalendarDay.history.get(id=guess.pk, history_type="-")
    assert deleted.history_user == admin_user


def test_save_refuses_text_changed_after_the_preview(staff_client):
    digest = preview(staff_client, EXAMPLE_2027).context["digest"]
    edited = EXAMPLE_2027.replace("2月20日（周六）上班", "2月27日（周六）上班")

    response = staff_client.post(URL, {"text": edited, "save": "1", "previewed": digest})

    assert response.status_code == 200
    assert CalendarDay.objects.count() == 0
    assert "内容在预览后有改动，请核对下面的预览后再保存。" in response.content.decode()
    assert 'data-date="2027-02-27"' in response.content.decode()


def test_save_of_text_with_errors_saves_nothing(staff_client):
    response = staff_client.post(
        URL,
        {"year": "2027", "text": "元旦：1月1日至3日放假\n春节：2月30日放假", "save": "1", "previewed": "x"},
    )

    assert response.status_code == 200
    assert CalendarDay.objects.count() == 0


def test_who_may_enter_a_year(client):
    ensure_role_groups()
    member = UserFactory(roles=[roles.MEMBER])  # reads everything, changes nothing
    client.force_login(member)
    assert client.get(URL).status_code == 403

    officer = UserFactory(roles=[roles.UNIT_OFFICER])  # not staff: the admin's login
    client.force_login(officer)
    assert client.get(URL).status_code == 302

    days = holiday_text_parse(EXAMPLE_2027, year=2027).days
    with pytest.raises(PermissionDeniedError):
        calendar_year_save(year=2027, days=days, actor=member)


def test_only_those_who_may_delete_remove_rows(staff_client):
    days = holiday_text_parse(EXAMPLE_2027, year=2027).days
    with pytest.raises(PermissionDeniedError):
        calendar_year_save(year=2027, days=days, actor=staff_client.user, remove_others=True)
    assert CalendarDay.objects.count() == 0


# --- known years, the warning, deadlines ---------------------------------------------------


def test_the_warning_stays_until_this_year_and_next_are_known(staff_client, admin_client, settings):
    # given 2027 has started and only 2027 was entered
    save(staff_client, EXAMPLE_2027)
    with mock.patch("django.utils.timezone.localdate", return_value=D(2027, 3, 1)):
        # then 2028 is still missing
        assert years_missing_calendar() == [2028]
        assert "2028 年的法定节假日和调休数据尚未录入" in admin_client.get("/admin/").content.decode()
        # even where the rule asks for no years ahead
        from congress.models import Rule

        Rule.objects.create(key="calendar.warn_years_ahead", value=0)
        assert years_missing_calendar() == [2028]


def test_after_entering_2027_the_admin_index_no_longer_warns(staff_client, admin_client, today_2026_11_25):
    assert "2027 年的法定节假日和调休数据尚未录入" in admin_client.get("/admin/").content.decode()

    save(staff_client, EXAMPLE_2027)

    assert "法定节假日和调休数据尚未录入" not in admin_client.get("/admin/").content.decode()
    assert [(y.year, y.source) for y in calendar_years([2026, 2027, 2028])] == [
        (2026, "library"),
        (2027, "table"),
        (2028, "missing"),
    ]


def test_a_deadline_across_spring_festival_2027_after_entering_2027(staff_client):
    # given 2027 unknown: weekends only. Feb 3 (Wed) + 7 working days = Feb 12
    assert WorkCalendar().add_workdays(D(2027, 2, 3), 7) == D(2027, 2, 12)
    assert deadline_after(D(2026, 11, 8), Duration(3, "months")) == D(2027, 2, 8)

    # when staff enter the 2027 notice
    save(staff_client, EXAMPLE_2027)

    # then Feb 5–13 are off and Saturday Feb 20 is worked:
    # Feb 4, 15, 16, 17, 18, 19, 20 (调休上班)
    assert deadline_after(D(2027, 2, 3), Duration(7, "workdays")) == D(2027, 2, 20)
    # and three months from Nov 8 lands on Feb 8, a holiday: the first day back
    assert deadline_after(D(2026, 11, 8), Duration(3, "months")) == D(2027, 2, 15)


def test_entering_the_2026_notice_changes_no_deadline(staff_client):
    """The library already knows 2026: the same days in the table agree with it."""
    before = [WorkCalendar().add_workdays(D(2026, 1, 1) + dt.timedelta(days=n), 5) for n in range(0, 365, 7)]

    save(staff_client, NOTICE_2026)

    assert CalendarDay.objects.count() == 39
    assert [
        WorkCalendar().add_workdays(D(2026, 1, 1) + dt.timedelta(days=n), 5) for n in range(0, 365, 7)
    ] == before
