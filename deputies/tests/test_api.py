"""The deputies API: who sees what, the deputy's own record, public fields, query counts."""

import pytest
from django.urls import reverse

from congress import roles
from congress.tests.factories import UserFactory
from deputies.models import Deputy
from deputies.tests.factories import ConstituencyFactory, DeputyFactory, DeputyGroupFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api-deputy-list")
PUBLIC = reverse("api-public-deputy-list")
ME = reverse("api-me-deputy")


def detail(deputy):
    return reverse("api-deputy-detail", args=[deputy.pk])


@pytest.fixture
def member(db):
    return UserFactory(roles=[roles.MEMBER])


@pytest.fixture
def registry(term):
    """Four deputies over two groups with distinct jobs and specialties."""
    g1, g2 = DeputyGroupFactory(term=term), DeputyGroupFactory(term=term)
    return {
        "lawyer": DeputyFactory(
            term=term,
            group=g1,
            name="王律师",
            occupation="某律师事务所主任",
            specialty="民商法",
            sector=Deputy.Sector.PROFESSIONAL,
            education=Deputy.Education.MASTER,
        ),  # fmt: skip
        "doctor": DeputyFactory(
            term=term,
            group=g1,
            name="李医生",
            occupation="区中心医院院长",
            specialty="公共卫生",
            sector=Deputy.Sector.PROFESSIONAL,
            education=Deputy.Education.DOCTORATE,
        ),  # fmt: skip
        "worker": DeputyFactory(
            term=term,
            group=g2,
            name="张师傅",
            occupation="某机械厂钳工",
            specialty="机械制造",
            sector=Deputy.Sector.WORKER,
            education=Deputy.Education.COLLEGE,
        ),  # fmt: skip
        "teacher": DeputyFactory(
            term=term, group=g2, name="赵老师", occupation="某中学教师", specialty="教育", public_fields=[]
        ),  # fmt: skip
        "groups": (g1, g2),
    }


def names(response):
    return sorted(row["name"] for row in response.json()["results"])


# --- the staff registry and resource database ---


def test_staff_list_all_fields_and_filters(api_client, staff, registry):
    api_client.force_authenticate(staff)

    response = api_client.get(LIST)
    assert response.status_code == 200
    assert response.json()["count"] == 4
    # Staff see hidden fields too.
    teacher = next(r for r in response.json()["results"] if r["name"] == "赵老师")
    assert teacher["occupation"] == "某中学教师" and teacher["phone"] == "13800000000"

    assert names(api_client.get(LIST, {"sector": "worker"})) == ["张师傅"]
    assert names(api_client.get(LIST, {"education": "doctorate"})) == ["李医生"]
    assert names(api_client.get(LIST, {"group": registry["groups"][1].pk})) == ["张师傅", "赵老师"]
    assert names(api_client.get(LIST, {"term": registry["lawyer"].term_id, "sector": "professional"})) == [
        "李医生",
        "王律师",
    ]


def test_resource_database_search_by_job_and_specialty(api_client, member, registry):
    api_client.force_authenticate(member)  # committee members read the registry too

    assert names(api_client.get(LIST, {"search": "律师"})) == ["王律师"]
    assert names(api_client.get(LIST, {"search": "公共卫生"})) == ["李医生"]
    assert names(api_client.get(LIST, {"specialty": "机械"})) == ["张师傅"]
    assert names(api_client.get(LIST, {"occupation": "中学"})) == ["赵老师"]


def test_bad_filter_value_is_a_400_not_a_500(api_client, staff, registry):
    api_client.force_authenticate(staff)
    response = api_client.get(LIST, {"sector": "astronaut"})
    assert response.status_code == 400
    assert "sector" in response.json()


@pytest.mark.parametrize("who", ["deputy", "officer", "reviewer"])
def test_staff_list_is_closed_to_deputies_and_officers(
    api_client, who, deputy_user, officer, reviewer, registry
):
    api_client.force_authenticate({"deputy": deputy_user, "officer": officer, "reviewer": reviewer}[who])
    response = api_client.get(LIST)
    assert response.status_code == 403


def test_staff_list_needs_login(api_client, registry):
    assert api_client.get(LIST).status_code in (401, 403)


