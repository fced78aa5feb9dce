"""Post-supervision evaluation (监督后评估): created for closed items only, questions as data
edited while drafted, answered once per deputy account and once per device by the public (no
login) within the per-address limit, tallied and published with the item once closed; the
public API; pages in constant queries whatever the number of answers."""

import pytest
from django.urls import reverse

from congress.exceptions import ApplicationError, InvalidTransition, PermissionDeniedError
from congress.models import Rule
from supervision import services
from supervision.models import EvaluationResponse, WorkReport
from supervision.models_evaluation import Evaluation, EvaluationQuestion
from supervision.selectors_evaluation import evaluation_results
from supervision.tests.conftest import advance
from supervision.views.evaluation import DEVICE_COOKIE

pytestmark = pytest.mark.django_db
R = WorkReport.State
Q = EvaluationQuestion.Kind


@pytest.fixture
def closed_report(report, staff, officer):
    return advance(report, R.CLOSED, staff=staff, officer=officer)


@pytest.fixture
def drafted(closed_report, staff):
    evaluation = services.evaluation_create(actor=staff, target=closed_report, title="教育专项监督后评估")
    services.evaluation_question_add(
        actor=staff,
        evaluation=evaluation,
        kind=Q.CHOICE,
        text="落实情况如何？",
        choices=["全部落实", "部分落实", "未落实"],
    )
    services.evaluation_question_add(actor=staff, evaluation=evaluation, kind=Q.RATING, text="整改成效评分")
    services.evaluation_question_add(
        actor=staff, evaluation=evaluation, kind=Q.TEXT, text="意见建议", required=False
    )
    return evaluation


@pytest.fixture
def evaluation(drafted, staff):
    return services.evaluation_open(actor=staff, evaluation=drafted)


def _ids(evaluation):
    return [q.pk for q in evaluation.questions.order_by("order")]


def _answers(evaluation, choice=0, rating=5, text=""):
    choice_q, rating_q, text_q = _ids(evaluation)
    return {choice_q: choice, rating_q: rating, text_q: text}


def _form(evaluation, choice=0, rating=5, text=""):
    return {f"q{pk}": value for pk, value in _answers(evaluation, choice, rating, text).items()}


# --- the questionnaire ----------------------------------------------------------------------------


def test_only_a_closed_item_is_evaluated_once_by_staff(report, staff, officer, member):
    with pytest.raises(ApplicationError) as open_item:
        services.evaluation_create(actor=staff, target=report, title="评估")
    assert open_item.value.code == "not_closed"
    closed = advance(report, R.CLOSED, staff=staff, officer=officer)
    with pytest.raises(PermissionDeniedError):
        services.evaluation_create(actor=member, target=closed, title="评估")
    evaluation = services.evaluation_create(actor=staff, target=closed, title="评估")
    assert evaluation.target == closed and evaluation.events.get().action == "create"
    with pytest.raises(ApplicationError) as twice:
        services.evaluation_create(actor=staff, target=closed, title="再评估")
    assert twice.value.code == "duplicate"


def test_questions_are_data_edited_only_while_drafted(closed_report, staff):
    evaluation = services.evaluation_create(actor=staff, target=closed_report, title="评估")
    with pytest.raises(ApplicationError) as empty:
        services.evaluation_open(actor=staff, evaluation=evaluation)
    assert empty.value.code == "no_questions"
    with pytest.raises(ApplicationError) as one_option:
        services.evaluation_question_add(
            actor=staff, evaluation=evaluation, kind=Q.CHOICE, text="题", choices="只有一项"
        )
    assert "choices" in one_option.value.extra
    question = services.evaluation_question_add(
        actor=staff, evaluation=evaluation, kind=Q.CHOICE, text="题", choices="满意\n不满意"
    )
    assert question.choices == ["满意", "不满意"]
    services.evaluation_open(actor=staff, evaluation=evaluation)
    with pytest.raises(InvalidTransition):
        services.evaluation_question_add(actor=staff, evaluation=evaluation, kind=Q.TEXT, text="后加")
    with pytest.raises(InvalidTransition):
        services.evaluation_question_update(actor=staff, question=question, kind=Q.TEXT, text="改")


# --- answers ---------------------------------------------------------------------------------------


