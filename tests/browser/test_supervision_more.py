"""The court, the evaluation and the printed documents, walked in the browser by the demo
accounts: deputy1 records a court hearing with remarks on the phone (an empty case number keeps
the page and says why); court1 finds it in the 监督事项 inbox and replies; deputy1 reads the
reply. deputy1 answers the open post-supervision evaluation in the portal; an anonymous visitor
answers it on the website once (the second try is refused) and reads the closed evaluation's
results on the report's public page; the 审议意见书 opens as a PDF. Screenshots at phone and
desktop widths."""

import io

from pypdf import PdfReader

from supervision.models import HearingAttendance
from supervision.models_evaluation import Evaluation
from tests.browser.conftest import login, shot

CASE = "（2026）沪0104民初4321号"


def test_a_deputy_records_a_hearing_and_the_court_replies(page, demo_data):
    login(page, "deputy1")
    page.goto("/portal/")
    page.get_by_role("link", name="记录旁听庭审").first.click()
    assert page.get_by_label("法院或检察院").input_value()  # the court, chosen already
    page.get_by_label("案由").fill("物业服务合同纠纷")
    page.get_by_label("审判法庭").fill("第二法庭")
    page.get_by_label("庭审日期").fill("2026-11-20")
    page.get_by_label("旁听意见建议").fill("庭审规范有序，建议庭前加强调解引导。")
    page.get_by_role("button", name="提交").click()  # no case number: the page says why
    page.get_by_text("请填写案号。").wait_for()
    assert page.get_by_label("案由").input_value() == "物业服务合同纠纷"
    page.get_by_label("案号").fill(CASE)
    shot(page, "supervision-more-01-deputy-hearing-form")
    page.get_by_role("button", name="提交").click()
    page.get_by_text("意见建议已转交").wait_for()
    shot(page, "supervision-more-02-deputy-hearing-recorded")
    attendance = HearingAttendance.objects.get(case_number=CASE)
    assert attendance.state == HearingAttendance.State.AWAITING_REPLY

    page.context.clear_cookies()
    login(page, "court1")
    page.goto("/portal/supervision/")
    row = page.locator(".s-rows li", has_text="物业服务合同纠纷")
    shot(page, "supervision-more-03-court-inbox")
    row.get_by_role("link").first.click()
    page.get_by_label("答复内容").fill("感谢代表监督，已在诉前调解中心增设引导岗。")
    page.get_by_role("button", name="提交答复").click()
    page.get_by_text("已答复代表。").wait_for()
    shot(page, "supervision-more-04-court-replied")
    attendance.refresh_from_db()
    assert attendance.state == HearingAttendance.State.REPLIED

    page.context.clear_cookies()
    login(page, "deputy1")
    page.goto(f"/portal/supervision/court-hearings/{attendance.pk}/")
    page.get_by_text("已在诉前调解中心增设引导岗").wait_for()


def _answer(page):
    for fieldset in page.locator("fieldset.question").all():
        radios = fieldset.locator("input[type=radio]")
        if radios.count():
            radios.first.check()


def test_evaluation_by_a_deputy_and_the_public_and_its_results(page, demo_data, live_server):
    open_one = Evaluation.objects.get(state=Evaluation.State.OPEN)
    closed_one = Evaluation.objects.get(state=Evaluation.State.CLOSED)

    login(page, "deputy1")
    page.goto("/portal/")
    page.get_by_role("link", name=open_one.title).click()
    _answer(page)
    shot(page, "supervision-more-05-deputy-evaluation")
    page.get_by_role("button", name="提交答卷").click()
    page.get_by_text("感谢您参与评估").wait_for()

    page.context.clear_cookies()  # an anonymous visitor
    page.goto(f"/supervision/evaluations/{open_one.pk}/")
    page.get_by_role("button", name="提交答卷").click()  # nothing chosen: the page says why
    page.get_by_text("此题必答。").first.wait_for()
    _answer(page)
    page.get_by_role("button", name="提交答卷").click()
    page.get_by_text("感谢您参与评估").wait_for()
    page.goto(f"/supervision/evaluations/{open_one.pk}/")
    page.get_by_text("您已提交过这份问卷").wait_for()  # once per device
    assert open_one.responses.count() == 2

    page.goto(f"/supervision/reports/{closed_one.target_id}/")
    page.get_by_text("共收到答卷").wait_for()
    shot(page, "supervision-more-06-public-results")

    response = page.request.get(f"{live_server.url}/supervision/reports/{closed_one.target_id}/pdf/opinions/")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "审议意见" in "".join(text.split())  # the title may wrap anywhere
