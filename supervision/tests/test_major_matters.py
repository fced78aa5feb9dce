"""Major-matter reports (重大事项报告, seed 九): the yearly list agreed with the government (items
changed after agreement only with a reason), a matter registered by the unit *before* the
decision (against an item, or outside the list with a reason), returned and resubmitted,
deliberated, the opinion with a feedback deadline from the rule (across a holiday), the unit's
feedback, concluded and public unless withheld; the walls; the API's 201/400/403/404/409; the
reminders (once); the portal, public and admin pages; constant queries."""

import datetime as dt

import pytest
from django.urls import reverse

from congress import roles
from congress.exceptions import ApplicationError, InvalidTransition, PermissionDeniedError
from congress.models import Notification, Organization
from congress.tests.factories import OrganizationFactory, UserFactory
from meetings.tests.factories import MeetingFactory
from supervision import selectors_major_matters as sel
from supervision.models_major_matters import MajorMatter, MajorMatterList
from supervision.services import major_matters as services
from supervision.tasks import send_daily_reminders

pytestmark = pytest.mark.django_db
M = MajorMatter.State
BASE = "/api/v1/supervision/major-matters"


@pytest.fixture
def meeting(db):
    return MeetingFactory()


@pytest.fixture
def committee(db):
    return OrganizationFactory(
        name="区人大常委会城建环保工作委员会", kind=Organization.Kind.WORKING_COMMITTEE
    )


@pytest.fixture
def committee_user(committee):
    return UserFactory(roles=[roles.STAFF], unit=committee)


@pytest.fixture
def matter_list(staff, unit, other_unit):
    matter_list = services.major_matter_list_create(actor=staff, year=2026, consultation="年度协商会议")
    services.major_matter_list_add_item(
        actor=staff,
        matter_list=matter_list,
        topic="学校布局调整规划",
        unit=unit,
        reporter="副区长",
        planned_month=3,
    )
    services.major_matter_list_add_item(
        actor=staff, matter_list=matter_list, topic="区域医疗中心建设方案", unit=other_unit, planned_month=5
    )
    return services.major_matter_list_agree(
        actor=staff, matter_list=matter_list, agreed_on=dt.date(2026, 1, 20)
    )


@pytest.fixture
def item(matter_list, unit):
    return matter_list.items.get(unit=unit)


def _register(officer, unit, item=None, *, today=dt.date(2026, 6, 1), **kwargs):
    data = {
        "title": "学校布局调整规划",
        "reporter": "副区长 陈某某",
        "content": "拟调整12所中小学布局。",
        "planned_decision_date": today + dt.timedelta(days=60),
        **kwargs,
    }
    return services.major_matter_register(actor=officer, unit=unit, list_item=item, today=today, **data)


@pytest.fixture
def matter(officer, unit, item):
    return _register(officer, unit, item)


def _with_opinion(matter, staff, meeting, today=dt.date(2026, 8, 3), committee=None):
    matter = services.major_matter_schedule(actor=staff, matter=matter, meeting=meeting, committee=committee)
    return services.major_matter_send_opinion(actor=staff, matter=matter, content="审议意见", today=today)


# --- the yearly list -----------------------------------------------------------------------------


def test_items_change_after_agreement_only_with_a_reason(staff, matter_list, unit, item):
    with pytest.raises(ApplicationError) as err:
        services.major_matter_list_add_item(actor=staff, matter_list=matter_list, topic="新增事项", unit=unit)
    assert err.value.extra == {"reason": ["目录已协商确定，增加事项须说明理由。"]}
    added = services.major_matter_list_add_item(
        actor=staff, matter_list=matter_list, topic="新增事项", unit=unit, reason="区政府年中提出"
    )
    assert added.change_reason == "区政府年中提出" and added.order == 3
    with pytest.raises(ApplicationError) as err:
        services.major_matter_list_drop_item(actor=staff, item=item, reason="")
    assert err.value.extra == {"reason": ["请填写撤销理由。"]}
    services.major_matter_list_drop_item(actor=staff, item=item, reason="并入其他报告")
    item.refresh_from_db()
    assert item.is_dropped and item.dropped_reason == "并入其他报告"  # kept, not deleted
    actions = list(matter_list.events.values_list("action", flat=True))
    assert actions == ["create", "add_item", "add_item", "agree", "add_item", "drop_item"]


def test_a_drafted_list_drops_freely_and_cannot_be_agreed_empty(staff, unit):
    matter_list = services.major_matter_list_create(actor=staff, year=2027)
    with pytest.raises(ApplicationError) as err:
        services.major_matter_list_agree(actor=staff, matter_list=matter_list)
    assert err.value.code == "empty"
    row = services.major_matter_list_add_item(actor=staff, matter_list=matter_list, topic="事项", unit=unit)
    services.major_matter_list_drop_item(actor=staff, item=row)
    assert not matter_list.items.exists()
    with pytest.raises(ApplicationError) as err:
        services.major_matter_list_create(actor=staff, year=2027)
    assert err.value.extra == {"year": ["2027年度的目录已存在。"]}


