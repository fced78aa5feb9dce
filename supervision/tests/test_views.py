"""The portal and public pages of supervision: the unit's inbox (its wall, its colours, its
pinned queries), submitting the report and the rectification report in the portal (input kept
on errors), interpellations and plan comments in the portal, the public record."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision import services
from supervision.models import Interpellation, PlanItem, WorkReport
from supervision.tests.conftest import advance

pytestmark = pytest.mark.django_db
R = WorkReport.State


def _report(staff, unit, *, title="报告", due_in=30):
    return services.report_create(
        actor=staff, title=title, unit=unit, due_date=timezone.localdate() + dt.timedelta(days=due_in)
    )


# --- the unit's inbox ----------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [2, 7])
def test_the_inbox_shows_what_the_unit_owes_by_deadline_in_constant_queries(
    client, unit, other_unit, staff, officer, members, rows, django_assert_num_queries
):
    overdue = _report(staff, unit, title="逾期的报告", due_in=0)
    services.report_update(actor=staff, report=overdue, due_date=timezone.localdate() - dt.timedelta(days=2))
    due = _report(staff, unit, title="快到期的报告", due_in=1)
    for i in range(rows):
        _report(staff, unit, title=f"以后的报告{i}", due_in=60 + i)
    rectifying = advance(
        _report(staff, unit, title="整改中的报告"), R.OPINIONS_SENT, staff=staff, officer=officer
    )
    interpellation = services.interpellation_file(
        actor=staff, title="质询案甲", unit=unit, content="内容", signers=members[:3]
    )
    services.interpellation_decide(actor=staff, interpellation=interpellation, accept=True)
    advance(_report(staff, unit, title="已报送的报告"), R.SUBMITTED, staff=staff, officer=officer)
    foreign = _report(staff, other_unit, title="别的单位的报告")
    client.force_login(officer)
    client.get(reverse("portal:supervision-inbox"))  # warm the session
    # 1 user, 2 the count, 3 the page's rows (one UNION of reports and interpellations); the
    # session, roles, units acted for, colour rule, calendar overrides and district come from
    # the cache, and a read-only request saves no session
    with django_assert_num_queries(3):
        response = client.get(reverse("portal:supervision-inbox"))
    html = response.content.decode()
    assert html.count('class="title"') == rows + 4
    assert foreign.title not in html and "已报送的报告" not in html
    assert html.index(overdue.title) < html.index(due.title) < html.index(interpellation.title)
    assert rectifying.title in html
    assert html.count('class="tone-overdue"') == 1 and html.count('class="tone-due"') == 1
    all_tab = client.get(reverse("portal:supervision-inbox"), {"show": "all"}).content.decode()
    assert "已报送的报告" in all_tab and foreign.title not in all_tab


def test_the_inbox_rows_compiled_once_are_the_querysets_rows(unit, staff, officer, members):
    # given a unit owing reports with and without a deadline, and an interpellation
    from supervision import selectors

    for i in range(5):
        _report(staff, unit, title=f"报告{i}", due_in=10 + i)
    advance(_report(staff, unit, title="已报送的报告"), R.SUBMITTED, staff=staff, officer=officer)
    interpellation = services.interpellation_file(
        actor=staff, title="质询案甲", unit=unit, content="内容", signers=members[:3]
    )
    services.interpellation_decide(actor=staff, interpellation=interpellation, accept=True)
    for open_only in (True, False):
        queryset = selectors.unit_inbox(officer, open_only=open_only)
        # when
        rows = selectors.CompiledRows(queryset)
        # then: the same count and pages, dates as dates
        expected = list(queryset)
        assert rows.count() == len(expected) >= 6
        assert rows[0:4] + rows[4:100] == expected
        assert isinstance(rows[0:1][0]["owed_by"], dt.date)
    assert selectors.CompiledRows(selectors.unit_inbox(staff)).count() == 0  # no unit: none()


def test_the_inbox_is_for_unit_officers(client, staff, member, deputy_user):
    for who in (staff, member, deputy_user):
        client.force_login(who)
        assert client.get(reverse("portal:supervision-inbox")).status_code == 404


# --- the report page -----------------------------------------------------------------------------


def test_the_unit_submits_its_report_in_the_portal_and_keeps_its_input_on_errors(client, report, officer):
    client.force_login(officer)
    url = reverse("portal:supervision-report", args=[report.pk])
    page = client.get(url).content.decode()
    assert 'id="submit"' in page and 'id="rectification"' not in page
    response = client.post(reverse("portal:supervision-report-submit", args=[report.pk]), {"content": "   "})
    assert response.status_code == 400
    assert "请填写报告内容。" in response.content.decode()
    long_text = "一、基本情况" + "很长" * 30000
    response = client.post(
        reverse("portal:supervision-report-submit", args=[report.pk]), {"content": long_text}
    )
    assert response.status_code == 400 and "内容过长。" in response.content.decode()
    response = client.post(
        reverse("portal:supervision-report-submit", args=[report.pk]), {"content": "一、基本情况"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.content) == (R.SUBMITTED, "一、基本情况")
    page = client.get(url).content.decode()
    assert "报告已报送，等待常委会审议。" in page and 'id="submit"' not in page


def test_the_unit_reports_its_rectification_in_the_portal(client, report, staff, officer):
    report = advance(report, R.OPINIONS_SENT, staff=staff, officer=officer)
    client.force_login(officer)
    page = client.get(reverse("portal:supervision-report", args=[report.pk])).content.decode()
    assert "审议意见正文" in page and 'id="rectification"' in page
    step = reverse("portal:supervision-report-rectification", args=[report.pk])
    response = client.post(step, {"content": ""})
    assert response.status_code == 400 and "请填写整改情况。" in response.content.decode()
    assert client.post(step, {"content": "整改清单12项"}).status_code == 302
    assert WorkReport.objects.get(pk=report.pk).state == R.RECTIFICATION_REPORTED
    # a second post is refused with the state named, not a 500
    response = client.post(step, {"content": "再报一次"})
    assert response.status_code == 400 and "整改情况已报告" in response.content.decode()


def test_another_units_report_is_not_found(client, report, other_officer, deputy_user):
    for who in (other_officer, deputy_user):
        client.force_login(who)
        assert client.get(reverse("portal:supervision-report", args=[report.pk])).status_code == 404
        response = client.post(
            reverse("portal:supervision-report-submit", args=[report.pk]), {"content": "x"}
        )
        assert response.status_code == 404
    assert WorkReport.objects.get(pk=report.pk).state == R.REQUESTED


def test_staff_see_the_report_without_the_units_forms(client, report, staff):
    client.force_login(staff)
    page = client.get(reverse("portal:supervision-report", args=[report.pk])).content.decode()
    assert report.title in page and 'id="submit"' not in page


# --- interpellations -----------------------------------------------------------------------------


def test_a_member_files_an_interpellation_in_the_portal(client, member, members, unit):
    client.force_login(member)
    url = reverse("portal:supervision-interpellation-new")
    data = {
        "title": "关于学校周边交通的质询案",
        "unit": unit.pk,
        "content": "质询内容",
        "signers": [m.pk for m in members[:2]],
    }
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "质询案须由常委会组成人员 3 人以上联名提出，现有 2 人。" in html
    assert "关于学校周边交通的质询案" in html and "质询内容" in html  # the input is kept
    response = client.post(url, {**data, "signers": [m.pk for m in members[:3]]})
    interpellation = Interpellation.objects.get()
    assert response.status_code == 302 and interpellation.signers.count() == 3


def test_the_unit_answers_in_writing_and_a_signer_asks_again(client, staff, members, officer, unit):
    interpellation = services.interpellation_file(
        actor=staff, title="质询案", unit=unit, content="内容", signers=members[:3]
    )
    services.interpellation_decide(actor=staff, interpellation=interpellation, accept=True)
    client.force_login(officer)
    url = reverse("portal:supervision-interpellation", args=[interpellation.pk])
    assert 'id="answer"' in client.get(url).content.decode()
    answer = reverse("portal:supervision-interpellation-answer", args=[interpellation.pk])
    response = client.post(answer, {"answerer": "王局长", "content": ""})
    assert response.status_code == 400 and "王局长" in response.content.decode()
    assert client.post(answer, {"answerer": "王局长", "content": "书面答复"}).status_code == 302
    client.force_login(members[3])  # not a signer: sees it, may not ask again
    assert 'id="unsatisfied"' not in client.get(url).content.decode()
    client.force_login(members[1])
    assert 'id="unsatisfied"' in client.get(url).content.decode()
    step = reverse("portal:supervision-interpellation-unsatisfied", args=[interpellation.pk])
    assert client.post(step, {"reason": "未说明整改时限"}).status_code == 302
    assert Interpellation.objects.get(pk=interpellation.pk).state == Interpellation.State.REANSWER_REQUESTED


# --- the plan ------------------------------------------------------------------------------------


@pytest.fixture
def open_plan(staff, committee, unit):
    plan = services.plan_create(actor=staff, year=2027, title="2027年度监督工作计划（征求意见稿）")
    services.plan_item_add(
        actor=staff,
        plan=plan,
        kind=PlanItem.Kind.WORK_REPORT,
        title="托育服务",
        committee=committee,
        units=[unit],
    )
    return services.plan_open_for_comment(actor=staff, plan=plan)


def test_deputies_and_members_comment_on_the_open_plan(client, open_plan, deputy_user, member, officer):
    client.force_login(deputy_user)
    url = reverse("portal:supervision-plan-comment", args=[open_plan.pk])
    response = client.post(url, {"content": ""})
    assert response.status_code == 400 and "请填写意见建议。" in response.content.decode()
    item = open_plan.items.get()
    assert client.post(url, {"content": "建议增加调研", "item": item.pk}).status_code == 302
    client.force_login(member)
    assert client.post(url, {"content": "同意"}).status_code == 302
    page = client.get(reverse("portal:supervision-plan", args=[open_plan.pk])).content.decode()
    assert "建议增加调研" in page and "同意" in page
    assert list(open_plan.comments.values_list("item", flat=True)) == [item.pk, None]
    # a unit officer has no say on the plan
    client.force_login(officer)
    assert client.get(reverse("portal:supervision-plan", args=[open_plan.pk])).status_code == 404


def test_comments_close_with_adoption(client, open_plan, staff, deputy_user):
    services.plan_adopt(actor=staff, plan=open_plan)
    client.force_login(deputy_user)
    page = client.get(reverse("portal:supervision-plan", args=[open_plan.pk])).content.decode()
    assert 'id="comment"' not in page
    response = client.post(
        reverse("portal:supervision-plan-comment", args=[open_plan.pk]), {"content": "晚了"}
    )
    assert response.status_code == 400 and "已通过" in response.content.decode()
    assert not open_plan.comments.exists()


def test_the_plan_panel_and_the_unit_panel(client, open_plan, deputy_user, staff, officer, unit):
    from congress.portal import panels_for

    assert [p.title for p in panels_for(deputy_user) if "监督" in str(p.title)] == [
        "监督工作计划征求意见",
        "参与监督",  # open evaluations and recording a court hearing
    ]
    _report(staff, unit, title="要报的报告", due_in=1)
    panel = next(p for p in panels_for(officer) if p.title == "监督事项")
    assert [(item.title, item.tone) for item in panel.items] == [("要报的报告", "due")]


# --- public --------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [2, 6])
def test_the_public_list_shows_closed_reports_in_constant_queries(
    client, unit, staff, officer, rows, django_assert_num_queries
):
    for i in range(rows):
        advance(_report(staff, unit, title=f"办结的报告{i}"), R.CLOSED, staff=staff, officer=officer)
    pending = advance(
        _report(staff, unit, title="未办结的报告"), R.RECTIFICATION_REPORTED, staff=staff, officer=officer
    )
    # 1 the district, 2 the page's reports (with unit and meeting), 3 their count, 4 the plan
    # years, 5 the latest interpellations, 6 the evaluations open for answers
    with django_assert_num_queries(6):
        response = client.get(reverse("public:supervision-index"))
    html = response.content.decode()
    assert html.count('class="title"') == rows and pending.title not in html
    assert client.get(reverse("public:supervision-report", args=[pending.pk])).status_code == 404


def test_the_public_record_with_a_withheld_part(client, report, staff, officer):
    report = advance(report, R.CLOSED, staff=staff, officer=officer)
    services.report_follow_up(actor=staff, report=report, content="回访情况良好")
    services.report_withhold(actor=staff, report=report, parts=["opinions"], reason="涉及个人信息")
    html = client.get(reverse("public:supervision-report", args=[report.pk])).content.decode()
    assert "报告正文" in html and "整改情况" in html and "回访情况良好" in html
    assert "审议意见正文" not in html and "涉及个人信息" in html
    assert "满意" in html and "基本满意" in html


def test_the_published_plan_shows_changes_after_adoption_with_their_reasons(
    client, open_plan, staff, committee
):
    assert client.get(reverse("public:supervision-plan", args=[2027])).status_code == 404
    services.plan_adopt(actor=staff, plan=open_plan)
    services.plan_item_add(
        actor=staff,
        plan=open_plan,
        kind=PlanItem.Kind.INQUIRY,
        title="专题询问",
        committee=committee,
        reason="主任会议决定增加",
    )
    services.plan_item_drop(actor=staff, item=open_plan.items.get(title="托育服务"), reason="并入明年")
    services.plan_publish(actor=staff, plan=open_plan)
    html = client.get(reverse("public:supervision-plan", args=[2027])).content.decode()
    assert "主任会议决定增加" in html and "并入明年" in html
    assert html.index("监督项目") < html.index("专题询问")


def test_answered_interpellations_are_public(client, staff, members, unit):
    interpellation = services.interpellation_file(
        actor=staff, title="公开的质询案", unit=unit, content="内容", signers=members[:3]
    )
    url = reverse("public:supervision-interpellation", args=[interpellation.pk])
    assert client.get(url).status_code == 404
    services.interpellation_decide(actor=staff, interpellation=interpellation, accept=True)
    services.interpellation_answer(
        actor=staff, interpellation=interpellation, content="口头答复内容", answerer="王局长", mode="oral"
    )
    assert "口头答复内容" in client.get(url).content.decode()
    assert "公开的质询案" in client.get(reverse("public:supervision-interpellation-list")).content.decode()


def test_the_public_nav_links_supervision(client, db):
    assert reverse("public:supervision-index") in client.get(reverse("public:home")).content.decode()


@pytest.mark.parametrize("rows", [2, 6])
def test_the_public_interpellations_and_the_portal_list_cost_the_same_queries(
    client, staff, members, unit, rows, django_assert_num_queries
):
    for i in range(rows):
        interpellation = services.interpellation_file(
            actor=staff, title=f"质询案{i}", unit=unit, content="内容", signers=members[:3]
        )
        services.interpellation_decide(actor=staff, interpellation=interpellation, accept=True)
        services.interpellation_answer(
            actor=staff, interpellation=interpellation, content="答复", answerer="王局长", mode="oral"
        )
    # 1 the district, 2 the page (with the unit), 3 its count, 4 the plan years
    with django_assert_num_queries(4):
        html = client.get(reverse("public:supervision-interpellation-list")).content.decode()
    assert html.count('class="title"') == rows
    client.force_login(members[0])
    client.get(reverse("portal:supervision-interpellation-list"))  # warm the session
    # 1 session, 2 user, 3 roles, 4 count, 5 the page (with the unit), 6 the district,
    # 7-9 the session save in its savepoint
    with django_assert_num_queries(3):
        html = client.get(reverse("portal:supervision-interpellation-list")).content.decode()
    assert html.count('class="title"') == rows
