"""Demo inquiries: a special inquiry held at the 30th standing-committee meeting (questions by
members and a deputy to 区教育局 and 区卫生健康委员会, answered by the head in person or a
named deputy head, one commitment fulfilled and accepted, others open), and a regular inquiry
at the upcoming meeting still taking questions. Walked through the real services; idempotent
(found by title); nothing users entered is touched."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from congress.demo import register_demo_loader
from congress.models import Organization, User
from meetings.models import Meeting
from supervision import services
from supervision.models import Inquiry, InquiryQuestion

EDU, HEALTH = "区教育局", "区卫生健康委员会"
EDU_COMMITTEE = "区人大常委会教育科学文化卫生工作委员会"
HELD_TITLE = "关于本区学前教育普及普惠情况的专题询问"
OPEN_TITLE = "关于本区公共卫生体系建设情况的常态化询问"
HEAD, DEPUTY = InquiryQuestion.AnswererRole.HEAD, InquiryQuestion.AnswererRole.DEPUTY_HEAD

# (asker, unit, question, answerer role, answer, [(commitment, days from today, fulfilled)])
HELD_QUESTIONS = [
    (
        "member",
        EDU,
        "全区公办幼儿园学位缺口有多大？新建、改扩建幼儿园的计划和进度如何保障？",
        HEAD,
        "目前全区公办学位缺口约1200个。我们已将8所新建幼儿园列入年度实事项目，"
        "今年秋季前完成2所改扩建，其余按季度倒排工期推进。",
        [
            ("今年秋季学期前完成2所幼儿园改扩建并开园招生", -20, True),
            ("年内完成普惠性民办幼儿园认定和补助标准调整", 45, False),
        ],
    ),
    (
        "deputy1",
        EDU,
        "部分幼儿园保教人员流动性大、持证率不高，下一步如何稳定和提升队伍？",
        DEPUTY,
        "将出台保教人员薪酬保障办法，开展全员轮训，三年内实现保育员持证率100%。",
        [],
    ),
    (
        "member2",
        HEALTH,
        "托幼机构卫生保健和传染病防控的指导力量是否充足？",
        HEAD,
        "区妇幼保健所已为每所幼儿园确定一名联系医生，每学期开展一次卫生保健督导。",
        [("建立托幼机构卫生保健督导通报制度，每学期通报一次", 20, False)],
    ),
]


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _held(staff, today) -> None:
    meeting = Meeting.objects.filter(title="区第十七届人大常委会第三十次会议").first()
    if meeting is None or Inquiry.objects.filter(title=HELD_TITLE).exists():
        return
    inquiry = services.inquiry_create(
        actor=staff,
        title=HELD_TITLE,
        meeting=meeting,
        committee=Organization.objects.filter(name=EDU_COMMITTEE).first(),
        description="结合听取和审议区政府关于学前教育工作情况的报告，开展专题询问。",
    )
    for asker, unit_name, text, role, answer, commitments in HELD_QUESTIONS:
        unit, person = Organization.objects.filter(name=unit_name).first(), _user(asker)
        if unit is None or person is None:
            continue
        question = services.question_ask(actor=staff, inquiry=inquiry, unit=unit, content=text, asker=person)
        question = services.question_answer(
            actor=staff,
            question=question,
            answer=answer,
            answerer_role=role,
            answerer_name=(unit.head_name if role == HEAD else unit.deputy_head_name) or "负责人",
        )
        for content, days, fulfilled in commitments:
            commitment = services.commitment_add(
                actor=staff,
                question=question,
                content=content,
                due_date=today + dt.timedelta(days=days),
                today=today + dt.timedelta(days=min(days, 0)),
            )
            if fulfilled:
                officer = _user("unit1" if unit_name == EDU else "unit2")
                commitment = services.commitment_report(
                    actor=officer,
                    commitment=commitment,
                    report="两所幼儿园改扩建已竣工验收，新增学位360个，已于9月1日开园招生。",
                )
                services.commitment_accept(actor=staff, commitment=commitment, note="经实地查看，已落实。")
    if inquiry.questions.exists():
        services.inquiry_hold(actor=staff, inquiry=inquiry)


def _open(staff) -> None:
    meeting = Meeting.objects.filter(title="区第十七届人大常委会第三十一次会议").first()
    if meeting is None or Inquiry.objects.filter(title=OPEN_TITLE).exists():
        return
    inquiry = services.inquiry_create(
        actor=staff,
        title=OPEN_TITLE,
        kind=Inquiry.Kind.REGULAR,
        meeting=meeting,
        committee=Organization.objects.filter(name=EDU_COMMITTEE).first(),
        description="审议区政府关于公共卫生体系建设情况的报告时，常委会组成人员和代表可以提出询问。",
    )
    unit, deputy = Organization.objects.filter(name=HEALTH).first(), _user("deputy2")
    if unit is not None and deputy is not None:
        services.question_ask(
            actor=deputy,
            inquiry=inquiry,
            unit=unit,
            content="社区卫生服务中心家庭医生签约后的履约服务如何考核？",
        )


@transaction.atomic
def load_inquiry_demo() -> None:
    staff = _user("staff")
    if staff is None:
        return
    today = timezone.localdate()
    _held(staff, today)
    _open(staff)


def register() -> None:
    register_demo_loader(load_inquiry_demo)
