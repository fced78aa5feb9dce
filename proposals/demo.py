"""Demo proposals: about forty of the current term in every state, walked through the real
services (so events, history, deadlines and notices are what users would see). Idempotent:
when the demo titles exist nothing is added, and nothing users entered is touched."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from congress.demo import demo_backdate, register_demo_loader
from congress.workdays import add_months

CATEGORIES = ["城市建设", "教育", "医疗卫生", "养老服务", "交通出行", "生态环境", "社会治理", "经济发展"]

# (title, category index, unit name, what happens)
SCRIPT = [
    ("关于在徐家汇地区增设老年助餐点的建议", 3, "区卫生健康委员会", "closed"),
    ("关于加快老旧小区加装电梯的建议", 0, "区教育局", "closed"),
    ("关于优化中小学课后服务的建议", 1, "区教育局", "closed"),
    ("关于社区卫生服务中心延时门诊的建议", 2, "区卫生健康委员会", "closed"),
    ("关于增加学校周边交通疏导力量的建议", 4, "区教育局", "closed_b"),
    ("关于推广家庭医生签约服务的建议", 2, "区卫生健康委员会", "closed_unrated"),
    ("关于加强校园食品安全监管的建议", 1, "区教育局", "closed_unrated"),
    ("关于规范共享单车停放的建议", 4, "区卫生健康委员会", "closed_withheld"),
    ("关于完善婴幼儿托育服务的建议", 3, "区教育局", "replied"),
    ("关于提升社区心理健康服务的建议", 2, "区卫生健康委员会", "replied_other"),
    ("关于扩大学校体育场地向社区开放的建议", 1, "区教育局", "review"),
    ("关于加强慢性病患者健康管理的建议", 2, "区卫生健康委员会", "review"),
    ("关于中小学生近视防控工作的建议", 1, "区教育局", "review"),
    ("关于加强学前教育师资队伍建设的建议", 1, "区教育局", "due_soon"),
    ("关于改善社区医院就诊环境的建议", 2, "区卫生健康委员会", "due_soon"),
    ("关于推进“15分钟社区生活圈”建设的建议", 6, "区教育局", "overdue"),
    ("关于加强院前急救体系建设的建议", 2, "区卫生健康委员会", "overdue"),
    ("关于建设智慧校园的建议", 1, "区教育局", "received"),
    ("关于完善社区药品配送的建议", 2, "区卫生健康委员会", "received"),
    ("关于职业教育产教融合的建议", 1, "区教育局", "assigned"),
    ("关于提高基层医务人员待遇的建议", 2, "区卫生健康委员会", "assigned"),
    ("关于加强特殊教育保障的建议", 1, "区教育局", "rehandling"),
    ("关于加强河道水质治理的建议", 5, "区生态环境局", "assigned"),
    ("关于规范夜间施工噪声管理的建议", 5, "区生态环境局", "assigned"),
    ("关于完善垃圾分类收运体系的建议", 5, "区绿化和市容管理局", "assigned"),
    ("关于支持小微企业纾困发展的建议", 7, "区商务委员会", "assigned"),
    ("关于加强电动自行车充电设施建设的建议", 6, "区应急管理局", "assigned"),
    ("关于增设社区公共停车泊位的建议", 4, None, "registered"),
    ("关于完善居家养老上门服务的建议", 3, None, "registered"),
    ("关于加强历史风貌区保护的建议", 0, None, "submitted"),
    ("关于提升公园绿地品质的建议", 5, None, "submitted"),
    ("关于规范物业服务收费的建议", 6, None, "submitted"),
    ("关于加强社区“微更新”的建议", 0, None, "submitted"),
    ("关于推进地下管网改造的建议", 0, None, "returned"),
    ("关于完善居家上门养老服务的建议（重复提出）", 3, None, "merged"),
    ("关于制定本区养老服务设施规划的议案", 3, None, "motion_submitted"),
    ("关于加强社区公共卫生应急能力的建议", 2, "区卫生健康委员会", "assisting"),
    ("关于完善中小学午餐供应的建议", 1, "区教育局", "key_oversight"),
    ("关于设置学校周边限时停车位的建议", 4, None, "draft_other"),
    ("关于在社区推广智慧养老设备的建议", 3, None, "draft"),
]
DEMO_TITLES = [row[0] for row in SCRIPT]


def _content(title: str) -> str:
    subject = title.removeprefix("关于").removesuffix("的建议").removesuffix("的议案")
    return (
        f"一、基本情况：群众普遍反映{subject}方面存在不足。\n"
        f"二、存在问题：相关设施和服务与群众需求仍有差距，部门之间协同不够。\n"
        f"三、具体建议：1. 开展专题调研，摸清底数；2. 制定{subject}工作计划并明确时间节点；"
        "3. 加大投入，建立长效管理机制。"
    )


@transaction.atomic
def load_proposals_demo() -> None:
    from congress.models import Organization, Rule, User
    from deputies.models import Deputy
    from deputies.selectors import current_term
    from proposals import services
    from proposals.models import Category, Proposal

    if Proposal.objects.filter(title__in=DEMO_TITLES).exists():
        return
    term = current_term()
    staff = User.objects.filter(username="staff").first()
    unit_users = {
        "区教育局": User.objects.filter(username="unit1").first(),
        "区卫生健康委员会": User.objects.filter(username="unit2").first(),
    }
    reviewer = User.objects.filter(username="govoffice").first()
    deputy1 = Deputy.objects.filter(term=term, user__username="deputy1").first()
    deputy2 = Deputy.objects.filter(term=term, user__username="deputy2").first()
    if not (term and staff and reviewer and deputy1 and deputy2 and all(unit_users.values())):
        return
    categories = [
        Category.objects.get_or_create(name=name, defaults={"sort_order": i})[0]
        for i, name in enumerate(CATEGORIES)
    ]
    units = {o.name: o for o in Organization.objects.filter(is_handling_unit=True)}
    others = list(Deputy.objects.filter(term=term, user__isnull=True).order_by("person_key")[:30])
    today = timezone.localdate()
    year = today.year
    committee = (
        Organization.objects.filter(kind=Organization.Kind.WORKING_COMMITTEE).order_by("sort_order").first()
    )
    # Demo motions need fewer co-signers than the law's ten.
    min_rule = Rule.objects.filter(key="proposals.motion_min_cosigners").first()

    def create(i, title, category, lead, co_signers=()):
        actor = lead.user if lead.user_id else staff
        return services.proposal_create(
            actor=actor,
            kind="suggestion",
            title=title,
            content=_content(title),
            category=categories[category],
            lead_deputy=lead,
            co_signers=[d.pk for d in co_signers],
            source="online" if lead.user_id else "paper",
            year=year,
        )

    def to_assigned(proposal, unit_name, *, assigned_on, assisting=()):
        actor = proposal.lead_deputy.user if proposal.lead_deputy.user_id else staff
        services.proposal_submit(actor=actor, proposal=proposal)
        services.proposal_register(actor=staff, proposal=proposal)
        services.proposal_assign(
            actor=staff,
            proposal=proposal,
            lead_units=[units[unit_name].pk],
            assisting_units=[units[n].pk for n in assisting],
            assigned_on=assigned_on,
        )
        # submitted, registered and assigned on the day its deadlines were reckoned from (read
        # again: the services changed the row, and its history is written from this instance)
        proposal = type(proposal).objects.get(pk=proposal.pk)
        demo_backdate(
            proposal,
            assigned_on,
            actor=staff,
            fields=("created_at", "submitted_at", "registered_at"),
            hour=9,
            every_event=True,
        )
        for assignment in proposal.assignments.all():
            demo_backdate(assignment, assigned_on, actor=staff, fields=("created_at", "assigned_at"))
        return proposal.assignments.get(unit=units[unit_name])

    def handle(assignment, unit_name, reply_class="A", *, confirm=True):
        officer = unit_users[unit_name]
        services.assignment_receive(
            actor=officer,
            assignment=assignment,
            responsible_person="王科长",
            responsible_leader="李副局长",
            measures="实地调研，会同街道制定方案",
        )
        services.contact_add(
            actor=officer,
            assignment=assignment,
            stage="before",
            channel="phone",
            note="与代表电话沟通办理思路。",
        )
        services.contact_add(
            actor=officer,
            assignment=assignment,
            stage="during",
            channel="site",
            who="代表、街道",
            note="陪同代表实地察看。",
        )
        reply = services.reply_submit(
            actor=officer,
            assignment=assignment,
            reply_class=reply_class,
            content=f"尊敬的代表：您提出的《{assignment.proposal.title}》收悉。我单位高度重视，经认真研究，现答复如下：……（{reply_class}类）",
        )
        if confirm:
            services.reply_confirm(actor=reviewer, reply=reply, comments="同意答复。")
        return reply

    months_ago = lambda n, days=0: add_months(today, -n) + dt.timedelta(days=days)  # noqa: E731
    for i, (title, category, unit_name, what) in enumerate(SCRIPT):
        lead = deputy1 if i % 3 == 0 else deputy2 if i % 3 == 1 else others[i % len(others)]
        if what == "replied":
            lead = deputy1  # the one awaiting deputy1's rating
        elif what == "replied_other":
            lead = deputy2
        if what in ("draft",):
            create(i, title, category, deputy1, co_signers=[deputy2])
            continue
        if what == "draft_other":
            create(i, title, category, deputy2)
            continue
        if what == "motion_submitted":
            if min_rule is None:
                Rule.objects.create(key="proposals.motion_min_cosigners", value=3, note="演示数据")
            proposal = services.proposal_create(
                actor=staff,
                kind="motion",
                title=title,
                content=_content(title),
                category=categories[category],
                lead_deputy=others[0],
                co_signers=[d.pk for d in others[1:10]],
                source="paper",
                year=year,
            )
            services.proposal_submit(actor=staff, proposal=proposal)
            continue
        proposal = create(
            i, title, category, lead, co_signers=[others[(i + 1) % len(others)]] if i % 4 == 0 else ()
        )
        if what == "submitted":
            services.proposal_submit(actor=proposal.lead_deputy.user or staff, proposal=proposal)
            continue
        if what == "returned":
            services.proposal_submit(actor=proposal.lead_deputy.user or staff, proposal=proposal)
            services.proposal_return(
                actor=staff, proposal=proposal, reason="所提事项属于市级事权，已转市人大代表工委。"
            )
            continue
        if what == "merged":
            services.proposal_submit(actor=proposal.lead_deputy.user or staff, proposal=proposal)
            into = Proposal.objects.get(title="关于完善居家养老上门服务的建议")
            services.proposal_merge(actor=staff, proposal=proposal, into=into)
            continue
        if what == "registered":
            services.proposal_submit(actor=proposal.lead_deputy.user or staff, proposal=proposal)
            services.proposal_register(actor=staff, proposal=proposal)
            continue
        if what == "due_soon":
            to_assigned(proposal, unit_name, assigned_on=months_ago(3, days=4))
            continue
        if what == "overdue":
            assignment = to_assigned(proposal, unit_name, assigned_on=months_ago(3, days=-10))
            services.assignment_receive(
                actor=unit_users[unit_name],
                assignment=assignment,
                responsible_person="赵科长",
                responsible_leader="钱副局长",
            )
            continue
        if what == "assigned":
            to_assigned(proposal, unit_name, assigned_on=today - dt.timedelta(days=3 + i))
            continue
        if what == "assisting":
            assignment = to_assigned(
                proposal, unit_name, assigned_on=today - dt.timedelta(days=10), assisting=["区教育局"]
            )
            continue
        if what == "key_oversight":
            to_assigned(proposal, unit_name, assigned_on=months_ago(2))
            services.proposal_set_oversight(
                actor=staff,
                proposal=proposal,
                is_key_oversight=True,
                oversight_committee=committee,
                oversight_leader="分管副区长",
            )
            continue
        if what == "received":
            assignment = to_assigned(proposal, unit_name, assigned_on=months_ago(1))
            services.assignment_receive(
                actor=unit_users[unit_name],
                assignment=assignment,
                responsible_person="孙科员",
                responsible_leader="周副主任",
                measures="会同街道研究",
            )
            continue
        assignment = to_assigned(proposal, unit_name, assigned_on=months_ago(2, days=-5))
        if what == "review":
            handle(assignment, unit_name, "B", confirm=False)
            continue
        handle(assignment, unit_name, "B" if what in ("closed_b", "rehandling") else "A")
        if what in ("replied", "replied_other"):
            continue
        if what == "rehandling":
            services.proposal_rate(
                actor=proposal.lead_deputy.user,
                proposal=proposal,
                satisfaction="unsatisfied",
                comment="进度偏慢，请加快推进。",
            )
            continue
        if what in ("closed", "closed_b", "closed_withheld") and proposal.lead_deputy.user_id:
            services.proposal_rate(
                actor=proposal.lead_deputy.user,
                proposal=proposal,
                satisfaction="satisfied" if i % 2 == 0 else "basically_satisfied",
                comment="办理认真，答复及时。",
            )
        else:
            services.proposal_close_unrated(actor=staff, proposal=proposal, force=True)
        if what == "closed_withheld":
            services.proposal_withhold(
                actor=staff, proposal=proposal, reason="涉及第三方商业信息，不予公开。"
            )


def register() -> None:
    register_demo_loader(load_proposals_demo)
