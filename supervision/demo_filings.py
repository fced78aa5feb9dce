"""Demo filing review (备案审查) and expert pool (专家咨询库): a register with each outcome — no
issue; asked to correct, corrected (the diff to see) and still owed by 区教育局 (in its inbox);
revoked; under review, one filed late — a citizen's suggestion answered and one waiting, two
experts (a legal adviser and a budget expert) with consultations on filings. Walked through the
real services; idempotent (found by document number); nothing users entered is touched."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from congress.demo import demo_backdate, register_demo_loader
from congress.models import Organization, User
from supervision.models import Expert, NormativeDocument
from supervision.services import experts as expert_services
from supervision.services import filings as svc

EDU, HEALTH, GOV = "区教育局", "区卫生健康委员会", "上海市徐汇区人民政府"


def _text(subject: str, articles: list[str]) -> str:
    heads = "一二三四五六七八九十"
    return "\n".join([subject, "", *[f"第{heads[i]}条 {body}" for i, body in enumerate(articles)]])


AFTER_SCHOOL = [
    "为规范本区中小学课后服务，减轻家长负担，根据有关规定，制定本办法。",
    "本办法适用于本区公办义务教育阶段学校。",
    "课后服务实行自愿参加原则，学校不得强制或变相强制学生参加。",
    "课后服务收费标准为每生每学期八百元，由学校自行收取并统筹使用。",
    "本办法自公布之日起施行，有效期五年。",
]
AFTER_SCHOOL_CORRECTED = [
    *AFTER_SCHOOL[:3],
    "课后服务性收费标准按照区发展改革部门核定的标准执行，纳入财政专户管理。",
    AFTER_SCHOOL[4],
]

# (unit, title, 文号, days published before filing, filed days ago, articles, outcome)
FILINGS = [
    (
        EDU,
        "徐汇区校外培训机构管理办法",
        "徐教规〔2026〕1号",
        12,
        150,
        [
            "为加强校外培训机构管理，规范培训行为，制定本办法。",
            "区教育局负责本区校外培训机构的审批和监督管理。",
            "校外培训机构应当公示收费项目、标准和退费办法。",
            "本办法自公布之日起施行。",
        ],
        "no_issue",
    ),
    (EDU, "徐汇区中小学课后服务管理办法", "徐教规〔2026〕2号", 20, 120, AFTER_SCHOOL, "corrected"),
    (
        HEALTH,
        "徐汇区医疗机构周边停车管理规定",
        "徐卫规〔2026〕1号",
        25,
        100,
        [
            "为缓解医疗机构周边停车难，制定本规定。",
            "医疗机构周边道路违法停车的，由医疗机构工作人员处以罚款并拖移车辆。",
            "本规定自公布之日起施行。",
        ],
        "revoked",
    ),
    (
        EDU,
        "徐汇区学生午餐配送管理办法",
        "徐教规〔2026〕3号",
        10,
        60,
        [
            "为保障学生午餐安全，制定本办法。",
            "学生午餐配送企业由学校自行确定，无需公开招标。",
            "配送企业应当每日留样并接受市场监管部门检查。",
            "本办法自公布之日起施行。",
        ],
        "correction_requested",
    ),
    (
        HEALTH,
        "徐汇区家庭医生签约服务管理办法",
        "徐卫规〔2026〕2号",
        45,
        12,
        [
            "为推进家庭医生签约服务，制定本办法。",
            "社区卫生服务中心应当为签约居民提供基本医疗、公共卫生和健康管理服务。",
            "签约居民转诊的，签约医生应当优先安排专家号源。",
            "本办法自公布之日起施行。",
        ],
        "",
    ),
    (
        GOV,
        "徐汇区行政规范性文件制定和备案管理规定",
        "徐府规〔2026〕1号",
        6,
        5,
        [
            "为规范行政规范性文件的制定和备案，制定本规定。",
            "行政规范性文件不得增加法律、法规规定之外的行政权力事项或者减少法定职责。",
            "行政规范性文件应当自公布之日起三十日内报区人大常委会备案。",
            "本规定自公布之日起施行。",
        ],
        "",
    ),
]

OPINIONS = {
    "no_issue": "经审查，该办法与法律法规不相抵触，未发现明显不适当的内容。",
    "corrected": "第四条由学校自行确定收费标准并自行统筹使用，不符合教育收费管理规定，请予纠正。",
    "revoked": "第二条授权医疗机构工作人员实施罚款和拖移车辆，超越法定权限，予以撤销。",
    "correction_requested": "第二条规定配送企业无需公开招标，与政府采购有关规定不一致，请予纠正。",
}
ARTICLES = {"corrected": 4, "revoked": 2, "correction_requested": 2}

EXPERTS = [
    ("张明远", Expert.Kind.LEGAL_ADVISER, Expert.Field.LAW, "华东政法大学", "教授", "行政法、立法学"),
    (
        "陈慧琳",
        Expert.Kind.EXPERT,
        Expert.Field.FINANCE,
        "上海财经大学公共经济与管理学院",
        "副教授",
        "地方财政与预算管理",
    ),
]


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _experts(staff, today) -> list[Expert]:
    found = []
    for name, kind, field, affiliation, position, specialty in EXPERTS:
        expert = Expert.objects.filter(name=name).first() or expert_services.expert_save(
            actor=staff,
            name=name,
            kind=kind,
            field=field,
            affiliation=affiliation,
            position=position,
            specialty=specialty,
            term_start=dt.date(today.year - 1, 1, 1),
            term_end=dt.date(today.year + 2, 12, 31),
        )
        found.append(expert)
    return found


def _officer(unit_name: str) -> User | None:
    return {EDU: _user("unit1"), HEALTH: _user("unit2")}.get(unit_name)


def _file(staff, today, row) -> NormativeDocument | None:
    unit_name, title, number, days_before, filed_ago, articles, outcome = row
    unit = Organization.objects.filter(name=unit_name).first()
    if unit is None or NormativeDocument.objects.filter(unit=unit, doc_number=number).exists():
        return None
    filed_on = today - dt.timedelta(days=filed_ago)
    officer = _officer(unit_name)
    actor = officer or staff
    filing = svc.filing_create(
        actor=actor,
        unit=unit,
        title=title,
        doc_number=number,
        published_on=filed_on - dt.timedelta(days=days_before),
        filed_on=filed_on,
        text=_text(title, articles),
        today=filed_on,
    )
    demo_backdate(filing, filed_on, actor=actor)
    if not outcome:
        return filing
    review = "correction_requested" if outcome == "corrected" else outcome
    svc.filing_comment(actor=staff, filing=filing, article=1, content="立法目的表述清楚，无意见。")
    filing = svc.filing_review(
        actor=staff,
        filing=filing,
        outcome=review,
        opinion=OPINIONS[outcome],
        article=ARTICLES.get(outcome),
        today=filed_on + dt.timedelta(days=30),
        correction_due=today + dt.timedelta(days=20) if outcome == "correction_requested" else None,
    )
    if outcome == "corrected" and officer is not None:
        filing = svc.filing_submit_correction(
            actor=officer,
            filing=filing,
            corrected_text=_text(title, AFTER_SCHOOL_CORRECTED),
            note="按审查意见修改第四条，收费标准改由区发展改革部门核定。",
        )
        svc.filing_accept_correction(actor=staff, filing=filing, note="已按审查意见纠正。")
    return filing


@transaction.atomic
def load_filings_demo() -> None:
    staff = _user("staff")
    if staff is None:
        return
    today = timezone.localdate()
    law, finance = _experts(staff, today)
    made = {row[2]: _file(staff, today, row) for row in FILINGS}
    after_school, family_doctor = made.get("徐教规〔2026〕2号"), made.get("徐卫规〔2026〕2号")
    if after_school is not None:
        expert_services.consultation_record(
            actor=staff,
            subject=after_school,
            expert=finance,
            question="课后服务收费由学校自行确定标准并统筹使用，是否符合教育收费和财政管理规定？",
            opinion="课后服务性收费应当由价格主管部门会同教育部门核定，收入纳入财政专户，学校不得自行定价和坐收坐支。",
        )
        suggestion = svc.suggestion_submit(
            filing=after_school,
            content="第四条规定每学期八百元由学校自行收取，收费标准没有依据，建议审查。",
            article=4,
            name="家长",
            address="demo",
        )
        svc.suggestion_answer(
            actor=staff,
            suggestion=suggestion,
            result="adopted",
            answer="您的建议已纳入审查。经审查，第四条不符合教育收费管理规定，已要求区教育局纠正，现已纠正完毕。",
        )
    if family_doctor is not None:
        expert_services.filing_consult(
            actor=staff,
            filing=family_doctor,
            expert=law,
            question="第三条“优先安排专家号源”是否对未签约居民构成不合理的差别待遇？",
            opinion="该条属于引导签约的激励措施，不减损未签约居民的就医权利，建议明确“在同等条件下”优先，以免误解。",
        )
        svc.suggestion_submit(
            filing=family_doctor,
            content="第三条优先安排专家号源，对没有签约的老人是否公平？",
            article=3,
            address="demo",
        )
    _consult_on_hearing_and_inspection(staff, law, finance)


def _consult_on_hearing_and_inspection(staff, law: Expert, finance: Expert) -> None:
    """The budget expert's opinion on the concluded budget hearing and the legal adviser's on
    the food-safety inspection (each once: skipped when the record already has one)."""
    from django.contrib.contenttypes.models import ContentType

    from supervision.demo_hearings import DONE_TITLE
    from supervision.demo_inspections import FOOD_TITLE
    from supervision.models import Consultation, Inspection
    from supervision.models_hearings import PublicHearing

    def untouched(record) -> bool:
        kind = ContentType.objects.get_for_model(record)
        return not Consultation.objects.filter(content_type=kind, object_id=record.pk).exists()

    hearing = PublicHearing.objects.filter(title=DONE_TITLE).first()
    if hearing is not None and untouched(hearing):
        expert_services.hearing_consult(
            actor=staff,
            hearing=hearing,
            expert=finance,
            question="重点支出项目的绩效目标是否清晰、可衡量？听证中提出的资金分配意见如何吸收？",
            opinion="绩效目标总体清晰，建议对老旧小区改造项目补充完工率和居民满意度指标，分年度安排资金。",
        )
    inspection = Inspection.objects.filter(title=FOOD_TITLE).first()
    if inspection is not None and untouched(inspection):
        expert_services.inspection_consult(
            actor=staff,
            inspection=inspection,
            expert=law,
            question="校园食堂食材溯源记录不全，适用食品安全法哪一条款？是否需要提出修法建议？",
            opinion="适用食品安全法第五十条进货查验记录制度；现行规定已足够，重点在执法，暂不需要修法。",
        )


def register() -> None:
    register_demo_loader(load_filings_demo)
