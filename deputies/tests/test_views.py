"""Public directory and profile, and the deputy's own page in the portal."""

import pytest
from django.urls import reverse

from congress import roles
from congress.tests.factories import UserFactory
from deputies.models import Deputy
from deputies.tests.factories import ConstituencyFactory, DeputyFactory, DeputyGroupFactory

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("public:deputy-directory")
MY_RECORD = reverse("portal:deputy-my-record")


@pytest.fixture
def hidden_job(term):
    """A deputy who hid everything, with a job and phone that must never reach the public."""
    return DeputyFactory(
        term=term, name="赵老师", occupation="秘密中学教师", phone="13999999999", public_fields=[]
    )


def test_directory_and_profile_show_only_public_fields(client, term, hidden_job):
    shown = DeputyFactory(
        term=term, name="王律师", occupation="公开律师事务所主任", public_fields=["occupation"]
    )

    page = client.get(DIRECTORY).content.decode()
    assert "公开律师事务所主任" in page and "赵老师" in page
    assert "秘密中学教师" not in page and "13999999999" not in page

    profile = client.get(reverse("public:deputy-profile", args=[hidden_job.pk])).content.decode()
    assert "赵老师" in profile and "秘密中学教师" not in profile and "13999999999" not in profile
    assert (
        "公开律师事务所主任" in client.get(reverse("public:deputy-profile", args=[shown.pk])).content.decode()
    )


def test_directory_search_cannot_find_by_hidden_field(client, term, hidden_job):
    response = client.get(DIRECTORY, {"q": "秘密中学"}, headers={"HX-Request": "true"})
    assert "赵老师" not in response.content.decode()
    assert "赵老师" in client.get(DIRECTORY, {"q": "赵"}, headers={"HX-Request": "true"}).content.decode()


def test_inactive_deputy_profile_is_404(client, term):
    gone = DeputyFactory(term=term, is_active=False)
    assert client.get(reverse("public:deputy-profile", args=[gone.pk])).status_code == 404


def _fill(term, size):
    groups = [DeputyGroupFactory(term=term) for _ in range(3)]
    for i in range(size):
        DeputyFactory(term=term, group=groups[i % 3], constituency=ConstituencyFactory(term=term))


@pytest.mark.parametrize("size", [3, 30])
def test_directory_page_query_count_is_constant(client, term, size, django_assert_num_queries):
    _fill(term, size)

    # 1 district profile (context processor), 2 current term, 3 count, 4 the page of deputies
    # with group and constituency joined, 5 the term's groups for the filter
    with django_assert_num_queries(5):
        response = client.get(DIRECTORY)

    assert response.status_code == 200
    assert response.content.decode().count('class="card deputy"') == size


@pytest.mark.parametrize("size", [3, 30])
def test_directory_partial_query_count_is_constant(client, term, size, django_assert_num_queries):
    _fill(term, size)

    # 1 current term, 2 count, 3 the page of deputies (the partial has no district or groups)
    with django_assert_num_queries(3):
        response = client.get(DIRECTORY, headers={"HX-Request": "true"})

    assert "<html" not in response.content.decode()
    assert response.content.decode().count('class="card deputy"') == size


# --- the portal page ---


def test_my_record_shows_form_with_current_choices(client, deputy_user):
    client.force_login(deputy_user)

    response = client.get(MY_RECORD)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="public_fields" value="occupation"' in page
    assert "工作单位及职务" in page and "某单位职员" in page


def test_htmx_post_saves_and_shows_success(client, deputy_user):
    client.force_login(deputy_user)

    response = client.post(
        MY_RECORD,
        {"public_fields": ["party", "phone"], "phone": "021-1234", "email": ""},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert "已保存" in response.content.decode()
    assert "<html" not in response.content.decode()
    deputy = Deputy.objects.get(pk=deputy_user.deputy.pk)
    assert deputy.public_fields == ["party", "phone"] and deputy.phone == "021-1234"
    assert deputy.history.first().history_user == deputy_user
    # The public profile follows the choice at once.
    profile = client.get(reverse("public:deputy-profile", args=[deputy.pk])).content.decode()
    assert "021-1234" in profile and "某单位职员" not in profile


def test_plain_post_redirects_with_message(client, deputy_user):
    client.force_login(deputy_user)
    response = client.post(MY_RECORD, {"public_fields": [], "phone": "", "email": ""}, follow=True)
    assert response.redirect_chain[-1][0] == MY_RECORD
    assert "已保存" in response.content.decode()


def test_errors_are_shown_and_input_kept(client, deputy_user):
    client.force_login(deputy_user)
    before = Deputy.objects.get(pk=deputy_user.deputy.pk)

    response = client.post(
        MY_RECORD,
        {"public_fields": ["party", "nonsense"], "phone": "abc<>", "email": "typed-by-me"},
        headers={"HX-Request": "true"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "电话号码" in page and "typed-by-me" in page and "abc&lt;&gt;" in page
    assert "nonsense" in page  # the choice error names the bad value
    after = Deputy.objects.get(pk=before.pk)
    assert (after.public_fields, after.phone, after.email) == (
        before.public_fields,
        before.phone,
        before.email,
    )


def test_post_without_the_object_right_is_403(client, term):
    user = UserFactory(roles=[roles.DEPUTY])
    Deputy.objects.filter(pk=DeputyFactory(term=term).pk).update(user=user)
    client.force_login(user)

    assert "尚未获得修改本人信息的权限" in client.get(MY_RECORD).content.decode()
    assert client.post(MY_RECORD, {"phone": "1"}).status_code == 403


def test_my_record_is_404_for_non_deputies_and_asks_anonymous_to_log_in(client, officer):
    assert client.get(MY_RECORD).status_code == 302
    client.force_login(officer)
    assert client.get(MY_RECORD).status_code == 404


def test_portal_home_shows_the_deputy_panel(client, deputy_user):
    client.force_login(deputy_user)
    page = client.get(reverse("portal:home")).content.decode()
    assert "我的代表信息" in page and MY_RECORD in page
    assert "向公众公开：民族、党派、工作单位及职务、专业特长" in page


def test_deputy_sets_the_contact_handling_units_see(client, deputy_user):
    """办理联系方式 (issue 10, finding 7): what the handling units see instead of the mobile."""
    client.force_login(deputy_user)
    page = client.get(MY_RECORD).content.decode()
    assert "办理联系方式" in page
    response = client.post(
        MY_RECORD,
        {"public_fields": [], "phone": "13812340000", "email": "", "handling_contact": "021-64870000 办公室"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "已保存" in response.content.decode()
    deputy = Deputy.objects.get(pk=deputy_user.deputy.pk)
    assert deputy.handling_contact == "021-64870000 办公室"
    assert deputy.history.first().handling_contact == "021-64870000 办公室"
