"""Demo special-question investigations: one concluded (proposed by the chairpersons' meeting,
decided at the 29th meeting, a committee of two deputies, findings and resolution — public) and
one proposed by members jointly, under investigation. Walked through the services; idempotent
(found by title)."""

from __future__ import annotations

from django.db import transaction

from congress import roles
from congress.demo import register_demo_loader
from congress.models import User
from meetings.models import Meeting
from supervision import services
from supervision.models import Investigation

B = Investigation.ProposedBy
CONCLUDED = "关于本区老旧小区加装电梯工作推进情况的特定问题调查"
UNDER_WAY = "关于本区中小河道水环境治理资金使用情况的特定问题调查"


def _users(*usernames) -> list[User]:
    return list(User.objects.filter(username__in=usernames).order_by("username"))


@transaction.atomic
def load_investigation_demo() -> None:
    staff = User.objects.filter(username="staff").first()
    meeting = Meeting.objects.filter(title="区第十七届人大常委会第二十九次会议").first()
    deputies = _users("deputy1", "deputy2")
    if staff is None or meeting is None or len(deputies) < 2:
        return
    existing = set(Investigation.objects.values_list("title", flat=True))
    if CONCLUDED not in existing:
        row = services.investigation_propose(
            actor=staff,
            title=CONCLUDED,
            subject="多个小区加装电梯审批周期长、协调难，代表多次反映，主任会议决定提请常委会组织调查。",
            proposed_by=B.CHAIRPERSONS,
        )
        row = services.investigation_decide(
            actor=staff,
            investigation=row,
            adopt=True,
            meeting=meeting,
            note="会议决定组织特定问题调查委员会。",
        )
        row = services.investigation_form_committee(actor=staff, investigation=row, members=deputies)
        row = services.investigation_report_findings(
            actor=staff,
            investigation=row,
            findings="调查委员会走访12个街道、召开座谈会6次。主要问题：审批环节多、低层住户补偿机制缺失。建议：推行并联审批，设立加装电梯协调基金。",
        )
        services.investigation_resolve(
            actor=staff,
            investigation=row,
            resolution="常委会同意调查报告，要求区政府六个月内出台并联审批办法并向常委会报告落实情况。",
        )
    members = list(User.objects.filter(is_active=True, groups__name=roles.MEMBER).distinct())
    if UNDER_WAY not in existing and len(members) >= services.min_investigation_proposers():
        row = services.investigation_propose(
            actor=staff,
            title=UNDER_WAY,
            subject="部分河道治理项目资金拨付滞后、效果不明显，组成人员联名提请组织调查。",
            proposed_by=B.MEMBERS,
            proposers=members,
        )
        row = services.investigation_decide(actor=staff, investigation=row, adopt=True, meeting=meeting)
        services.investigation_form_committee(actor=staff, investigation=row, members=deputies)


def register() -> None:
    register_demo_loader(load_investigation_demo)