# --- a matter, end to end ------------------------------------------------------------------------


def test_from_registration_to_the_public_record(
    staff, officer, unit, item, meeting, committee, committee_user, django_capture_on_commit_callbacks
):
    matter = _register(officer, unit, item)
    assert (matter.state, matter.short_notice, matter.matter_list.year) == (M.REGISTERED, False, 2026)
    assert Notification.objects.filter(
        recipient=staff, key=f"supervision:major:{matter.pk}:registered"
    ).exists()
    assert list(sel.public_matters()) == []
    matter = _with_opinion(matter, staff, meeting, committee=committee)
    # 2026-08-03 + 2 months = 2026-10-03, in the National Day holiday → the next working day
    assert (matter.state, matter.feedback_due) == (M.OPINION_SENT, dt.date(2026, 10, 8))
    assert Notification.objects.filter(
        recipient=officer, key=f"supervision:major:{matter.pk}:opinion"
    ).exists()
    with pytest.raises(InvalidTransition):
        services.major_matter_conclude(actor=staff, matter=matter)
    matter = services.major_matter_feed_back(actor=officer, matter=matter, content="已采纳")
    assert Notification.objects.filter(
        recipient=committee_user, key=f"supervision:major:{matter.pk}:feedback"
    )
    assert list(sel.public_matters()) == []
    matter = services.major_matter_conclude(actor=staff, matter=matter, note="办结")
    assert list(sel.public_matters()) == [matter]
    actions = list(matter.events.values_list("action", flat=True))
    assert actions == ["register", "schedule", "send_opinion", "feed_back", "conclude"]
    assert matter.history.count() >= 5  # every change kept with its actor
    assert matter.history.first().history_user == staff


def test_returned_resubmitted_and_noted_without_deliberation(staff, officer, matter):
    with pytest.raises(ApplicationError) as err:
        services.major_matter_return(actor=staff, matter=matter, reason=" ")
    assert err.value.extra == {"reason": ["请填写退回理由。"]}
    matter = services.major_matter_return(actor=staff, matter=matter, reason="请补充论证材料")
    assert matter.state == M.RETURNED
    matter = services.major_matter_resubmit(
        actor=officer, matter=matter, content="补充后的报告", today=dt.date(2026, 6, 10)
    )
    assert (matter.state, matter.content) == (M.REGISTERED, "补充后的报告")
    matter = services.major_matter_take_note(
        actor=staff, matter=matter, note="书面报告，不再审议", withhold_reason="涉及未公开的规划信息"
    )
    assert matter.state == M.CONCLUDED and not matter.is_public
    assert list(sel.public_matters()) == []  # withheld with a reason


def test_a_matter_is_reported_before_the_decision(officer, unit, item):
    today = dt.date(2026, 6, 1)
    with pytest.raises(ApplicationError) as err:
        _register(officer, unit, item, today=today, planned_decision_date=today)
    assert err.value.extra == {"planned_decision_date": ["重大事项应在决策前报告：拟决策时间须晚于今天。"]}
    # 15 working days ahead is the rule; a week is recorded as short notice (not refused)
    matter = _register(officer, unit, item, today=today, planned_decision_date=dt.date(2026, 6, 8))
    assert matter.short_notice


def test_list_items_and_the_outside_list_reason(officer, other_officer, unit, other_unit, item, staff):
    with pytest.raises(ApplicationError) as err:
        _register(officer, unit, None)
    assert err.value.extra == {"outside_list_reason": ["不在年度目录内的事项，请说明报告理由。"]}
    outside = _register(officer, unit, None, outside_list_reason="群众关注度高")
    assert outside.list_item is None and outside.matter_list.year == 2026
    other_item = item.matter_list.items.get(unit=other_unit)
    with pytest.raises(ApplicationError) as err:  # another unit's item
        _register(officer, unit, other_item)
    assert list(err.value.extra) == ["list_item"]
    _register(officer, unit, item)
    with pytest.raises(ApplicationError) as err:  # reported twice
        _register(officer, unit, item)
    assert err.value.code == "duplicate"
    with pytest.raises(ApplicationError) as err:  # for a unit not theirs
        _register(officer, other_unit, None, outside_list_reason="理由")
    assert err.value.extra == {"unit": ["只能报告本单位的重大事项。"]}
    services.major_matter_list_drop_item(actor=staff, item=other_item, reason="撤销")
    with pytest.raises(ApplicationError):  # a dropped item
        _register(other_officer, other_unit, other_item)


