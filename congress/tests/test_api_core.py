"""The core API: token login, the caller, units; the error shape; the OpenAPI schema."""

import json

import pytest
from django.urls import include, path, reverse

from congress import roles
from congress.api.views import INVALID_CREDENTIALS
from congress.models import ApiToken, Organization
from congress.tests.factories import PASSWORD, OrganizationFactory, UserFactory

TOKEN_URL = "/api/v1/auth/token/"


# --- token -----------------------------------------------------------------------------


def test_token_for_good_credentials_authenticates_later_requests(api_client, officer):
    # when
    response = api_client.post(TOKEN_URL, {"username": officer.username, "password": PASSWORD}, format="json")

    # then
    assert response.status_code == 200
    token = response.json()["token"]
    assert ApiToken.objects.get(user=officer).digest == ApiToken.digest_of(token)  # the key is not kept
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get(reverse("api-me"))
    assert me.status_code == 200
    assert me.json()["username"] == officer.username


def test_each_login_gets_its_own_token(api_client, staff):
    # a key is shown once and only its digest is kept, so a second login cannot be given the
    # first key again (congress/tests/test_api_tokens.py)
    first = api_client.post(TOKEN_URL, {"username": staff.username, "password": PASSWORD}, format="json")
    second = api_client.post(TOKEN_URL, {"username": staff.username, "password": PASSWORD}, format="json")
    assert first.json()["token"] != second.json()["token"]


