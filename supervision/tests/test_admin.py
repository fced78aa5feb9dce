"""Staff in the admin: every write goes through the services (their errors on the form, never
a 500), steps are buttons on the record's page with a form where they need input, lists export
to Excel, history is kept."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from supervision import services
from supervision.models import Interpellation, PlanItem, WorkReport
from supervision.tests.conftest import advance

pytestmark = pytest.mark.django_db
R = WorkReport.State
CHANGELIST = "admin:supervision_workreport_changelist"


def with_inlines(client, url, data):
    """The change page's read-only inlines post their (empty) management forms, as a browser does."""
    page = client.get(url)
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management.add_prefix(name): value for name, value in management.initial.items()})
    return data


@pytest.fixture
def admin_client(client, staff):
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    client.force_login(staff)
    return client


def test_staff_request_a_report_in_the_admin(admin_client, staff, unit):
    url = reverse("admin:supervision_workreport_add")
    today = timezone.localdate()
    data = {"title": "关于本区托育服务的报告", "unit": unit.pk, "due_date": str(today - dt.timedelta(days=1))}
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "报送期限不能早于今天。" in response.content.decode()
    assert not WorkReport.objects.exists()
    response = admin_client.post(url, {**data, "due_date": str(today + dt.timedelta(days=10))})
    assert response.status_code == 302
    report = WorkReport.objects.get()
    assert report.events.get().action == "create" and report.events.get().actor == staff
    assert report.history.first().history_user == staff


def test_the_due_date_is_edited_through_the_edit_step(admin_client, report, staff):
    url = reverse("admin:supervision_workreport_change", args=[report.pk])
    later = report.due_date + dt.timedelta(days=15)
    data = with_inlines(
        admin_client, url, {"title": report.title, "due_date": str(later), "request_note": ""}
    )
    assert admin_client.post(url, data).status_code == 302
    report.refresh_from_db()
    assert report.due_date == later and report.events.last().action == "edit"


def step_url(report, name):
    return reverse("admin:supervision_workreport_step", args=[report.pk, name])


def test_opinions_and_vote_are_buttons_with_a_form(admin_client, report, staff, officer):
    report = advance(report, R.SUBMITTED, staff=staff, officer=officer)
    change = admin_client.get(reverse("admin:supervision_workreport_change", args=[report.pk]))
    buttons = [step["name"] for step in change.context["workflow_steps"]]
    assert buttons == ["deliberate", "send_opinions", "withhold"]
    assert 'class="workflow-steps"' in change.content.decode()  # the page shows them (not export's form)
    page = admin_client.get(step_url(report, "send_opinions"))
    assert page.status_code == 200 and "审议意见" in page.content.decode()
    page = admin_client.post(step_url(report, "send_opinions"), {"content": ""})
    assert "请填写审议意见。" in page.content.decode()
    response = admin_client.post(step_url(report, "send_opinions"), {"content": "意见"}, follow=True)
    assert "审议意见已交办，整改报告期限已按规则计算。" in response.content.decode()
    report.refresh_from_db()
    assert report.state == R.OPINIONS_SENT and report.rectification_due
    services.report_submit_rectification(actor=officer, report=report, content="整改")
    page = admin_client.post(
        step_url(report, "vote"), {"satisfied": -1, "basically_satisfied": 1, "unsatisfied": 0}
    )
    assert "票数不能为负数。" in page.content.decode()
    admin_client.post(step_url(report, "vote"), {"satisfied": 9, "basically_satisfied": 1, "unsatisfied": 2})
    report = WorkReport.objects.get(pk=report.pk)
    assert report.state == R.CLOSED and report.events.last().actor == staff


def test_a_step_from_the_wrong_state_is_a_message_not_an_error(admin_client, report):
    response = admin_client.post(step_url(report, "follow_up"), {"content": "回访"}, follow=True)
    assert response.status_code == 200 and "待报送" in response.content.decode()
    assert not report.follow_ups.exists()


def test_withhold_and_unwithhold_are_buttons(admin_client, report, staff, officer):
    report = advance(report, R.CLOSED, staff=staff, officer=officer)
    page = admin_client.post(step_url(report, "withhold"), {"parts": ["vote"], "reason": ""})
    assert "请填写不公开的理由。" in page.content.decode()
    admin_client.post(step_url(report, "withhold"), {"parts": ["vote"], "reason": "涉及个人信息"})
    report.refresh_from_db()
    assert report.withhold_vote and report.withheld_reason == "涉及个人信息"
    admin_client.post(step_url(report, "unwithhold"), {})
    report.refresh_from_db()
    assert not report.withhold_vote