def test_walls(matter, other_officer, deputy_user, staff, meeting):
    with pytest.raises(PermissionDeniedError):
        services.major_matter_register(
            actor=deputy_user,
            unit=matter.unit,
            title="x",
            reporter="x",
            content="x",
            planned_decision_date=dt.date(2030, 1, 1),
            outside_list_reason="x",
        )
    assert list(sel.matter_list_visible_to(other_officer)) == []
    assert list(sel.matter_list_visible_to(deputy_user)) == []
    matter = _with_opinion(matter, staff, meeting)
    with pytest.raises(PermissionDeniedError):
        services.major_matter_feed_back(actor=other_officer, matter=matter, content="x")
    with pytest.raises(PermissionDeniedError):
        services.major_matter_send_opinion(actor=other_officer, matter=matter, content="x")


# --- reminders -----------------------------------------------------------------------------------


def test_feedback_reminders_once_and_overdue_escalation(
    matter, staff, officer, meeting, committee, committee_user, django_capture_on_commit_callbacks
):
    matter = _with_opinion(matter, staff, meeting, committee=committee)  # due 2026-10-08
    Notification.objects.filter(recipient=officer).delete()
    first, again = send_daily_reminders("2026-09-24"), send_daily_reminders("2026-09-24")
    assert (first["reminders"], again["reminders"]) == (1, 0)
    key = f"supervision.major_matter_feedback_due:{matter.pk}:2026-10-08:10"
    assert list(Notification.objects.filter(recipient=officer).values_list("key", flat=True)) == [key]
    send_daily_reminders("2026-10-09")
    overdue = f"supervision.major_matter_feedback_due:{matter.pk}:overdue:2026-10-08"
    assert Notification.objects.filter(recipient=officer, key=overdue).exists()
    assert Notification.objects.filter(recipient=committee_user, key=overdue).exists()
    services.major_matter_feed_back(actor=officer, matter=matter, content="已反馈")
    assert send_daily_reminders("2026-10-10") == {"reminders": 0, "overdue": 0, "digest": 0}


# --- API -----------------------------------------------------------------------------------------


def test_api_register_and_steps(api_client, officer, other_officer, staff, unit, item, meeting, deputy_user):
    body = {
        "unit": unit.pk,
        "list_item": item.pk,
        "title": "学校布局调整规划",
        "reporter": "副区长",
        "content": "报告内容",
        "planned_decision_date": "2099-01-01",
    }
    api_client.force_authenticate(deputy_user)
    assert api_client.post(f"{BASE}/", body, format="json").status_code == 403
    api_client.force_authenticate(officer)
    bad = api_client.post(f"{BASE}/", {**body, "planned_decision_date": "2020-01-01"}, format="json")
    assert bad.status_code == 400 and "planned_decision_date" in bad.data
    missing = api_client.post(f"{BASE}/", {**body, "title": ""}, format="json")
    assert missing.status_code == 400 and missing.data["title"] == ["请填写事项名称。"]
    created = api_client.post(f"{BASE}/", body, format="json")
    assert created.status_code == 201 and created.data["state"] == "registered"
    pk = created.data["id"]
    assert api_client.post(f"{BASE}/{pk}/opinion/", {"content": "x"}, format="json").status_code == 403
    api_client.force_authenticate(other_officer)
    assert api_client.get(f"{BASE}/{pk}/").status_code == 404
    assert api_client.post(f"{BASE}/{pk}/feedback/", {"content": "x"}, format="json").status_code == 404
    assert api_client.get(f"{BASE}/").data["count"] == 0
    api_client.force_authenticate(staff)
    assert api_client.post(f"{BASE}/{pk}/opinion/", {"content": "x"}, format="json").status_code == 409
    scheduled = api_client.post(f"{BASE}/{pk}/schedule/", {"meeting": meeting.pk}, format="json")
    assert scheduled.status_code == 200 and scheduled.data["state"] == "scheduled"
    opinion = api_client.post(f"{BASE}/{pk}/opinion/", {"content": "审议意见"}, format="json")
    assert opinion.status_code == 200 and opinion.data["feedback_due"]
    api_client.force_authenticate(officer)
    assert api_client.post(f"{BASE}/{pk}/feedback/", {"content": ""}, format="json").status_code == 400
    assert api_client.post(f"{BASE}/{pk}/feedback/", {"content": "已采纳"}, format="json").status_code == 200
    api_client.force_authenticate(None)
    assert api_client.get("/api/v1/public/supervision/major-matters/").data["count"] == 0
    api_client.force_authenticate(staff)
    assert api_client.post(f"{BASE}/{pk}/conclude/", {}, format="json").data["state"] == "concluded"
    api_client.force_authenticate(None)
    public = api_client.get("/api/v1/public/supervision/major-matters/").data
    assert [row["id"] for row in public["results"]] == [pk]
    assert "withhold_reason" not in public["results"][0] and public["results"][0]["feedback"] == "已采纳"
    lists = api_client.get("/api/v1/public/supervision/major-matter-lists/").data["results"]
    assert [row["year"] for row in lists] == [2026] and len(lists[0]["items"]) == 2


