"""A unit officer sees the lead deputy's mobile masked on an assignment (issue 10, finding 7,
PIPL): 138****0000, with a 显示 button that reveals it and records the read in the audit log —
or, when the deputy set one, the contact the deputy chose for handling units (办理联系方式),
which is shown as given and reveals nothing else."""

import logging

import pytest
from django.urls import reverse

from proposals.tests.factories import walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(unit, staff):
    proposal = walk_to("assigned", unit=unit, staff=staff)
    deputy = proposal.lead_deputy
    deputy.phone = "13812340000"
    deputy.save()
    return proposal.assignments.get(unit=unit)


def test_officer_sees_the_mobile_masked_with_a_show_button(client, officer, assignment):
    client.force_login(officer)
    html = client.get(reverse("portal:assignment-detail", args=[assignment.pk])).content.decode()
    assert "13812340000" not in html
    assert "138****0000" in html
    assert reverse("portal:assignment-deputy-phone", args=[assignment.pk]) in html
    assert "显示" in html


def test_show_reveals_the_mobile_and_logs_the_read(client, officer, assignment, caplog):
    client.force_login(officer)
    url = reverse("portal:assignment-deputy-phone", args=[assignment.pk])
    with caplog.at_level(logging.INFO, logger="congress.audit"):
        response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "13812340000" in response.content.decode()
    records = [r for r in caplog.records if r.name == "congress.audit"]
    assert len(records) == 1
    record = records[0]
    assert record.actor == officer.username and record.fields == ["phone"]
    assert record.object_type == "deputies.deputy" and record.object_id == str(
        assignment.proposal.lead_deputy_id
    )
    # without htmx: the assignment page again, with the number shown
    page = client.post(url)
    assert page.status_code == 200 and "13812340000" in page.content.decode()


def test_show_is_only_for_the_handling_unit(client, other_officer, deputy_user, assignment):
    url = reverse("portal:assignment-deputy-phone", args=[assignment.pk])
    client.force_login(other_officer)
    assert client.post(url).status_code == 404
    client.force_login(deputy_user)
    assert client.post(url).status_code == 404
    client.logout()
    assert client.post(url).status_code == 302  # to the login page
    assert client.get(url).status_code in (302, 405)


def test_the_contact_the_deputy_chose_replaces_the_mobile(client, officer, assignment, caplog):
    deputy = assignment.proposal.lead_deputy
    deputy.handling_contact = "021-64870000（办公室）"
    deputy.save()
    client.force_login(officer)
    html = client.get(reverse("portal:assignment-detail", args=[assignment.pk])).content.decode()
    assert "021-64870000（办公室）" in html
    assert "138****0000" not in html and "13812340000" not in html
    assert reverse("portal:assignment-deputy-phone", args=[assignment.pk]) not in html
    with caplog.at_level(logging.INFO, logger="congress.audit"):
        response = client.post(reverse("portal:assignment-deputy-phone", args=[assignment.pk]))
    assert "13812340000" not in response.content.decode()
    assert not [r for r in caplog.records if r.name == "congress.audit"]
