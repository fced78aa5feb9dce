"""Execution monitoring in the browser: staff read a book's execution with its rate bars on a
phone, open the warnings and turn one into a question to 区教育局 in one step; the bureau's
officer answers it in the portal and the warning shows what became of it. Screenshots at phone
and desktop widths."""

from decimal import Decimal

from budget import services_execution as services
from budget.models import ExecutionQuestion
from budget.tests.factories import fiscal_year, import_book
from congress import roles
from congress.tests.factories import OrganizationFactory, UserFactory
from tests.browser.conftest import shot


def _sign_in(page, live_server, user):
    """A session made by Django's test client (the login form's password check is tested
    elsewhere), handed to the browser."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_staff_turn_a_warning_into_a_question_the_unit_answers(page, live_server, transactional_db):
    fy = fiscal_year(2026)
    import_book(fy, stage="approved", prefixes=("201", "205"), leaf=Decimal("1200000.00"))
    services.ensure_default_rules()
    codes = list(
        fy.codes.filter(code__startswith="205", level=3).order_by("code").values_list("code", flat=True)
    )
    rows = [{"code": code, "amount": "900000.00" if i % 4 else "100000.00"} for i, code in enumerate(codes)]
    rows.append({"code": "2010103", "amount": "5000.00"})
    services.execution_import(fiscal_year=fy, book="general", month=9, rows=rows, actor=None)
    unit = OrganizationFactory(name="区教育局")
    staff = UserFactory(username="budgetstaff", roles=[roles.STAFF])
    officer = UserFactory(username="eduofficer", roles=[roles.UNIT_OFFICER], unit=unit)

    _sign_in(page, live_server, staff)
    page.goto("/portal/budget/execution/?year=2026&book=general")
    page.get_by_text("截至9月，时间进度 75.0%").wait_for()
    page.get_by_role("link", name="205 教育支出").click()
    page.locator("table.budget-execution meter").first.wait_for()
    shot(page, "budget-exec-01-execution")
    page.get_by_role("link", name="执行预警").click()
    card = page.locator("article.warning").first
    card.wait_for()
    shot(page, "budget-exec-02-warnings", full_page=False)
    first_id = card.get_attribute("id")
    card.locator("select[name=unit]").select_option(label="区教育局")
    card.get_by_role("button", name="转为询问").click()
    page.locator(f"#{first_id}").get_by_text("已转为向区教育局询问").wait_for()
    question = ExecutionQuestion.objects.get()

    _sign_in(page, live_server, officer)
    page.goto("/portal/budget/questions/")
    page.fill(f"#answer-{question.pk}", "项目招标延后，预计11月执行到位。")
    shot(page, "budget-exec-03-question")
    page.get_by_role("button", name="报送答复").click()
    page.get_by_text("答复已报送。").wait_for()
    question.refresh_from_db()
    assert question.state == "answered"
