"""The supervision part of the bench district: ten years (two at small scale) of supervision —
a published plan a year with its items, special work reports in every state (past years
closed, with their rectification reports, votes and follow-ups; this year's spread over the
states, a share overdue), interpellations with signers and answers, special supervisors per
term, deputies' court-hearing attendance with replies, and post-supervision evaluations with
many answers (the tally's cost must not grow with them).

Rows are made with ``bulk_create`` (tens of thousands at the largest scale, not millions):
no history rows, no timelines (like the proposals part). unit1's unit (区教育局) gets a third of
the reports, so its inbox is the largest; the court's generated officer owes the hearing
replies."""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Count
from django.utils import timezone

SIZES = {
    # reports per year, hearings per year, evaluations' answers each
    "small": {"reports": 30, "hearings": 60, "answers": 200},
    "district": {"reports": 60, "hearings": 300, "answers": 1_000},
    "full": {"reports": 60, "hearings": 300, "answers": 5_000},
}
# Filed normative documents (备案审查): the public register at 10,000 documents at every scale
# (a district files a few hundred a year: this is decades of them), a suggestion on one in ten.
FILINGS = {"small": 10_000, "district": 10_000, "full": 10_000}
FILING_SUBJECTS = [
    "住宅小区电动自行车停放充电管理",
    "校外培训机构管理",
    "老旧小区加装电梯管理",
    "公共停车场收费管理",
    "生活垃圾分类管理",
    "养老服务补贴发放",
    "中小学课后服务管理",
    "医疗机构周边交通管理",
    "城市道路挖掘管理",
    "历史风貌区保护",
    "社区食堂运营扶持",
    "人才公寓租赁管理",
]
TOPICS = [
    "义务教育优质均衡发展",
    "公共卫生体系建设",
    "养老服务体系建设",
    "生态环境保护",
    "城市更新",
    "营商环境优化",
    "知识产权审判",
    "未成年人检察",
    "食品安全",
    "住房保障",
    "就业促进",
    "文化事业发展",
]


