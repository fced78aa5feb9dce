"""The datasets of the bulk downloads (``/opendata/``, issue 15 item 3): what the public website
shows, per dataset and period (a year, or a congress term for the deputies), as rows for CSV
and JSON, each column described in Chinese (the data dictionary).

Every dataset reads its domain app's public wall (``public_proposals()``, published attendance,
published meeting schedules, serving deputies' public fields, closed work reports) and nothing
else. Rows come from a fixed handful of queries whatever the size: each query is read with
``.iterator()`` (a server-side cursor on PostgreSQL) ordered by the parent's id, and a parent's
children (a proposal's units, co-signers, replies) are merged in by walking the child query in
step (``_Children``) — constant queries and constant memory at full scale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CHUNK = 2000  # rows fetched at a time from a server-side cursor

# Column types of the data dictionary (JSON Table Schema names, explained in Chinese on the page).
STRING, INTEGER, DATE, DATETIME, BOOLEAN, URL = "string", "integer", "date", "datetime", "boolean", "url"
TYPE_LABELS = {
    STRING: _("文本"),
    INTEGER: _("整数"),
    DATE: _("日期（YYYY-MM-DD）"),
    DATETIME: _("日期时间（ISO 8601，北京时间）"),
    BOOLEAN: _("是/否"),
    URL: _("网址"),
}


@dataclass(frozen=True)
class Field:
    """One column: its key (JSON), its Chinese name (CSV header), what it means, its type."""

    key: str
    label: object
    meaning: object
    type: str = STRING

    @property
    def type_label(self):
        return TYPE_LABELS[self.type]


@dataclass(frozen=True)
class Period:
    """One download of a dataset: ``slug`` in the URL (a year, or a term's number), a label."""

    slug: str
    label: str


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: object
    description: object
    fields: tuple[Field, ...]
    periods: Callable[[], list[Period]]  # newest first; one query
    rows: Callable[[str, str], Iterator[dict]]  # (period slug, site root URL) → rows keyed by field

    def period(self, slug: str) -> Period | None:
        return next((p for p in self.periods() if p.slug == slug), None)


class _Children:
    """Rows ``(parent_id, …)`` of a query ordered by parent id, taken parent by parent while the
    parents are walked in the same order: one query for all the children."""

    def __init__(self, rows):
        self._rows = iter(rows)
        self._next = next(self._rows, None)

    def take(self, parent_id: int) -> list[tuple]:
        found = []
        while self._next is not None and self._next[0] <= parent_id:
            if self._next[0] == parent_id:
                found.append(self._next[1:])
            self._next = next(self._rows, None)
        return found


def _local(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def _day(value):
    return timezone.localdate(value).isoformat() if value else ""


def _years(values) -> list[Period]:
    return [Period(str(year), _("%(year)s年") % {"year": year}) for year in values if year]


def _int(slug: str) -> int | None:
    return int(slug) if slug.isdecimal() else None


# --- 议案建议及答复 ------------------------------------------------------------------------------


def _proposal_periods():
    from proposals.selectors import public_years

    return _years(public_years())


def _proposal_rows(period: str, root: str):
    from proposals.models import Assignment, CoSigner, Proposal, Reply
    from proposals.selectors import public_proposals

    year = _int(period)
    public = public_proposals().filter(year=year)
    proposals = (
        public.order_by("id")
        .values_list(
            "id",
            "serial",
            "kind",
            "title",
            "year",
            "category__name",
            "lead_deputy__name",
            "content",
            "closed_at",
        )
        .iterator(chunk_size=CHUNK)
    )
    units = _Children(
        Assignment.objects.filter(proposal__in=public)
        .exclude(state=Assignment.State.WITHDRAWN)
        .order_by("proposal_id", "role", "id")
        .values_list("proposal_id", "unit__name", "role")
        .iterator(chunk_size=CHUNK)
    )
    cosigners = _Children(
        CoSigner.objects.filter(proposal__in=public, state=CoSigner.State.CONFIRMED)
        .order_by("proposal_id", "id")
        .values_list("proposal_id", "deputy__name")
        .iterator(chunk_size=CHUNK)
    )
    replies = _Children(
        Reply.objects.filter(
            assignment__proposal__in=public, state=Reply.State.CONFIRMED, kind=Reply.Kind.REPLY
        )
        .exclude(assignment__state=Assignment.State.WITHDRAWN)
        .order_by("assignment__proposal_id", "submitted_at", "id")
        .values_list("assignment__proposal_id", "assignment__unit__name", "reply_class", "content")
        .iterator(chunk_size=CHUNK)
    )
    kinds = dict(Proposal.Kind.choices)
    roles = dict(Assignment.Role.choices)
    for pk, serial, kind, title, year, category, deputy, content, closed_at in proposals:
        its_replies = replies.take(pk)
        yield {
            "serial": serial or "",
            "kind": str(kinds.get(kind, kind)),
            "title": title,
            "year": year,
            "category": category or "",
            "lead_deputy": deputy,
            "cosigners": "、".join(name for (name,) in cosigners.take(pk)),
            "units": "、".join(f"{name}（{roles.get(role, role)}）" for name, role in units.take(pk)),
            "reply_classes": "、".join(cls for _unit, cls, _text in its_replies),
            "closed_on": _day(closed_at),
            "content": content,
            "replies": "\n\n".join(f"【{unit}】{text}" for unit, _cls, text in its_replies),
            "url": root + reverse("public:proposal-detail", args=[pk]),
            "reply_pdf": root + reverse("public:proposal-reply-pdf", args=[pk]) if its_replies else "",
        }


PROPOSALS = Dataset(
    slug="proposals",
    title=_("代表建议、议案及答复"),
    description=_(
        "已办结并公开的代表建议和议案，含承办单位、答复分类和答复全文（不予公开的除外），按提出年度。"
    ),
    fields=(
        Field("serial", _("编号"), _("立案编号，如 2026-建-0001")),
        Field("kind", _("类型"), _("建议或议案")),
        Field("title", _("标题"), _("建议或议案的标题")),
        Field("year", _("年度"), _("提出建议的会议年度"), INTEGER),
        Field("category", _("类别"), _("建议的分类")),
        Field("lead_deputy", _("领衔代表"), _("领衔代表姓名")),
        Field("cosigners", _("附议代表"), _("确认附议的代表姓名，以顿号分隔")),
        Field("units", _("承办单位"), _("承办单位及承办方式（主办、协办、会办），以顿号分隔")),
        Field("reply_classes", _("答复分类"), _("各主办单位答复的分类（A/B/C），以顿号分隔")),
        Field("closed_on", _("办结日期"), _("建议办结的日期"), DATE),
        Field("content", _("建议内容"), _("建议或议案全文")),
        Field("replies", _("答复内容"), _("经审核确认的答复全文，每段以【承办单位】开头")),
        Field("url", _("网页"), _("本站公开页面"), URL),
        Field("reply_pdf", _("答复函"), _("答复函 PDF（GB/T 9704 格式）"), URL),
    ),
    periods=_proposal_periods,
    rows=_proposal_rows,
)


# --- 会议列席单位出席情况 ------------------------------------------------------------------------


def _attendance_periods():
    from meetings.selectors import published_years

    return _years(published_years())


def _attendance_rows(period: str, root: str):
    from meetings.models import Meeting, PublishedAttendance, RequiredAttendance

    statuses = dict(RequiredAttendance.Status.choices)
    kinds = dict(Meeting.Kind.choices)
    rows = (
        PublishedAttendance.objects.filter(year=_int(period), meeting__attendance_published_at__isnull=False)
        .order_by("meeting__starts_at", "meeting_id", "unit__sort_order", "unit_name")
        .values_list(
            "meeting_id",
            "meeting__title",
            "meeting__kind",
            "meeting__starts_at",
            "unit_name",
            "expected_person",
            "unit__head_title",
            "status",
            "substitute",
            "is_late",
            "corrected_at",
        )  # fmt: skip
        .iterator(chunk_size=CHUNK)
    )
    for meeting_id, title, kind, starts_at, unit, person, post, status, substitute, late, corrected in rows:
        yield {
            "meeting": title,
            "meeting_kind": str(kinds.get(kind, kind)),
            "meeting_date": _day(starts_at),
            "unit": unit,
            "expected_person": person or post or "",
            "status": str(
                _("请假")
                if status == RequiredAttendance.Status.LEAVE_APPROVED
                else statuses.get(status, status)
            ),
            "substitute": substitute,
            "late": late,
            "corrected": corrected is not None,
            "url": root + reverse("public:meeting-detail", args=[meeting_id]),
        }


ATTENDANCE = Dataset(
    slug="attendance",
    title=_("会议列席单位出席情况"),
    description=_(
        "会议结束后公开的各列席单位负责人出席情况（出席、请假及委派副职、缺席、迟到），按会议年度。"
    ),
    fields=(
        Field("meeting", _("会议"), _("会议名称")),
        Field("meeting_kind", _("会议类别"), _("人民代表大会会议、常委会会议、主任会议等")),
        Field("meeting_date", _("会议日期"), _("会议开始的日期"), DATE),
        Field("unit", _("单位"), _("应列席的单位")),
        Field("expected_person", _("应出席人"), _("单位主要负责人姓名，未登记姓名时为职务")),
        Field("status", _("出席情况"), _("出席、请假或缺席")),
        Field("substitute", _("委派副职"), _("请假经批准后委派出席的副职")),
        Field("late", _("迟到"), _("出席但迟到"), BOOLEAN),
        Field("corrected", _("已更正"), _("公开后经更正（更正须说明理由并留痕）"), BOOLEAN),
        Field("url", _("网页"), _("会议的公开页面"), URL),
    ),
    periods=_attendance_periods,
    rows=_attendance_rows,
)


# --- 会议日程 ----------------------------------------------------------------------------------------


def _published_meetings():
    from meetings.models import Meeting

    return Meeting.objects.filter(is_schedule_published=True)


def _meeting_periods():
    years = (
        _published_meetings()
        .annotate(y=ExtractYear("starts_at"))
        .values_list("y", flat=True)
        .order_by("-y")
        .distinct()
    )
    return _years(years)


def _meeting_rows(period: str, root: str):
    from meetings.models import Meeting

    kinds, statuses = dict(Meeting.Kind.choices), dict(Meeting.Status.choices)
    rows = (
        _published_meetings()
        .filter(starts_at__year=_int(period))
        .order_by("starts_at", "id")
        .values_list("id", "title", "kind", "starts_at", "ends_at", "location", "status")
        .iterator(chunk_size=CHUNK)
    )
    for pk, title, kind, starts_at, ends_at, location, status in rows:
        yield {
            "title": title,
            "kind": str(kinds.get(kind, kind)),
            "starts_at": _local(starts_at),
            "ends_at": _local(ends_at),
            "location": location,
            "status": str(statuses.get(status, status)),
            "url": root + reverse("public:meeting-detail", args=[pk]),
            "notice_pdf": root + reverse("public:meeting-notice-pdf", args=[pk])
            if status != Meeting.Status.CANCELLED
            else "",
        }


MEETINGS = Dataset(
    slug="meetings",
    title=_("会议日程"),
    description=_("在网站公布日程的会议（人民代表大会会议、常委会会议、主任会议等），按会议年度。"),
    fields=(
        Field("title", _("会议名称"), _("会议名称")),
        Field("kind", _("会议类别"), _("人民代表大会会议、常委会会议、主任会议、镇人民代表大会会议")),
        Field("starts_at", _("开始时间"), _("计划开始时间"), DATETIME),
        Field("ends_at", _("结束时间"), _("计划结束时间"), DATETIME),
        Field("location", _("地点"), _("会议地点")),
        Field("status", _("状态"), _("筹备中、进行中、已结束或已取消")),
        Field("url", _("网页"), _("会议的公开页面（议程、公开文件、出席情况）"), URL),
        Field("notice_pdf", _("会议通知"), _("会议通知 PDF（GB/T 9704 格式）"), URL),
    ),
    periods=_meeting_periods,
    rows=_meeting_rows,
)


# --- 代表名册（公开字段） ------------------------------------------------------------------------

# The fields a deputy may choose to show that the download carries. Contact details and the photo
# stay on the deputy's own page: a bulk file of phone numbers serves no one but those who harvest them.
DEPUTY_CHOSEN_FIELDS = ("birth_date", "ethnicity", "party", "education", "occupation", "sector", "specialty")


def _deputy_periods():
    from congress.models import Term

    terms = Term.objects.filter(deputies__is_active=True).distinct().order_by("-number")
    return [Period(str(term.number), term.name) for term in terms.only("number", "name")]


def _deputy_rows(period: str, root: str):
    from deputies.models import Deputy

    deputies = (
        Deputy.objects.filter(term__number=_int(period), is_active=True)
        .select_related("term", "group", "constituency")
        .only(
            "id",
            "name",
            "gender",
            "public_fields",
            "term__name",
            "group__name",
            "constituency__name",
            *DEPUTY_CHOSEN_FIELDS,
        )  # fmt: skip
        .order_by("group__sort_order", "group__name", "name", "id")
        .iterator(chunk_size=CHUNK)
    )
    for deputy in deputies:
        yield {
            "name": deputy.name,
            "gender": deputy.get_gender_display(),
            "term": deputy.term.name,
            "group": deputy.group.name if deputy.group_id else "",
            "constituency": deputy.constituency.name if deputy.constituency_id else "",
            **{name: str(deputy.public_value(name) or "") for name in DEPUTY_CHOSEN_FIELDS},
            "url": root + reverse("public:deputy-profile", args=[deputy.pk]),
        }


DEPUTIES = Dataset(
    slug="deputies",
    title=_("人大代表名册（公开信息）"),
    description=_(
        "在任代表的姓名、性别、代表组和选区，以及代表本人选择公开的信息（未选择公开的为空），按届次。联系电话、电子邮箱和照片不在批量下载中提供。"
    ),
    fields=(
        Field("name", _("姓名"), _("代表姓名")),
        Field("gender", _("性别"), _("性别")),
        Field("term", _("届次"), _("代表所属届次")),
        Field("group", _("代表组"), _("所在代表组（街道、镇）")),
        Field("constituency", _("选区"), _("选举产生的选区")),
        Field("birth_date", _("出生年月"), _("代表选择公开时为 YYYY-MM")),
        Field("ethnicity", _("民族"), _("代表选择公开时填写")),
        Field("party", _("党派"), _("代表选择公开时填写")),
        Field("education", _("学历"), _("代表选择公开时填写")),
        Field("occupation", _("工作单位及职务"), _("代表选择公开时填写")),
        Field("sector", _("代表结构"), _("代表选择公开时填写")),
        Field("specialty", _("专业特长"), _("代表选择公开时填写")),
        Field("url", _("网页"), _("代表的公开页面（履职档案）"), URL),
    ),
    periods=_deputy_periods,
    rows=_deputy_rows,
)


# --- 专项工作报告（监督） --------------------------------------------------------------------------


def _report_periods():
    from supervision.selectors import reports_public_list

    years = (
        reports_public_list()
        .order_by()
        .annotate(y=ExtractYear("closed_at"))
        .values_list("y", flat=True)
        .order_by("-y")
        .distinct()
    )
    return _years(years)


def _report_rows(period: str, root: str):
    from supervision.selectors import reports_public_list

    rows = (
        reports_public_list()
        .filter(closed_at__year=_int(period))
        .order_by("closed_at", "id")
        .values_list("id", "title", "unit__name", "meeting__title", "submitted_at", "closed_at", "round")
        .iterator(chunk_size=CHUNK)
    )
    for pk, title, unit, meeting, submitted_at, closed_at, rounds in rows:
        yield {
            "title": title,
            "unit": unit,
            "meeting": meeting or "",
            "submitted_on": _day(submitted_at),
            "closed_on": _day(closed_at),
            "rounds": rounds,
            "url": root + reverse("public:supervision-report", args=[pk]),
        }


WORK_REPORTS = Dataset(
    slug="work-reports",
    title=_("专项工作报告监督记录"),
    description=_(
        "已办结的专项工作报告：报告单位、审议会议、报送和办结日期、整改轮次；报告、审议意见、整改报告和测评结果见网页（不予公开的部分除外），按办结年度。"
    ),
    fields=(
        Field("title", _("报告名称"), _("专项工作报告的名称")),
        Field("unit", _("报告单位"), _("作报告的一府两院或部门")),
        Field("meeting", _("审议会议"), _("听取和审议报告的常委会会议")),
        Field("submitted_on", _("报送日期"), _("单位报送报告的日期"), DATE),
        Field("closed_on", _("办结日期"), _("监督办结的日期"), DATE),
        Field("rounds", _("整改轮次"), _("整改报告的轮次（测评不满意后再次整改为 2）"), INTEGER),
        Field("url", _("网页"), _("监督记录的公开页面"), URL),
    ),
    periods=_report_periods,
    rows=_report_rows,
)


# --- 执法检查（监督） ------------------------------------------------------------------------------


def _inspection_periods():
    from supervision.selectors_inspections import inspections_public_list

    years = inspections_public_list().order_by("-year").values_list("year", flat=True).distinct()
    return _years(years)


def _inspection_rows(period: str, root: str):
    from supervision.models_inspections import Inspection
    from supervision.selectors_inspections import inspections_public_list

    states = dict(Inspection.State.choices)
    rows = (
        inspections_public_list()
        .filter(year=_int(period))
        .order_by("deliberated_at", "id")
        .values_list(
            "id",
            "title",
            "law",
            "committee__name",
            "meeting__title",
            "state",
            "deliberated_at",
            "closed_at",
            "issue_count",
            "accepted_count",
        )  # fmt: skip
        .iterator(chunk_size=CHUNK)
    )
    for pk, title, law, committee, meeting, state, deliberated_at, closed_at, issues, accepted in rows:
        yield {
            "title": title,
            "law": law,
            "committee": committee or "",
            "meeting": meeting or "",
            "state": str(states.get(state, state)),
            "deliberated_on": _day(deliberated_at),
            "closed_on": _day(closed_at),
            "issues": issues,
            "issues_accepted": accepted,
            "url": root + reverse("public:supervision-inspection", args=[pk]),
            "pdf": root + reverse("public:supervision-inspection-pdf", args=[pk]),
        }


INSPECTIONS = Dataset(
    slug="inspections",
    title=_("执法检查"),
    description=_(
        "已审议和已办结的执法检查：检查的法律法规、牵头工委、审议会议、发现问题数和整改验收数；检查报告、审议意见和各问题的整改情况见网页，按年度。"
    ),
    fields=(
        Field("title", _("检查名称"), _("执法检查的名称")),
        Field("law", _("法律法规"), _("检查实施情况的法律法规")),
        Field("committee", _("牵头工委"), _("牵头组织检查的工作委员会")),
        Field("meeting", _("审议会议"), _("审议检查报告的常委会会议")),
        Field("state", _("状态"), _("已审议（整改中）或已办结")),
        Field("deliberated_on", _("审议日期"), _("常委会审议检查报告的日期"), DATE),
        Field("closed_on", _("办结日期"), _("全部问题整改验收后办结的日期"), DATE),
        Field("issues", _("问题数"), _("检查发现并交办的问题数"), INTEGER),
        Field("issues_accepted", _("已验收问题数"), _("整改已验收的问题数"), INTEGER),
        Field("url", _("网页"), _("执法检查的公开页面"), URL),
        Field("pdf", _("报告PDF"), _("执法检查报告及审议意见 PDF"), URL),
    ),
    periods=_inspection_periods,
    rows=_inspection_rows,
)


DATASETS = {
    dataset.slug: dataset
    for dataset in (PROPOSALS, MEETINGS, ATTENDANCE, DEPUTIES, WORK_REPORTS, INSPECTIONS)
}
