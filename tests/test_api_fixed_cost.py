"""The API's fixed cost per request (issue 16): choice labels without Django's ``get_…_display`` (same
text, every language), the filter backend that builds its filterset class once and skips it when
nothing is filtered (same rows, same 400s), and query counts of the token lists that stay the same
whatever the number of rows."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework import serializers

from congress.api.filters import FilterBackend
from congress.api.serializers import ChoiceLabelField, UnitSerializer
from congress.models import Organization
from congress.services import api_token_issue
from deputies.api.serializers import DeputyOutputSerializer, PublicDeputySerializer
from deputies.models import Deputy
from deputies.tests.factories import DeputyFactory
from meetings.api import serializers as meeting_serializers
from meetings.models import Meeting, PublishedAttendance, RequiredAttendance
from proposals.api import serializers as proposal_serializers
from proposals.models import Assignment, Proposal
from proposals.tests.factories import ProposalFactory, walk_to

pytestmark = pytest.mark.django_db

CHOICE_FIELDS = [
    (Proposal, "state"),
    (Assignment, "state"),
    (Deputy, "gender"),
    (Deputy, "education"),
    (Deputy, "sector"),
    (Organization, "kind"),
    (Meeting, "kind"),
    (Meeting, "status"),
    (RequiredAttendance, "status"),
    (PublishedAttendance, "status"),
]
SERIALIZERS = [
    proposal_serializers.ProposalListOutput,
    proposal_serializers.AssignmentListOutput,
    PublicDeputySerializer,
    DeputyOutputSerializer,
    UnitSerializer,
    meeting_serializers.MeetingOutput,
]


def as_before(serializer_class):
    """The serializer as it was: every ``ChoiceLabelField`` back to DRF's ``get_…_display``."""
    fields = {
        name: serializers.CharField(source=f"get_{field.choice_field}_display", read_only=field.read_only)
        for name, field in serializer_class().fields.items()
        if isinstance(field, ChoiceLabelField)
    }
    assert fields, serializer_class
    return type(f"{serializer_class.__name__}Before", (serializer_class,), fields)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(("model", "name"), CHOICE_FIELDS)
def test_a_choice_label_is_what_get_display_gives(model, name, language):
    field = model._meta.get_field(name)
    values = [value for value, _label in field.flatchoices] + ["", "no-such-value"]
    label = ChoiceLabelField(name)
    with translation.override(language):
        for value in values:
            row = model(**{name: value})
            assert label.to_representation(row) == str(getattr(row, f"get_{name}_display")()), value


def test_the_serializers_use_choice_labels():
    for serializer_class in SERIALIZERS:
        as_before(serializer_class)  # fails when a serializer has no ChoiceLabelField left


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_lists_answer_as_before(staff, unit, term, language):
    walk_to("assigned", staff=staff, unit=unit)
    walk_to("replied", staff=staff, unit=unit)
    walk_to("closed", staff=staff, unit=unit)
    DeputyFactory(term=term, education="", sector="")
    rows = {
        proposal_serializers.ProposalListOutput: Proposal.objects.select_related("lead_deputy", "category"),
        proposal_serializers.AssignmentListOutput: Assignment.objects.select_related("proposal", "unit"),
        PublicDeputySerializer: Deputy.objects.select_related("group", "constituency"),
        DeputyOutputSerializer: Deputy.objects.select_related("term", "group", "constituency"),
        UnitSerializer: Organization.objects.all(),
    }
    with translation.override(language):
        for serializer_class, queryset in rows.items():
            objects = list(queryset)
            assert objects, serializer_class
            now = serializer_class(objects, many=True).data
            before = as_before(serializer_class)(objects, many=True).data
            assert now == before, serializer_class


# --- the filter backend ---


def test_the_filterset_class_is_built_once_per_view(api_client, officer, staff, unit):
    from proposals.api.views import AssignmentListView

    walk_to("assigned", staff=staff, unit=unit)
    api_client.force_authenticate(officer)
    api_client.get(reverse("api-assignment-list"), {"state": "assigned"})
    view, queryset = AssignmentListView(), Assignment.objects.all()

    first = FilterBackend().get_filterset_class(view, queryset)

    assert first is FilterBackend().get_filterset_class(view, queryset)
    assert set(first.base_filters) == {"state", "role"}


def test_filtering_is_unchanged(api_client, officer, staff, unit):
    walk_to("assigned", staff=staff, unit=unit)
    received = walk_to("assigned", staff=staff, unit=unit, received=True).assignments.get()
    api_client.force_authenticate(officer)
    url = reverse("api-assignment-list")

    everything = api_client.get(url).json()
    handling = api_client.get(url, {"state": "handling"}).json()
    unknown = api_client.get(url, {"page": 1, "search": "x"}).json()  # no filter of the filterset
    bad = api_client.get(url, {"state": "no-such-state"})

    assert everything["count"] == unknown["count"] == 2
    assert [row["id"] for row in handling["results"]] == [received.pk]
    assert bad.status_code == 400 and bad.json()["state"]


# --- query counts of the token lists at two sizes ---


def token_client(api_client, user):
    _, key = api_token_issue(user=user)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api_client


@pytest.mark.parametrize("size", [2, 12])
def test_a_deputys_proposals_cost_the_same_queries(
    api_client, deputy_user, term, size, django_assert_num_queries
):
    ProposalFactory.create_batch(size, lead_deputy=deputy_user.deputy, term=term)
    client = token_client(api_client, deputy_user)
    client.get(reverse("api-proposal-list"))  # the token's last use is written once
    # 1 the token with its user, 2 the deputy record, 3 count, 4 the page with deputy, category
    # and lead unit (roles from the cache)
    with django_assert_num_queries(4):
        response = client.get(reverse("api-proposal-list"))
    assert response.json()["count"] == size


@pytest.mark.parametrize("size", [2, 12])
def test_a_units_assignments_cost_the_same_queries(
    api_client, officer, staff, unit, size, django_assert_num_queries
):
    for day in range(size):
        walk_to("assigned", staff=staff, unit=unit, assigned_on=dt.date(2026, 3, 1 + day))
    client = token_client(api_client, officer)
    client.get(reverse("api-assignment-list"))
    # 1 the token with its user, 2 count, 3 the page with proposal, lead deputy and unit (the
    # officer's units and roles from the cache)
    with django_assert_num_queries(3):
        response = client.get(reverse("api-assignment-list"))
    assert response.json()["count"] == size


@pytest.mark.parametrize("size", [2, 12])
def test_me_costs_the_same_queries(api_client, deputy_user, term, size, django_assert_num_queries):
    ProposalFactory.create_batch(size, lead_deputy=deputy_user.deputy, term=term)
    client = token_client(api_client, deputy_user)
    client.get(reverse("api-me"))
    # 1 the token with its user, 2 the deputy record (roles and units from the cache)
    with django_assert_num_queries(2):
        response = client.get(reverse("api-me"))
    assert response.json()["deputy"]["id"] == deputy_user.deputy.pk