# --- pages ---------------------------------------------------------------------------------------


def test_the_officer_registers_in_the_portal_and_keeps_input_on_errors(
    client, officer, unit, item, staff, meeting
):
    client.force_login(officer)
    listing = client.get(reverse("portal:supervision-major-matter-list"))
    assert listing.status_code == 200 and "学校布局调整规划" in listing.content.decode()  # to report
    url = reverse("portal:supervision-major-matter-new")
    assert client.get(f"{url}?item={item.pk}").status_code == 200
    data = {
        "unit": unit.pk,
        "list_item": item.pk,
        "title": "学校布局调整规划",
        "reporter": "副区长",
        "planned_decision_date": "2020-01-01",
        "content": "我的报告正文",
    }
    bad = client.post(url, data)
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "拟决策时间须晚于今天" in html and "我的报告正文" in html
    done = client.post(url, {**data, "planned_decision_date": "2099-01-01"})
    matter = MajorMatter.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse(
        "portal:supervision-major-matter", args=[matter.pk]
    )
    _with_opinion(matter, staff, meeting)
    inbox = client.get(reverse("portal:supervision-inbox")).content.decode()
    assert (
        "学校布局调整规划" in inbox and reverse("portal:supervision-major-matter", args=[matter.pk]) in inbox
    )
    page = client.get(reverse("portal:supervision-major-matter", args=[matter.pk]))
    assert 'id="feedback"' in page.content.decode()
    feedback_url = reverse("portal:supervision-major-matter-feedback", args=[matter.pk])
    assert client.post(feedback_url, {"content": ""}).status_code == 400
    assert client.post(feedback_url, {"content": "已采纳审议意见"}).status_code == 302
    assert MajorMatter.objects.get().state == M.FEEDBACK_RECEIVED


def test_others_get_404_in_the_portal(client, matter, other_officer, deputy_user):
    for user in (other_officer, deputy_user):
        client.force_login(user)
        assert client.get(reverse("portal:supervision-major-matter", args=[matter.pk])).status_code == 404
    client.force_login(deputy_user)
    assert client.get(reverse("portal:supervision-major-matter-list")).status_code == 404
    assert client.get(reverse("portal:supervision-major-matter-new")).status_code == 404


def test_public_pages(client, matter, staff, meeting, item, officer, django_assert_max_num_queries):
    assert client.get(reverse("public:supervision-major-matters")).status_code == 302
    year_url = reverse("public:supervision-major-matter-year", args=[2026])
    html = client.get(year_url).content.decode()
    assert "学校布局调整规划" in html and "已报告，办理中" in html
    detail = reverse("public:supervision-major-matter", args=[2026, matter.pk])
    assert client.get(detail).status_code == 404  # not concluded yet
    matter = _with_opinion(matter, staff, meeting)
    matter = services.major_matter_feed_back(actor=officer, matter=matter, content="采纳情况")
    services.major_matter_conclude(actor=staff, matter=matter)
    page = client.get(detail).content.decode()
    assert "审议意见" in page and "采纳情况" in page
    assert client.get(reverse("public:supervision-major-matter-year", args=[2031])).status_code == 404
    with django_assert_max_num_queries(12) as few:
        client.get(year_url)
    for i in range(8):
        services.major_matter_list_add_item(
            actor=staff, matter_list=item.matter_list, topic=f"事项{i}", unit=item.unit, reason="增列"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(year_url)


def test_admin_steps_are_buttons(client, staff, matter, meeting):
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    client.force_login(staff)
    change = client.get(reverse("admin:supervision_majormatter_change", args=[matter.pk]))
    assert [step["name"] for step in change.context["workflow_steps"]] == ["return", "take_note", "schedule"]
    assert 'class="workflow-steps"' in change.content.decode()
    step = reverse("admin:supervision_majormatter_step", args=[matter.pk, "schedule"])
    assert client.post(step, {}).status_code == 200  # the form again, with its error
    client.post(step, {"meeting": meeting.pk})
    assert MajorMatter.objects.get().state == M.SCHEDULED
    lists = client.get(reverse("admin:supervision_majormatterlist_change", args=[matter.matter_list.pk]))
    assert [step["name"] for step in lists.context["workflow_steps"]] == ["add_item", "drop_item"]
    assert client.get(reverse("admin:supervision_majormatter_changelist")).status_code == 200
    assert MajorMatterList.objects.count() == 1
