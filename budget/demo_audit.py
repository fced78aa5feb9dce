"""Demo audit findings (审计查出问题整改) of the 2025 budget execution audit, in every state,
listed through the real services as the demo staff account would: 区教育局 (``unit1``) owns
several — accepted, reported, sent back, overdue, open — and other units one each. Idempotent:
nothing is added once the demo findings are there."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from budget import services_audit as services
from budget.models import AuditFinding
from congress.demo import demo_backdate
from congress.models import Organization, User
from congress.workdays import WorkCalendar

EDU, HEALTH, FINANCE = "区教育局", "区卫生健康委员会", "区财政局"

# (unit, description, amount in yuan, what happens)
FINDINGS = [
    (EDU, "部分学校食堂伙食费结余未按规定退还学生，结余资金长期挂账。", "1286000.00", "accepted"),
    (EDU, "教育附加专项资金拨付滞后，年底集中拨付占全年的46%。", "23800000.00", "reported"),
    (EDU, "两所学校超预算采购教学设备，未履行政府采购程序。", "412500.00", "redo"),
    (EDU, "学生资助资金台账与学籍信息未比对，存在重复资助。", "58600.00", "overdue"),
    (EDU, "校舍维修项目未按合同约定比例支付质保金。", None, "open"),
    (HEALTH, "基本公共卫生服务补助资金部分用于人员经费。", "3150000.00", "open"),
    (FINANCE, "部分预算单位上年结转资金未按规定收回统筹使用。", "96700000.00", "open"),
]
REPORTS = {
    "accepted": "已将结余资金128.6万元全部退还学生，并建立伙食费收支按月公示制度。",
    "reported": "已调整拨付流程，按季度拨付；当年拨付进度已达序时进度。",
    "redo": "已对相关采购人员进行批评教育。",
}


def _listed_on(outcome: str, today):
    """The day a finding was listed so its deadline (the rule's 60 working days) falls where
    the demo wants it: passed for the overdue one, ahead for the rest."""
    calendar = WorkCalendar()
    return calendar.subtract_workdays(today, 65 if outcome == "overdue" else 20)


@transaction.atomic
def load_audit_demo() -> None:
    staff = User.objects.filter(username="staff").first()
    if staff is None or AuditFinding.objects.exists():
        return
    officer = User.objects.filter(username="unit1").first()
    today = timezone.localdate()
    for unit_name, text, amount, outcome in FINDINGS:
        unit = Organization.objects.filter(name=unit_name).first()
        if unit is None:
            continue
        listed_on = _listed_on(outcome, today)
        finding = services.finding_create(
            actor=staff,
            year=2025,
            unit=unit,
            description=text,
            amount=Decimal(amount) if amount else None,
            today=listed_on,
        )
        demo_backdate(finding, listed_on, actor=staff)
        if outcome in REPORTS and officer is not None and unit_name == EDU:
            finding = services.finding_rectify(actor=officer, finding=finding, content=REPORTS[outcome])
            if outcome == "accepted":
                services.finding_accept(actor=staff, finding=finding, reason="经核查，资金已退还，整改到位。")
            elif outcome == "redo":
                services.finding_redo(
                    actor=staff,
                    finding=finding,
                    reason="未说明补办采购程序和追责情况，请补充完善后再次报送。",
                    today=today,
                )