def test_token_with_bad_password_is_400_in_chinese(api_client, staff):
    response = api_client.post(TOKEN_URL, {"username": staff.username, "password": "nope"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"detail": str(INVALID_CREDENTIALS), "code": "invalid_credentials"}
    assert response.json()["detail"] == "用户名或密码不正确。"
    assert not ApiToken.objects.filter(user=staff).exists()


def test_token_for_unknown_or_inactive_user_is_the_same_400(api_client, staff):
    staff.is_active = False
    staff.save(update_fields=["is_active"])

    inactive = api_client.post(TOKEN_URL, {"username": staff.username, "password": PASSWORD}, format="json")
    unknown = api_client.post(TOKEN_URL, {"username": "nobody", "password": PASSWORD}, format="json")

    assert inactive.status_code == unknown.status_code == 400
    assert inactive.json()["code"] == unknown.json()["code"] == "invalid_credentials"


def test_token_missing_fields_answer_field_errors_in_chinese(api_client, db):
    response = api_client.post(TOKEN_URL, {}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"] == "提交的数据有误，请检查标出的字段。"
    assert body["username"] == ["该字段是必填项。"]
    assert body["password"] == ["该字段是必填项。"]


@pytest.mark.parametrize(
    "raw, content_type, status, code",
    [
        ('{"username": "staff_user", "password": ', "application/json", 400, "parse_error"),
        ("not json at all", "application/json", 400, "parse_error"),
        ("[1, 2, 3]", "application/json", 400, "invalid"),
        ('"just a string"', "application/json", 400, "invalid"),
        ('{"username": ["a", "b"], "password": {"x": 1}}', "application/json", 400, "invalid"),
        ('{"username": null, "password": null}', "application/json", 400, "invalid"),
        ('{"username": "' + "x" * 5000 + '", "password": "p"}', "application/json", 400, "invalid"),
        ("username=staff_user", "text/plain", 415, "unsupported_media_type"),
        ("\xff\xfe garbage", "application/json", 400, "parse_error"),
    ],
)
def test_malformed_token_requests_are_4xx_with_detail_and_code(
    api_client, staff, raw, content_type, status, code
):
    response = api_client.generic("POST", TOKEN_URL, raw.encode("utf-8", "surrogateescape"), content_type)

    assert response.status_code == status
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["detail"], str) and body["detail"]


def test_token_wrong_types_name_the_field_in_chinese(api_client, db):
    response = api_client.post(TOKEN_URL, {"username": ["a"], "password": {"x": 1}}, format="json")

    assert response.status_code == 400
    assert response.json()["username"] == ["不是有效的字符串。"]


# --- me --------------------------------------------------------------------------------


def test_me_for_unit_officer_has_unit_id(api_client, officer, unit):
    api_client.force_authenticate(officer)

    body = api_client.get(reverse("api-me")).json()

    assert body["roles"] == [roles.UNIT_OFFICER]
    assert body["role_labels"] == [{"code": roles.UNIT_OFFICER, "label": "承办单位联络员"}]
    assert body["unit"]["id"] == unit.pk
    assert body["unit"]["name"] == "区教育局"
    assert body["deputy"] is None


def test_me_for_staff(api_client, staff):
    api_client.force_authenticate(staff)

    body = api_client.get(reverse("api-me")).json()

    assert body["roles"] == [roles.STAFF]
    assert body["unit"] is None and body["deputy"] is None


def test_me_requires_authentication(api_client, db):
    response = api_client.get(reverse("api-me"))

    assert response.status_code == 403
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["detail"] == "身份认证信息未提供。"


def test_bad_token_is_rejected_not_500(api_client, db):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = api_client.get(reverse("api-me"))
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "authentication_failed"


# --- units -----------------------------------------------------------------------------


@pytest.fixture
def units(db):
    return [
        OrganizationFactory(name="区文化和旅游局", short_name="文旅局", sort_order=1),
        OrganizationFactory(name="区卫生健康委员会", short_name="卫健委", sort_order=2),
        OrganizationFactory(name="区民政局", sort_order=3),
        OrganizationFactory(name="徐家汇街道", kind=Organization.Kind.STREET, sort_order=4),
        OrganizationFactory(name="华泾镇", kind=Organization.Kind.TOWN, sort_order=5),
        OrganizationFactory(name="区政府办公室", kind=Organization.Kind.GOV_OFFICE, is_handling_unit=False),
        OrganizationFactory(name="已撤销单位", is_active=False),
    ]


def test_unit_list_shows_active_handling_units(api_client, staff, units, django_assert_num_queries):
    api_client.force_authenticate(staff)

    # 1. COUNT(*) of the handling units (pagination)  2. the page of units
    with django_assert_num_queries(2):
        response = api_client.get(reverse("api-units"))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5
    names = [row["name"] for row in body["results"]]
    assert names == ["区文化和旅游局", "区卫生健康委员会", "区民政局", "徐家汇街道", "华泾镇"]
    assert set(body["results"][0]) == {"id", "name", "short_name", "kind", "kind_label"}
    assert body["results"][3]["kind_label"] == "街道"


def test_unit_list_query_count_is_constant(api_client, staff, units, django_assert_num_queries):
    for n in range(10):
        OrganizationFactory(name=f"新增单位{n}")
    api_client.force_authenticate(staff)

    # same two queries with three times the rows: COUNT(*), the page
    with django_assert_num_queries(2):
        response = api_client.get(reverse("api-units"))
    assert response.json()["count"] == 15


def test_unit_list_filters_by_kind_and_searches(api_client, staff, units):
    api_client.force_authenticate(staff)

    streets = api_client.get(reverse("api-units"), {"kind": "street"}).json()
    found = api_client.get(reverse("api-units"), {"search": "卫健"}).json()

    assert [row["name"] for row in streets["results"]] == ["徐家汇街道"]
    assert [row["name"] for row in found["results"]] == ["区卫生健康委员会"]


def test_unit_list_paginates(api_client, staff, units):
    api_client.force_authenticate(staff)

    first = api_client.get(reverse("api-units"), {"page_size": 2}).json()
    third = api_client.get(reverse("api-units"), {"page_size": 2, "page": 3}).json()

    assert first["count"] == 5 and len(first["results"]) == 2 and first["next"]
    assert len(third["results"]) == 1 and third["next"] is None


@pytest.mark.parametrize(
    "params, status, code",
    [
        ({"kind": "no-such-kind"}, 400, "invalid"),
        ({"page": "abc"}, 404, "not_found"),
        ({"page": "999"}, 404, "not_found"),
        ({"page_size": "-1"}, 200, None),
        ({"ordering": "password"}, 200, None),
    ],
)
def test_unit_list_bad_query_parameters_are_never_500(api_client, staff, units, params, status, code):
    api_client.force_authenticate(staff)

    response = api_client.get(reverse("api-units"), params)

    assert response.status_code == status
    if code:
        assert response.json()["code"] == code
        assert response.json()["detail"]


def test_unit_list_invalid_kind_names_the_field_in_chinese(api_client, staff, units):
    api_client.force_authenticate(staff)
    body = api_client.get(reverse("api-units"), {"kind": "bogus"}).json()
    assert "kind" in body
    assert "选择一个有效的选项" in body["kind"][0]


def test_unit_list_requires_login(api_client, units):
    assert api_client.get(reverse("api-units")).status_code == 403


def test_unit_detail_and_404_for_unknown_or_hidden_ids(api_client, staff, units):
    api_client.force_authenticate(staff)
    culture = units[0]
    gov_office = units[5]

    ok = api_client.get(reverse("api-unit-detail", args=[culture.pk]))
    missing = api_client.get(reverse("api-unit-detail", args=[10**9]))
    not_handling = api_client.get(reverse("api-unit-detail", args=[gov_office.pk]))

    assert ok.status_code == 200 and ok.json()["name"] == "区文化和旅游局"
    assert missing.status_code == 404
    assert missing.json() == {"detail": "未找到。", "code": "not_found"}
    assert not_handling.status_code == 404


def test_terms_list(api_client, staff, term):
    api_client.force_authenticate(staff)
    body = api_client.get(reverse("api-terms")).json()
    assert body == [
        {
            "id": term.pk,
            "number": 17,
            "name": "第十七届",
            "start_year": 2021,
            "end_year": 2026,
            "is_current": True,
        }
    ]


def test_write_methods_on_read_only_endpoints_are_405(api_client, staff):
    api_client.force_authenticate(staff)
    response = api_client.post(reverse("api-units"), {"name": "x"}, format="json")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_errors_follow_the_chosen_language(api_client, db):
    api_client.cookies["django_language"] = "en"
    response = api_client.post(TOKEN_URL, {}, format="json")
    assert response.json()["username"] == ["This field is required."]


# --- OpenAPI ---------------------------------------------------------------------------

CORE_PATHS = {
    "/api/v1/auth/token/",
    "/api/v1/auth/tokens/",
    "/api/v1/auth/tokens/{id}/revoke/",
    "/api/v1/me/",
    "/api/v1/units/",
    "/api/v1/units/{id}/",
    "/api/v1/terms/",
}


def test_core_openapi_schema_has_no_warnings_and_validates(db):
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    GENERATOR_STATS.reset()
    generator = SchemaGenerator(patterns=[path("api/v1/", include("congress.api.urls"))])
    schema = generator.get_schema(request=None, public=True)

    assert set(schema["paths"]) == CORE_PATHS
    assert not GENERATOR_STATS._warn_cache, dict(GENERATOR_STATS._warn_cache)
    assert not GENERATOR_STATS._error_cache, dict(GENERATOR_STATS._error_cache)
    validate_schema(json.loads(json.dumps(schema, default=str)))
    token = schema["paths"]["/api/v1/auth/token/"]["post"]
    assert set(token["responses"]) == {"200", "400", "429"}
    token_request = schema["components"]["schemas"]["TokenRequestRequest"]
    assert set(token_request["properties"]) == {"username", "password", "otp"}
    assert set(token_request["required"]) == {"username", "password"}
    assert set(schema["components"]["schemas"]["TokenResponse"]["properties"]) == {"token", "expires_at"}
    revoke = schema["paths"]["/api/v1/auth/tokens/{id}/revoke/"]["post"]
    assert set(revoke["responses"]) == {"200", "400", "404"}
    units = schema["paths"]["/api/v1/units/"]["get"]
    assert {p["name"] for p in units["parameters"]} >= {"kind", "search", "page", "page_size"}


def test_the_whole_openapi_schema_has_no_warnings(db):
    """Every app's endpoints, as /api/schema/ publishes them: two serializers of one name (the
    court-hearing attendance's and the public hearings' ``HearingOutput`` once) would document one
    endpoint with the other's fields, and a hashed enum name (``State29fEnum``) changes whenever
    another choice set is added — both are warnings here, so both fail."""
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS._warn_cache, dict(GENERATOR_STATS._warn_cache)
    assert not GENERATOR_STATS._error_cache, dict(GENERATOR_STATS._error_cache)


def test_schema_endpoint_serves_the_core_paths(client, db):
    response = client.get(reverse("schema"), {"format": "json"})

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert CORE_PATHS <= set(schema["paths"])
    assert schema["info"]["title"] == "区人大常委会工作平台 API"


def test_swagger_ui_page(client, db):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200


def test_other_users_cannot_be_read_via_me(api_client, officer, other_officer, other_unit):
    # /me/ only ever answers about the caller, whatever is sent
    api_client.force_authenticate(officer)
    body = api_client.get(
        reverse("api-me"), {"id": other_officer.pk, "username": other_officer.username}
    ).json()
    assert body["id"] == officer.pk
    assert body["unit"]["id"] != other_unit.pk


def test_user_factory_password_is_used(db):
    # guard for the tests above: the factory password passes the validators' login
    user = UserFactory()
    assert user.check_password(PASSWORD)