def test_interpellation_steps_are_buttons(admin_client, staff, members, unit):
    interpellation = services.interpellation_file(
        actor=staff, title="质询案", unit=unit, content="内容", signers=members[:3]
    )
    url = lambda name: reverse("admin:supervision_interpellation_step", args=[interpellation.pk, name])  # noqa: E731
    page = admin_client.post(url("decide"), {"accept": "0", "note": ""})
    assert "不予交付须说明理由。" in page.content.decode()
    assert admin_client.post(url("decide"), {"accept": "1", "answer_mode": "oral"}).status_code == 302
    data = {"mode": "oral", "answerer": "李局长", "content": "口头答复内容"}
    assert admin_client.post(url("answer"), data).status_code == 302
    assert admin_client.post(url("close"), {}).status_code == 302
    interpellation.refresh_from_db()
    assert interpellation.state == Interpellation.State.CLOSED


def test_plan_steps_are_buttons(admin_client, staff, committee):
    plan = services.plan_create(actor=staff, year=2027, title="2027年度计划")
    services.plan_item_add(
        actor=staff, plan=plan, kind=PlanItem.Kind.INQUIRY, title="专题询问", committee=committee
    )
    url = lambda name: reverse("admin:supervision_supervisionplan_step", args=[plan.pk, name])  # noqa: E731
    for name in ("open_comments", "adopt", "publish"):
        assert admin_client.post(url(name), {}).status_code == 302
    plan.refresh_from_db()
    assert plan.state == plan.State.PUBLISHED


def test_plan_items_after_adoption_need_a_reason(admin_client, staff, committee):
    plan = services.plan_create(actor=staff, year=2026, title="2026年度计划")
    services.plan_item_add(
        actor=staff, plan=plan, kind=PlanItem.Kind.WORK_REPORT, title="一", committee=committee
    )
    services.plan_open_for_comment(actor=staff, plan=plan)
    services.plan_adopt(actor=staff, plan=plan)
    url = reverse("admin:supervision_planitem_add")
    data = {"plan": plan.pk, "order": 2, "kind": "inquiry", "title": "追加的询问", "committee": committee.pk}
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "计划已通过，调整计划须说明理由。" in response.content.decode()
    assert admin_client.post(url, {**data, "reason": "主任会议决定增加"}).status_code == 302
    assert PlanItem.objects.get(title="追加的询问").added_reason == "主任会议决定增加"
    assert plan.events.last().note == "追加的询问：主任会议决定增加"


def test_an_interpellation_with_too_few_signers_is_refused_on_the_form(admin_client, members, unit):
    url = reverse("admin:supervision_interpellation_add")
    data = {
        "title": "质询案",
        "unit": unit.pk,
        "content": "内容",
        "occasion": "standing",
        "signers": [members[0].pk],
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "质询案须由常委会组成人员 3 人以上联名提出，现有 1 人。" in response.content.decode()
    assert admin_client.post(url, {**data, "signers": [m.pk for m in members[:3]]}).status_code == 302
    assert Interpellation.objects.get().signers.count() == 3


def test_lists_export_to_excel_and_keep_history(admin_client, report, staff, officer):
    advance(report, R.CLOSED, staff=staff, officer=officer)
    url = reverse("admin:supervision_workreport_export")
    form = admin_client.get(url).context["form"]
    data = {name: "on" for name, field in form.fields.items() if field.__class__.__name__ == "BooleanField"}
    data.update({"format": "0", "resource": "0"})  # the only format: xlsx
    response = admin_client.post(url, data)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:3] == ["报告名称", "报告单位", "状态"]
    assert [c.value for c in sheet[2]][:3] == [report.title, report.unit.name, "已办结"]
    history = admin_client.get(reverse("admin:supervision_workreport_history", args=[report.pk]))
    assert history.status_code == 200
    for name in ("workreport", "interpellation", "supervisionplan", "planitem", "workreportevent"):
        assert admin_client.get(reverse(f"admin:supervision_{name}_changelist")).status_code == 200
