"""Read a year's public holidays and shifted working days (调休) from text staff paste: the
State Council's notice (国务院办公厅关于20XX年部分节假日安排的通知) or a plain list of dates.

Pure: no database. ``holiday_text_parse(text, year=2027)`` gives every day it read, the lines
it could not read (each with a Chinese message naming the line), and notes on what it left out
on purpose (the notice's signature date, a date in brackets such as 除夕（2月9日）in a sentence
that only *encourages* rest). Nothing is saved here: ``congress.services.calendar_year_save``
saves what the admin's preview showed.

What it reads, line by line:

* ``一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。`` — the name
  before the colon names the holiday; in each sentence the dates before 放假/休息 are days off
  and the dates before 上班/补班 are working days; ``共3天`` must match the range; a weekday in
  brackets after a date (星期日, 周日, 礼拜天) must be that date's weekday, which catches a
  notice pasted under the wrong year.
* ``2027-02-06 上班 春节`` or ``2027年2月5日—2月13日 放假 春节`` — one entry a line.

Dates: ``2月15日``, ``2027年2月15日``, ``2027-02-15``, ``2027/2/15``, ``2027.2.15``;
ranges with 至, 到, —, –, - or ~ (``2月15日至23日`` keeps the month, ``12月30日至1月1日``
needs the years written out); several dates joined by 、 , 和 及. Full-width digits are fine.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

WEEKDAYS = "一二三四五六日"  # as written in a notice: 星期一 … 星期日, 周一 … 周日
MAX_RANGE_DAYS = 31
NAME_MAX_LENGTH = 50  # CalendarDay.name

_TOKEN = re.compile(
    r"""
    (?P<paren>\([^()]*\))
  | (?P<iso>(?P<iy>\d{4})\s*[-/.]\s*(?P<im>\d{1,2})\s*[-/.]\s*(?P<id>\d{1,2})(?!\d)\s*[日号]?)
  | (?P<cn>(?:(?P<cy>\d{4})\s*年\s*)?(?P<cm>\d{1,2})\s*月\s*(?P<cd>\d{1,2})(?!\d)\s*[日号]?)
  | (?P<day>(?P<dd>\d{1,2})\s*[日号])
  | (?P<sep>至|到|~|—+|–|―|─|-)
  | (?P<join>[、,和及与])
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE,
)
_WORK = re.compile(r"上班|补班|工作日|班")
_OFF = re.compile(r"放假|休息|休假|假|休")
_KEYWORDS = re.compile(r"放假调休|调休上班|上班|补班|放假|休息|休假|工作日|与周末连休|调休")
_TOTAL = re.compile(r"共\s*(\d+)\s*天")
_WEEKDAY = re.compile(r"(?:星期|周|礼拜)([一二三四五六日天1-7])")
_ENUMERATOR = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]{1,2}\)|\d{1,2}(?:[、)]|\.(?!\d)))\s*"
)
_HEADER = re.compile(r"^(?P<name>[^:\d()]{1,20}?)\s*:\s*(?P<rest>.*)$")
_TITLE_YEAR = re.compile(r"关于\s*(\d{4})\s*年[^\n]{0,8}节假日")
_DATE_IN_TEXT = re.compile(r"\d{1,2}\s*月\s*\d{1,2}|\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}")
_SENTENCE_END = re.compile(r"[。;]")
_NAME_NOISE = re.compile(r"[\s,、.:;!?\"'“”‘’()\[\]【】《》·]+")


@dataclass(frozen=True)
class ParsedDay:
    date: dt.date
    is_workday: bool
    name: str
    line: int  # 1-based line of the pasted text


@dataclass(frozen=True)
class LineMessage:
    line: int  # 0: the text as a whole
    text: str
    message: str


@dataclass
class ParseResult:
    year: int | None
    days: list[ParsedDay] = field(default_factory=list)
    errors: list[LineMessage] = field(default_factory=list)
    notes: list[LineMessage] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.days) and not self.errors


class _LineError(Exception):
    pass


@dataclass
class _Date:
    date: dt.date
    explicit_year: bool
    source: str
    brackets: list[str] = field(default_factory=list)


def _label(day: dt.date) -> str:
    return _("%(m)d月%(d)d日") % {"m": day.month, "d": day.day}


def _weekday_name(index: int) -> str:
    return [_("星期一"), _("星期二"), _("星期三"), _("星期四"), _("星期五"), _("星期六"), _("星期日")][index]


