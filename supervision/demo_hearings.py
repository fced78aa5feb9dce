"""Demo hearings (听证): a special-topic hearing on adding lifts to old residential buildings,
published and open for sign-up with a few citizens signed up (one agreed to show their name);
and a budget hearing concluded — participants selected by stance, the record of who spoke for
what, the report and how the opinions were taken up. Walked through the real services (dates
given to the services as ``now``); idempotent (found by title); nothing users entered is
touched."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from congress.demo import register_demo_loader
from congress.models import Organization, User
from supervision import services
from supervision.models_hearings import HearingSignup, HearingSpeech, PublicHearing
from supervision.services.hearings import selection_proposal

OPEN_TITLE = "关于既有多层住宅加装电梯工作的专项议题听证会"
DONE_TITLE = "2026年区级预算草案重点支出项目听证会"
OFFICE = "区人大常委会办公室"

# (name, mobile, stance, statement, show name)
OPEN_SIGNUPS = [
    ("陈建国", "13801230001", "support", "我住在6楼，老人上下楼很困难，希望简化审批、提高补贴。", True),
    ("刘芳", "13801230002", "oppose", "一楼住户采光和噪声受影响，应先明确补偿办法再推进。", False),
    ("黄伟", "13801230003", "other", "建议统一加装电梯的后期维保责任和费用分摊标准。", False),
]
DONE_SIGNUPS = [
    ("王丽华", "13901230011", "support", "支持增加养老服务设施投入，建议向社区嵌入式养老倾斜。", True),
    ("周强", "13901230012", "oppose", "部分形象工程支出偏高，建议压减。", False),
    ("吴敏", "13901230013", "other", "建议预算说明中公开重点项目的绩效目标。", False),
    ("郑涛", "13901230014", "support", "支持加大义务教育学位建设投入。", False),
    ("孙悦", "13901230015", "oppose", "反对新增道路景观提升项目，建议优先改善背街小巷。", False),
]


def _street(index: int):
    streets = list(
        Organization.objects.filter(kind=Organization.Kind.STREET, is_active=True).order_by(
            "sort_order", "name"
        )[:5]
    )
    return streets[index % len(streets)] if streets else None


def _signups(hearing, rows, now) -> list[HearingSignup]:
    made = []
    for i, (name, mobile, stance, statement, show) in enumerate(rows):
        made.append(
            services.hearing_signup_create(
                hearing=hearing,
                name=name,
                mobile=mobile,
                stance=stance,
                statement=statement,
                street=_street(i),
                show_name=show,
                address=f"demo-{i}",
                now=now,
            )
        )
    return made


def _open(staff, now) -> None:
    if PublicHearing.objects.filter(title=OPEN_TITLE).exists():
        return
    hearing = services.hearing_create(
        actor=staff,
        kind=PublicHearing.Kind.TOPIC,
        compound=True,
        draft_title="关于推进既有多层住宅加装电梯工作的若干规定（草案）",
        title=OPEN_TITLE,
        description=(
            "结合区人大常委会对既有多层住宅加装电梯工作的专项监督，并就规范性文件草案听取意见。"
            "听证事项：加装电梯的审批程序、财政补贴标准、低层住户权益保障和后期维护。"
        ),
        organizer=Organization.objects.filter(name=OFFICE).first(),
        starts_at=now + dt.timedelta(days=21),
        ends_at=now + dt.timedelta(days=21, hours=3),
        location="徐汇区人大常委会第一会议室（漕溪北路336号）",
        seats=8,
        signup_opens=now - dt.timedelta(days=2),
        signup_closes=now + dt.timedelta(days=12),
    )
    services.hearing_publish(actor=staff, hearing=hearing, now=now - dt.timedelta(days=2))
    _signups(hearing, OPEN_SIGNUPS, now - dt.timedelta(days=1))


def _concluded(staff, now) -> None:
    if PublicHearing.objects.filter(title=DONE_TITLE).exists():
        return
    start = now - dt.timedelta(days=30)
    hearing = services.hearing_create(
        actor=staff,
        kind=PublicHearing.Kind.BUDGET,
        title=DONE_TITLE,
        description="就2026年区级一般公共预算草案中的养老、教育和城市更新重点支出项目听取公众意见。",
        organizer=Organization.objects.filter(name=OFFICE).first(),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        location="徐汇区人大常委会第二会议室",
        seats=3,
        signup_opens=start - dt.timedelta(days=20),
        signup_closes=start - dt.timedelta(days=7),
    )
    services.hearing_publish(actor=staff, hearing=hearing, now=start - dt.timedelta(days=21))
    rows = _signups(hearing, DONE_SIGNUPS, start - dt.timedelta(days=10))
    services.hearing_select(
        actor=staff,
        hearing=hearing,
        selected=selection_proposal(hearing),
        reason="报名5人，超过名额3人。按公告规则，支持、反对、其他意见各选1人，同一观点按报名先后确定。",
        now=start - dt.timedelta(days=6),
    )
    services.hearing_hold(actor=staff, hearing=hearing)
    chosen = {
        s.pk: s for s in HearingSignup.objects.filter(hearing=hearing, state=HearingSignup.State.SELECTED)
    }
    uptake = {"support": "adopted", "oppose": "partly", "other": "adopted"}
    notes = {
        "support": "预算草案已增加社区嵌入式养老服务设施资金。",
        "oppose": "道路景观提升项目压减30%，资金调整用于背街小巷整治。",
        "other": "预算说明已补充重点项目绩效目标。",
    }
    services.hearing_speech_add(
        actor=staff,
        hearing=hearing,
        role=HearingSpeech.Role.UNIT,
        speaker="区财政局",
        summary="说明2026年区级预算草案编制情况和重点支出安排。",
    )
    for row in rows:
        signup = chosen.get(row.pk)
        if signup is None:
            continue
        services.hearing_speech_add(
            actor=staff,
            hearing=hearing,
            role=HearingSpeech.Role.CITIZEN,
            signup=signup,
            summary=signup.statement,
            uptake=uptake[signup.stance],
            uptake_note=notes[signup.stance],
        )
    services.hearing_speech_add(
        actor=staff,
        hearing=hearing,
        role=HearingSpeech.Role.EXPERT,
        speaker="区人大常委会预算审查专家",
        summary="建议建立重点支出项目事前绩效评估制度。",
        uptake=HearingSpeech.Uptake.REFERENCE,
    )
    services.hearing_conclude(
        actor=staff,
        hearing=hearing,
        report=(
            "听证会由区人大常委会办公室主持，区财政局说明预算草案，3名公民陈述人和1名专家发言。"
            "陈述人普遍支持加大养老和教育投入，对部分城市景观项目支出提出质疑，建议公开重点项目绩效目标。"
        ),
        adoption=(
            "听证意见已送区财政局研究：增加社区嵌入式养老设施资金；道路景观提升项目压减30%；"
            "预算说明补充重点项目绩效目标；事前绩效评估建议留作制度完善参考。"
        ),
        now=start + dt.timedelta(days=5),
    )


@transaction.atomic
def load_hearing_demo() -> None:
    staff = User.objects.filter(username="staff").first()
    if staff is None:
        return
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    _open(staff, now)
    _concluded(staff, now)


def register() -> None:
    register_demo_loader(load_hearing_demo)
