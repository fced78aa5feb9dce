"""The demo district shows the record's new parts: deputies asked to attend meetings, one on
leave (past and upcoming); deputy2's report to voters held and waiting to be written up in the
portal, with the absences left out of the public record; station1 keeps its station through the
API. Loading twice changes nothing."""

import pytest
from django.urls import reverse

from congress.demo import load_demo
from congress.tests.demo_snapshot import load_demo_cached
from deputies.models import Deputy
from deputies.models_record import VoterReport
from deputies.selectors_record import deputy_record_counts
from meetings.models import Participant

pytestmark = pytest.mark.django_db


def test_demo_record_parts(client, api_client, settings):
    settings.CONGRESS_ALLOW_DEMO_DATA = True
    load_demo_cached()
    before = (Participant.objects.count(), VoterReport.objects.count())
    load_demo()  # idempotent
    assert (Participant.objects.count(), VoterReport.objects.count()) == before

    deputy2 = Deputy.objects.get(user__username="deputy2")
    assert Participant.objects.filter(
        user=deputy2.user, leave_at__isnull=False, meeting__status="closed"
    ).exists()
    assert Participant.objects.filter(
        user=deputy2.user, leave_at__isnull=False, meeting__status="planned"
    ).exists()
    years = deputy_record_counts(deputy2, list(range(deputy2.term.start_year, deputy2.term.end_year + 1)))
    assert sum(counts["meetings_leave"] for counts in years.values()) >= 1
    assert deputy2.record_hidden_items == ["activities_absent"]
    page = client.get(reverse("public:deputy-profile", args=[deputy2.pk])).content.decode()
    assert 'data-item="activities_absent"' not in page and 'data-item="meetings_leave"' in page

    held = VoterReport.objects.get(deputy=deputy2, state=VoterReport.State.HELD)
    client.force_login(deputy2.user)
    listing = client.get(reverse("portal:deputy-voter-reports")).content.decode()
    assert reverse("portal:deputy-voter-report", args=[held.pk]) in listing

    station1 = deputy2.user.__class__.objects.get(username="station1")
    api_client.force_authenticate(station1)
    stations = api_client.get("/api/v1/stations/").json()
    assert len(stations) == 1
    assert api_client.get(f"/api/v1/stations/{stations[0]['id']}/receptions/").json()["results"]