def _make_date(year: int, month: int, day: int, source: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _LineError(_("“%(s)s”不是有效的日期。") % {"s": source.strip()}) from None


def _read_dates(sentence: str, year: int):
    """The sentence as a list of ('date', _Date) / ('sep',) / ('join',) / ('text', str) parts."""
    parts: list[tuple] = []
    previous: _Date | None = None
    for match in _TOKEN.finditer(sentence):
        kind, text = match.lastgroup, match.group(0)  # the outer group closes last
        if kind == "day" and previous is None:
            kind = "other"  # "7号" of a document number, not a date
        if kind in {"iso", "cn", "day"}:
            if kind == "iso":
                explicit, y, m, d = True, int(match["iy"]), int(match["im"]), int(match["id"])
            elif kind == "cn":
                explicit = match["cy"] is not None
                if explicit:
                    y = int(match["cy"])
                elif previous is not None and previous.explicit_year:
                    y = previous.date.year
                else:
                    y = year
                m, d = int(match["cm"]), int(match["cd"])
            else:
                explicit, y, m, d = (
                    previous.explicit_year,
                    previous.date.year,
                    previous.date.month,
                    int(match["dd"]),
                )
            current = _Date(_make_date(y, m, d, text), explicit, text.strip())
            parts.append(("date", current))
            previous = current
        elif kind == "paren":
            if parts and parts[-1][0] == "date":
                parts[-1][1].brackets.append(text)
            else:
                parts.append(("text", text))
        elif kind == "sep":
            parts.append(("sep",))
        elif kind == "join":
            parts.append(("join",))
        elif kind == "other":
            if parts and parts[-1][0] == "text":
                parts[-1] = ("text", parts[-1][1] + text)
            else:
                parts.append(("text", text))
        # spaces separate nothing
    return parts


def _check_weekday(date: _Date) -> None:
    for bracket in date.brackets:
        found = _WEEKDAY.search(bracket)
        if not found:
            continue
        written = found.group(1)
        written = (
            int(written) - 1 if written.isdecimal() else WEEKDAYS.index("日" if written == "天" else written)
        )
        if written != date.date.weekday():
            raise _LineError(
                _("%(y)d年%(date)s是%(actual)s，文中写的是%(written)s：请核对年份和日期。")
                % {
                    "y": date.date.year,
                    "date": _label(date.date),
                    "actual": _weekday_name(date.date.weekday()),
                    "written": _weekday_name(written),
                }
            )


def _kind_of(text: str) -> bool | None:
    """True for a working day, False for a day off, None when the text says neither."""
    if _WORK.search(text):
        return True
    if _OFF.search(text):
        return False
    return None


@dataclass
class _Item:
    start: dt.date
    end: dt.date
    is_workday: bool | None = None


def _read_sentence(sentence: str, year: int) -> tuple[list[_Item], str, bool]:
    """The dated items of one sentence with their kind, the sentence's leftover text, and
    whether a date in brackets was passed over."""
    parts = _read_dates(sentence, year)
    items: list[_Item] = []
    pending: list[_Item] = []
    last_kind: bool | None = None
    leftover: list[str] = []
    skipped_bracket_date = False
    index = 0
    while index < len(parts):
        part = parts[index]
        if part[0] == "date":
            first = part[1]
            _check_weekday(first)
            last = first
            if index + 2 < len(parts) and parts[index + 1][0] == "sep" and parts[index + 2][0] == "date":
                last = parts[index + 2][1]
                _check_weekday(last)
                index += 2
            if last.date < first.date:
                raise _LineError(
                    _("“%(a)s”到“%(b)s”：结束日期早于开始日期（跨年的区间请写明年份）。")
                    % {"a": first.source, "b": last.source}
                )
            if (last.date - first.date).days >= MAX_RANGE_DAYS:
                raise _LineError(
                    _("“%(a)s”到“%(b)s”超过%(n)d天，请核对。")
                    % {"a": first.source, "b": last.source, "n": MAX_RANGE_DAYS}
                )
            item = _Item(first.date, last.date)
            items.append(item)
            pending.append(item)
        elif part[0] == "text":
            text = part[1]
            if text.startswith("(") and _DATE_IN_TEXT.search(text):
                skipped_bracket_date = True
            leftover.append(text)
            kind = _kind_of(text)
            if kind is not None:
                for item in pending:
                    item.is_workday = kind
                pending = []
                last_kind = kind
        index += 1
    for item in pending:  # dates after the last keyword: "上班：2月6日、2月20日"
        item.is_workday = last_kind
    return items, "".join(leftover), skipped_bracket_date


def _days(item: _Item):
    day = item.start
    while day <= item.end:
        yield day
        day += dt.timedelta(days=1)


def _name_from(leftover: str) -> str:
    text = _TOTAL.sub("", leftover)
    text = _WEEKDAY.sub("", text)
    text = _KEYWORDS.sub("", text)
    text = _NAME_NOISE.sub("", text)
    return text if len(text) <= 20 else ""


def _row_name(holiday: str, is_workday: bool) -> str:
    if not is_workday:
        return (holiday or _("法定节假日"))[:NAME_MAX_LENGTH]
    if not holiday:
        return _("调休上班")
    if "班" in holiday:
        return holiday[:NAME_MAX_LENGTH]
    return (holiday + _("调休上班"))[:NAME_MAX_LENGTH]


def title_year(text: str) -> int | None:
    """The year named in the notice's title (…关于2027年部分节假日安排的通知), if any."""
    found = _TITLE_YEAR.search(unicodedata.normalize("NFKC", text or ""))
    return int(found.group(1)) if found else None


def holiday_text_parse(text: str, *, year: int | None) -> ParseResult:
    """Read ``text`` (a notice or a list of dates) for ``year``. Without ``year`` the year in
    the notice's title is taken; dates without a year belong to that year."""
    normalized = unicodedata.normalize("NFKC", text or "")
    in_title = title_year(normalized)
    result = ParseResult(year=year or in_title)
    if result.year is None:
        result.errors.append(
            LineMessage(0, "", _("请填写年份（文中没有“关于××××年部分节假日安排”这样的标题）。"))
        )
        return result
    year = result.year
    if in_title is not None and in_title != year:
        result.errors.append(
            LineMessage(
                0, "", _("通知标题是%(t)d年的安排，但所选年份是%(y)d年。") % {"t": in_title, "y": year}
            )
        )
    earliest, latest = dt.date(year - 1, 12, 1), dt.date(year + 1, 1, 31)

    days: dict[dt.date, ParsedDay] = {}
    holiday = ""  # the last "元旦：" header, for the lines of a list that follow it
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()  # as pasted, for the messages
        if not line:
            continue
        body = _ENUMERATOR.sub("", unicodedata.normalize("NFKC", line))
        header = _HEADER.match(body)
        line_holiday = ""
        if header and _name_from(header["name"]):  # "春节：…", not "上班：2月6日、2月20日"
            line_holiday, body = header["name"].strip(), header["rest"]
            if not body.strip():
                holiday = line_holiday
                continue
        try:
            found: list[tuple[_Item, str]] = []
            leftovers = []
            skipped_bracket = False
            for sentence in _SENTENCE_END.split(body):
                items, leftover, skipped = _read_sentence(sentence, year)
                skipped_bracket |= skipped and not items
                leftovers.append(leftover)
                off_days = sum((i.end - i.start).days + 1 for i in items if i.is_workday is False)
                total = _TOTAL.search(leftover)
                if total and items and off_days and int(total.group(1)) != off_days:
                    raise _LineError(
                        _("文中写“共%(n)s天”，但放假日期共%(m)d天。") % {"n": total.group(1), "m": off_days}
                    )
                found += [(item, sentence) for item in items]
            if skipped_bracket:
                result.notes.append(LineMessage(number, line, _("括号中的日期不是放假或上班安排，未采用。")))
            if not found:
                continue
            if all(item.is_workday is None for item, _s in found):
                if len(found) == 1 and found[0][0].start.year != year and not _name_from("".join(leftovers)):
                    result.notes.append(LineMessage(number, line, _("落款日期，未采用。")))
                    continue
                raise _LineError(_("看不出是放假还是上班：请在日期后写明“放假”或“上班”。"))
            name = line_holiday or _name_from("".join(leftovers)) or holiday
            line_days: dict[dt.date, ParsedDay] = {}
            for item, _sentence in found:
                if item.is_workday is None:
                    raise _LineError(_("看不出是放假还是上班：请在日期后写明“放假”或“上班”。"))
                for day in _days(item):
                    if not earliest <= day <= latest:
                        raise _LineError(
                            _("%(y)d年%(date)s不在%(year)d年的安排范围内。")
                            % {"y": day.year, "date": _label(day), "year": year}
                        )
                    same_line = line_days.get(day)
                    if same_line is not None and same_line.is_workday != item.is_workday:
                        raise _LineError(_("%(date)s既是放假又是上班。") % {"date": _label(day)})
                    line_days[day] = ParsedDay(day, item.is_workday, _row_name(name, item.is_workday), number)
            for day, parsed in line_days.items():
                earlier = days.get(day)
                if earlier is not None and earlier.is_workday != parsed.is_workday:
                    raise _LineError(
                        _("%(date)s在第%(n)d行是“%(a)s”，这里又是“%(b)s”。")
                        % {
                            "date": _label(day),
                            "n": earlier.line,
                            "a": _("上班") if earlier.is_workday else _("放假"),
                            "b": _("上班") if parsed.is_workday else _("放假"),
                        }
                    )
            for day, parsed in line_days.items():
                days.setdefault(day, parsed)
                if parsed.is_workday and day.weekday() < 5:
                    result.notes.append(
                        LineMessage(
                            number,
                            line,
                            _("%(date)s是%(w)s，本来就是工作日。")
                            % {"date": _label(day), "w": _weekday_name(day.weekday())},
                        )
                    )
        except _LineError as exc:
            result.errors.append(LineMessage(number, line, str(exc)))
    result.days = sorted(days.values(), key=lambda d: d.date)
    if not result.days and not result.errors:
        result.errors.append(LineMessage(0, "", _("没有读到任何日期。")))
    return result
