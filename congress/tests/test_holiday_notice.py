"""Reading the State Council's holiday notice, or a list of dates, into days off and shifted
working days (congress.holiday_notice). No database.

The 2026 fixture is the notice as published (国办发明电〔2025〕7号); the library
``chinesecalendar`` carries the same arrangement, so the parser must agree with it day for day.
The 2027 fixture is an example in the notice's format with assumed dates."""

import datetime as dt
from pathlib import Path

import pytest
from chinese_calendar.constants import holidays, workdays

from congress.holiday_notice import holiday_text_parse, title_year

D = dt.date
FIXTURES = Path(__file__).parent / "fixtures"
NOTICE_2026 = (FIXTURES / "holiday_notice_2026.txt").read_text(encoding="utf-8")
EXAMPLE_2027 = (FIXTURES / "holiday_notice_2027_example.txt").read_text(encoding="utf-8")


def off(result):
    return {d.date for d in result.days if not d.is_workday}


def worked(result):
    return {d.date for d in result.days if d.is_workday}


def only_error(result):
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


# --- the notice ----------------------------------------------------------------------------


def test_the_2026_notice_gives_exactly_the_official_arrangement():
    # when the notice is read with the year taken from its title
    result = holiday_text_parse(NOTICE_2026, year=None)

    # then every day off and every shifted working day is the library's, and nothing else
    assert result.year == 2026
    assert result.errors == []
    assert off(result) == {day for day in holidays if day.year == 2026}
    assert worked(result) == {day for day in workdays if day.year == 2026}
    assert len(result.days) == 39


def test_the_2026_notice_names_each_day_after_its_holiday():
    names = {d.date: d.name for d in holiday_text_parse(NOTICE_2026, year=2026).days}

    assert names[D(2026, 1, 1)] == "元旦"
    assert names[D(2026, 1, 4)] == "元旦调休上班"
    assert names[D(2026, 2, 15)] == names[D(2026, 2, 23)] == "春节"
    assert names[D(2026, 2, 14)] == names[D(2026, 2, 28)] == "春节调休上班"
    assert names[D(2026, 9, 25)] == "中秋节"
    assert names[D(2026, 9, 20)] == "国庆节调休上班"


def test_the_signature_date_is_left_out_with_a_note():
    result = holiday_text_parse(NOTICE_2026, year=2026)

    assert [(n.line, n.text, n.message) for n in result.notes] == [
        (16, "2025年11月4日", "落款日期，未采用。")
    ]
    assert D(2025, 11, 4) not in {d.date for d in result.days}


def test_the_2027_example_is_read_with_its_year_from_the_title():
    result = holiday_text_parse(EXAMPLE_2027, year=None)

    assert result.ok and result.year == 2027
    assert D(2027, 2, 5) in off(result) and D(2027, 2, 13) in off(result)
    assert worked(result) == {
        D(2027, 1, 31),
        D(2027, 2, 20),
        D(2027, 4, 25),
        D(2027, 5, 8),
        D(2027, 9, 26),
        D(2027, 10, 9),
    }
    assert title_year(EXAMPLE_2027) == 2027


def test_a_notice_under_the_wrong_year_is_caught_by_its_weekdays():
    result = holiday_text_parse(NOTICE_2026.replace("关于2026年", "关于2027年"), year=2027)

    # 2027-01-01 is a Friday; the notice says Thursday
    assert result.errors[0].line == 6
    assert result.errors[0].message == "2027年1月1日是星期五，文中写的是星期四：请核对年份和日期。"
    assert not result.ok


def test_the_title_year_must_match_the_year_chosen():
    result = holiday_text_parse(NOTICE_2026, year=2027)

    assert (result.errors[0].line, result.errors[0].message) == (
        0,
        "通知标题是2026年的安排，但所选年份是2027年。",
    )
    assert "2027年1月1日是星期五" in result.errors[1].message  # and the weekdays disagree too


def test_dates_in_brackets_that_only_encourage_rest_are_not_days_off():
    # the 2024 notice: 除夕 (Feb 9) was not a day off, staff were "encouraged" to rest
    text = (
        "二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。"
        "鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。"
    )
    result = holiday_text_parse(text, year=2024)

    assert result.errors == []
    assert D(2024, 2, 9) not in {d.date for d in result.days}
    assert off(result) == {D(2024, 2, day) for day in range(10, 18)}
    assert worked(result) == {D(2024, 2, 4), D(2024, 2, 18)}
    assert result.notes[0].message == "括号中的日期不是放假或上班安排，未采用。"


def test_new_year_across_two_years_with_the_years_written_out():
    # the 2019 notice
    text = "一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。"
    result = holiday_text_parse(text, year=2019)

    assert result.errors == []
    assert off(result) == {D(2018, 12, 30), D(2018, 12, 31), D(2019, 1, 1)}
    assert worked(result) == {D(2018, 12, 29)}


def test_a_single_day_joined_to_the_weekend():
    result = holiday_text_parse("一、元旦：1月1日放假，与周末连休。", year=2024)

    assert [(d.date, d.is_workday, d.name) for d in result.days] == [(D(2024, 1, 1), False, "元旦")]