def generate_supervision(scale: str) -> dict:
    from bench.generate import SCALES, _require, _unit_of, today
    from congress import roles
    from congress.models import Organization, Term, User
    from congress.services import user_create
    from deputies.models import Deputy

    (
        SupervisionPlan,
        PlanItem,
        WorkReport,
        RectificationReport,
        SatisfactionVote,
        FollowUp,
        Interpellation,
        InterpellationAnswer,
        SpecialSupervisor,
        HearingAttendance,
        Evaluation,
        EvaluationQuestion,
        EvaluationResponse,
        EvaluationAnswer,
    ) = _require(
        "supervision",
        "SupervisionPlan",
        "PlanItem",
        "WorkReport",
        "RectificationReport",
        "SatisfactionVote",
        "FollowUp",
        "Interpellation",
        "InterpellationAnswer",
        "SpecialSupervisor",
        "HearingAttendance",
        "Evaluation",
        "EvaluationQuestion",
        "EvaluationResponse",
        "EvaluationAnswer",
    )
    from django.contrib.contenttypes.models import ContentType

    rng = random.Random(11)
    size = SIZES[scale]
    years = SCALES[scale]["meeting_years"]
    now = timezone.now()
    tz = timezone.get_current_timezone()
    this_year = today().year
    R = WorkReport.State
    K = Organization.Kind

    staff = User.objects.get(username="staff")
    members = [User.objects.get(username="member")]
    for username in ("member2", "member3"):
        user = User.objects.filter(username=username).first() or user_create(
            username=username, password=None, display_name=f"常委会委员 {username}", role_names=[roles.MEMBER]
        )
        members.append(user)
    committees = list(Organization.objects.filter(kind=K.WORKING_COMMITTEE).order_by("sort_order"))
    supervised = list(
        Organization.objects.filter(
            is_active=True, kind__in=[K.GOVERNMENT, K.COURT, K.PROCURATORATE, K.DEPARTMENT]
        ).order_by("sort_order")
    )
    unit1 = _unit_of("unit1").first()
    court = Organization.objects.filter(kind=K.COURT).first()
    procuratorate = Organization.objects.filter(kind=K.PROCURATORATE).first()
    deputy1 = User.objects.get(username="deputy1")

    def at(year: int, month: int, day: int) -> dt.datetime:
        return dt.datetime(year, month, min(day, 28), 10, 0, tzinfo=tz)

    # --- plans and items ---
    plans = SupervisionPlan.objects.bulk_create(
        [
            SupervisionPlan(
                year=year,
                title=f"{year}年度监督工作计划",
                summary="围绕全区中心工作，依法开展监督。",
                state=SupervisionPlan.State.PUBLISHED,
                adopted_at=at(year - 1, 12, 20),
                published_at=at(year - 1, 12, 28),
                created_by=staff,
            )
            for year in range(this_year - years + 1, this_year + 1)
        ]
    )
    items = []
    for plan in plans:
        for n in range(12):
            items.append(
                PlanItem(
                    plan=plan,
                    order=n + 1,
                    kind=PlanItem.Kind.WORK_REPORT if n < 8 else PlanItem.Kind.INSPECTION,
                    title=f"听取和审议关于{TOPICS[n % len(TOPICS)]}情况的报告",
                    committee=committees[n % len(committees)],
                    planned_month=n + 1,
                )
            )
    items = PlanItem.objects.bulk_create(items, batch_size=1000)
    through = PlanItem.units.through
    through.objects.bulk_create(
        [
            through(planitem_id=item.pk, organization_id=supervised[i % len(supervised)].pk)
            for i, item in enumerate(items)
        ],
        batch_size=2000,
    )
    items_by_year: dict[int, list] = {}
    for item in items:
        items_by_year.setdefault(item.plan.year, []).append(item)

    # --- work reports ---
    reports = []
    current_states = [
        R.REQUESTED,
        R.SUBMITTED,
        R.DELIBERATED,
        R.OPINIONS_SENT,
        R.RECTIFICATION_REPORTED,
        R.RECTIFYING,
        R.CLOSED,
    ]
    for year in range(this_year - years + 1, this_year + 1):
        for n in range(size["reports"]):
            unit = unit1 if unit1 and n % 3 == 0 else supervised[n % len(supervised)]
            current = year == this_year
            state = current_states[n % len(current_states)] if current else R.CLOSED
            month = 1 + n % 11
            requested = at(year, month, 1 + n % 27)
            due = (requested + dt.timedelta(days=40)).date()
            if current and state == R.REQUESTED:
                due = today() + dt.timedelta(days=(n % 40) - 8)  # some overdue, some due soon
            submitted = state != R.REQUESTED
            opinions = state not in (R.REQUESTED, R.SUBMITTED, R.DELIBERATED)
            rect_due = (requested + dt.timedelta(days=130)).date() if opinions else None
            if current and state in (R.OPINIONS_SENT, R.RECTIFYING):
                rect_due = today() + dt.timedelta(days=(n % 50) - 10)
            item = items_by_year[year][n % 8]
            reports.append(
                WorkReport(
                    title=f"关于本区{TOPICS[n % len(TOPICS)]}情况的报告（{year}-{n + 1}）",
                    unit=unit,
                    plan_item=item,
                    state=state,
                    due_date=due,
                    request_note="请全面报告工作进展、存在问题和下一步打算。",
                    content=("本报告围绕相关工作开展情况、存在问题和下一步打算进行报告。" * 20)
                    if submitted
                    else "",
                    submitted_at=requested + dt.timedelta(days=30) if submitted else None,
                    deliberated_at=requested + dt.timedelta(days=45)
                    if submitted and state != R.SUBMITTED
                    else None,
                    opinions=("建议进一步加大工作力度，完善长效机制。" * 10) if opinions else "",
                    opinions_sent_at=requested + dt.timedelta(days=50) if opinions else None,
                    rectification_due=rect_due,
                    round=2 if state == R.RECTIFYING or (state == R.CLOSED and n % 10 == 0) else 1,
                    closed_at=requested + dt.timedelta(days=160) if state == R.CLOSED else None,
                    withhold_vote=state == R.CLOSED and n % 25 == 0,
                    withheld_reason="涉及工作秘密" if state == R.CLOSED and n % 25 == 0 else "",
                    created_by=staff,
                    created_at=requested,
                )
            )
    reports = WorkReport.objects.bulk_create(reports, batch_size=1000)
    rects, votes, follow_ups = [], [], []
    for report in reports:
        if report.state in (R.RECTIFICATION_REPORTED, R.RECTIFYING, R.CLOSED):
            rounds = report.round if report.state != R.RECTIFYING else 1
            for r in range(1, rounds + 1):
                submitted_at = report.opinions_sent_at + dt.timedelta(days=80 + 30 * r)
                rects.append(
                    RectificationReport(
                        report=report,
                        round=r,
                        content="逐条研究处理审议意见，整改措施如下。" * 15,
                        due_date=report.rectification_due or submitted_at.date(),
                        submitted_at=submitted_at,
                    )
                )
                if report.state != R.RECTIFICATION_REPORTED or r < rounds:
                    failed = r < report.round and report.state in (R.CLOSED, R.RECTIFYING)
                    votes.append(
                        SatisfactionVote(
                            report=report,
                            round=r,
                            satisfied=4 if failed else 20,
                            basically_satisfied=4 if failed else 8,
                            unsatisfied=20 if failed else 2,
                            result=SatisfactionVote.Result.FAILED
                            if failed
                            else SatisfactionVote.Result.PASSED,
                            threshold="1/2",
                            voted_at=submitted_at + dt.timedelta(days=10),
                        )
                    )
        if report.state == R.CLOSED:
            follow_ups.append(FollowUp(report=report, content="跟踪检查整改落实情况。", author=staff))
    RectificationReport.objects.bulk_create(rects, batch_size=2000)
    SatisfactionVote.objects.bulk_create(votes, batch_size=2000)
    FollowUp.objects.bulk_create(follow_ups, batch_size=2000)

    # --- interpellations ---
    I = Interpellation.State  # noqa: E741
    interpellations = []
    for year in range(this_year - years + 1, this_year + 1):
        for n in range(3):
            state = (I.ACCEPTED, I.ANSWERED, I.FILED)[n] if year == this_year else I.CLOSED
            interpellations.append(
                Interpellation(
                    title=f"关于{TOPICS[(n + year) % len(TOPICS)]}问题的质询案（{year}）",
                    unit=unit1 if unit1 and n == 0 else supervised[(n + year) % len(supervised)],
                    content="请说明有关情况和整改措施。",
                    state=state,
                    answer_mode="written" if state != I.FILED else "",
                    answer_due=today() + dt.timedelta(days=10)
                    if state == I.ACCEPTED
                    else at(year, 6, 1).date(),
                    decided_at=at(year, 5, 1) if state != I.FILED else None,
                    closed_at=at(year, 7, 1) if state == I.CLOSED else None,
                    filed_by=members[0],
                    created_at=at(year, 4, 1),
                )
            )
    interpellations = Interpellation.objects.bulk_create(interpellations)
    signers = Interpellation.signers.through
    signers.objects.bulk_create(
        [signers(interpellation_id=i.pk, user_id=m.pk) for i in interpellations for m in members]
    )
    InterpellationAnswer.objects.bulk_create(
        [
            InterpellationAnswer(
                interpellation=i,
                round=1,
                mode="written",
                answerer=i.unit.head_name or "主要负责人",
                content="针对质询的问题，我单位高度重视，已采取如下措施。" * 5,
                answered_at=(i.decided_at or now) + dt.timedelta(days=20),
            )
            for i in interpellations
            if i.state in (I.ANSWERED, I.CLOSED)
        ]
    )

    # --- special supervisors (per term) and hearings ---
    supervisors = []
    for term in Term.objects.filter(start_year__gte=this_year - years - 4).order_by("start_year"):
        deputies = list(Deputy.objects.filter(term=term).order_by("pk").values_list("pk", flat=True)[:20])
        for n, deputy_id in enumerate(deputies):
            supervisors.append(
                SpecialSupervisor(
                    deputy_id=deputy_id,
                    institution=court if n % 2 else procuratorate,
                    term_start=dt.date(term.start_year, 3, 1),
                    term_end=dt.date(term.end_year, 12, 31),
                    state=SpecialSupervisor.State.ENDED if n % 9 == 8 else SpecialSupervisor.State.SERVING,
                    end_reason="工作调动" if n % 9 == 8 else "",
                    appointed_by=staff,
                )
            )
    SpecialSupervisor.objects.bulk_create(supervisors)
    H = HearingAttendance.State
    deputy_users = list(User.objects.filter(groups__name=roles.DEPUTY).values_list("pk", flat=True)) or [
        deputy1.pk
    ]
    hearings = []
    for year in range(this_year - years + 1, this_year + 1):
        for n in range(size["hearings"]):
            hearing_date = at(year, 1 + n % 12, 1 + n % 27).date()
            if hearing_date > today():
                hearing_date = today() - dt.timedelta(days=n % 60)
            recent = (today() - hearing_date).days < 30
            state = H.RECORDED if n % 4 == 0 else (H.AWAITING_REPLY if recent else H.REPLIED)
            hearings.append(
                HearingAttendance(
                    deputy_id=deputy1.pk if n % 10 == 0 else deputy_users[n % len(deputy_users)],
                    unit=court if n % 3 else procuratorate,
                    case_number=f"（{year}）沪0104民初{n + 1}号",
                    case_title=["房屋租赁合同纠纷", "借款合同纠纷", "危险驾驶罪", "劳动争议"][n % 4],
                    court=f"第{1 + n % 6}法庭",
                    hearing_date=hearing_date,
                    remarks="" if state == H.RECORDED else "建议加强诉讼指引。",
                    state=state,
                    reply_due=hearing_date + dt.timedelta(days=21) if state != H.RECORDED else None,
                    reply="已研究落实。" if state == H.REPLIED else "",
                    replied_at=at(year, 1 + n % 12, 28) if state == H.REPLIED else None,
                )
            )
    HearingAttendance.objects.bulk_create(hearings, batch_size=2000)

    # --- evaluations: one closed per past year (the latest past year's the largest), with answers ---
    report_type = ContentType.objects.get_for_model(WorkReport)
    evaluated = [
        WorkReport.objects.filter(state=R.CLOSED, created_at__year=year).order_by("pk").first()
        for year in range(this_year - years + 1, this_year)
    ]
    evaluated = [r for r in evaluated if r is not None] or list(WorkReport.objects.filter(state=R.CLOSED)[:1])
    evaluations = Evaluation.objects.bulk_create(
        [
            Evaluation(
                target_type=report_type,
                target_id=report.pk,
                title=f"{report.title}监督后评估",
                state=Evaluation.State.CLOSED,
                opened_at=report.closed_at,
                closed_at=report.closed_at + dt.timedelta(days=30),
                created_by=staff,
            )
            for report in evaluated
        ]
    )
    Q = EvaluationQuestion.Kind
    questions = EvaluationQuestion.objects.bulk_create(
        [
            EvaluationQuestion(evaluation=e, order=order, kind=kind, text=text, choices=choices)
            for e in evaluations
            for order, (kind, text, choices) in enumerate(
                [
                    (Q.CHOICE, "审议意见落实情况", ["全部落实", "大部分落实", "部分落实", "未落实"]),
                    (Q.RATING, "整改成效评分", []),
                    (Q.CHOICE, "是否感受到改善", ["明显改善", "有所改善", "没有变化"]),
                    (Q.TEXT, "意见建议", []),
                ],
                start=1,
            )
        ]
    )
    by_evaluation: dict[int, list] = {}
    for q in questions:
        by_evaluation.setdefault(q.evaluation_id, []).append(q)
    responses = EvaluationResponse.objects.bulk_create(
        [
            EvaluationResponse(
                evaluation=e,
                source=EvaluationResponse.Source.PUBLIC,
                device=f"bench-{e.pk}-{n}",
                address_digest=f"bench-address-{n % 300}",
                submitted_at=e.opened_at + dt.timedelta(minutes=n),
            )
            for e in evaluations
            for n in range(size["answers"])
        ],
        batch_size=5000,
    )
    answers = []
    for response in responses:
        for q in by_evaluation[response.evaluation_id]:
            if q.kind == Q.CHOICE:
                answers.append(
                    EvaluationAnswer(response=response, question=q, choice=rng.randrange(len(q.choices)))
                )
            elif q.kind == Q.RATING:
                answers.append(EvaluationAnswer(response=response, question=q, rating=rng.randint(1, 5)))
            elif rng.random() < 0.2:
                answers.append(EvaluationAnswer(response=response, question=q, text="建议继续跟踪。"))
    EvaluationAnswer.objects.bulk_create(answers, batch_size=5000)
    largest = Evaluation.objects.annotate(n=Count("responses")).order_by("-n", "-pk").first()
    filings = generate_filings(scale, unit1=unit1, staff=staff)
    return {
        **filings,
        "plans": len(plans),
        "plan_items": len(items),
        "work_reports": len(reports),
        "rectifications": len(rects),
        "votes": len(votes),
        "interpellations": len(interpellations),
        "special_supervisors": len(supervisors),
        "hearings": len(hearings),
        "evaluations": len(evaluations),
        "evaluation_answers": len(answers),
        "largest_evaluation": largest.pk if largest else None,
        "_analyze": [
            "supervision_workreport",
            "supervision_rectificationreport",
            "supervision_satisfactionvote",
            "supervision_hearingattendance",
            "supervision_evaluationresponse",
            "supervision_evaluationanswer",
            "supervision_normativedocument",
            "supervision_filingsuggestion",
        ],
    }


