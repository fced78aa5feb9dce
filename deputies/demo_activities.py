"""Demo activities and training (seed 十四) for ``make run``: past inspections, research and
trainings the demo deputies attended (so their performance record has something in it), and
upcoming ones open to sign-up — one already full, with a waiting list. Written through the
services, as staff and the deputies would; loaded once (nothing is added when activities exist)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from congress.models import User
from deputies import services_activities as services
from deputies.models import Deputy
from deputies.models_activities import Activity
from deputies.models_record import VoterReport
from deputies.services_record import (
    voter_comment_add,
    voter_report_hold,
    voter_report_publish,
    voter_report_schedule,
)

# Skills for the resource database, by specialty (the demo roster has no such column).
SKILLS = {
    "公共卫生": "流行病学、社区健康管理",
    "基础教育": "课程改革、家校共育",
    "法律": "合同纠纷调解、行政复议",
    "财务审计": "预算审查、绩效评价",
    "基层治理": "社区调解、志愿者组织",
    "人工智能": "数据分析、英语",
    "医疗管理": "医院管理、医保政策",
    "城市管理": "城市更新、垃圾分类",
    "经济学": "宏观经济、产业政策",
    "物流": "快递末端配送",
    "物业管理": "加装电梯、业委会指导",
    "政府管理": "营商环境",
    "城市规划": "历史风貌保护、交通规划",
    "养老服务": "长者照护、适老化改造",
    "先进制造": "安全生产、技能培训",
}

PAST = [
    # (days ago, kind, title, location, hours, capacity)
    (400, "training", "新任代表履职学习培训班", "区人大常委会培训中心", 12, 60),
    (330, "inspection", "视察全区老旧小区加装电梯工作", "天平街道、湖南街道", None, 20),
    (250, "research", "“一老一小”服务设施专题调研", "徐家汇街道", None, 15),
    (160, "training", "预算审查监督专题培训", "区人大常委会会议室", 4, 40),
    (75, "reception", "代表接待选民日", "枫林街道代表之家", None, 6),
    (30, "inspection", "《上海市生活垃圾管理条例》执法检查", "虹梅路街道", None, 12),
]
UPCOMING = [
    # (days ahead, kind, title, location, hours, capacity)
    (5, "research", "营商环境优化专题调研", "漕河泾开发区", None, 1),
    (9, "training", "代表履职能力提升培训（数字化履职）", "区人大常委会培训中心", 6, 50),
    (16, "inspection", "视察城市更新重点项目", "徐家汇街道", None, 15),
]


def _fill_skills() -> None:
    for deputy in Deputy.objects.filter(skills="", specialty__in=SKILLS):
        deputy.skills = SKILLS[deputy.specialty]
        deputy._change_reason = "演示数据"
        deputy.save(update_fields=["skills", "updated_at"])


def _load_voter_reports(staff, deputy, now) -> None:
    last_year = now.year - 1
    held = voter_report_schedule(
        actor=staff,
        deputy=deputy,
        title=f"{deputy.name}代表{last_year}年度向选民报告履职情况",
        scheduled_at=now.replace(year=last_year, month=12, day=10, hour=14),
        location=f"{deputy.group.name.removesuffix('代表组') if deputy.group else ''}代表之家",
    )
    held = voter_report_hold(actor=staff, report=held, attendees=46)
    held = voter_report_publish(
        actor=staff,
        report=held,
        text=(
            "一年来，我参加了区人代会和代表小组活动，领衔提出了关于老旧小区加装电梯、社区食堂建设的建议，"
            "参加了垃圾分类执法检查和“一老一小”专题调研，在代表之家接待选民，收集的意见均已转交办理。"
            "新的一年，我将继续围绕养老服务和城市更新履职，欢迎选民提出意见。"
        ),
    )
    voter_comment_add(
        report=held, name="居民老张", content="加装电梯的事情跟进得很及时，希望继续关注停车难。"
    )
    voter_comment_add(report=held, content="建议多在晚上安排接待，方便上班族。")
    voter_report_schedule(
        actor=staff,
        deputy=deputy,
        title=f"{deputy.name}代表{now.year}年度向选民报告履职情况",
        scheduled_at=now + dt.timedelta(days=20),
        location="居民区党群服务站",
    )


def _load_held_report(staff, deputy, now) -> None:
    """deputy2 held a report to the voters last month and has yet to write it up in the portal
    (/portal/me/deputy/reports/); they show their record without the absences (record items
    chosen public)."""
    report = voter_report_schedule(
        actor=staff,
        deputy=deputy,
        title=f"{deputy.name}代表向选民报告履职情况",
        scheduled_at=now - dt.timedelta(days=30),
        location="居民区党群服务站",
    )
    voter_report_hold(actor=staff, report=report, attendees=32)
    if not deputy.record_hidden_items:
        deputy.record_hidden_items = ["activities_absent"]
        deputy._change_reason = "演示数据"
        deputy.save(update_fields=["record_hidden_items", "updated_at"])


@transaction.atomic
def load_activities_demo() -> None:
    staff = User.objects.filter(username="staff").first()
    accounts = list(
        Deputy.objects.filter(user__username__in=("deputy1", "deputy2"))
        .select_related("user")
        .order_by("user__username")
    )
    _fill_skills()
    if staff is None or not accounts:
        return
    # Local time: activities start at 9:00 and 14:00 in the district, whatever the server's zone.
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    if not VoterReport.objects.exists():
        _load_voter_reports(staff, accounts[0], now)
    if len(accounts) > 1 and not VoterReport.objects.filter(deputy=accounts[1]).exists():
        _load_held_report(staff, accounts[1], now)
    if Activity.objects.exists():
        return
    for days, kind, title, location, hours, capacity in PAST:
        starts = (now - dt.timedelta(days=days)).replace(hour=9)
        activity = services.activity_publish(
            actor=staff,
            kind=kind,
            title=title,
            location=location,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=hours or 3),
            capacity=capacity,
            hours=hours,
        )
        for index, deputy in enumerate(accounts):
            services.activity_sign_up(actor=deputy.user, activity=activity, now=starts - dt.timedelta(days=3))
            # deputy2 missed one inspection: the record shows an absence too.
            if not (index == 1 and days == 330):
                services.signup_check_in(actor=deputy.user, activity=activity, now=starts)
        services.activity_close(actor=staff, activity=activity)
    for days, kind, title, location, hours, capacity in UPCOMING:
        starts = (now + dt.timedelta(days=days)).replace(hour=14)
        activity = services.activity_publish(
            actor=staff,
            kind=kind,
            title=title,
            location=location,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=hours or 3),
            capacity=capacity,
            hours=hours,
        )
        if capacity == 1:
            # Full: deputy2 holds the one place, so deputy1 meets the waiting list.
            services.activity_sign_up(actor=accounts[-1].user, activity=activity)
