"""Demo major-matter reports (seed 九): this year's list agreed with the government (five
items, one dropped with its reason, one added later with its reason), a matter concluded and
public, one awaiting the education bureau's feedback (unit1), one just reported by the health
commission (unit2), and an item unit1 has yet to report; next year's list in consultation.
Walked through the services; idempotent (found by year and title)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from congress.demo import demo_backdate, register_demo_loader
from congress.models import Organization, User
from meetings.models import Meeting
from supervision.models_major_matters import MajorMatter, MajorMatterList
from supervision.services import major_matters as services

EDUCATION, HEALTH = "区教育局", "区卫生健康委员会"
ITEMS = [
    # topic, unit, reporter, month, requirements
    (
        "本区义务教育阶段学校布局调整规划",
        EDUCATION,
        "副区长 陈某某",
        3,
        "规划依据、学位供需测算、征求家长意见情况",
    ),
    ("区域医疗中心建设方案", HEALTH, "副区长 林某某", 5, "建设规模、资金来源、对周边居民的影响评估"),
    (
        "本区老旧小区综合改造三年行动计划",
        "区房屋管理局",
        "副区长 王某某",
        6,
        "改造范围、资金安排、居民意愿征询",
    ),
    ("学前教育普惠性资源扩容实施方案", EDUCATION, "区教育局局长", 9, "新增托位、经费测算、师资配备"),
    (
        "区级政府投资项目年度计划调整",
        "区发展和改革委员会",
        "区发展改革委主任",
        10,
        "调整项目、调整理由、对预算的影响",
    ),
]
CONCLUDED = "本区义务教育阶段学校布局调整规划"
AWAITING_FEEDBACK = "区域医疗中心建设方案"
JUST_REPORTED = "本区社区卫生服务中心功能提升方案"


def _unit(name):
    return Organization.objects.filter(name=name).first()


@transaction.atomic
def load_major_matter_demo() -> None:
    staff = User.objects.filter(username="staff").first()
    meeting = Meeting.objects.filter(kind=Meeting.Kind.STANDING).order_by("-starts_at").first()
    if staff is None or meeting is None or not all(_unit(name) for name in (EDUCATION, HEALTH)):
        return
    today = timezone.localdate()
    if not MajorMatterList.objects.filter(year=today.year).exists():
        matter_list = services.major_matter_list_create(
            actor=staff,
            year=today.year,
            consultation="区人大常委会主任会议成员与区政府领导班子举行年度协商沟通会议，商定本年度重大事项报告的议题、报告人和时间。",
        )
        items = {}
        for topic, unit, reporter, month, requirements in ITEMS:
            if _unit(unit) is None:
                continue
            items[topic] = services.major_matter_list_add_item(
                actor=staff,
                matter_list=matter_list,
                topic=topic,
                unit=_unit(unit),
                reporter=reporter,
                planned_month=month,
                requirements=requirements,
            )
        matter_list = services.major_matter_list_agree(
            actor=staff, matter_list=matter_list, agreed_on=dt.date(today.year, 1, 20)
        )
        if "区级政府投资项目年度计划调整" in items:
            services.major_matter_list_drop_item(
                actor=staff,
                item=items["区级政府投资项目年度计划调整"],
                reason="经协商，该事项并入年度计划执行情况报告，不再单独报告。",
            )
        services.major_matter_list_add_item(
            actor=staff,
            matter_list=matter_list,
            topic="本区生活垃圾分类处理设施布局优化方案",
            unit=_unit("区建设和管理委员会") or _unit(HEALTH),
            reporter="副区长 王某某",
            planned_month=12,
            reason="年中区政府提出，经主任会议同意增列。",
        )
        past = today - dt.timedelta(days=120)
        concluded = services.major_matter_register(
            actor=staff,
            unit=_unit(EDUCATION),
            list_item=items[CONCLUDED],
            title=CONCLUDED,
            reporter="副区长 陈某某",
            content="拟调整12所中小学布局：新建2所、合并3所、扩建4所。依据本区人口发展预测和学位需求测算，已召开家长座谈会8场。",
            planned_decision_date=past + dt.timedelta(days=45),
            today=past,
        )
        demo_backdate(concluded, past, actor=staff)
        concluded = services.major_matter_schedule(actor=staff, matter=concluded, meeting=meeting)
        concluded = services.major_matter_send_opinion(
            actor=staff,
            matter=concluded,
            content="常委会原则同意布局调整规划。建议：合并学校须做好学生分流和交通接送；新建学校同步规划周边道路和停车。",
            today=past + dt.timedelta(days=20),
        )
        demo_backdate(
            concluded,
            past + dt.timedelta(days=20),
            actor=staff,
            fields=("opinion_sent_at",),
            actions=["send_opinion"],
        )
        concluded = services.major_matter_feed_back(
            actor=staff,
            matter=concluded,
            content="区政府常务会议采纳审议意见：合并学校实行三年过渡期并开通定制公交；新建学校配套道路纳入年度建设计划。",
        )
        services.major_matter_conclude(actor=staff, matter=concluded, note="审议意见已采纳，予以办结。")
        awaiting = services.major_matter_register(
            actor=staff,
            unit=_unit(HEALTH),
            list_item=items[AWAITING_FEEDBACK],
            title=AWAITING_FEEDBACK,
            reporter="副区长 林某某",
            content="拟在本区西南片区建设区域医疗中心，床位600张，总投资约18亿元，由区财政和市级补助共同承担。",
            planned_decision_date=today + dt.timedelta(days=40),
            today=today - dt.timedelta(days=30),
        )
        awaiting = services.major_matter_schedule(actor=staff, matter=awaiting, meeting=meeting)
        services.major_matter_send_opinion(
            actor=staff,
            matter=awaiting,
            content="建议进一步论证选址对交通的影响，明确市区两级资金分担比例，并向周边居民公开征求意见。",
            today=today - dt.timedelta(days=10),
        )
    if not MajorMatter.objects.filter(title=JUST_REPORTED).exists():
        services.major_matter_register(
            actor=staff,
            unit=_unit(HEALTH),
            title=JUST_REPORTED,
            reporter="区卫生健康委员会主任",
            outside_list_reason="涉及全区13个社区卫生服务中心功能调整，群众关注度高，区政府决定在决策前报告。",
            content="拟对全区社区卫生服务中心实施功能提升：增设康复、安宁疗护床位，延长门诊时间。",
            planned_decision_date=today + dt.timedelta(days=60),
        )
    if not MajorMatterList.objects.filter(year=today.year + 1).exists():
        services.major_matter_list_create(
            actor=staff, year=today.year + 1, consultation="正在与区政府协商下一年度重大事项报告目录。"
        )


def register() -> None:
    register_demo_loader(load_major_matter_demo)
