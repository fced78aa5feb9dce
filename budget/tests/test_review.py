"""The preliminary review (issue 13 item 3): a deputy asks the finance bureau about a line, the
bureau answers in the portal — a tracked item (deadline from the rule, events, reminders); the
walls (the bureau answers only its questions; deputies read and ask; other units see nothing);
bad input in Chinese; remarks; the review report as PDF; thematic reviews with a budget hearing;
constant queries on the lists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget import services_review as services
from budget.models import ReviewComment, ReviewQuestion, ReviewQuestionEvent
from budget.tests import factories
from congress import roles
from congress.models import Notification, Rule
from congress.tests.factories import OrganizationFactory, UserFactory
from congress.workdays import WorkCalendar

pytestmark = pytest.mark.django_db
BASE = "/api/v1/budget/review-questions/"


@pytest.fixture
def bureau(db):
    return OrganizationFactory(name="区财政局")


@pytest.fixture
def bureau_officer(bureau):
    return UserFactory(username="finance_officer", roles=[roles.UNIT_OFFICER], unit=bureau)


@pytest.fixture
def member(db):
    return UserFactory(username="member_user", roles=[roles.MEMBER])


@pytest.fixture
def year(staff):
    fy = factories.fiscal_year(2026, actor=staff)
    factories.import_book(fy, stage="draft", prefixes=("205", "208"), actor=staff)
    return fy


def _ask(actor, year, code="20502", text="学前教育经费增幅为何低于在园幼儿增幅？", **kwargs):
    return services.question_ask(
        actor=actor, fiscal_year=year, book="general", stage="draft", code=code, text=text, **kwargs
    )


def test_deputy_asks_and_the_bureau_answers(api_client, deputy_user, bureau, bureau_officer, year):
    # given a deputy reading the draft
    api_client.force_authenticate(deputy_user)
    # when they ask about a line
    created = api_client.post(
        BASE, {"year": 2026, "book": "general", "stage": "draft", "code": "20502", "text": "为何增幅偏低？"}
    )
    # then the finance bureau owes an answer by the rule's deadline (5 working days)
    assert created.status_code == 201, created.data
    assert created.data["state"] == "asked" and created.data["unit_name"] == "区财政局"
    assert created.data["deadline"] == WorkCalendar().add_workdays(dt.date.today(), 5).isoformat()
    assert created.data["line_name"]
    pk = created.data["id"]
    assert Notification.objects.filter(
        recipient=bureau_officer, key=f"budget:review-question:{pk}:asked"
    ).exists()
    # the bureau's officer sees it and answers
    api_client.force_authenticate(bureau_officer)
    assert [r["id"] for r in api_client.get(BASE).data["results"]] == [pk]
    answered = api_client.post(f"{BASE}{pk}/answer/", {"answer": "在园幼儿增长主要在民办园，补助另列。"})
    assert answered.status_code == 200, answered.data
    assert answered.data["state"] == "answered" and answered.data["answer"].startswith("在园")
    # a second answer is the wrong state
    assert api_client.post(f"{BASE}{pk}/answer/", {"answer": "再答"}).status_code == 409
    assert list(ReviewQuestionEvent.objects.filter(question_id=pk).values_list("action", flat=True)) == [
        "ask",
        "answer",
    ]
    assert ReviewQuestion.history.filter(id=pk).count() >= 2
    assert Notification.objects.filter(
        recipient=deputy_user, key=f"budget:review-question:{pk}:answered"
    ).exists()


def test_the_deadline_follows_the_rule(deputy_user, bureau, year):
    Rule.objects.update_or_create(
        key="budget.review_answer_deadline", defaults={"value": {"count": 2, "unit": "workdays"}}
    )
    monday = dt.date(2026, 3, 2)
    assert _ask(deputy_user, year, today=monday).deadline == WorkCalendar().add_workdays(monday, 2)


def test_walls(api_client, deputy_user, member, staff, bureau, bureau_officer, officer, year):
    question = _ask(deputy_user, year)
    # another unit's officer sees none of the bureau's questions and cannot answer (404)
    api_client.force_authenticate(officer)
    assert api_client.get(BASE).data["results"] == []
    assert api_client.post(f"{BASE}{question.pk}/answer/", {"answer": "x"}).status_code == 404
    # a deputy or a member reads and asks, but does not answer (403, whatever the body)
    for reader in (deputy_user, member):
        api_client.force_authenticate(reader)
        assert [r["id"] for r in api_client.get(BASE).data["results"]] == [question.pk]
        response = api_client.post(f"{BASE}{question.pk}/answer/", {})
        assert response.status_code == 403 and response.data["code"] == "not_answering_unit"
    # a member may not withdraw a deputy's question; the bureau may not ask
    api_client.force_authenticate(member)
    assert api_client.post(f"{BASE}{question.pk}/withdraw/", {}).status_code == 403
    api_client.force_authenticate(bureau_officer)
    assert (
        api_client.post(BASE, {"year": 2026, "book": "general", "stage": "draft", "text": "x"}).status_code
        == 403
    )
    # the asker withdraws; then nothing is owed and no answer is taken
    api_client.force_authenticate(deputy_user)
    assert (
        api_client.post(f"{BASE}{question.pk}/withdraw/", {"reason": "已在会上了解"}).data["state"]
        == "withdrawn"
    )
    api_client.force_authenticate(bureau_officer)
    assert api_client.post(f"{BASE}{question.pk}/answer/", {"answer": "x"}).status_code == 409
    # anonymous: refused
    api_client.force_authenticate(None)
    assert api_client.get(BASE).status_code in (401, 403)


def test_bad_input_is_400_in_chinese(api_client, deputy_user, bureau, year):
    api_client.force_authenticate(deputy_user)
    good = {"year": 2026, "book": "general", "stage": "draft", "code": "20502", "text": "问题"}
    for change, field, message in (
        ({"code": "9999999"}, "code", "预算表中没有科目 9999999。"),
        ({"year": 1990}, "year", "没有 1990 年度的预算。"),
        ({"year": "abc"}, "year", "年度应为四位数字。"),
        ({"book": "x"}, "book", None),
        ({"stage": "final"}, "stage", "该年度尚无这一预算表。"),
        ({"text": "  "}, "text", "请填写内容。"),
    ):
        response = api_client.post(BASE, {**good, **change})
        assert response.status_code == 400, (change, response.data)
        errors = response.data["errors"] if "errors" in response.data else response.data
        assert field in str(errors), (change, response.data)
        if message:
            assert message in str(response.data), (change, response.data)
    assert ReviewQuestion.objects.count() == 0
    # no answering unit under the rule's name: refused, not a 500
    Rule.objects.update_or_create(
        key="budget.review_answering_unit", defaults={"value": {"unit": "不存在的局"}}
    )
    response = api_client.post(BASE, good)
    assert response.status_code == 400 and "答复单位" in str(response.data)


def test_comments_on_lines(api_client, deputy_user, member, officer, year):
    api_client.force_authenticate(member)
    url = "/api/v1/budget/review-comments/"
    created = api_client.post(
        url, {"year": 2026, "book": "general", "stage": "draft", "code": "208", "text": "建议细化"}
    )
    assert created.status_code == 201 and created.data["line_name"]
    api_client.force_authenticate(deputy_user)
    assert [c["id"] for c in api_client.get(url + "?year=2026&code=208").data["results"]] == [
        created.data["id"]
    ]
    api_client.force_authenticate(officer)
    assert api_client.get(url).status_code == 403
    assert (
        api_client.post(url, {"year": 2026, "book": "general", "stage": "draft", "text": "x"}).status_code
        == 403
    )


def test_reminders_once_and_overdue_once(deputy_user, bureau, bureau_officer, staff, year):
    monday = dt.date(2026, 3, 2)
    question = _ask(deputy_user, year, today=monday)
    calendar = WorkCalendar()
    day_before = calendar.subtract_workdays(question.deadline, 1)
    first = services.send_question_reminders(today=day_before)
    assert first["reminders"] == 1
    assert services.send_question_reminders(today=day_before)["reminders"] == 0
    late = calendar.add_workdays(question.deadline, 1)
    assert services.send_question_reminders(today=late)["overdue"] >= 1
    assert services.send_question_reminders(today=late)["overdue"] == 0
    assert Notification.objects.filter(recipient=staff, key__contains="overdue").exists()


def test_portal_review_pages(client, deputy_user, bureau, bureau_officer, year):
    # the deputy drills down to a line and asks there
    client.force_login(deputy_user)
    top = client.get("/portal/budget/review/?year=2026&book=general&stage=draft")
    assert top.status_code == 200 and "205" in top.content.decode()
    line_url = "/portal/budget/review/2026/general/draft/20502/"
    assert client.get(line_url).status_code == 200
    empty = client.post(line_url, {"kind": "question", "text": ""})
    assert empty.status_code == 400 and "请填写内容。" in empty.content.decode()
    assert client.post(line_url, {"kind": "question", "text": "为何增幅偏低？"}).status_code == 302
    assert client.post(line_url, {"kind": "comment", "text": "建议公开明细"}).status_code == 302
    assert ReviewComment.objects.filter(code="20502").count() == 1
    page = client.get(line_url).content.decode()
    assert "为何增幅偏低？" in page and "建议公开明细" in page
    assert client.get("/portal/budget/review/2026/general/draft/9999999/").status_code == 404
    # the bureau answers in its list
    question = ReviewQuestion.objects.get()
    client.force_login(bureau_officer)
    assert client.get("/portal/budget/review/").status_code == 403
    listing = client.get("/portal/budget/review/questions/")
    assert listing.status_code == 200 and "为何增幅偏低？" in listing.content.decode()
    bad = client.post(f"/portal/budget/review/questions/{question.pk}/answer/", {"answer": ""})
    assert bad.status_code == 400 and "请填写答复。" in bad.content.decode()
    done = client.post(f"/portal/budget/review/questions/{question.pk}/answer/", {"answer": "民办园另列"})
    assert done.status_code == 302
    question.refresh_from_db()
    assert question.state == "answered" and question.answered_by == bureau_officer


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_lists_cost_the_same_whatever_the_data(client, api_client, deputy_user, member, bureau, year):
    _ask(deputy_user, year)
    services.comment_add(
        actor=member, fiscal_year=year, book="general", stage="draft", code="205", text="意见"
    )
    client.force_login(deputy_user)
    api_client.force_authenticate(deputy_user)
    urls = [
        "/portal/budget/review/?year=2026&stage=draft",
        "/portal/budget/review/questions/",
        BASE,
        "/portal/budget/review/2026/general/draft/20502/",
    ]
    for url in urls:  # warm the per-process caches (rules, roles, district profile)
        (api_client if url.startswith("/api/") else client).get(url)
    small = [_count(client, u) if not u.startswith("/api/") else None for u in urls]
    with CaptureQueriesContext(connection) as ctx:
        api_client.get(BASE)
    small_api = len(ctx.captured_queries)
    for code in ("205", "20502", "208", "20801", "20502"):
        _ask(member, year, code=code)
        services.comment_add(
            actor=deputy_user, fiscal_year=year, book="general", stage="draft", code=code, text="x"
        )
    large = [_count(client, u) if not u.startswith("/api/") else None for u in urls]
    with CaptureQueriesContext(connection) as ctx:
        api_client.get(BASE)
    assert small == large
    assert small_api == len(ctx.captured_queries)


def test_review_report_pdf(client, staff, deputy_user, officer, year):
    report = services.report_save(
        actor=staff,
        fiscal_year=year,
        stage="draft",
        title="关于2026年预算草案的初步审查报告",
        text="一、总体情况\n二、建议",
    )
    again = services.report_save(
        actor=staff, fiscal_year=year, stage="draft", title=report.title, text="修改稿"
    )
    assert again.pk == report.pk and again.text == "修改稿"
    client.force_login(deputy_user)
    response = client.get(f"/portal/budget/review/reports/{report.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    client.force_login(officer)
    assert client.get(f"/portal/budget/review/reports/{report.pk}.pdf").status_code == 403


def _hearing(staff, kind, title):
    from django.utils import timezone

    from supervision import services as supervision

    now = timezone.now()
    return supervision.hearing_create(
        actor=staff,
        kind=kind,
        title=title,
        starts_at=now + dt.timedelta(days=20),
        location="第一会议室",
        seats=4,
        signup_opens=now - dt.timedelta(days=1),
        signup_closes=now + dt.timedelta(days=10),
    )


def test_thematic_review_codes_hearing_and_public(client, staff, year):
    hearing, other = (
        _hearing(staff, kind, title)
        for kind, title in (("budget", "教育专项资金听证会"), ("topic", "专项议题听证"))
    )
    with pytest.raises(Exception) as bad:
        services.thematic_review_save(actor=staff, fiscal_year=year, topic="教育", codes="205, 9999999")
    assert "9999999" in str(bad.value.extra["codes"])
    with pytest.raises(Exception) as wrong:
        services.thematic_review_save(actor=staff, fiscal_year=year, topic="教育", hearing=other)
    assert "hearing" in wrong.value.extra
    assert client.get("/budget/2026/thematic-reviews/").status_code == 404
    review = services.thematic_review_save(
        actor=staff,
        fiscal_year=year,
        topic="教育优先发展经费保障",
        codes="20502、205",
        findings="生均经费增长放缓",
        report="建议保持投入",
        hearing=hearing,
        published=True,
    )
    assert review.codes == ["205", "20502"]
    # the hearing is still a draft: the public does not learn of it yet
    page = client.get("/budget/2026/thematic-reviews/")
    assert page.status_code == 200 and "教育优先发展经费保障" in page.content.decode()
    assert "教育专项资金听证会" not in page.content.decode()
    api = client.get("/api/v1/public/budget/2026/thematic-reviews/")
    assert api.status_code == 200 and api.json()[0]["codes"] == ["205", "20502"]
    assert api.json()[0]["hearing"] is None and api.json()[0]["hearing_title"] is None
    from supervision import services as supervision

    supervision.hearing_publish(actor=staff, hearing=hearing)
    page = client.get("/budget/2026/thematic-reviews/").content.decode()
    assert "教育专项资金听证会" in page and f"/supervision/hearings/{hearing.pk}/" in page
    assert client.get("/api/v1/public/budget/2026/thematic-reviews/").json()[0]["hearing"] == hearing.pk


def test_staff_admin_pages(client, staff, deputy_user, bureau, year):
    question = _ask(deputy_user, year)
    client.force_login(staff)
    assert client.get("/admin/budget/reviewquestion/").status_code == 200
    assert client.get(f"/admin/budget/reviewquestion/{question.pk}/change/").status_code == 200
    response = client.post(f"/admin/budget/reviewquestion/{question.pk}/step/withdraw/", {"reason": "重复"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.state == "withdrawn"
    added = client.post(
        "/admin/budget/thematicreview/add/",
        {"fiscal_year": year.pk, "topic": "社保", "codes": "208 9999999", "findings": "", "report": ""},
    )
    assert added.status_code == 200 and "9999999" in added.content.decode()
    added = client.post(
        "/admin/budget/thematicreview/add/",
        {"fiscal_year": year.pk, "topic": "社保", "codes": "208", "findings": "", "report": ""},
    )
    assert added.status_code == 302
    # a member reads the thematic review: the codes as text, not a JSON list
    from budget.models import ThematicReview

    client.force_login(UserFactory(username="member_reader", roles=[roles.MEMBER]))
    page = client.get(
        f"/admin/budget/thematicreview/{ThematicReview.objects.get().pk}/change/"
    ).content.decode()
    assert "208" in page and '["208"]' not in page
    client.force_login(staff)
    report = client.post(
        "/admin/budget/reviewreport/add/",
        {"fiscal_year": year.pk, "stage": "draft", "title": "初审报告", "text": "正文"},
    )
    assert report.status_code == 302


def test_unit_inbox_gathers_what_the_unit_owes(
    client, staff, deputy_user, bureau, bureau_officer, officer, year
):
    from budget import services_assets, services_audit

    years = iter(range(2001, 2100))

    def add(n):
        for i in range(n):
            _ask(deputy_user, year, text=f"询问{i}")
            services_audit.finding_create(actor=staff, year=2025, unit=bureau, description=f"问题{i}")
            report = services_assets.asset_report_save(
                actor=staff, year=next(years), kind="financial", title=f"报告{i}"
            )
            services_assets.opinion_create(actor=staff, report=report, text=f"意见{i}", unit=bureau)

    add(1)
    client.force_login(bureau_officer)
    client.get("/portal/budget/inbox/")
    small = _count(client, "/portal/budget/inbox/")
    page = client.get("/portal/budget/inbox/").content.decode()
    assert "询问0" in page and "问题0" in page and "意见0" in page
    home = client.get("/portal/").content.decode()
    assert "预算监督待办" in home and "询问0" in home
    add(3)
    assert _count(client, "/portal/budget/inbox/") == small
    # another unit's officer owes none of it; a deputy has no inbox
    client.force_login(officer)
    assert "询问0" not in client.get("/portal/budget/inbox/").content.decode()
    client.force_login(deputy_user)
    assert client.get("/portal/budget/inbox/").status_code == 403


def test_odd_filters_are_no_filter_not_an_error(api_client, staff, year):
    # "²" is a digit to str.isdigit() but no number to int(): it once made the ORM raise (500).
    api_client.force_authenticate(staff)
    for query in ("year=²", "year=abc", "year=２０２６"):
        assert api_client.get(f"/api/v1/budget/review-questions/?{query}").status_code == 200