def generate_filings(scale: str, *, unit1, staff) -> dict:
    """``FILINGS[scale]`` filed normative documents spread over issuing units and years (unit1's
    unit files a fifth), in every state — most closed, the recent ones under review or being
    corrected, one in twelve filed late — and a citizen's suggestion on one in ten. Each text
    has five articles (第一条 …)."""
    from bench.generate import _require, today
    from congress.models import Organization

    NormativeDocument, FilingSuggestion = _require("supervision", "NormativeDocument", "FilingSuggestion")
    F = NormativeDocument.State
    K = Organization.Kind
    rng = random.Random(12)
    total = FILINGS[scale]
    issuers = list(
        Organization.objects.filter(is_active=True, kind__in=[K.GOVERNMENT, K.DEPARTMENT]).order_by(
            "sort_order"
        )
    )
    end = today()
    closed = [F.NO_ISSUE] * 8 + [F.CORRECTED, F.REVOKED]
    docs = []
    for i in range(total):
        unit = unit1 if unit1 is not None and i % 5 == 0 else rng.choice(issuers)
        filed_on = end - dt.timedelta(days=int(i * 3650 / total))
        late = i % 12 == 0
        published = filed_on - dt.timedelta(days=rng.randint(31, 80) if late else rng.randint(1, 28))
        age = (end - filed_on).days
        state = (
            F.FILED
            if age < 40
            else (F.CORRECTION_REQUESTED if age < 90 and i % 4 == 0 else rng.choice(closed))
        )
        outcome = {
            F.FILED: "",
            F.NO_ISSUE: "no_issue",
            F.CORRECTED: "correction_requested",
            F.CORRECTION_REQUESTED: "correction_requested",
            F.REVOKED: "revoked",
        }[state]
        subject = FILING_SUBJECTS[i % len(FILING_SUBJECTS)]
        text = "\n".join([f"{subject}办法", *[f"第{n}条 关于{subject}的第{n}项规定。" for n in "一二三四五"]])
        docs.append(
            NormativeDocument(
                unit=unit,
                title=(title := f"徐汇区{subject}办法（{filed_on.year}年第{i}号）"),
                doc_number=(number := f"徐规〔{filed_on.year}〕{i}号"),
                search_text=NormativeDocument.search_text_of(title, number, unit.name),
                published_on=published,
                filed_on=filed_on,
                filing_due=published + dt.timedelta(days=30),
                late=late,
                days_late=max((filed_on - published).days - 30, 0) if late else 0,
                text=text,
                state=state,
                review_due=filed_on + dt.timedelta(days=60),
                outcome=outcome,
                opinion="经审查，未发现问题。"
                if outcome == "no_issue"
                else ("请予纠正。" if outcome else ""),
                correction_due=filed_on + dt.timedelta(days=120)
                if outcome == "correction_requested"
                else None,
                filed_by=staff,
            )
        )
    docs = NormativeDocument.objects.bulk_create(docs, batch_size=2000)
    suggestions = FilingSuggestion.objects.bulk_create(
        [
            FilingSuggestion(
                filing=doc,
                content="建议审查第三条是否与上位法一致。",
                receipt=f"BABENCH{n:05d}",
                answer_due=doc.filed_on + dt.timedelta(days=45),
                state="answered" if n % 3 else "received",
                result="not_adopted" if n % 3 else "",
                answer="经审查，建议不成立。" if n % 3 else "",
            )
            for n, doc in enumerate(docs[::10])
        ],
        batch_size=2000,
    )
    return {"filings": len(docs), "filing_suggestions": len(suggestions)}
