"""Demo data: a realistic district (Xuhui's real streets, town and departments by their public
names; fictional deputies and people). Loading is idempotent: rows are found by natural keys
and never overwritten, so a second ``make run`` keeps what users entered.

Each app adds its own demo rows by registering a loader with ``register_demo_loader`` in its
``AppConfig.ready``; loaders run after the core in registration order, which is the order of
``INSTALLED_APPS`` (the deputies come before the apps whose demo rows need deputies), and must
be idempotent too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from congress import roles
from congress.casework.services import save_tracked
from congress.models import DistrictProfile, NewsItem, Organization, Term, User
from congress.services import user_create

DEMO_PASSWORD = "Congress-Demo-2026"

STREETS = [
    "天平路街道",
    "湖南路街道",
    "斜土路街道",
    "枫林路街道",
    "长桥街道",
    "田林街道",
    "虹梅路街道",
    "康健新村街道",
    "徐家汇街道",
    "凌云路街道",
    "龙华街道",
    "漕河泾街道",
]
TOWN = "华泾镇"
DEPARTMENTS = [
    "区发展和改革委员会",
    "区教育局",
    "区科学技术委员会",
    "区民政局",
    "区司法局",
    "区财政局",
    "区人力资源和社会保障局",
    "区规划和自然资源局",
    "区生态环境局",
    "区建设和管理委员会",
    "区房屋管理局",
    "区商务委员会",
    "区文化和旅游局",
    "区卫生健康委员会",
    "区退役军人事务局",
    "区应急管理局",
    "区审计局",
    "区市场监督管理局",
    "区统计局",
    "区医疗保障局",
    "区绿化和市容管理局",
    "区城市管理行政执法局",
    "区体育局",
    "区国有资产监督管理委员会",
]
WORKING_COMMITTEES = [
    "区人大常委会法制工作委员会",
    "区人大常委会财政经济工作委员会",
    "区人大常委会城市建设环境保护工作委员会",
    "区人大常委会教育科学文化卫生工作委员会",
    "区人大常委会社会建设工作委员会",
    "区人大常委会代表工作委员会",
    "区人大常委会监察和司法工作委员会",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈"
# Given names of the fictional heads of units (a surname from SURNAMES goes in front).
GIVEN_NAMES = [
    "建华", "志强", "丽萍", "国平", "晓东", "海燕", "文军", "玉兰", "建军", "秀英", "永刚", "慧敏",
    "立新", "红梅", "振宇", "雪芳", "德明", "静怡", "卫东", "春燕", "明辉", "淑珍", "家骏", "佳琪",
    "正平", "美玲", "国强", "晓琳",
]  # fmt: skip


def person_name(i: int) -> str:
    """A fictional full name, a different one for each ``i`` below 336 (the least common multiple
    of the 48 surnames and the 28 given names)."""
    return SURNAMES[i % len(SURNAMES)] + GIVEN_NAMES[i % len(GIVEN_NAMES)]


CURRENT_TERM_NUMBER = 17

_LOADERS: list[Callable[[], None]] = []


def register_demo_loader(func: Callable[[], None]) -> Callable[[], None]:
    if func not in _LOADERS:
        _LOADERS.append(func)
    return func


def _org(name: str, kind: str, order: int, **extra) -> Organization:
    org, _created = Organization.objects.get_or_create(
        name=name, defaults={"kind": kind, "sort_order": order, **extra}
    )
    return org


def demo_user(username: str, display_name: str, role_names, unit=None, **extra) -> User:
    """The demo account ``username``, created with the demo password if it does not exist."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(
            username=username,
            password=DEMO_PASSWORD,
            display_name=display_name,
            role_names=role_names,
            unit=unit,
            email=f"{username}@demo.congress.invalid",
            **extra,
        )
    return user


def demo_backdate(
    item,
    day: dt.date,
    *,
    actor,
    fields=("created_at",),
    hour: int = 10,
    every_event: bool = False,
    actions=(),
) -> None:
    """Stamp a demo item as created (or ``fields``: submitted, assigned…) on ``day``, the day
    its deadline was computed from.

    A service given ``today=`` reckons the deadline from that day but stamps the row and its
    events now, so an overdue item would read "asked after its own deadline". The change is
    saved with history, like any demo write; the creation event (no source state) moves with
    ``created_at``, the events of ``actions`` with ``fields`` (or with ``every_event`` all of them so far)."""
    when = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    for name in fields:
        setattr(item, name, when)
    save_tracked(item, fields, actor=actor, reason="演示数据")
    events = getattr(item, "events", None)
    if events is not None:
        if not every_event:
            moved = Q(action__in=actions)
            if "created_at" in fields:
                moved |= Q(from_state="")
            events = events.filter(moved)
        events.update(created_at=when)


