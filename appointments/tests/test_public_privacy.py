"""A nominee's personal details (birth month, gender, current post, exam result) are published
only from the commitment-publicity stage on (issue 10, finding 7): before it a nomination is
the committee's internal business — not on the website, not in the public API."""

import pytest
from django.urls import reverse
from django.utils import timezone

from appointments import services
from appointments.models import Nomination
from appointments.tests.conftest import advance
from appointments.tests.factories import NominationFactory

pytestmark = pytest.mark.django_db
S = Nomination.Status


@pytest.fixture
def stages(term, staff):
    """One nomination at each stage before publicity, one in publicity, one sworn."""
    nominated = NominationFactory(term=term, person_name="刚提名")
    passed = advance(NominationFactory(term=term, person_name="考试合格"), S.EXAM_PASSED, actor=staff)
    failed = advance(NominationFactory(term=term, person_name="考试未合格"), S.EXAM_FAILED, actor=staff)
    public = advance(NominationFactory(term=term, person_name="公示中"), S.EXAM_PASSED, actor=staff)
    services.nomination_start_publicity(
        actor=staff, nomination_id=public.pk, text="本人郑重承诺：依法履职。", start_date=timezone.localdate()
    )
    sworn = advance(NominationFactory(term=term, person_name="已宣誓"), S.SWORN, actor=staff)
    return {"hidden": [nominated, passed, failed], "public": [public, sworn]}


def test_website_lists_and_shows_nominations_only_from_publicity_on(client, stages):
    html = client.get(reverse("public:appointment-list")).content.decode()
    for nomination in stages["public"]:
        assert nomination.person_name in html
        detail = client.get(reverse("public:appointment-detail", args=[nomination.pk]))
        assert detail.status_code == 200 and "出生年月" in detail.content.decode()
    for nomination in stages["hidden"]:
        assert nomination.person_name not in html
        assert client.get(reverse("public:appointment-detail", args=[nomination.pk])).status_code == 404
    for stage in ("pending", "publicity", "voted", "sworn", ""):
        html = client.get(reverse("public:appointment-list"), {"stage": stage}).content.decode()
        assert not any(n.person_name in html for n in stages["hidden"]), stage


def test_public_api_has_no_nomination_before_publicity(api_client, stages):
    response = api_client.get(reverse("api-public-appointments"))
    names = {row["person_name"] for row in response.data["results"]}
    assert names == {"公示中", "已宣誓"}
    for nomination in stages["hidden"]:
        url = reverse("api-public-appointment-detail", args=[nomination.pk])
        assert api_client.get(url).status_code == 404
    public = api_client.get(reverse("api-public-appointment-detail", args=[stages["public"][0].pk]))
    assert public.data["birth_month"] == "1975-01"


def test_staff_still_read_every_nomination(api_client, staff, stages):
    api_client.force_authenticate(staff)
    response = api_client.get(reverse("api-appointments"))
    assert response.data["count"] == 5