@pytest.mark.parametrize("size", [3, 30])
def test_staff_list_query_count_is_constant(api_client, staff, term, size, django_assert_num_queries):
    groups = [DeputyGroupFactory(term=term) for _ in range(3)]
    for i in range(size):
        DeputyFactory(term=term, group=groups[i % 3], constituency=ConstituencyFactory(term=term))
    api_client.force_authenticate(staff)

    # 1 the caller's role groups, 2 count, 3 the page with term, group and constituency joined,
    # 4–8 the audit row for the private fields read (savepoint, chain head locked, insert, head
    # moved, release)
    with django_assert_num_queries(8):
        response = api_client.get(LIST, {"page_size": 50})

    assert response.json()["count"] == size


# --- one deputy ---


def test_staff_open_any_deputy(api_client, staff, registry):
    api_client.force_authenticate(staff)
    response = api_client.get(detail(registry["teacher"]))
    assert response.status_code == 200
    assert response.json()["occupation"] == "某中学教师"


def test_deputy_opens_own_row_but_another_is_404(api_client, deputy_user, registry):
    api_client.force_authenticate(deputy_user)
    assert api_client.get(detail(deputy_user.deputy)).status_code == 200
    assert api_client.get(detail(registry["lawyer"])).status_code == 404


def test_officer_cannot_open_a_deputy(api_client, officer, registry):
    api_client.force_authenticate(officer)
    assert api_client.get(detail(registry["lawyer"])).status_code == 404


def test_deputy_cannot_patch_another_deputy(api_client, deputy_user, registry):
    api_client.force_authenticate(deputy_user)

    response = api_client.patch(detail(registry["lawyer"]), {"phone": "110"}, format="json")

    assert response.status_code == 404
    registry["lawyer"].refresh_from_db()
    assert registry["lawyer"].phone == "13800000000"


def test_deputy_patches_own_row_by_id(api_client, deputy_user):
    api_client.force_authenticate(deputy_user)
    response = api_client.patch(detail(deputy_user.deputy), {"public_fields": ["phone"]}, format="json")
    assert response.status_code == 200
    assert response.json()["public_fields"] == ["phone"]


