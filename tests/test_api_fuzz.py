"""Property-based run over the whole OpenAPI schema (issue 10, "Also"): schemathesis generates
requests for every operation from the schema the portal publishes, and sends them as an
anonymous caller, committee staff, a deputy and a unit officer. Every answer must be no server
error (5xx) and, where the schema describes the answer, match it (status-specific body schema,
content type).

Bounded for CI: ``CONGRESS_API_FUZZ_EXAMPLES`` examples per operation (default 3), each sent as the
four callers, and no shrinking: about 100 operations."""

import json
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from congress import roles
from congress.services import api_token_issue
from congress.tests.factories import OrganizationFactory, TermFactory, UserFactory

EXAMPLES = int(os.environ.get("CONGRESS_API_FUZZ_EXAMPLES", "3"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def _published_schema() -> dict:
    """The schema as /api/schema/ serves it (JSON), built without a request or the database."""
    raw = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(raw, renderer_context={}))


schema = schemathesis.openapi.from_dict(_published_schema())
schema.app = get_wsgi_application()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calling the WSGI app directly fires request_started/finished, whose
    ``close_old_connections`` would close the test's PostgreSQL connection in the middle of its
    transaction; Django's test client holds them off the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def callers(db, settings):
    """The Authorization header of each kind of caller (a fresh token each)."""
    settings.CONGRESS_ADMIN_REQUIRE_OTP = False
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "100000/min"},
    }
    from deputies.tests.factories import DeputyFactory

    term = TermFactory(is_current=True)
    users = {
        "staff": UserFactory(roles=[roles.STAFF]),
        "deputy": DeputyFactory(term=term, with_user=True).user,
        "officer": UserFactory(roles=[roles.UNIT_OFFICER], unit=OrganizationFactory()),
    }
    headers = {"anonymous": {}}
    for name, user in users.items():
        _token, key = api_token_issue(user=user)
        headers[name] = {"Authorization": f"Token {key}"}
    return headers


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_every_caller_without_server_errors_and_as_documented(case, callers):
    for headers in callers.values():
        case.call_and_validate(headers=headers, checks=CHECKS)
