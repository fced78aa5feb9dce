"""Inspection pages: the unit's inbox lists its issues coloured by deadline (and never another
unit's), the issue's page reports the rectification (an empty one keeps the page and says
why; another unit's is 404); deputies sign up to a group in the portal; the public page shows
the issues and how each was rectified once deliberated (404 before); the PDF with CJK text;
the admin's steps and Excel export; constant queries on the units' inbox as data grows."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from congress import roles
from congress.tests.demo_snapshot import load_demo_cached
from congress.tests.factories import UserFactory
from supervision.models import InspectionGroupMember, InspectionIssue
from supervision.services import inspections as services

pytestmark = pytest.mark.django_db
I = InspectionIssue.State  # noqa: E741


@pytest.fixture
def inspection(staff, committee):
    return services.inspection_create(
        actor=staff, title="食品安全法执法检查", law="《食品安全法》", year=2026, committee=committee
    )


@pytest.fixture
def issue(inspection, staff, unit):
    return services.issue_add(
        actor=staff, inspection=inspection, unit=unit, description="校园食堂食材溯源记录不全"
    )


def test_the_unit_rectifies_from_its_inbox(client, issue, officer, staff, other_unit, inspection):
    foreign = services.issue_add(
        actor=staff, inspection=inspection, unit=other_unit, description="他单位的问题"
    )
    client.force_login(officer)
    inbox = client.get(reverse("portal:supervision-inbox")).content.decode()
    assert "校园食堂食材溯源记录不全" in inbox and "执法检查问题" in inbox and "他单位的问题" not in inbox
    assert reverse("portal:supervision-inspection-issue", args=[issue.pk]) in inbox
    page = client.get(reverse("portal:supervision-inspection-issue", args=[issue.pk]))
    assert page.status_code == 200 and 'id="rectify"' in page.content.decode()
    assert client.get(reverse("portal:supervision-inspection-issue", args=[foreign.pk])).status_code == 404
    url = reverse("portal:supervision-inspection-issue-rectify", args=[issue.pk])
    response = client.post(url, {"content": " "})
    assert response.status_code == 400 and "请填写整改情况。" in response.content.decode()
    assert client.post(url, {"content": "已建立食材溯源台账"}).status_code == 302
    issue.refresh_from_db()
    assert issue.state == I.REPORTED
    page = client.get(reverse("portal:supervision-inspection-issue", args=[issue.pk])).content.decode()
    assert "已建立食材溯源台账" in page and 'id="rectify"' not in page
    # done: out of the open inbox, in "all"
    assert "校园食堂" not in client.get(reverse("portal:supervision-inbox")).content.decode()
    assert "校园食堂" in client.get(reverse("portal:supervision-inbox") + "?show=all").content.decode()


def test_overdue_and_due_soon_colours(client, issue, officer):
    InspectionIssue.objects.filter(pk=issue.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(officer)
    assert "tone-overdue" in client.get(reverse("portal:supervision-inbox")).content.decode()
    InspectionIssue.objects.filter(pk=issue.pk).update(deadline=timezone.localdate() + dt.timedelta(days=1))
    assert "tone-due" in client.get(reverse("portal:supervision-inbox")).content.decode()


def test_a_deputy_signs_up_in_the_portal(client, inspection, staff, deputy_user):
    group = services.group_add(actor=staff, inspection=inspection, name="第一检查组")
    client.force_login(deputy_user)
    assert inspection.title in client.get(reverse("portal:supervision-inspection-list")).content.decode()
    page = client.get(reverse("portal:supervision-inspection", args=[inspection.pk])).content.decode()
    assert "报名参加本组" in page
    response = client.post(
        reverse("portal:supervision-inspection-group-sign-up", args=[group.pk]), follow=True
    )
    assert "已报名参加检查组" in response.content.decode() and "取消报名" in response.content.decode()
    assert InspectionGroupMember.objects.get().source == InspectionGroupMember.Source.SIGNED_UP
    # twice: a message, no second row
    response = client.post(
        reverse("portal:supervision-inspection-group-sign-up", args=[group.pk]), follow=True
    )
    assert InspectionGroupMember.objects.count() == 1
    client.post(reverse("portal:supervision-inspection-group-withdraw", args=[group.pk]))
    assert not InspectionGroupMember.objects.exists()


def _deliberate(inspection, staff, officer, issue):
    services.inspection_start(actor=staff, inspection=inspection)
    services.issue_rectify(actor=officer, issue=issue, content="已建立食材溯源台账")
    services.issue_accept(actor=staff, issue=issue, reason="整改到位")
    return services.inspection_deliberate(
        actor=staff,
        inspection=inspection,
        report="检查报告：总体情况良好。",
        opinions="审议意见：加强校园食品安全。",
    )


def test_public_page_after_deliberation(client, inspection, staff, officer, issue):
    public = reverse("public:supervision-inspection", args=[inspection.pk])
    assert client.get(public).status_code == 404
    assert client.get(reverse("public:supervision-inspection-pdf", args=[inspection.pk])).status_code == 404
    _deliberate(inspection, staff, officer, issue)
    html = client.get(public).content.decode()
    assert "校园食堂食材溯源记录不全" in html and "已建立食材溯源台账" in html and "整改到位" in html
    listing = client.get(reverse("public:supervision-inspection-list")).content.decode()
    assert inspection.title in listing


def test_the_report_prints_to_pdf_with_cjk_text(client, inspection, staff, officer, issue):
    from pypdf import PdfReader

    _deliberate(inspection, staff, officer, issue)
    response = client.get(reverse("public:supervision-inspection-pdf", args=[inspection.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = text.replace("\n", "")
    assert "审议意见" in text and "校园食堂食材溯源记录不全" in text
    client.force_login(officer)
    portal = client.get(reverse("portal:supervision-inspection-pdf", args=[inspection.pk]))
    assert portal.status_code == 200


@pytest.fixture
def admin_client(client, staff):
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    client.force_login(staff)
    return client


def test_admin_steps_and_export(admin_client, inspection, unit, staff, officer):
    change = admin_client.get(reverse("admin:supervision_inspection_change", args=[inspection.pk]))
    assert change.status_code == 200 and "列入问题清单" in change.content.decode()
    step = reverse("admin:supervision_inspection_step", args=[inspection.pk, "add_issue"])
    page = admin_client.post(step, {"unit": unit.pk, "description": ""})
    assert page.status_code == 200 and "请填写问题描述。" in page.content.decode()
    assert admin_client.post(step, {"unit": unit.pk, "description": "食材溯源不全"}).status_code == 302
    issue = InspectionIssue.objects.get()
    services.issue_rectify(actor=officer, issue=issue, content="整改")
    redo = reverse("admin:supervision_inspectionissue_step", args=[issue.pk, "redo"])
    page = admin_client.post(redo, {"reason": ""})
    assert "请说明退回重新整改的理由。" in page.content.decode()
    assert admin_client.post(redo, {"reason": "不到位"}).status_code == 302
    issue.refresh_from_db()
    assert (issue.state, issue.round) == (I.RECTIFYING, 2)
    changelist = reverse("admin:supervision_inspectionissue_changelist")
    assert admin_client.get(changelist + "?state=rectifying").status_code == 200
    export = admin_client.post(
        changelist, {"action": "export_admin_action", "_selected_action": [issue.pk], "format": "0"}
    )
    assert export.status_code == 200


def _more_issues(staff, inspection, unit, n):
    for i in range(n):
        services.issue_add(actor=staff, inspection=inspection, unit=unit, description=f"问题{i}")


def test_the_units_inbox_takes_constant_queries(client, officer, staff, inspection, unit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(officer)
    _more_issues(staff, inspection, unit, 2)
    client.get(reverse("portal:supervision-inbox"))  # warm the caches of roles and rules
    with CaptureQueriesContext(connection) as small:
        first = client.get(reverse("portal:supervision-inbox")).content.decode()
    _more_issues(staff, inspection, unit, 15)
    with CaptureQueriesContext(connection) as large:
        second = client.get(reverse("portal:supervision-inbox")).content.decode()
    # the same queries for 2 and 17 issues: the session and user, the units, one UNION page
    # and its count, the rule and the calendar for the colours
    assert len(large.captured_queries) == len(small.captured_queries), [
        q["sql"] for q in large.captured_queries
    ]
    assert first.count("执法检查问题") < second.count("执法检查问题")


def test_the_issue_list_of_an_unknown_user_is_empty(client, issue):
    stranger = UserFactory(roles=[roles.DEPUTY])
    client.force_login(stranger)
    # a deputy not in any group sees no issue of an inspection not yet deliberated
    assert client.get(reverse("portal:supervision-inspection-issue", args=[issue.pk])).status_code == 404


def test_the_demo_has_an_issue_in_every_state_and_loads_twice_the_same(client):
    from congress.demo import load_demo
    from congress.models import User
    from supervision.models import AmendmentSuggestion, Inspection

    load_demo_cached()  # the first load from the process's snapshot; a second, real one follows
    food = Inspection.objects.get(title__contains="食品安全法")
    assert food.state == Inspection.State.DELIBERATED
    assert set(food.issues.values_list("state", flat=True)) == set(I.values)
    assert food.issues.filter(round=2).exists()
    today = timezone.localdate()
    assert food.issues.filter(state=I.RECTIFYING, deadline__lt=today).exists()  # overdue
    assert {AmendmentSuggestion.State.DRAFTED, AmendmentSuggestion.State.SENT} <= set(
        food.amendments.values_list("state", flat=True)
    )
    assert Inspection.objects.filter(state=Inspection.State.PREPARING).exists()
    before = (
        Inspection.objects.count(),
        InspectionIssue.objects.count(),
        InspectionGroupMember.objects.count(),
    )
    load_demo()
    assert (
        Inspection.objects.count(),
        InspectionIssue.objects.count(),
        InspectionGroupMember.objects.count(),
    ) == before
    # the unit's officer sees its issues in the inbox; the public page shows the record
    client.force_login(User.objects.get(username="unit1"))
    inbox = client.get(reverse("portal:supervision-inbox")).content.decode()
    assert "执法检查问题" in inbox and "tone-overdue" in inbox
    assert client.get(reverse("public:supervision-inspection", args=[food.pk])).status_code == 200