def test_staff_cannot_patch_through_the_deputy_service(api_client, staff, deputy_user):
    api_client.force_authenticate(staff)
    response = api_client.patch(detail(deputy_user.deputy), {"phone": "110"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


# --- the deputy's own record ---


def test_me_reads_own_record_with_public_field_options(api_client, deputy_user):
    api_client.force_authenticate(deputy_user)

    data = api_client.get(ME).json()

    assert data["id"] == deputy_user.deputy.pk
    assert {"code": "occupation", "label": "工作单位及职务"} in data["public_field_options"]


def test_me_patch_chooses_public_fields_and_contact_with_history(api_client, deputy_user):
    api_client.force_authenticate(deputy_user)

    response = api_client.patch(
        ME,
        {"public_fields": ["party", "email"], "phone": "021-12345678", "email": "a@example.invalid"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["public_fields"] == ["party", "email"]
    deputy = Deputy.objects.get(pk=deputy_user.deputy.pk)
    assert (deputy.phone, deputy.email) == ("021-12345678", "a@example.invalid")
    assert deputy.history.first().history_user == deputy_user


def test_me_patch_refuses_other_fields_and_bad_values_in_chinese(api_client, deputy_user):
    api_client.force_authenticate(deputy_user)
    before = Deputy.objects.get(pk=deputy_user.deputy.pk)

    response = api_client.patch(ME, {"name": "改名", "occupation": "x"}, format="json")
    assert response.status_code == 400
    assert response.json()["name"] == ["此字段不能由代表本人修改。"]
    assert "occupation" in response.json()

    response = api_client.patch(ME, {"email": "bad", "public_fields": ["user"]}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert "有效的电子邮件地址" in body["email"][0] or "邮件" in body["email"][0]
    assert "public_fields" in body

    response = api_client.patch(ME, {"phone": "<script>"}, format="json")
    assert response.status_code == 400 and "电话号码" in response.json()["phone"][0]

    after = Deputy.objects.get(pk=before.pk)
    assert (after.name, after.occupation, after.email) == (before.name, before.occupation, before.email)


def test_me_is_404_for_an_account_that_is_no_deputy(api_client, officer):
    api_client.force_authenticate(officer)
    assert api_client.get(ME).status_code == 404
    assert api_client.patch(ME, {"phone": "1"}, format="json").status_code == 404


def test_me_patch_needs_the_object_right(api_client, term):
    # A row linked without the service (no object permission) cannot be edited.
    user = UserFactory(roles=[roles.DEPUTY])
    Deputy.objects.filter(pk=DeputyFactory(term=term).pk).update(user=user)
    api_client.force_authenticate(user)
    assert api_client.patch(ME, {"phone": "1"}, format="json").status_code == 403


# --- the caller (/api/v1/me/): its ``deputy`` is this app's profile (congress.hooks) ---


def test_me_for_deputy_has_deputy_record(api_client, deputy_user):
    api_client.force_authenticate(deputy_user)

    body = api_client.get(reverse("api-me")).json()

    deputy = Deputy.objects.get(user=deputy_user)
    assert roles.DEPUTY in body["roles"]
    assert body["deputy"]["id"] == deputy.pk
    assert body["deputy"]["term"] == deputy.term_id
    assert body["unit"] is None


@pytest.mark.parametrize("in_group", [True, False])
def test_me_deputy_keeps_its_shape(api_client, term, in_group):
    deputy = DeputyFactory(term=term, with_user=True, **({} if in_group else {"group": None}))
    api_client.force_authenticate(deputy.user)

    body = api_client.get(reverse("api-me")).json()

    assert body["deputy"] == {
        "id": deputy.pk,
        "name": deputy.name,
        "term": term.pk,
        "group": deputy.group.name if in_group else None,
    }


# --- the public directory ---

HIDDEN_ONLY_FIELDS = ["birth_month", "ethnicity", "party", "education", "occupation", "sector", "specialty",
                      "phone", "email", "photo"]  # fmt: skip


def test_public_list_shows_only_fields_marked_public(api_client, registry):
    response = api_client.get(PUBLIC)

    assert response.status_code == 200
    rows = {r["name"]: r for r in response.json()["results"]}
    teacher = rows["赵老师"]  # nothing marked public
    assert all(teacher[name] is None for name in HIDDEN_ONLY_FIELDS)
    assert teacher["gender"] == "男" and teacher["group"]["name"]
    lawyer = rows["王律师"]  # the defaults: ethnicity, party, occupation, specialty
    assert lawyer["occupation"] == "某律师事务所主任"
    assert lawyer["phone"] is None and lawyer["education"] is None
    assert "某中学教师" not in response.content.decode()
    assert "13800000000" not in response.content.decode()
    assert "person_key" not in teacher and "public_fields" not in teacher


def test_public_search_cannot_find_deputies_by_hidden_fields(api_client, registry):
    assert api_client.get(PUBLIC, {"search": "中学教师"}).json()["count"] == 0
    assert api_client.get(PUBLIC, {"search": "律师事务所"}).json()["count"] == 0  # only name and group
    assert [r["name"] for r in api_client.get(PUBLIC, {"search": "赵老"}).json()["results"]] == ["赵老师"]
    # No ordering by a field either: sorting could reveal a hidden value.
    ordered = api_client.get(PUBLIC, {"ordering": "occupation"}).json()["results"]
    plain = api_client.get(PUBLIC).json()["results"]
    assert ordered == plain


def test_public_detail_hides_unmarked_fields(api_client, registry):
    response = api_client.get(reverse("api-public-deputy-detail", args=[registry["teacher"].pk]))
    assert response.status_code == 200
    assert response.json()["occupation"] is None


@pytest.mark.parametrize("size", [3, 30])
def test_public_list_query_count_is_constant(api_client, term, size, django_assert_num_queries):
    groups = [DeputyGroupFactory(term=term) for _ in range(3)]
    for i in range(size):
        DeputyFactory(term=term, group=groups[i % 3], constituency=ConstituencyFactory(term=term))

    # 1 current term, 2 count, 3 the page with group and constituency joined
    with django_assert_num_queries(3):
        response = api_client.get(PUBLIC, {"page_size": 50})

    assert response.json()["count"] == size


# --- groups and constituencies ---


def test_groups_and_constituencies_of_the_current_term(api_client, term, registry):
    ConstituencyFactory(term=term, number=7, name="第七选区")

    groups = api_client.get(reverse("api-deputy-group-list")).json()
    constituencies = api_client.get(reverse("api-constituency-list"), {"term": term.pk}).json()

    assert sorted(g["id"] for g in groups) == sorted(g.pk for g in registry["groups"])
    assert any(c["name"] == "第七选区" for c in constituencies)
    assert api_client.get(reverse("api-deputy-group-list"), {"term": "x"}).json() == []


def test_me_patch_sets_the_handling_contact(api_client, deputy_user):
    api_client.force_authenticate(deputy_user)
    response = api_client.patch(ME, {"handling_contact": "021-64870000"}, format="json")
    assert response.status_code == 200 and response.data["handling_contact"] == "021-64870000"
    long = api_client.patch(ME, {"handling_contact": "1" * 101}, format="json")
    assert long.status_code == 400 and "100" in long.json()["handling_contact"][0]
