"""Committee members read the registry as a business record: without a deputy's private
fields (``Deputy.PRIVATE_FIELDS``: full birth date, phone, e-mail, login account) — on the
admin page, in its history, in the export and in the API. Committee staff keep them."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from congress import roles
from congress.tests.factories import UserFactory
from deputies.tests.factories import DeputyFactory

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
EMAIL = "wang.private@example.invalid"


@pytest.fixture
def member(db):
    return UserFactory(roles=[roles.MEMBER])


@pytest.fixture
def deputy(term):
    return DeputyFactory(
        term=term,
        name="王代表",
        birth_date=dt.date(1975, 3, 8),
        phone=PHONE,
        email=EMAIL,
        occupation="某街道社区主任",
        with_user=True,
    )


def _change_page(client, deputy):
    return client.get(reverse("admin:deputies_deputy_change", args=[deputy.pk])).content.decode()


def test_member_reads_the_record_without_private_fields(client, member, deputy):
    client.force_login(member)
    html = _change_page(client, deputy)
    assert "某街道社区主任" in html and "出生年份" in html and "1975" in html
    assert "民族、党派" in html and '["ethnicity"' not in html  # the public fields in words
    for private in (PHONE, EMAIL, "1975-03-08", "1975年3月8日", deputy.user.username, "联系电话", "登录账号"):
        assert private not in html, private


def test_staff_read_every_field(client, staff, deputy):
    client.force_login(staff)
    html = _change_page(client, deputy)
    assert PHONE in html and EMAIL in html and "1975-03-08" in html and "出生年份" not in html


def test_member_history_leaves_out_private_changes(client, staff, member, deputy):
    # given: staff changed the phone and the job
    deputy.phone, deputy.occupation = "13700000001", "区图书馆馆长"
    deputy._history_user = staff
    deputy.save()
    url = reverse("admin:deputies_deputy_history", args=[deputy.pk])
    # then: members see the job's change, not the phone's
    client.force_login(member)
    html = client.get(url).content.decode()
    assert "区图书馆馆长" in html and "13700000001" not in html and PHONE not in html
    version = deputy.history.last().history_id
    old = client.get(reverse("admin:deputies_deputy_simple_history", args=[deputy.pk, version]))
    assert old.status_code == 200 and PHONE not in old.content.decode()
    # staff see both
    client.force_login(staff)
    html = client.get(url).content.decode()
    assert "13700000001" in html


def _export(client):
    url = reverse("admin:deputies_deputy_export")
    form = client.get(url).context["form"]
    data = {name: "on" for name, field in form.fields.items() if field.__class__.__name__ == "BooleanField"}
    data.update({"format": "0", "resource": "0"})
    response = client.post(url, data)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [c.value for c in sheet[1]], [c.value for c in sheet[2]]


def test_member_export_has_no_private_columns(client, member, staff, deputy):
    client.force_login(member)
    headers, row = _export(client)
    assert "王代表" in row and "联系电话" not in headers and "出生日期" not in headers
    assert PHONE not in row and EMAIL not in row
    client.force_login(staff)
    headers, row = _export(client)
    assert "联系电话" in headers and PHONE in row


def test_api_gives_members_the_same_shape_without_private_values(api_client, member, staff, deputy):
    url = reverse("api-deputy-detail", args=[deputy.pk])
    api_client.force_authenticate(member)
    data = api_client.get(url).json()
    assert (data["birth_date"], data["phone"], data["email"]) == (None, "", "")
    listed = api_client.get(reverse("api-deputy-list")).json()["results"][0]
    assert listed["occupation"] == "某街道社区主任" and listed["phone"] == ""
    api_client.force_authenticate(staff)
    data = api_client.get(url).json()
    assert (data["birth_date"], data["phone"], data["email"]) == ("1975-03-08", PHONE, EMAIL)
    api_client.force_authenticate(deputy.user)
    assert api_client.get(reverse("api-me-deputy")).json()["phone"] == PHONE