# --- dates and ranges ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "劳动节：4月30日至5月4日放假",
        "劳动节：4月30日—5月4日放假",
        "劳动节：4月30日-5月4日放假",
        "劳动节：4月30日～5月4日放假",
        "劳动节：4月30日到5月4日放假",
        "劳动节：4月30号至5月4号放假",
        "劳动节：４月３０日至５月４日放假",
        "2027-04-30 至 2027-05-04 放假 劳动节",
        "2027/4/30 - 2027/5/4 放假 劳动节",
        "2027.4.30~2027.5.4 放假 劳动节",
        "2027年4月30日至5月4日 放假 劳动节",
        "放假：2027-04-30—2027-05-04 劳动节",
    ],
)
def test_ranges_in_every_usual_writing(text):
    result = holiday_text_parse(text, year=2027)

    assert result.errors == []
    assert [(d.date, d.is_workday, d.name) for d in result.days] == [
        (D(2027, 4, 30) + dt.timedelta(days=n), False, "劳动节") for n in range(5)
    ]


def test_a_range_keeps_the_month_of_its_start():
    result = holiday_text_parse("国庆节：10月1日（星期五）至7日（星期四）放假调休，共7天。", year=2027)

    assert off(result) == {D(2027, 10, day) for day in range(1, 8)}


@pytest.mark.parametrize("weekday", ["星期日", "周日", "礼拜天", "星期天"])
def test_every_way_of_writing_the_weekday(weekday):
    result = holiday_text_parse(f"国庆节：9月26日（{weekday}）上班。", year=2027)

    assert result.errors == [] and worked(result) == {D(2027, 9, 26)}


def test_a_list_of_dates_one_a_line():
    text = """
        春节：
        2027-02-05 至 2027-02-13 放假
        2027-01-31 上班
        2027年2月20日 补班
        2027-10-09 上班 国庆节
        1. 2027-06-09 放假 端午节
    """
    result = holiday_text_parse(text, year=2027)

    assert result.errors == []
    names = {d.date: (d.is_workday, d.name) for d in result.days}
    assert names[D(2027, 2, 5)] == (False, "春节")
    assert names[D(2027, 1, 31)] == (True, "春节调休上班")
    assert names[D(2027, 2, 20)] == (True, "春节调休上班")
    assert names[D(2027, 10, 9)] == (True, "国庆节调休上班")
    assert names[D(2027, 6, 9)] == (False, "端午节")


def test_days_without_a_name_get_a_plain_one():
    result = holiday_text_parse("2027-06-09 放假\n2027-06-12 上班", year=2027)

    assert [(d.date, d.name) for d in result.days] == [
        (D(2027, 6, 9), "法定节假日"),
        (D(2027, 6, 12), "调休上班"),
    ]


def test_a_working_day_on_a_weekday_is_noted():
    result = holiday_text_parse("2027-06-10 上班", year=2027)

    assert result.errors == []
    assert result.notes[0].message == "6月10日是星期四，本来就是工作日。"


# --- what it cannot read -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, message",
    [
        ("春节：2月30日放假", "“2月30日”不是有效的日期。"),
        ("春节：2月6日", "看不出是放假还是上班：请在日期后写明“放假”或“上班”。"),
        (
            "元旦：12月30日至1月1日放假",
            "“12月30日”到“1月1日”：结束日期早于开始日期（跨年的区间请写明年份）。",
        ),
        ("春节：1月1日至3月1日放假", "“1月1日”到“3月1日”超过31天，请核对。"),
        ("元旦：1月1日至3日放假，共4天。", "文中写“共4天”，但放假日期共3天。"),
        ("2028年5月1日 放假", "2028年5月1日不在2027年的安排范围内。"),
    ],
)
def test_a_line_it_cannot_read_is_named_with_a_chinese_message(text, message):
    result = holiday_text_parse(f"2027-01-01 放假 元旦\n{text}", year=2027)

    error = only_error(result)
    assert (error.line, error.text, error.message) == (2, text, message)
    assert result.days[0].date == D(2027, 1, 1)  # the lines it could read are still shown


def test_a_day_both_off_and_worked_is_an_error_naming_the_other_line():
    result = holiday_text_parse("2027-02-06 上班\n春节：2月5日至7日放假", year=2027)

    error = only_error(result)
    assert error.line == 2
    assert error.message == "2月6日在第1行是“上班”，这里又是“放假”。"


def test_without_a_year_or_a_title_it_asks_for_the_year():
    error = only_error(holiday_text_parse("2月6日放假", year=None))

    assert error.message.startswith("请填写年份")


def test_text_without_any_date_is_an_error():
    assert only_error(holiday_text_parse("你好", year=2027)).message == "没有读到任何日期。"
    assert only_error(holiday_text_parse("", year=2027)).message == "没有读到任何日期。"


def test_a_document_number_is_not_a_date():
    result = holiday_text_parse("国办发明电〔2025〕7号\n2027-01-01 放假", year=2027)

    assert result.errors == [] and off(result) == {D(2027, 1, 1)}
