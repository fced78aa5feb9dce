"""Error pages as a district sees them with DEBUG off: Chinese, in the site's layout, and no
URL list. The 500, 400 and CSRF pages render without a database or a request context."""

import pytest
from django.template import loader
from django.test import Client
from django.urls import reverse

from congress.tests.test_i18n import switch_language

LAYOUT = 'class="site-header"'


@pytest.fixture(autouse=True)
def debug_off(settings):
    settings.DEBUG = False


def test_an_unknown_url_is_the_chinese_404_page_in_the_layout(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and LAYOUT in html
    assert "/no-such-page/" in html
    assert "URLconf" not in html and "api/v1/" not in html  # Django's debug page lists the URLs
    assert "Not Found" not in html


def test_an_unknown_address_under_the_api_answers_the_apis_json_404(client, db):
    # an id where the pattern wants a number matches no endpoint (found by the schemathesis run)
    response = client.get("/api/v1/attendance/null,null/approve-leave/")
    page = client.get("/no-such-page/")

    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "未找到。", "code": "not_found"}
    assert page.status_code == 404 and "页面不存在" in page.content.decode()


def test_the_404_page_in_english(client, db):
    switch_language(client, "en")

    html = client.get("/no-such-page/").content.decode()

    assert "Page not found" in html and "页面不存在" not in html


def test_a_unit_officer_on_the_composition_dashboard_gets_the_chinese_403(client, officer):
    client.force_login(officer)

    response = client.get(reverse("portal:composition"))

    assert response.status_code == 403
    html = response.content.decode()
    assert "没有访问权限" in html and LAYOUT in html
    assert "返回工作台" in html
    assert "403 Forbidden" not in html


@pytest.mark.urls("congress.tests.urls_raising")
def test_a_view_that_raises_gives_the_chinese_500_page(client, db):
    client.raise_request_exception = False

    response = client.get("/test-boom/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "系统出错了" in html and LAYOUT in html
    assert "a bug in a view" not in html and "Traceback" not in html


def test_a_forged_host_gives_the_chinese_400_page(client, db):
    response = client.get("/", HTTP_HOST="evil.example.org")

    assert response.status_code == 400
    html = response.content.decode()
    assert "请求无法处理" in html and LAYOUT in html


def test_a_form_without_its_csrf_token_gives_the_chinese_page(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("login"), {"username": "x", "password": "y"})

    assert response.status_code == 403
    html = response.content.decode()
    assert "页面已过期，请重新提交" in html and LAYOUT in html
    assert "CSRF verification failed" not in html


@pytest.mark.parametrize(
    "name, text", [("500.html", "系统出错了"), ("400.html", "请求无法处理"), ("403_csrf.html", "页面已过期")]
)
def test_static_error_pages_render_without_database_or_request(name, text):
    # no db fixture: any query would fail this test
    html = loader.get_template(name).render()

    assert text in html and LAYOUT in html
    assert "/static/css/site.css" in html