@transaction.atomic
def load_core() -> dict:
    DistrictProfile.objects.get_or_create(
        pk=1,
        defaults={
            "name": "徐汇区",
            "congress_name": "上海市徐汇区人民代表大会常务委员会",
            "short_name": "徐汇区人大",
            "address": "上海市徐汇区漕溪北路336号",
            "phone": "021-64872222",
        },
    )
    term, _c = Term.objects.get_or_create(
        number=CURRENT_TERM_NUMBER,
        defaults={"name": "第十七届", "start_year": 2021, "end_year": 2026, "is_current": True},
    )
    Term.objects.get_or_create(number=16, defaults={"name": "第十六届", "start_year": 2016, "end_year": 2021})

    K = Organization.Kind
    # The heads are fictional people, named: the public attendance shows a name, never a post
    # in brackets standing for one.
    for order, (name, kind, short, title) in enumerate(
        [
            ("上海市徐汇区人民政府", K.GOVERNMENT, "区政府", "区长"),
            ("上海市徐汇区人民法院", K.COURT, "区法院", "院长"),
            ("上海市徐汇区人民检察院", K.PROCURATORATE, "区检察院", "检察长"),
        ],
        start=1,
    ):
        _org(
            name,
            kind,
            order,
            short_name=short,
            head_name=person_name(29 + order),
            head_title=title,
            deputy_head_name=person_name(32 + order),
        )
    gov_office = _org("区政府办公室", K.GOV_OFFICE, 4, is_handling_unit=False)
    _org("区委办公室", K.PARTY_OFFICE, 5, is_handling_unit=False)
    _org("区人大常委会办公室", K.COMMITTEE_OFFICE, 6, is_handling_unit=False)
    for i, name in enumerate(WORKING_COMMITTEES):
        _org(name, K.WORKING_COMMITTEE, 10 + i, is_handling_unit=False)
    departments = [
        _org(
            name,
            K.DEPARTMENT,
            100 + i,
            head_name=person_name(i),
            head_title="局长" if name.endswith("局") else "主任",
            deputy_head_name=person_name(40 + i),
        )
        for i, name in enumerate(DEPARTMENTS)
    ]
    streets = [
        _org(
            name,
            K.STREET,
            200 + i,
            head_name=person_name(64 + i),
            head_title="街道办事处主任",
            deputy_head_name=person_name(80 + i),
        )
        for i, name in enumerate(STREETS)
    ]
    streets.append(
        _org(
            TOWN, K.TOWN, 300, head_name=person_name(76), head_title="镇长", deputy_head_name=person_name(92)
        )
    )

    admin_user = demo_user("admin", "系统管理员", [roles.SYSADMIN])
    if not admin_user.is_superuser:
        admin_user.is_superuser = admin_user.is_staff = True
        admin_user.save(update_fields=["is_superuser", "is_staff"])
    # 三员分立: the superuser above is for setup; day to day the three administrators.
    demo_user("sysadmin", "信息中心 系统管理员 吴", [roles.SYSADMIN])
    demo_user("secadmin", "信息中心 安全管理员 郑", [roles.SECURITY_ADMIN])
    demo_user("auditor", "机关纪检 安全审计员 钱", [roles.AUDITOR])
    demo_user("staff", "常委会办公室 李工作人员", [roles.STAFF])
    demo_user("member", "常委会委员 周委员", [roles.MEMBER])
    demo_user("unit1", "区教育局 联络员 王", [roles.UNIT_OFFICER], unit=departments[1])
    demo_user("unit2", "区卫生健康委员会 联络员 陈", [roles.UNIT_OFFICER], unit=departments[13])
    demo_user("govoffice", "区政府办公室 审核人 赵", [roles.REVIEWER], unit=gov_office)
    demo_user(
        "partyoffice",
        "区委办公室 审核人 孙",
        [roles.REVIEWER],
        unit=Organization.objects.get(name="区委办公室"),
    )

    _load_news()
    return {"term": term, "streets": streets, "departments": departments}


def _load_news():
    if NewsItem.objects.exists():
        return
    now = timezone.now()
    items = [
        (
            NewsItem.Kind.NEWS,
            "区人大常委会召开第三十次会议",
            "会议听取和审议了区政府关于本区养老服务体系建设情况的专项工作报告。",
        ),
        (
            NewsItem.Kind.NEWS,
            "区人大常委会开展《上海市生活垃圾管理条例》执法检查",
            "检查组深入街道、居民区和企业实地察看。",
        ),
        (NewsItem.Kind.NEWS, "代表走进社区“家门口”联系点倾听民意", "各街道代表联络室开展集中接待日活动。"),
        (
            NewsItem.Kind.NOTICE,
            "关于举行2027年区级预算草案听证会的公告",
            "欢迎关心本区财政预算的市民报名旁听。",
        ),
        (NewsItem.Kind.NOTICE, "区人大常委会2027年度监督工作计划（征求意见稿）", "现向社会公开征求意见。"),
        (
            NewsItem.Kind.DEPUTY_EXPRESS,
            "代表建议办理情况通报",
            "今年代表提出的建议已全部答复。",
            "2026年第11期",
        ),
        (
            NewsItem.Kind.DEPUTY_COUNSEL,
            "关于加强老旧小区加装电梯的思考",
            "代表围绕加装电梯提出意见。",
            "2026年第6期",
        ),
    ]
    for index, row in enumerate(items):
        kind, title, summary = row[:3]
        NewsItem.objects.create(
            kind=kind,
            title=title,
            summary=summary,
            body=f"{summary}\n\n（演示内容）",
            issue_number=row[3] if len(row) > 3 else "",
            is_published=True,
            published_at=now - dt.timedelta(days=3 * index + 1),
        )


def demo_streets() -> list[Organization]:
    """The streets and the town made by ``load_core``, in its order (the deputy groups and
    constituencies follow it)."""
    by_name = Organization.objects.in_bulk([*STREETS, TOWN], field_name="name")
    return [by_name[name] for name in (*STREETS, TOWN)]


def load_demo() -> None:
    load_core()
    for loader in _LOADERS:
        loader()