def test_a_deputy_answers_once_in_the_portal(client, evaluation, deputy_user, officer):
    client.force_login(deputy_user)
    url = reverse("portal:supervision-evaluation", args=[evaluation.pk])
    page = client.get(url).content.decode()
    assert 'id="answer"' in page and "落实情况如何？" in page
    missing = client.post(url, {f"q{_ids(evaluation)[0]}": "1"})
    assert missing.status_code == 400 and "此题必答。" in missing.content.decode()
    assert client.post(url, _form(evaluation, text="继续跟踪")).status_code == 302
    assert "您已提交过这份问卷" in client.get(url).content.decode()
    with pytest.raises(ApplicationError) as twice:
        services.evaluation_answer_as_deputy(
            actor=deputy_user, evaluation=evaluation, answers=_answers(evaluation)
        )
    assert twice.value.code == "already_answered"
    with pytest.raises(PermissionDeniedError):
        services.evaluation_answer_as_deputy(
            actor=officer, evaluation=evaluation, answers=_answers(evaluation)
        )
    response = EvaluationResponse.objects.get()
    assert (response.source, response.respondent) == ("deputy", deputy_user)


def test_the_public_answers_once_per_device_without_login(client, evaluation):
    url = reverse("public:supervision-evaluation", args=[evaluation.pk])
    assert url in client.get(reverse("public:supervision-index")).content.decode()  # invited
    first = client.get(url)
    assert first.status_code == 200 and DEVICE_COOKIE in first.cookies
    assert client.post(url, _form(evaluation, choice=1, rating=4)).status_code == 302
    again = client.post(url, _form(evaluation))
    assert again.status_code == 409 and "您已提交过这份问卷" in again.content.decode()
    assert "您已提交过这份问卷" in client.get(url).content.decode()
    client.cookies.clear()  # another device
    assert client.post(url, _form(evaluation)).status_code == 302
    rows = EvaluationResponse.objects.filter(source="public")
    assert rows.count() == 2 and len({r.device for r in rows}) == 2
    assert all(r.respondent_id is None and "127.0.0.1" not in r.address_digest for r in rows)


def test_one_address_is_limited_by_the_rule(client, evaluation):
    Rule.objects.update_or_create(key="supervision.evaluation_answers_per_address", defaults={"value": 2})
    url = reverse("public:supervision-evaluation", args=[evaluation.pk])
    for _ in range(2):
        client.cookies.clear()
        assert client.post(url, _form(evaluation)).status_code == 302
    client.cookies.clear()
    refused = client.post(url, _form(evaluation))
    assert refused.status_code == 429 and "已达上限" in refused.content.decode()
    assert EvaluationResponse.objects.count() == 2


def test_bad_answers_are_field_errors(evaluation):
    choice_q, rating_q, _text_q = _ids(evaluation)
    with pytest.raises(ApplicationError) as bad:
        services.evaluation_answer_as_public(
            evaluation=evaluation, answers={choice_q: 7, rating_q: 9}, device_token="t", address="1.2.3.4"
        )
    assert bad.value.extra == {f"q{choice_q}": ["请选择一个选项。"], f"q{rating_q}": ["请评1至5分。"]}


# --- results -------------------------------------------------------------------------------------


def test_closing_tallies_and_publishes_with_the_item(client, evaluation, staff, deputy_user, closed_report):
    services.evaluation_answer_as_deputy(
        actor=deputy_user, evaluation=evaluation, answers=_answers(evaluation, 0, 5)
    )
    for i, (choice, rating) in enumerate([(0, 4), (1, 3), (0, 4)]):
        services.evaluation_answer_as_public(
            evaluation=evaluation,
            answers=_answers(evaluation, choice, rating),
            device_token=f"d{i}",
            address="1.1.1.1",
        )
    report_page = reverse("public:supervision-report", args=[closed_report.pk])
    assert "参与评估" in client.get(report_page).content.decode()  # open: a link, no results
    services.evaluation_close(actor=staff, evaluation=evaluation)

    results = evaluation_results(Evaluation.objects.get(pk=evaluation.pk))
    choice, rating, text = results.questions
    assert (results.responses, results.deputies, results.public) == (4, 1, 3)
    assert choice.choices == [("全部落实", 3, 75.0), ("部分落实", 1, 25.0), ("未落实", 0, 0.0)]
    assert rating.mean == 4.0 and text.answered == 0
    html = client.get(report_page).content.decode()
    assert "全部落实" in html and "4.00" in html and "共收到答卷 4 份" in html
    url = reverse("public:supervision-evaluation", args=[evaluation.pk])
    assert client.post(url, _form(evaluation)).status_code == 404  # closed: no more answers
    with pytest.raises(InvalidTransition):
        services.evaluation_answer_as_public(
            evaluation=evaluation, answers=_answers(evaluation), device_token="late", address="2.2.2.2"
        )


def test_a_drafted_questionnaire_is_nobodys_but_staffs(client, drafted, deputy_user, api_client):
    assert client.get(reverse("public:supervision-evaluation", args=[drafted.pk])).status_code == 404
    assert api_client.get(f"/api/v1/public/supervision/evaluations/{drafted.pk}/").status_code == 404
    assert api_client.get("/api/v1/public/supervision/evaluations/").data["count"] == 0
    client.force_login(deputy_user)
    assert client.get(reverse("portal:supervision-evaluation", args=[drafted.pk])).status_code == 404


