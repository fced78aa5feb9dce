"""The admin (actions call services, dashboards, Excel import/export), the demo loader and
the portal home panels."""

import io

import pytest
from django.urls import reverse

from congress import roles
from congress.tests.factories import UserFactory
from proposals.models import Proposal
from proposals.tests.factories import walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff):
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    client.force_login(staff)
    return client


def test_registration_queue_and_register_action(admin_client, staff):
    proposal = walk_to("submitted", staff=staff)
    url = reverse("admin:proposals_proposal_changelist")
    assert admin_client.get(url, {"state__exact": "submitted"}).status_code == 200
    admin_client.post(url, {"action": "register_selected", "_selected_action": [proposal.pk]})
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.REGISTERED and proposal.events.last().actor == staff


def test_return_action_asks_for_a_reason(admin_client, staff):
    proposal = walk_to("submitted", staff=staff)
    url = reverse("admin:proposals_proposal_changelist")
    response = admin_client.post(url, {"action": "return_selected", "_selected_action": [proposal.pk]})
    assert response.status_code == 200 and "理由" in response.content.decode()
    admin_client.post(
        url,
        {"action": "return_selected", "_selected_action": [proposal.pk], "apply": "1", "reason": "重复提出"},
    )
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.RETURNED and proposal.return_reason == "重复提出"


def test_bulk_assignment_through_intermediate_form(admin_client, staff, unit):
    proposals = [walk_to("registered", staff=staff) for _ in range(2)]
    url = reverse("admin:proposals_proposal_changelist")
    ids = [p.pk for p in proposals]
    assert admin_client.post(url, {"action": "assign_selected", "_selected_action": ids}).status_code == 200
    admin_client.post(
        url, {"action": "assign_selected", "_selected_action": ids, "apply": "1", "lead_units": [unit.pk]}
    )
    assert Proposal.objects.filter(pk__in=ids, state="assigned").count() == 2


def test_dashboards_and_exports(admin_client, staff, unit):
    walk_to("closed", staff=staff, unit=unit)
    assert admin_client.get(reverse("admin:proposals_proposal_oversight")).status_code == 200
    response = admin_client.get(reverse("admin:proposals_proposal_statistics"), {"year": 2026})
    assert response.status_code == 200 and unit.name in response.content.decode()
    response = admin_client.get(
        reverse("admin:proposals_proposal_statistics"), {"year": 2026, "export": "xlsx"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    response = admin_client.get(reverse("admin:proposals_proposal_export"))
    assert response.status_code == 200


def _workbook(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["类型", "标题", "内容", "类别", "领衔代表", "附议代表", "年度"])
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "import.xlsx"
    return buffer


def test_excel_import_is_all_or_nothing(admin_client, term):
    from deputies.tests.factories import DeputyFactory

    lead = DeputyFactory(term=term, name="周明")
    url = reverse("admin:proposals_proposal_import")
    bad = _workbook(
        [["建议", "关于A的建议", "内容", "", "周明", "", 2026], ["建议", "", "内容", "", "无此人", "", ""]]
    )
    response = admin_client.post(url, {"file": bad})
    text = response.content.decode()
    assert response.status_code == 200 and "找不到本届在任代表" in text and "标题不能为空" in text
    assert not Proposal.objects.exists()
    good = _workbook(
        [
            ["建议", "关于A的建议", "内容", "", "周明", "", 2026],
            ["议案", "关于B的议案", "内容", "", lead.person_key, "", ""],
        ]
    )
    from congress.models import Rule

    Rule.objects.create(key="proposals.motion_min_cosigners", value=1)
    response = admin_client.post(url, {"file": good})
    assert response.status_code == 302
    assert Proposal.objects.filter(state="submitted", source="paper").count() == 2


def test_admin_add_creates_paper_proposal_through_services(admin_client, term):
    from deputies.tests.factories import DeputyFactory

    lead = DeputyFactory(term=term)
    response = admin_client.post(
        reverse("admin:proposals_proposal_add"),
        {"kind": "suggestion", "title": "纸质建议", "content": "内容", "lead_deputy": lead.pk, "year": 2026},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal = Proposal.objects.get()
    assert proposal.state == "submitted" and proposal.source == "paper"


def test_demo_loader_is_idempotent(django_capture_on_commit_callbacks):
    from congress.demo import load_core
    from deputies.demo import load_deputies_demo
    from proposals.demo import SCRIPT, load_proposals_demo

    load_core()
    load_deputies_demo()
    load_proposals_demo()
    count = Proposal.objects.count()
    assert count == len(SCRIPT) >= 40
    states = set(Proposal.objects.values_list("state", flat=True))
    assert {
        "draft",
        "submitted",
        "registered",
        "returned",
        "merged",
        "assigned",
        "reply_review",
        "replied",
        "rehandling",
        "closed",
    } <= states
    assert Proposal.objects.filter(state="replied", lead_deputy__user__username="deputy1").exists()
    assert Proposal.objects.filter(
        state="draft", lead_deputy__user__username="deputy1", cosigners__deputy__user__username="deputy2"
    ).exists()
    load_proposals_demo()
    assert Proposal.objects.count() == count


@pytest.mark.parametrize("username", ["deputy1", "unit1", "govoffice", "staff"])
def test_home_panels_with_constant_queries(username, django_assert_max_num_queries):
    from congress.demo import load_core
    from congress.models import User
    from congress.portal import panels_for
    from deputies.demo import load_deputies_demo
    from proposals.demo import load_proposals_demo

    load_core()
    load_deputies_demo()
    load_proposals_demo()
    user = User.objects.get(username=username)
    with django_assert_max_num_queries(12):
        panels = panels_for(user)
    titles = [p.title for p in panels]
    expected = {
        "deputy1": "我的建议",
        "unit1": "待办建议",
        "govoffice": "待审核答复",
        "staff": "建议立案与交办",
    }
    assert expected[username] in titles
    panel = next(p for p in panels if p.title == expected[username])
    assert panel.items
    if username == "unit1":
        assert {item.tone for item in panel.items} & {"due", "overdue"}


def test_member_reads_but_cannot_act(client, staff):
    member = UserFactory(roles=[roles.MEMBER])
    member.is_staff = True
    member.save(update_fields=["is_staff"])
    client.force_login(member)
    assert client.get(reverse("admin:proposals_proposal_changelist")).status_code == 200
    assert client.get(reverse("admin:proposals_proposal_add")).status_code == 403
