"""The registry in the admin: role access, history on edits, roster import and export, links
between accounts and deputies, and the structure statistics page."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congress import roles
from congress.tests.factories import UserFactory
from deputies.models import Deputy
from deputies.permissions import can_edit_deputy_profile
from deputies.tests.conftest import roster_row, roster_xlsx
from deputies.tests.factories import DeputyFactory, DeputyGroupFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:deputies_deputy_changelist")
IMPORT = reverse("admin:deputies_deputy_import_roster")
STATISTICS = reverse("admin:deputies_deputy_statistics")


@pytest.fixture
def member(db):
    return UserFactory(roles=[roles.MEMBER])


def change_data(deputy, **overrides):
    data = {
        "term": deputy.term_id,
        "person_key": deputy.person_key,
        "name": deputy.name,
        "gender": deputy.gender,
        "birth_date": "",
        "ethnicity": deputy.ethnicity,
        "party": deputy.party,
        "education": deputy.education,
        "occupation": deputy.occupation,
        "sector": deputy.sector,
        "specialty": deputy.specialty,
        "constituency": "",
        "group": deputy.group_id or "",
        "phone": deputy.phone,
        "email": deputy.email,
        "is_active": "on",
        "public_fields": deputy.public_fields,
        "user": deputy.user_id or "",
    }
    data.update(overrides)
    return data


def test_staff_edit_in_admin_records_who_and_what(client, staff, term):
    deputy = DeputyFactory(term=term)
    client.force_login(staff)

    response = client.post(
        reverse("admin:deputies_deputy_change", args=[deputy.pk]),
        change_data(deputy, occupation="新单位主任"),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    latest = deputy.history.first()
    assert latest.history_user == staff and latest.occupation == "新单位主任"
    assert latest.diff_against(latest.prev_record).changed_fields == ["occupation"]
    history_page = client.get(reverse("admin:deputies_deputy_history", args=[deputy.pk]))
    assert history_page.status_code == 200 and staff.username in history_page.content.decode()


def test_admin_refuses_group_of_another_term(client, staff, term):
    from congress.tests.factories import TermFactory

    deputy = DeputyFactory(term=term)
    foreign_group = DeputyGroupFactory(term=TermFactory(number=16, name="第十六届", is_current=False))
    client.force_login(staff)

    response = client.post(
        reverse("admin:deputies_deputy_change", args=[deputy.pk]), change_data(deputy, group=foreign_group.pk)
    )

    assert response.status_code == 200
    assert "必须属于所选届次" in response.content.decode()


def test_linking_an_account_in_admin_grants_the_object_right(client, staff, term):
    deputy = DeputyFactory(term=term)
    account = UserFactory()
    client.force_login(staff)

    response = client.post(
        reverse("admin:deputies_deputy_change", args=[deputy.pk]), change_data(deputy, user=account.pk)
    )

    assert response.status_code == 302
    deputy.refresh_from_db()
    assert deputy.user_id == account.pk
    assert can_edit_deputy_profile(type(account).objects.get(pk=account.pk), deputy)


def test_member_reads_but_cannot_change(client, member, term):
    deputy = DeputyFactory(term=term)
    client.force_login(member)

    assert client.get(CHANGELIST).status_code == 200
    url = reverse("admin:deputies_deputy_change", args=[deputy.pk])
    assert client.post(url, change_data(deputy, occupation="x")).status_code == 403
    assert client.get(IMPORT).status_code == 403
    assert client.get(STATISTICS).status_code == 200


def test_officers_and_deputies_are_kept_out(client, officer, deputy_user):
    for user in (officer, deputy_user):
        client.force_login(user)
        assert client.get(CHANGELIST).status_code == 302  # to the admin login
        assert client.get(STATISTICS).status_code == 302


def test_admin_search_finds_by_job_and_specialty(client, staff, term):
    DeputyFactory(term=term, name="王律师", occupation="某律师事务所", specialty="民商法")
    DeputyFactory(term=term, name="李医生", occupation="区中心医院", specialty="公共卫生")
    client.force_login(staff)

    assert "王律师" in client.get(CHANGELIST, {"q": "律师事务所"}).content.decode()
    page = client.get(CHANGELIST, {"q": "公共卫生"}).content.decode()
    assert "李医生" in page and "王律师" not in page


def test_admin_import_good_roster(client, staff, roster_setup):
    client.force_login(staff)
    upload = SimpleUploadedFile(
        "名册.xlsx", roster_xlsx([roster_row(), roster_row(人员编号="R2", 姓名="李红")])
    )

    response = client.post(IMPORT, {"file": upload}, follow=True)

    assert "代表名册已导入：新增 2 人" in response.content.decode()
    assert Deputy.objects.get(person_key="R2").history.get().history_user == staff


def test_admin_import_bad_roster_shows_row_errors_and_writes_nothing(client, staff, roster_setup):
    client.force_login(staff)
    rows = [
        roster_row(人员编号="R1"),
        roster_row(人员编号="R2", 代表组="不存在街道代表组"),
        roster_row(人员编号="R3"),
        roster_row(人员编号="R4", 出生日期="1975-13-40"),
    ]

    response = client.post(IMPORT, {"file": SimpleUploadedFile("名册.xlsx", roster_xlsx(rows))})

    page = response.content.decode()
    assert response.status_code == 200
    assert "发现 2 处错误，未导入任何数据" in page
    assert "<td>第3行</td><td>代表组</td>" in page
    assert "<td>第5行</td><td>出生日期</td>" in page
    assert Deputy.objects.count() == 0


def test_admin_import_dry_run_and_wrong_file_type(client, staff, roster_setup):
    client.force_login(staff)

    response = client.post(
        IMPORT, {"file": SimpleUploadedFile("r.xlsx", roster_xlsx([roster_row()])), "dry_run": "on"}
    )
    assert "检查通过" in response.content.decode()
    assert Deputy.objects.count() == 0

    response = client.post(IMPORT, {"file": SimpleUploadedFile("r.csv", b"a,b")})
    assert "请上传 Excel" in response.content.decode()


def test_admin_export_downloads_an_xlsx_roster(client, staff, term):
    DeputyFactory(term=term, name="王小明", gender=Deputy.Gender.FEMALE)
    client.force_login(staff)
    url = reverse("admin:deputies_deputy_export")
    form = client.get(url).context["form"]
    data = {name: "on" for name, field in form.fields.items() if field.__class__.__name__ == "BooleanField"}
    data.update({"format": "0", "resource": "0"})

    response = client.post(url, data)

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:4] == ["届次", "人员编号", "姓名", "性别"]
    assert [c.value for c in sheet[2]][2:4] == ["王小明", "女"]


def test_blank_template_has_the_headers(client, staff):
    client.force_login(staff)
    response = client.get(reverse("admin:deputies_deputy_roster_template"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][-2:] == ["联系电话", "电子邮箱"]


def test_statistics_page_draws_every_dimension(client, staff, term):
    DeputyFactory(term=term, party="民盟")
    client.force_login(staff)

    page = client.get(STATISTICS).content.decode()

    for key in ("age", "gender", "education", "sector", "party", "ethnicity", "group"):
        assert f'id="chart-{key}"' in page
    assert "vendor/echarts/echarts.min.js" in page and "deputy-stats-data" in page
    assert "民盟" in page
    assert 'src="http' not in page and "cdn" not in page.lower()  # everything served by us


@pytest.mark.parametrize("size", [3, 30])
def test_statistics_page_query_count_is_constant(client, staff, term, size, django_assert_num_queries):
    groups = [DeputyGroupFactory(term=term) for _ in range(3)]
    for i in range(size):
        DeputyFactory(term=term, group=groups[i % 3], party=f"党派{i % 4}")
    client.force_login(staff)
    client.get(STATISTICS)  # warm the session

    # 1 session, 2 user, 3 role groups, 4 terms for the picker, 5–11 one aggregate per dimension
    # (age, gender, education, sector, party, ethnicity, group), 12–13 the user's and the groups'
    # model permissions (the admin sidebar asks the other apps' admins), 14–16 the session saved
    # on every request (idle timeout) inside a savepoint
    with django_assert_num_queries(11):
        response = client.get(STATISTICS, {"term": term.pk})

    assert f"<strong>{size}</strong>" in response.content.decode()
