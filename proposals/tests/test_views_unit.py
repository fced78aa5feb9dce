"""The handling unit's pages: the inbox by deadline with due/overdue colours, and one
assignment's sign-for-receipt, contact log (htmx), opinion, reply, follow-up and requests;
another unit's assignment is a 404 everywhere."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from congress.workdays import add_months
from proposals import services
from proposals.models import Assignment, ContactLog, ExtensionRequest, Reply, ReturnRequest
from proposals.tests.factories import ProposalFactory, receive, reviewer_actor, walk_to

pytestmark = pytest.mark.django_db
A = Assignment.State


def _assignment(unit, staff, **kwargs):
    proposal = walk_to("assigned", unit=unit, staff=staff, **kwargs)
    return proposal.assignments.get(unit=unit)


@pytest.mark.parametrize("rows", [2, 6])
def test_inbox_by_deadline_with_colours_and_constant_queries(
    client, unit, other_unit, staff, officer, rows, django_assert_num_queries
):
    today = timezone.localdate()
    overdue = _assignment(unit, staff, assigned_on=add_months(today, -4), title="逾期的建议")
    due = _assignment(
        unit, staff, assigned_on=add_months(today, -3) + dt.timedelta(days=3), title="快到期的建议"
    )
    for _ in range(rows):
        _assignment(unit, staff)
    foreign = _assignment(other_unit, staff, title="别的单位的建议")
    client.force_login(officer)
    client.get(reverse("portal:assignment-list"))  # warm the session and the unit cache key
    # 1 user, 2 count, 3 the page (proposal, lead deputy and unit joined); the session, the
    # units acted for (the heading and the inbox's filter), the rule of reminder milestones,
    # the calendar overrides, the district profile and the role groups (nav) come from the
    # cache, and a read-only request saves no session
    with django_assert_num_queries(3):
        response = client.get(reverse("portal:assignment-list"))
    html = response.content.decode()
    assert html.count('class="title"') == rows + 2
    assert foreign.proposal.title not in html
    assert html.index(overdue.proposal.title) < html.index(due.proposal.title)
    assert html.count("tone-overdue") == 1 and html.count("tone-due") == 1


def test_inbox_all_tab_and_non_officers(client, unit, staff, officer, deputy_user):
    done = _assignment(unit, staff, title="已答复的建议", received=True)
    services.reply_submit(actor=officer, assignment=done, reply_class="A", content="已解决。")
    client.force_login(officer)
    assert "已答复的建议" not in client.get(reverse("portal:assignment-list")).content.decode()
    assert "已答复的建议" in client.get(reverse("portal:assignment-list"), {"show": "all"}).content.decode()
    assert (
        client.get(reverse("portal:assignment-list"), {"show": "<script>", "page": "-1"}).status_code == 200
    )
    client.force_login(deputy_user)
    assert client.get(reverse("portal:assignment-list")).status_code == 404


def test_another_units_assignment_is_404_everywhere(client, unit, other_unit, staff, other_officer):
    assignment = _assignment(unit, staff)
    client.force_login(other_officer)
    assert client.get(reverse("portal:assignment-detail", args=[assignment.pk])).status_code == 404
    posts = {
        "portal:assignment-receive": {"responsible_person": "张三"},
        "portal:assignment-contact": {
            "stage": "before",
            "date": "2026-03-01",
            "channel": "phone",
            "note": "x",
        },
        "portal:assignment-opinion": {"opinion": "x"},
        "portal:assignment-reply": {"reply_class": "A", "content": "x"},
        "portal:assignment-follow-up": {"content": "x"},
        "portal:assignment-return": {"reason": "x"},
        "portal:assignment-extension": {"requested_deadline": "2030-01-01", "reason": "x"},
    }
    for name, data in posts.items():
        assert client.post(reverse(name, args=[assignment.pk]), data).status_code == 404, name
    assignment.refresh_from_db()
    assert assignment.state == A.ASSIGNED and not assignment.contacts.exists()


def test_receive_keeps_input_on_error_then_signs(client, unit, staff, officer):
    assignment = _assignment(unit, staff)
    client.force_login(officer)
    url = reverse("portal:assignment-receive", args=[assignment.pk])
    response = client.post(
        url, {"responsible_person": "", "responsible_phone": "021-12345678", "measures": "实地调研"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "请填写具体承办人。" in html and "021-12345678" in html and "实地调研" in html
    response = client.post(
        url,
        {
            "responsible_person": "张科长",
            "responsible_leader": "李副局长",
            "responsible_phone": "021-1",
            "measures": "调研",
        },
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == A.HANDLING and assignment.responsible_leader == "李副局长"
    html = client.get(reverse("portal:assignment-detail", args=[assignment.pk])).content.decode()
    assert "张科长" in html and 'id="receive"' not in html


def test_contact_log_htmx_appends_and_errors_keep_input(
    client, unit, staff, officer, django_assert_num_queries
):
    assignment = _assignment(unit, staff, received=True)
    for i in range(3):
        services.contact_add(actor=officer, assignment=assignment, stage="before", note=f"第{i}次电话")
    client.force_login(officer)
    url = reverse("portal:assignment-contact", args=[assignment.pk])
    client.get(reverse("portal:assignment-detail", args=[assignment.pk]))  # warm the session
    data = {
        "stage": "during",
        "date": "2026-03-02",
        "channel": "visit",
        "who": "王科长",
        "note": "登门走访代表",
    }
    # 1 user, 2 the assignment behind the unit wall (one query with proposal, deputy, category
    # and unit), 3-7 its prefetches (contacts, replies, extension and return requests, the
    # proposal's assignments), 8-12 the service (savepoint, lock, insert contact, insert
    # event, release; whether the proposal is closed is looked up once at commit), 13 the
    # contact log re-read for the partial; the session, role groups and units acted for come
    # from the cache
    with django_assert_num_queries(13):
        response = client.post(url, data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "登门走访代表" in html and "联系记录已保存。" in html and html.count("<time>") == 4
    assert ContactLog.objects.filter(assignment=assignment).count() == 4
    response = client.post(url, {**data, "date": "昨天", "note": "保留的记录"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 400
    assert "请输入有效的日期。" in html and "保留的记录" in html
    response = client.post(url, {**data, "stage": "never"})
    assert response.status_code == 400 and "请选择办前、办中或办后。" in response.content.decode()


def test_reply_with_invalid_class_then_sent_back_comments_show(client, unit, staff, officer):
    assignment = _assignment(unit, staff, received=True)
    client.force_login(officer)
    url = reverse("portal:assignment-reply", args=[assignment.pk])
    response = client.post(url, {"reply_class": "Z", "content": "我写的答复"})
    html = response.content.decode()
    assert response.status_code == 400 and "请选择有效的答复分类。" in html and "我写的答复" in html
    assert client.post(url, {"reply_class": "A", "content": "已经解决。"}).status_code == 302
    reply = Reply.objects.get(assignment=assignment)
    services.reply_send_back(actor=reviewer_actor(), reply=reply, comments="请补充经费安排")
    html = client.get(reverse("portal:assignment-detail", args=[assignment.pk])).content.decode()
    assert "答复被退回修改" in html and "请补充经费安排" in html and 'id="reply"' in html


def test_assisting_unit_sends_opinion(client, unit, other_unit, staff, other_officer):
    proposal = walk_to("registered", staff=staff)
    services.proposal_assign(
        actor=staff, proposal=proposal, lead_units=[unit.pk], assisting_units=[other_unit.pk]
    )
    assisting = proposal.assignments.get(unit=other_unit)
    receive(assisting, other_officer)
    client.force_login(other_officer)
    page = client.get(reverse("portal:assignment-detail", args=[assisting.pk])).content.decode()
    assert 'id="opinion"' in page and 'id="reply"' not in page
    url = reverse("portal:assignment-opinion", args=[assisting.pk])
    assert client.post(url, {"opinion": ""}).status_code == 400
    assert client.post(url, {"opinion": "建议结合校园改造一并推进"}).status_code == 302
    assisting.refresh_from_db()
    assert assisting.state == A.DONE


def test_follow_up_after_class_b_reply(client, unit, staff, officer):
    proposal = walk_to("replied", unit=unit, staff=staff, officer=officer, reply_class="B")
    assignment = proposal.assignments.get()
    client.force_login(officer)
    page = client.get(reverse("portal:assignment-detail", args=[assignment.pk])).content.decode()
    assert 'id="follow-up"' in page
    response = client.post(
        reverse("portal:assignment-follow-up", args=[assignment.pk]),
        {"content": "已建成", "is_resolved": "on"},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert not assignment.follow_up_open


def test_return_and_extension_requests(client, unit, staff, officer):
    assignment = _assignment(unit, staff, received=True)
    client.force_login(officer)
    response = client.post(
        reverse("portal:assignment-return", args=[assignment.pk]),
        {"reason": "不属于本单位职责", "suggested_unit": "区住房保障局"},
    )
    assert response.status_code == 302
    assert ReturnRequest.objects.get(assignment=assignment).suggested_unit == "区住房保障局"
    page = client.get(reverse("portal:assignment-detail", args=[assignment.pk])).content.decode()
    assert 'id="return"' not in page and "不属于本单位职责" in page  # one pending at a time
    url = reverse("portal:assignment-extension", args=[assignment.pk])
    too_late = assignment.deadline + dt.timedelta(days=400)
    response = client.post(url, {"requested_deadline": too_late.isoformat(), "reason": "需要协调"})
    html = response.content.decode()
    assert response.status_code == 400 and "申请的期限超出允许范围。" in html and "需要协调" in html
    response = client.post(url, {"requested_deadline": "not-a-date", "reason": "需要协调"})
    assert response.status_code == 400 and "请输入有效的日期。" in response.content.decode()
    later = assignment.deadline + dt.timedelta(days=20)
    assert (
        client.post(url, {"requested_deadline": later.isoformat(), "reason": "需要协调"}).status_code == 302
    )
    assert ExtensionRequest.objects.get(assignment=assignment).requested_deadline == later


def test_return_window_passed_hides_the_form(client, unit, staff, officer, monkeypatch):
    assignment = _assignment(unit, staff, received=True)
    later = timezone.localdate() + dt.timedelta(days=40)  # past the 7 working days
    real_localdate = timezone.localdate
    monkeypatch.setattr(
        timezone, "localdate", lambda value=None, *a, **kw: later if value is None else real_localdate(value)
    )
    client.force_login(officer)
    page = client.get(reverse("portal:assignment-detail", args=[assignment.pk])).content.decode()
    assert 'id="return"' not in page and 'id="extension"' in page


def test_proposal_page_links_the_unit_to_its_assignment(client, unit, staff, officer):
    assignment = _assignment(unit, staff)
    client.force_login(officer)
    html = client.get(reverse("portal:proposal-detail", args=[assignment.proposal_id])).content.decode()
    assert reverse("portal:assignment-detail", args=[assignment.pk]) in html
    other = ProposalFactory()
    assert client.get(reverse("portal:proposal-detail", args=[other.pk])).status_code == 404


# --- issue 9: sign first, the four fixed, the assisting opinions, closing -----------------------


def test_before_signing_the_page_offers_only_to_sign_or_return(client, unit, staff, officer):
    # given an assignment the unit has not signed for
    assignment = _assignment(unit, staff)
    client.force_login(officer)
    detail = reverse("portal:assignment-detail", args=[assignment.pk])

    # then its page has the 签收 form (with the deadline) and the return request, nothing else
    html = client.get(detail).content.decode()
    assert 'id="receive"' in html and 'id="return"' in html and assignment.deadline.isoformat() in html
    for form in ('id="reply"', 'id="extension"', 'id="fixed"'):
        assert form not in html, form
    assert reverse("portal:assignment-contact", args=[assignment.pk]) not in html

    # and posting a reply or a contact anyway is a Chinese message, not a change
    response = client.post(
        reverse("portal:assignment-reply", args=[assignment.pk]),
        {"reply_class": "A", "content": "我写的答复"},
    )
    html = response.content.decode()
    assert response.status_code == 400 and "当前状态为“待签收”，不能执行“提交答复”。" in html
    response = client.post(
        reverse("portal:assignment-contact", args=[assignment.pk]),
        {"stage": "before", "date": "2026-03-02", "channel": "phone", "note": "电话"},
    )
    assert response.status_code == 400 and "当前状态为“待签收”" in response.content.decode()
    assert not Reply.objects.exists() and not ContactLog.objects.exists()

    # signing needs the leader as well as the handling officer
    response = client.post(
        reverse("portal:assignment-receive", args=[assignment.pk]),
        {"responsible_person": "张科长", "measures": "实地调研"},
    )
    html = response.content.decode()
    assert response.status_code == 400 and "请填写分管领导。" in html and "张科长" in html
    assert Assignment.objects.get(pk=assignment.pk).state == A.ASSIGNED


def test_the_four_fixed_form_changes_them_with_a_record(client, unit, staff, officer):
    # given a signed assignment
    assignment = _assignment(unit, staff, received=True)
    client.force_login(officer)
    detail = reverse("portal:assignment-detail", args=[assignment.pk])
    url = reverse("portal:assignment-fixed", args=[assignment.pk])
    html = client.get(detail).content.decode()
    assert 'id="fixed"' in html and 'id="receive"' not in html and "李副局长" in html

    # a missing leader keeps the input
    response = client.post(
        url, {"responsible_person": "孙科员", "responsible_leader": "", "measures": "新措施"}
    )
    html = response.content.decode()
    assert (
        response.status_code == 400 and "请填写分管领导。" in html and "孙科员" in html and "新措施" in html
    )

    # a valid change is saved and on the proposal's timeline
    response = client.post(url, {"responsible_person": "孙科员", "responsible_leader": "周副局长"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.responsible_person, assignment.responsible_leader) == ("孙科员", "周副局长")
    html = client.get(reverse("portal:proposal-detail", args=[assignment.proposal_id])).content.decode()
    assert "修改四定" in html and "分管领导：李副局长 → 周副局长" in html


def test_a_row_signed_without_a_leader_is_asked_for_it(client, unit, staff, officer):
    # given a unit that signed before the leader was required (its row has none)
    assignment = _assignment(unit, staff, received=True)
    Assignment.objects.filter(pk=assignment.pk).update(responsible_leader="")
    client.force_login(officer)

    # then its page opens the four fixed with a warning
    html = client.get(reverse("portal:assignment-detail", args=[assignment.pk])).content.decode()
    assert "尚未填写具体承办人和分管领导" in html and '<details class="card" id="fixed" open>' in html
    # and a reply waits for them
    response = client.post(
        reverse("portal:assignment-reply", args=[assignment.pk]), {"reply_class": "A", "content": "答复"}
    )
    assert response.status_code == 400 and "请先填写具体承办人和分管领导" in response.content.decode()


@pytest.mark.parametrize("silent_units", [1, 4])
def test_the_lead_reply_form_shows_the_assisting_opinions(
    client, unit, other_unit, staff, officer, other_officer, silent_units, django_assert_num_queries
):
    # given a lead unit, an assisting unit that sent its opinion and joint units that have not
    from congress.tests.factories import OrganizationFactory

    silent = OrganizationFactory(name="区绿化市容局")
    others = [OrganizationFactory() for _ in range(silent_units - 1)]
    proposal = walk_to("registered", staff=staff)
    services.proposal_assign(
        actor=staff,
        proposal=proposal,
        lead_units=[unit.pk],
        assisting_units=[other_unit.pk],
        joint_units=[silent.pk, *(u.pk for u in others)],
    )
    assisting = proposal.assignments.get(unit=other_unit)
    receive(assisting, other_officer)
    services.assignment_send_opinion(
        actor=other_officer, assignment=assisting, opinion="建议结合校园改造推进"
    )
    lead = proposal.assignments.get(unit=unit)
    receive(lead, officer)
    client.force_login(officer)
    url = reverse("portal:assignment-detail", args=[lead.pk])
    client.get(url)  # warm the session

    # when the lead unit opens its reply form (the opinions come with the proposal's
    # assignments: no query per assisting unit)
    # 1 user, 2 the assignment behind the unit wall (proposal, deputy, category and unit
    # joined), 3-7 its prefetches (contacts, replies, extension and return requests, the
    # proposal's assignments with units); the session, role groups, units acted for, rules,
    # working-day calendar and district profile come from the cache, and a read-only request
    # saves no session
    with django_assert_num_queries(7):
        html = client.get(url).content.decode()

    # then it reads the opinion it has and sees the one it is missing
    start = html.index('id="assisting-opinions"')
    section = html[start : html.index("<form", start)]
    assert "建议结合校园改造推进" in section and other_unit.name in section
    assert silent.name in section and "尚未收到" in section


def test_a_closed_assisting_item_shows_done_in_the_inbox(
    client, unit, other_unit, staff, officer, other_officer
):
    # given an assisting unit that never answered, its deadline long past, and the proposal
    # closed after the lead unit's reply
    today = timezone.localdate()
    proposal = walk_to("registered", staff=staff, title="协办未答复的建议")
    services.proposal_assign(
        actor=staff,
        proposal=proposal,
        lead_units=[unit.pk],
        assisting_units=[other_unit.pk],
        assigned_on=add_months(today, -4),
    )
    lead = proposal.assignments.get(unit=unit)
    receive(lead, officer)
    reply = services.reply_submit(actor=officer, assignment=lead, reply_class="A", content="已解决")
    services.reply_confirm(actor=reviewer_actor(), reply=reply)
    services.proposal_rate(actor=proposal.lead_deputy.user, proposal=proposal, satisfaction="satisfied")

    # then the assisting unit's inbox no longer lists it as open, and "all" shows it done
    client.force_login(other_officer)
    html = client.get(reverse("portal:assignment-list")).content.decode()
    assert "协办未答复的建议" not in html
    html = client.get(reverse("portal:assignment-list"), {"show": "all"}).content.decode()
    assert "协办未答复的建议" in html and "已办结" in html
    assert "tone-overdue" not in html and "tone-due" not in html
    page = client.get(
        reverse("portal:assignment-detail", args=[proposal.assignments.get(unit=other_unit).pk])
    ).content.decode()
    assert "已办结" in page and 'id="opinion"' not in page and 'id="receive"' not in page
