"""Portal home panels of supervision: what a unit owes (reports, rectification reports,
answers to interpellations, reports on inquiry commitments) by deadline, coloured like its inbox; and, for deputies and
members, the plan open for their comments. A constant number of queries each."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import roles
from congress.portal import Panel, PanelItem, register_panel
from supervision import permissions, selectors
from supervision.models import Interpellation, MajorMatter, WorkReport
from supervision.models_evaluation import Evaluation, EvaluationResponse
from supervision.views.portal import URL_NAMES

LIMIT = 5


def unit_panel(user):
    """What the officer's units owe, soonest deadline first: four queries (the units, the
    first rows, the rule and the calendar for the colours) and a count when there are more."""
    if not roles.has_role(user, roles.UNIT_OFFICER) or not selectors.officer_unit_ids(user):
        return None
    inbox = selectors.unit_inbox(user, open_only=True)
    rows = list(inbox[:LIMIT])
    today = timezone.localdate()
    horizon = selectors.due_horizon(today) if rows else today
    items = []
    for row in rows:
        url = reverse(URL_NAMES[row["kind"]], args=[row["pk"]])
        if row["kind"] == "report":
            what = _("报送报告") if row["state"] == WorkReport.State.REQUESTED else _("报告整改情况")
        elif row["kind"] == "hearing":
            what = _("答复代表意见")
        elif row["kind"] == "inspection_issue":
            what = _("报送执法检查问题整改情况")
        elif row["kind"] == "filing":
            what = _("报送纠正后文本")
        elif row["kind"] == "commitment":
            what = _("报告承诺事项落实情况")
        elif row["kind"] == "major_matter":
            what = (
                _("补充报告材料") if row["state"] == MajorMatter.State.RETURNED else _("反馈审议意见采纳情况")
            )
        else:
            what = _("答复质询") if row["state"] == Interpellation.State.ACCEPTED else _("再次答复质询")
        items.append(
            PanelItem(
                title=row["title"],
                url=url,
                meta=_("%(what)s · 期限 %(d)s") % {"what": what, "d": row["owed_by"]}
                if row["owed_by"]
                else str(what),
                tone=selectors.deadline_tone(
                    deadline=row["owed_by"], is_open=True, today=today, horizon=horizon
                ),
            )
        )
    return Panel(
        title=_("监督事项"),
        items=items,
        more_url=reverse("portal:supervision-inbox"),
        empty_text=_("本单位暂无待办的监督事项。"),
        count=inbox.count() if len(rows) == LIMIT else len(rows),
        order=12,
    )


def plan_comment_panel(user):
    """The supervision plan open for comment, for deputies and committee members."""
    if not permissions.can_comment_plan(user):
        return None
    plans = list(selectors.plans_open_for_comment()[:2])
    if not plans:
        return None
    return Panel(
        title=_("监督工作计划征求意见"),
        items=[
            PanelItem(
                title=plan.title,
                url=reverse("portal:supervision-plan", args=[plan.pk]),
                meta=(_("%(d)s 前提出意见") % {"d": plan.comment_until}) if plan.comment_until else "",
                tone="due",
            )
            for plan in plans
        ],
        more_url=reverse("portal:supervision-plan-list"),
        count=len(plans),
        order=40,
    )


def deputy_supervision_panel(user):
    """For deputies: the post-supervision evaluations open now (answered or not yet), and the
    way to record a court hearing. Three queries at most."""
    if not permissions.is_deputy(user):
        return None
    open_now = list(
        Evaluation.objects.filter(state=Evaluation.State.OPEN).order_by("-opened_at", "-id")[:LIMIT]
    )
    answered = set(
        EvaluationResponse.objects.filter(evaluation__in=open_now, respondent=user).values_list(
            "evaluation_id", flat=True
        )
    )
    items = [
        PanelItem(
            title=evaluation.title,
            url=reverse("portal:supervision-evaluation", args=[evaluation.pk]),
            meta=_("已提交答卷") if evaluation.pk in answered else _("请参与监督后评估"),
            tone="" if evaluation.pk in answered else "due",
        )
        for evaluation in open_now
    ]
    items.append(
        PanelItem(
            title=_("记录旁听庭审"),
            url=reverse("portal:supervision-hearing-new"),
            meta=_("旁听后的意见建议转交法院、检察院答复"),
        )
    )
    return Panel(
        title=_("参与监督"),
        items=items,
        more_url=reverse("portal:supervision-evaluation-list"),
        count=len(open_now) - len(answered),
        order=42,
    )


def inquiry_panel(user):
    """Inquiries open for questions, for committee members and deputies (two queries: the
    roles and the rows)."""
    if not roles.has_role(user, roles.MEMBER, roles.DEPUTY):
        return None
    from supervision.selectors_inquiries import inquiries_open

    rows = list(inquiries_open()[:LIMIT])
    if not rows:
        return None
    return Panel(
        title=_("询问"),
        items=[
            PanelItem(
                title=row.title,
                url=reverse("portal:supervision-inquiry", args=[row.pk]),
                meta=f"{row.get_kind_display()} · {row.meeting.title}",
            )
            for row in rows
        ],
        more_url=reverse("portal:supervision-inquiry-list"),
        count=len(rows),
        order=41,
    )


def major_matter_panel(user):
    """For a unit's officer: the items of the agreed yearly list their units have yet to report
    before deciding them (by planned month), and the way to report one outside the list. Two
    queries (the units are read once per request)."""
    if not roles.has_role(user, roles.UNIT_OFFICER) or not selectors.officer_unit_ids(user):
        return None
    from supervision.selectors_major_matters import items_to_report

    rows = list(items_to_report(user)[:LIMIT])
    items = [
        PanelItem(
            title=row.topic,
            url=f"{reverse('portal:supervision-major-matter-new')}?item={row.pk}",
            meta=_("%(y)s年度目录 · 计划%(m)s报告")
            % {"y": row.matter_list.year, "m": row.get_planned_month_display()}
            if row.planned_month
            else _("%(y)s年度目录") % {"y": row.matter_list.year},
        )
        for row in rows
    ]
    items.append(
        PanelItem(
            title=_("报告重大事项"),
            url=reverse("portal:supervision-major-matter-new"),
            meta=_("决策前向常委会报告；目录外事项请说明理由"),
        )
    )
    return Panel(
        title=_("重大事项报告"),
        items=items,
        more_url=reverse("portal:supervision-major-matter-list"),
        count=len(rows),
        order=13,
    )


def inspection_panel(user):
    """Law-enforcement inspections whose groups are forming, for deputies (to sign up) and
    committee members (two queries: the roles and the rows)."""
    if not roles.has_role(user, roles.MEMBER, roles.DEPUTY):
        return None
    from supervision.models import Inspection

    rows = list(
        Inspection.objects.filter(
            state__in=[Inspection.State.PREPARING, Inspection.State.INSPECTING]
        ).order_by("-year", "-id")[:LIMIT]
    )
    if not rows:
        return None
    return Panel(
        title=_("执法检查"),
        items=[
            PanelItem(
                title=row.title,
                url=reverse("portal:supervision-inspection", args=[row.pk]),
                meta=f"{row.get_state_display()} · {row.law}",
                tone="due" if row.state == Inspection.State.PREPARING else "",
            )
            for row in rows
        ],
        more_url=reverse("portal:supervision-inspection-list"),
        count=len(rows),
        order=43,
    )


def register() -> None:
    for panel in (
        unit_panel,
        major_matter_panel,
        plan_comment_panel,
        deputy_supervision_panel,
        inquiry_panel,
        inspection_panel,
    ):
        register_panel(panel)
    from supervision.panels_filings import filing_panel

    register_panel(filing_panel)
