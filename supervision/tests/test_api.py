"""The supervision API contract (issue 11): every path, its success, its walls (403/404
whatever the body), bad input (400 with Chinese field messages) and the wrong state (409)."""

import datetime as dt

import pytest

from meetings.tests.factories import MeetingFactory
from supervision import services
from supervision.models import Interpellation, WorkReport
from supervision.tests.conftest import advance

pytestmark = pytest.mark.django_db
R = WorkReport.State
I = Interpellation.State  # noqa: E741
BASE = "/api/v1/supervision/reports/"


def url(report, step=""):
    return f"{BASE}{report.pk}/{step + '/' if step else ''}"


# --- create and list ---------------------------------------------------------------------------


def test_staff_request_a_report(api_client, staff, unit, today, term):
    meeting = MeetingFactory(term=term)
    api_client.force_authenticate(staff)
    due = today + dt.timedelta(days=20)
    response = api_client.post(
        BASE,
        {
            "title": "关于本区养老服务体系建设情况的报告",
            "unit": unit.pk,
            "due_date": str(due),
            "meeting": meeting.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.data
    body = response.data
    assert body["state"] == "requested" and body["id"]
    assert (body["unit"], body["due_date"], body["meeting"]) == (unit.pk, str(due), meeting.pk)
    assert body["deadline"] == str(due)
    assert WorkReport.objects.get(pk=body["id"]).events.get().action == "create"


def test_create_refuses_anyone_but_staff_whatever_the_body(api_client, officer, member, deputy_user):
    for who in (officer, member, deputy_user):
        api_client.force_authenticate(who)
        response = api_client.post(BASE, {}, format="json")
        assert (response.status_code, response.data["code"]) == (403, "not_staff")
    api_client.force_authenticate(None)
    assert api_client.post(BASE, {}, format="json").status_code in (401, 403)
    assert not WorkReport.objects.exists()


def test_create_with_bad_input_says_which_field_in_chinese(api_client, staff, unit, today):
    api_client.force_authenticate(staff)
    response = api_client.post(BASE, {}, format="json")
    assert response.status_code == 400
    assert response.data["title"] == ["请填写报告名称。"]
    assert response.data["unit"] == ["请选择报告单位。"]
    assert response.data["due_date"] == ["请填写报告报送期限。"]
    response = api_client.post(
        BASE, {"title": "报告", "unit": 999999, "due_date": "明天", "plan_item": 77777}, format="json"
    )
    assert response.status_code == 400
    assert response.data["unit"] == ["找不到编号为 999999 的单位。"]
    assert response.data["due_date"] == ["日期格式应为 YYYY-MM-DD。"]
    assert response.data["plan_item"] == ["找不到编号为 77777 的计划项目。"]
    yesterday = str(today - dt.timedelta(days=1))
    response = api_client.post(BASE, {"title": "报告", "unit": unit.pk, "due_date": yesterday}, format="json")
    assert (response.status_code, response.data["due_date"]) == (400, ["报送期限不能早于今天。"])
    assert not WorkReport.objects.exists()


def test_a_unit_officer_lists_only_its_own_units_reports(api_client, staff, officer, unit, other_unit, today):
    own = services.report_create(actor=staff, title="本单位的报告", unit=unit, due_date=today)
    other = services.report_create(actor=staff, title="别的单位的报告", unit=other_unit, due_date=today)
    api_client.force_authenticate(officer)
    rows = api_client.get(BASE).data["results"]
    assert [row["id"] for row in rows] == [own.pk]
    assert api_client.get(url(own)).status_code == 200
    assert api_client.get(url(other)).status_code == 404
    api_client.force_authenticate(staff)
    assert {row["id"] for row in api_client.get(BASE).data["results"]} == {own.pk, other.pk}


def test_someone_without_a_wall_sees_no_report(api_client, deputy_user, report):
    api_client.force_authenticate(deputy_user)
    assert api_client.get(BASE).data["results"] == []
    assert api_client.get(url(report)).status_code == 404


# --- the steps ---------------------------------------------------------------------------------


def test_the_whole_life_over_the_api(api_client, staff, officer, report):
    # the unit submits
    api_client.force_authenticate(officer)
    response = api_client.post(url(report, "submit"), {"content": "一、基本情况"}, format="json")
    assert (response.status_code, response.data["state"]) == (200, "submitted")
    # staff send the opinions: the rectification deadline comes from the rule
    api_client.force_authenticate(staff)
    response = api_client.post(url(report, "opinions"), {"content": "审议意见"}, format="json")
    assert (response.status_code, response.data["state"]) == (200, "opinions_sent")
    from django.utils import timezone

    from congress.rules import rule_get
    from congress.workdays import deadline_after

    expected_due = deadline_after(timezone.localdate(), rule_get("supervision.rectification_deadline"))
    assert response.data["rectification_due"] == str(expected_due)
    # the unit reports its rectification
    api_client.force_authenticate(officer)
    response = api_client.post(url(report, "rectification"), {"content": "整改情况"}, format="json")
    assert (response.status_code, response.data["state"]) == (200, "rectification_reported")
    # unsatisfied more than half: rectifying again with a new deadline
    api_client.force_authenticate(staff)
    response = api_client.post(
        url(report, "vote"), {"satisfied": 2, "basically_satisfied": 2, "unsatisfied": 5}, format="json"
    )
    assert (response.status_code, response.data["state"], response.data["round"]) == (200, "rectifying", 2)
    expected_second = deadline_after(
        timezone.localdate(), rule_get("supervision.second_rectification_deadline")
    )
    assert response.data["rectification_due"] == str(expected_second)
    api_client.force_authenticate(officer)
    api_client.post(url(report, "rectification"), {"content": "再次整改情况"}, format="json")
    api_client.force_authenticate(staff)
    response = api_client.post(
        url(report, "vote"), {"satisfied": 7, "basically_satisfied": 2, "unsatisfied": 1}, format="json"
    )
    assert (response.status_code, response.data["state"]) == (200, "closed")
    assert [v["result"] for v in response.data["votes"]] == ["failed", "passed"]
    response = api_client.post(url(report, "follow-ups"), {"content": "回访"}, format="json")
    assert response.status_code == 200 and response.data["follow_ups"][0]["content"] == "回访"


def test_deliberation_links_a_meeting(api_client, staff, officer, report, term):
    meeting = MeetingFactory(term=term)
    report = advance(report, R.SUBMITTED, staff=staff, officer=officer)
    api_client.force_authenticate(staff)
    response = api_client.post(url(report, "deliberate"), {"meeting": meeting.pk}, format="json")
    assert (response.status_code, response.data["state"], response.data["meeting"]) == (
        200,
        "deliberated",
        meeting.pk,
    )


STEPS = {
    "submit": ("officer", {"content": "x"}),
    "opinions": ("staff", {"content": "x"}),
    "rectification": ("officer", {"content": "x"}),
    "vote": ("staff", {"satisfied": 1, "basically_satisfied": 0, "unsatisfied": 0}),
}
ALLOWED = {
    "submit": {R.REQUESTED},
    "opinions": {R.SUBMITTED, R.DELIBERATED},
    "rectification": {R.OPINIONS_SENT, R.RECTIFYING},
    "vote": {R.RECTIFICATION_REPORTED},
}


@pytest.mark.parametrize("state", list(R.values))
def test_a_step_from_the_wrong_state_is_409(api_client, staff, officer, report, state):
    report = advance(report, state, staff=staff, officer=officer)
    people = {"staff": staff, "officer": officer}
    for step, (who, body) in STEPS.items():
        if state in ALLOWED[step]:
            continue
        api_client.force_authenticate(people[who])
        response = api_client.post(url(report, step), body, format="json")
        assert (response.status_code, response.data["code"]) == (409, "invalid_transition"), step
        assert WorkReport(state=state).get_state_display() in response.data["detail"]
    assert WorkReport.objects.get(pk=report.pk).state == state


def test_walls_answer_before_the_body(api_client, staff, officer, other_officer, member, report):
    report = advance(report, R.SUBMITTED, staff=staff, officer=officer)
    # another unit's officer: not found, whatever the step or body
    api_client.force_authenticate(other_officer)
    for step in ("submit", "opinions", "rectification", "vote", "deliberate", "follow-ups"):
        assert api_client.post(url(report, step), {}, format="json").status_code == 404, step
    # the unit itself may not take staff's steps: 403 with an empty body too
    api_client.force_authenticate(officer)
    for step in ("opinions", "vote", "deliberate", "follow-ups"):
        response = api_client.post(url(report, step), {}, format="json")
        assert (response.status_code, response.data["code"]) == (403, "not_staff"), step
    # a member reads everything but takes no step
    api_client.force_authenticate(member)
    assert api_client.get(url(report)).status_code == 200
    for step, code in (
        ("submit", "not_unit_officer"),
        ("rectification", "not_unit_officer"),
        ("opinions", "not_staff"),
    ):
        response = api_client.post(url(report, step), {}, format="json")
        assert (response.status_code, response.data["code"]) == (403, code), step
    # staff may not submit for the unit
    api_client.force_authenticate(staff)
    response = api_client.post(url(report, "rectification"), {"content": "x"}, format="json")
    assert (response.status_code, response.data["code"]) == (403, "not_unit_officer")
    assert WorkReport.objects.get(pk=report.pk).state == R.SUBMITTED


def test_negative_counts_are_400(api_client, staff, officer, report):
    report = advance(report, R.RECTIFICATION_REPORTED, staff=staff, officer=officer)
    api_client.force_authenticate(staff)
    response = api_client.post(
        url(report, "vote"), {"satisfied": -1, "basically_satisfied": 3, "unsatisfied": "x"}, format="json"
    )
    assert response.status_code == 400
    assert response.data["satisfied"] == ["票数不能为负数。"]
    assert response.data["unsatisfied"] == ["请填写整数票数。"]
    response = api_client.post(url(report, "vote"), {}, format="json")
    assert response.data["basically_satisfied"] == ["请填写票数。"]
    response = api_client.post(
        url(report, "vote"), {"satisfied": 0, "basically_satisfied": 0, "unsatisfied": 0}, format="json"
    )
    assert (response.status_code, response.data["code"]) == (400, "no_votes")
    assert WorkReport.objects.get(pk=report.pk).state == R.RECTIFICATION_REPORTED


def test_empty_content_is_400(api_client, officer, report):
    api_client.force_authenticate(officer)
    response = api_client.post(url(report, "submit"), {"content": "   "}, format="json")
    assert (response.status_code, response.data["content"]) == (400, ["请填写内容。"])


# --- public ------------------------------------------------------------------------------------


def test_the_public_sees_closed_reports_only_with_the_whole_record(api_client, staff, officer, unit, today):
    reports = {
        state: advance(
            services.report_create(actor=staff, title=f"报告·{state}", unit=unit, due_date=today),
            state,
            staff=staff,
            officer=officer,
        )
        for state in R.values
    }
    api_client.force_authenticate(None)
    response = api_client.get("/api/v1/public/supervision/reports/")
    assert response.status_code == 200
    rows = response.data["results"]
    assert [row["id"] for row in rows] == [reports[R.CLOSED].pk]
    row = rows[0]
    assert row["report"] == "报告正文" and row["opinions"] == "审议意见正文"
    assert row["rectification"]["content"] == "整改情况"
    assert (row["vote"]["satisfied"], row["vote"]["basically_satisfied"], row["vote"]["unsatisfied"]) == (
        10,
        5,
        0,
    )
    assert row["withheld_parts"] == []
    for state, report in reports.items():
        status = 200 if state == R.CLOSED else 404
        assert api_client.get(f"/api/v1/public/supervision/reports/{report.pk}/").status_code == status


def test_a_withheld_part_is_not_sent(api_client, staff, officer, report):
    report = advance(report, R.CLOSED, staff=staff, officer=officer)
    services.report_withhold(actor=staff, report=report, parts=["opinions", "vote"], reason="涉及敏感信息")
    row = api_client.get("/api/v1/public/supervision/reports/").data["results"][0]
    assert row["opinions"] is None and row["vote"] is None and row["votes"] == []
    assert row["report"] == "报告正文"
    assert (row["withheld_parts"], row["withheld_reason"]) == (["opinions", "vote"], "涉及敏感信息")
    assert "审议意见正文" not in str(row)


# --- interpellations ---------------------------------------------------------------------------

IBASE = "/api/v1/supervision/interpellations/"


def test_filing_needs_the_rules_number_of_signers(api_client, member, members, unit):
    api_client.force_authenticate(member)
    body = {"title": "关于学校周边交通安全整治的质询案", "unit": unit.pk, "content": "质询内容"}
    response = api_client.post(IBASE, {**body, "signers": [m.pk for m in members[:2]]}, format="json")
    assert response.status_code == 400
    assert response.data["signers"] == ["质询案须由常委会组成人员 3 人以上联名提出，现有 2 人。"]
    response = api_client.post(IBASE, {**body, "signers": [m.pk for m in members[:3]]}, format="json")
    assert response.status_code == 201, response.data
    assert response.data["state"] == "filed" and len(response.data["signers"]) == 3


def test_signers_must_be_members_and_at_a_congress_session_deputies(
    api_client, staff, members, deputy_user, unit
):
    api_client.force_authenticate(staff)
    body = {"title": "质询案", "unit": unit.pk, "content": "内容"}
    response = api_client.post(
        IBASE, {**body, "signers": [*[m.pk for m in members[:3]], deputy_user.pk]}, format="json"
    )
    assert response.status_code == 400 and str(deputy_user.pk) in response.data["signers"][0]
    response = api_client.post(
        IBASE, {**body, "occasion": "congress", "signers": [deputy_user.pk]}, format="json"
    )
    assert response.data["signers"] == ["质询案须由代表 10 人以上联名提出，现有 1 人。"]


def test_only_staff_and_members_file(api_client, officer, deputy_user):
    for who in (officer, deputy_user):
        api_client.force_authenticate(who)
        response = api_client.post(IBASE, {}, format="json")
        assert (response.status_code, response.data["code"]) == (403, "not_member")


def test_an_interpellation_from_filing_to_closing(api_client, staff, members, officer, other_officer, unit):
    api_client.force_authenticate(members[0])
    created = api_client.post(
        IBASE,
        {"title": "质询案", "unit": unit.pk, "content": "内容", "signers": [m.pk for m in members[:3]]},
        format="json",
    ).data
    pk = created["id"]
    # the unit sees it only once passed on
    api_client.force_authenticate(officer)
    assert api_client.get(f"{IBASE}{pk}/").status_code == 404
    api_client.force_authenticate(staff)
    response = api_client.post(
        f"{IBASE}{pk}/decide/", {"accept": True, "answer_mode": "written"}, format="json"
    )
    assert (response.status_code, response.data["state"]) == (200, "accepted") and response.data["answer_due"]
    # a wrong step is a 409
    response = api_client.post(f"{IBASE}{pk}/close/", {}, format="json")
    assert (response.status_code, response.data["code"]) == (409, "invalid_transition")
    # another unit: not found; the unit answers in writing (not orally)
    api_client.force_authenticate(other_officer)
    assert api_client.post(f"{IBASE}{pk}/answer/", {}, format="json").status_code == 404
    api_client.force_authenticate(officer)
    response = api_client.post(
        f"{IBASE}{pk}/answer/", {"content": "答复", "answerer": "王局长", "mode": "oral"}, format="json"
    )
    assert (response.status_code, response.data["mode"]) == (400, ["口头答复由工作人员在会后录入。"])
    response = api_client.post(
        f"{IBASE}{pk}/answer/", {"content": "书面答复", "answerer": "王局长"}, format="json"
    )
    assert (response.status_code, response.data["state"]) == (200, "answered")
    # only a signer may declare it unsatisfactory
    response = api_client.post(f"{IBASE}{pk}/unsatisfied/", {"reason": "x"}, format="json")
    assert (response.status_code, response.data["code"]) == (403, "not_signer")
    api_client.force_authenticate(members[3])  # a member who did not sign
    response = api_client.post(f"{IBASE}{pk}/unsatisfied/", {"reason": "x"}, format="json")
    assert (response.status_code, response.data["code"]) == (403, "not_signer")
    api_client.force_authenticate(members[1])
    response = api_client.post(f"{IBASE}{pk}/unsatisfied/", {}, format="json")
    assert response.status_code == 400 and response.data["reason"] == ["请说明不满意的理由。"]
    response = api_client.post(f"{IBASE}{pk}/unsatisfied/", {"reason": "未回答具体措施"}, format="json")
    assert (response.status_code, response.data["state"]) == (200, "reanswer_requested")
    # staff record the oral answer at the next meeting, then close
    api_client.force_authenticate(staff)
    response = api_client.post(
        f"{IBASE}{pk}/answer/", {"content": "口头答复", "answerer": "王局长", "mode": "oral"}, format="json"
    )
    assert [a["mode"] for a in response.data["answers"]] == ["written", "oral"]
    response = api_client.post(f"{IBASE}{pk}/close/", {}, format="json")
    assert response.data["state"] == "closed"
    public = api_client.get("/api/v1/public/supervision/interpellations/").data["results"]
    assert [row["id"] for row in public] == [pk]


def test_a_rejection_needs_a_reason(api_client, staff, members, unit):
    interpellation = services.interpellation_file(
        actor=staff, title="质询案", unit=unit, content="内容", signers=members[:3]
    )
    api_client.force_authenticate(staff)
    response = api_client.post(f"{IBASE}{interpellation.pk}/decide/", {"accept": False}, format="json")
    assert (response.status_code, response.data["note"]) == (400, ["不予交付须说明理由。"])
    response = api_client.post(
        f"{IBASE}{interpellation.pk}/decide/", {"accept": False, "note": "不属于质询范围"}, format="json"
    )
    assert response.data["state"] == "rejected"
    assert api_client.get("/api/v1/public/supervision/interpellations/").data["results"] == []


# --- the schema --------------------------------------------------------------------------------


def test_the_contract_is_in_the_openapi_schema(api_client, staff):
    api_client.force_authenticate(staff)
    schema = api_client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for path, method in (
        ("/api/v1/supervision/reports/", "post"),
        ("/api/v1/supervision/reports/", "get"),
        ("/api/v1/supervision/reports/{id}/", "get"),
        ("/api/v1/supervision/reports/{id}/submit/", "post"),
        ("/api/v1/supervision/reports/{id}/opinions/", "post"),
        ("/api/v1/supervision/reports/{id}/rectification/", "post"),
        ("/api/v1/supervision/reports/{id}/vote/", "post"),
        ("/api/v1/public/supervision/reports/", "get"),
        ("/api/v1/supervision/interpellations/", "post"),
    ):
        assert method in paths.get(path, {}), (path, method)
    create = paths["/api/v1/supervision/reports/"]["post"]["requestBody"]["content"]["application/json"][
        "schema"
    ]
    body = schema["components"]["schemas"][create["$ref"].rsplit("/", 1)[1]]
    assert set(body["required"]) == {"title", "unit", "due_date"}
    assert {"plan_item", "meeting"} <= set(body["properties"])
    vote = paths["/api/v1/supervision/reports/{id}/vote/"]["post"]["requestBody"]["content"][
        "application/json"
    ]
    vote_body = schema["components"]["schemas"][vote["schema"]["$ref"].rsplit("/", 1)[1]]
    assert set(vote_body["required"]) == {"satisfied", "basically_satisfied", "unsatisfied"}
    assert vote_body["properties"]["unsatisfied"]["minimum"] == 0
    assert set(paths["/api/v1/supervision/reports/{id}/vote/"]["post"]["responses"]) >= {
        "200",
        "400",
        "403",
        "404",
        "409",
    }


# --- constant queries on the lists ---------------------------------------------------------------


@pytest.mark.parametrize("rows", [2, 6])
def test_the_api_lists_cost_the_same_queries_for_more_rows(
    api_client, staff, officer, unit, members, rows, django_assert_num_queries
):
    for i in range(rows):
        advance(
            services.report_create(actor=staff, title=f"报告{i}", unit=unit, due_date=dt.date.today()),
            R.CLOSED,
            staff=staff,
            officer=officer,
        )
        services.interpellation_file(
            actor=staff, title=f"质询案{i}", unit=unit, content="内容", signers=members[:3]
        )
    fresh = type(officer).objects.get  # a request's own user object: roles and units not read yet
    api_client.force_authenticate(fresh(pk=officer.pk))
    # 1 count, 2 the page (with unit and meeting); roles and units acted for from the cache
    with django_assert_num_queries(2):
        assert len(api_client.get(BASE).data["results"]) == rows
    api_client.force_authenticate(fresh(pk=staff.pk))
    # 1 count, 2 the page, 3 signers, 4 answers (roles from the cache)
    with django_assert_num_queries(4):
        assert len(api_client.get("/api/v1/supervision/interpellations/").data["results"]) == rows
    api_client.force_authenticate(None)
    # 1 count, 2 the page, 3 rectifications, 4 votes, 5 follow-ups, 6 attachments
    with django_assert_num_queries(6):
        assert len(api_client.get("/api/v1/public/supervision/reports/").data["results"]) == rows
