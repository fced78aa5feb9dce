"""Every step staff take on a proposal is a button on its change page (congress.casework.admin):
shown only when ``PROPOSAL`` allows it for the user, a small form where input is needed, the
service's Chinese error on the form with the input kept, a success message, and the list opens
a proposal by its title."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from congress import roles
from congress.tests.factories import OrganizationFactory, UserFactory
from proposals.models import ExtensionRequest, Proposal, ReturnRequest
from proposals.tests.factories import ProposalFactory, officer_for, walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff):
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    client.force_login(staff)
    return client


def change_url(proposal):
    return reverse("admin:proposals_proposal_change", args=[proposal.pk])


def step_url(obj, name, model="proposal"):
    return reverse(f"admin:proposals_{model}_step", args=[obj.pk, name])


def signed(officer, assignment):
    """签收 with the four fixed: a unit asks for more time or a return only after it."""
    from proposals import services

    return services.assignment_receive(
        actor=officer, assignment=assignment, responsible_person="张承办", responsible_leader="李局长"
    )


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_change_page_offers_the_steps_the_state_allows(admin_client, staff):
    # given a submitted proposal and a registered one
    submitted = walk_to("submitted", staff=staff)
    registered = walk_to("registered", staff=staff)

    # when staff open them
    submitted_page = admin_client.get(change_url(submitted)).content.decode()
    registered_page = admin_client.get(change_url(registered)).content.decode()

    # then the submitted one can be registered, returned, merged …, not assigned
    assert "当前状态：<strong>已提交</strong>" in submitted_page
    for name in ("register", "return", "merge", "supervise", "withhold"):
        assert step_url(submitted, name) in submitted_page, name
    assert step_url(submitted, "assign") not in submitted_page
    assert step_url(submitted, "convert") not in submitted_page  # a suggestion, not a motion
    # and the registered one can be assigned, not registered again
    assert step_url(registered, "assign") in registered_page
    assert step_url(registered, "register") not in registered_page
    assert step_url(registered, "return") not in registered_page


def test_a_committee_member_reads_the_page_without_buttons(client, staff):
    proposal = walk_to("submitted", staff=staff)
    member = UserFactory(roles=[roles.MEMBER], is_staff=True)
    client.force_login(member)

    page = client.get(change_url(proposal))

    assert page.status_code == 200
    assert step_url(proposal, "register") not in page.content.decode()
    assert "当前状态下您没有可办理的操作。" in page.content.decode()
    assert client.post(step_url(proposal, "register")).status_code == 403
    assert Proposal.objects.get(pk=proposal.pk).state == Proposal.State.SUBMITTED


def test_register_then_assign_from_the_change_page(admin_client, staff, unit, other_unit):
    proposal = walk_to("submitted", staff=staff)

    # 立案: a small form (category, note), then back to the page with a message
    assert admin_client.get(step_url(proposal, "register")).status_code == 200
    response = admin_client.post(step_url(proposal, "register"), {"note": "材料齐全"}, follow=True)
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.REGISTERED and proposal.serial
    assert response.redirect_chain[-1][0] == change_url(proposal)
    assert "已立案。" in messages_of(response)
    assert "当前状态：<strong>已立案</strong>" in response.content.decode()
    assert proposal.events.last().actor == staff

    # 交办 without a lead unit: the service's error in Chinese, the input kept
    response = admin_client.post(
        step_url(proposal, "assign"),
        {"assisting_units": [other_unit.pk], "note": "请抓紧办理", "is_hard": "on"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "请至少选择一个主办单位。" in html, re.findall(r"errorlist[^<]*<li>([^<]*)", html)
    assert "请抓紧办理" in html  # the note typed
    assert f'<option value="{other_unit.pk}" selected>' in html  # the unit picked
    assert re.search(r'<input[^>]*name="is_hard"[^>]*checked', html)
    assert Proposal.objects.get(pk=proposal.pk).state == Proposal.State.REGISTERED

    # 交办 with the units picked
    response = admin_client.post(
        step_url(proposal, "assign"),
        {"lead_units": [unit.pk], "assisting_units": [other_unit.pk], "note": ""},
        follow=True,
    )
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.ASSIGNED
    assert sorted(proposal.assignments.values_list("unit__name", "role")) == [
        ("区卫生健康委员会", "assisting"),
        ("区教育局", "lead"),
    ]
    assert "已交办。" in messages_of(response)
    assert "当前状态：<strong>办理中</strong>" in response.content.decode()


def test_return_needs_a_reason(admin_client, staff):
    proposal = walk_to("submitted", staff=staff)

    empty = admin_client.post(step_url(proposal, "return"), {"reason": ""})
    assert empty.status_code == 200 and "请填写不予立案的理由。" in empty.content.decode()

    admin_client.post(step_url(proposal, "return"), {"reason": "不属于本行政区域"})
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.RETURNED and proposal.return_reason == "不属于本行政区域"


def test_merge_convert_oversight_and_disclosure(admin_client, staff):
    from congress.models import Rule

    Rule.objects.create(key="proposals.motion_min_cosigners", value=1)  # a motion of one deputy
    target = walk_to("registered", staff=staff)
    duplicate = walk_to("submitted", staff=staff)
    motion = walk_to("submitted", staff=staff, proposal=ProposalFactory(kind=Proposal.Kind.MOTION))

    # 并案: only proposals that can take it are offered
    form = admin_client.get(step_url(duplicate, "merge")).content.decode()
    assert target.title in form and f'value="{duplicate.pk}"' not in form
    admin_client.post(step_url(duplicate, "merge"), {"into": target.pk})
    duplicate.refresh_from_db()
    assert duplicate.state == Proposal.State.MERGED and duplicate.merged_into == target

    # 转为建议: offered for a motion only
    assert step_url(motion, "convert") in admin_client.get(change_url(motion)).content.decode()
    admin_client.post(step_url(motion, "convert"), {"note": "未列入议程"})
    motion.refresh_from_db()
    assert motion.kind == Proposal.Kind.SUGGESTION

    # 督办设置, starting from what is set
    committee = OrganizationFactory(name="区人大常委会教科文卫工委", kind="working_committee")
    admin_client.post(
        step_url(target, "supervise"),
        {"is_key_oversight": "on", "oversight_committee": committee.pk, "oversight_leader": "王副区长"},
    )
    target.refresh_from_db()
    assert target.is_key_oversight and target.oversight_committee == committee
    assert re.search(
        r'<input[^>]*name="is_key_oversight"[^>]*checked',
        admin_client.get(step_url(target, "supervise")).content.decode(),
    )

    # 不予公开 / 恢复公开: one or the other, as the record stands
    admin_client.post(step_url(target, "withhold"), {"reason": "涉及个人隐私"})
    target.refresh_from_db()
    assert target.is_withheld
    page = admin_client.get(change_url(target)).content.decode()
    assert step_url(target, "unwithhold") in page and step_url(target, "withhold") not in page
    admin_client.post(step_url(target, "unwithhold"), {"note": ""})
    target.refresh_from_db()
    assert not target.is_withheld


def test_close_unrated_before_the_deadline_says_why(admin_client, staff, unit):
    proposal = walk_to("replied", staff=staff, unit=unit)

    early = admin_client.post(step_url(proposal, "close_unrated"), {})
    assert early.status_code == 200 and "测评期限尚未届满。" in early.content.decode()

    admin_client.post(step_url(proposal, "close_unrated"), {"force": "on"})
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.CLOSED and proposal.closed_as == Proposal.ClosedAs.NOT_RATED


def test_a_step_the_state_does_not_allow_goes_back_with_the_reason(admin_client, staff):
    proposal = walk_to("registered", staff=staff)

    response = admin_client.post(step_url(proposal, "register"), follow=True)

    assert response.redirect_chain[-1][0] == change_url(proposal)
    assert "当前状态为“已立案”，不能执行“立案”。" in messages_of(response)
    assert admin_client.get(step_url(proposal, "nonsense")).status_code == 404
    assert admin_client.get(
        reverse("admin:proposals_proposal_step", args=[999999, "register"])
    ).status_code in (
        302,
        404,
    )


def test_staff_decide_a_units_requests_on_their_pages(admin_client, staff, unit, other_unit):
    proposal = walk_to("assigned", staff=staff, unit=unit)
    assignment = proposal.assignments.get()
    officer = officer_for(unit)
    from proposals import services

    signed(officer, assignment)
    extension = services.assignment_request_extension(
        actor=officer,
        assignment=assignment,
        requested_deadline=assignment.deadline + dt.timedelta(days=20),
        reason="需要多部门会商",
    )
    # the proposal's page links to the pending request
    page = admin_client.get(change_url(proposal)).content.decode()
    assert reverse("admin:proposals_extensionrequest_change", args=[extension.pk]) in page

    request_page = admin_client.get(
        reverse("admin:proposals_extensionrequest_change", args=[extension.pk])
    ).content.decode()
    assert step_url(extension, "approve", "extensionrequest") in request_page
    assert step_url(extension, "reject", "extensionrequest") in request_page

    # 不同意 without a reason: the error on the form
    empty = admin_client.post(step_url(extension, "reject", "extensionrequest"), {"note": ""})
    assert "不同意时请填写理由。" in empty.content.decode()

    admin_client.post(step_url(extension, "approve", "extensionrequest"), {"note": "同意"})
    extension.refresh_from_db()
    assignment.refresh_from_db()
    assert extension.state == ExtensionRequest.State.APPROVED
    assert assignment.deadline == extension.requested_deadline
    decided = admin_client.get(reverse("admin:proposals_extensionrequest_change", args=[extension.pk]))
    assert step_url(extension, "approve", "extensionrequest") not in decided.content.decode()

    # a return request approved with a new unit
    returned = services.assignment_request_return(
        actor=officer, assignment=assignment, reason="不属于本单位职责"
    )
    admin_client.post(
        step_url(returned, "approve", "returnrequest"), {"reassign_to": other_unit.pk, "note": ""}
    )
    returned.refresh_from_db()
    assert returned.state == ReturnRequest.State.APPROVED and returned.reassigned_to == other_unit
    assert proposal.assignments.filter(unit=other_unit, state="assigned").exists()


def test_the_list_opens_a_proposal_by_its_title(admin_client, staff):
    proposal = walk_to("submitted", staff=staff)
    draft = ProposalFactory(source=Proposal.Source.PAPER)  # staff's own paper draft: no serial yet

    html = admin_client.get(reverse("admin:proposals_proposal_changelist")).content.decode()

    for item in (proposal, draft):
        assert f'<a href="{change_url(item)}">{item.title}</a>' in html


def test_save_is_offered_only_while_something_can_be_edited(admin_client, staff):
    draft = ProposalFactory(source=Proposal.Source.PAPER)  # a paper draft staff type in
    submitted = walk_to("submitted", staff=staff)

    assert 'name="_save"' in admin_client.get(change_url(draft)).content.decode()
    assert 'name="_save"' not in admin_client.get(change_url(submitted)).content.decode()


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: session, roles and district profile come from the cache after it
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_lists_and_the_page_cost_the_same_whatever_the_number_of_rows(admin_client, staff, unit):
    # given one proposal of each kind of row the pages show (units, events, a pending request)
    first = walk_to("assigned", staff=staff, unit=unit)
    from proposals import services

    assignment = first.assignments.get()
    signed(officer_for(unit), assignment)
    services.assignment_request_extension(
        actor=officer_for(unit),
        assignment=assignment,
        requested_deadline=assignment.deadline + dt.timedelta(days=10),
        reason="会商",
    )
    urls = [
        reverse("admin:proposals_proposal_changelist"),
        reverse("admin:proposals_assignment_changelist"),
        reverse("admin:proposals_extensionrequest_changelist"),
        change_url(first),
    ]
    before = [_queries(admin_client, url) for url in urls]

    # when there are three times as many
    for _ in range(2):
        other = walk_to("assigned", staff=staff, unit=OrganizationFactory())
        item = other.assignments.get()
        signed(officer_for(item.unit), item)
        services.assignment_request_extension(
            actor=officer_for(item.unit),
            assignment=item,
            requested_deadline=item.deadline + dt.timedelta(days=10),
            reason="会商",
        )

    # then every page reads as many queries as before (names come with the rows)
    assert [_queries(admin_client, url) for url in urls] == before