@pytest.mark.parametrize("answers", [2, 12])
def test_the_public_record_costs_the_same_whatever_the_answers(
    client, evaluation, staff, closed_report, answers, django_assert_num_queries
):
    for i in range(answers):
        services.evaluation_answer_as_public(
            evaluation=evaluation,
            answers=_answers(evaluation, i % 3, i % 5 + 1, "建议"),
            device_token=f"d{i}",
            address=f"10.0.0.{i}",
        )
    services.evaluation_close(actor=staff, evaluation=evaluation)
    url = reverse("public:supervision-report", args=[closed_report.pk])
    client.get(url)
    # 1 the report, 2-5 its rectifications, votes, follow-ups and attachments, 6 the evaluation,
    # 7 its questions, 8 the answers per source, 9 the grouped tally, 10 the district (site shell)
    with django_assert_num_queries(9):
        response = client.get(url)
    assert "共收到答卷" in response.content.decode()


# --- API -------------------------------------------------------------------------------------------


def test_public_api_questionnaire_and_anonymous_answer(api_client, evaluation, staff):
    url = f"/api/v1/public/supervision/evaluations/{evaluation.pk}/"
    listed = api_client.get("/api/v1/public/supervision/evaluations/").data["results"]
    assert [(row["id"], row["state"]) for row in listed] == [(evaluation.pk, "open")]
    assert listed[0]["item_url"].startswith("/supervision/")
    got = api_client.get(url)
    assert got.status_code == 200 and got.data["state"] == "open" and got.data["results"] is None
    assert [q["kind"] for q in got.data["questions"]] == ["choice", "rating", "text"]
    assert DEVICE_COOKIE in got.cookies
    choice_q, rating_q, _text = _ids(evaluation)

    bad = api_client.post(f"{url}answers/", {"answers": {str(choice_q): 9, str(rating_q): 3}}, format="json")
    assert bad.status_code == 400 and bad.data["code"] == "invalid_answers"
    created = api_client.post(
        f"{url}answers/", {"answers": {str(choice_q): 1, str(rating_q): 3}}, format="json"
    )
    assert created.status_code == 201
    twice = api_client.post(
        f"{url}answers/", {"answers": {str(choice_q): 1, str(rating_q): 3}}, format="json"
    )
    assert twice.status_code == 409 and twice.data["code"] == "already_answered"

    services.evaluation_close(actor=staff, evaluation=evaluation)
    closed = api_client.get(url).data
    assert closed["results"]["responses"] == 1
    assert closed["results"]["questions"][0]["choices"][1] == {
        "label": "部分落实",
        "count": 1,
        "share": 100.0,
    }
    late = api_client.post(f"{url}answers/", {"answers": {str(choice_q): 1, str(rating_q): 3}}, format="json")
    assert late.status_code == 409 and late.data["code"] == "invalid_transition"


def test_the_schema_documents_the_public_evaluation_api(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/public/supervision/evaluations/{id}/" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/public/supervision/evaluations/{id}/answers/"]


# --- admin -----------------------------------------------------------------------------------------


def test_staff_run_an_evaluation_in_the_admin(client, staff, closed_report):
    client.force_login(staff)
    add = reverse("admin:supervision_evaluation_add")
    assert client.get(add).status_code == 200
    response = client.post(add, {"report": closed_report.pk, "title": "评估", "intro": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    evaluation = Evaluation.objects.get()
    step = reverse("admin:supervision_evaluation_step", args=[evaluation.pk, "add_question"])
    response = client.post(
        step, {"kind": "choice", "text": "落实情况", "choices": "好\n一般\n差", "required": "on"}
    )
    assert response.status_code == 302
    assert evaluation.questions.get().choices == ["好", "一般", "差"]
    client.post(reverse("admin:supervision_evaluation_step", args=[evaluation.pk, "open"]))
    evaluation.refresh_from_db()
    assert evaluation.state == Evaluation.State.OPEN
    page = client.get(reverse("admin:supervision_evaluation_change", args=[evaluation.pk])).content.decode()
    assert "共收到答卷 0 份" in page


def test_the_deputys_home_panel_invites_to_the_open_evaluation(client, evaluation, deputy_user):
    client.force_login(deputy_user)
    home = client.get(reverse("portal:home")).content.decode()
    assert evaluation.title in home and "请参与监督后评估" in home
    assert reverse("portal:supervision-hearing-new") in home
    services.evaluation_answer_as_deputy(
        actor=deputy_user, evaluation=evaluation, answers=_answers(evaluation)
    )
    assert "已提交答卷" in client.get(reverse("portal:home")).content.decode()
