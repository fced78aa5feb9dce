"""The declared life of a report to voters and of a mid-term evaluation (seed 十四).
Declarations only; ``deputies.services_record`` moves them through the kernel."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congress.casework.workflow import Workflow, action
from deputies import permissions as can
from deputies.models_record import (
    MidTermEvaluation,
    MidTermEvaluationEvent,
    VoterReport,
    VoterReportEvent,
)

R = VoterReport.State
M = MidTermEvaluation.State

VOTER_REPORT = Workflow(
    name="voter_report",
    model=VoterReport,
    event_model=VoterReportEvent,
    event_owner=lambda report: {"report": report},
    namespace="deputies",
    actions=[
        # Written by ``voter_report_schedule``.
        action("schedule", _("安排报告"), [], R.SCHEDULED, permission=can.can_manage_voter_report),
        action("hold", _("登记已召开"), [R.SCHEDULED], R.HELD, permission=can.can_manage_voter_report),
        action("publish", _("公开报告内容"), [R.HELD], R.PUBLISHED, permission=can.can_manage_voter_report),
        action("cancel", _("取消报告"), [R.SCHEDULED], R.CANCELLED, permission=can.can_manage_voter_report),
    ],
)

MIDTERM = Workflow(
    name="midterm_evaluation",
    model=MidTermEvaluation,
    event_model=MidTermEvaluationEvent,
    event_owner=lambda evaluation: {"evaluation": evaluation},
    namespace="deputies",
    actions=[
        # Written by ``midterm_evaluation_run``.
        action("run", _("汇总履职档案"), [], M.OPEN, permission=can.can_manage_activities),
        action("assess", _("填写评估意见"), [M.OPEN], permission=can.can_manage_activities),
        action("conclude", _("完成评估"), [M.OPEN], M.CONCLUDED, permission=can.can_manage_activities),
    ],
)
