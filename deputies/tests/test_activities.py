"""Activities and training (seed 十四): the waiting list and its promotion in order, the cut-off
(a rule), QR check-in, walls and bad input through the API."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from congress import roles
from congress.exceptions import ApplicationError, InvalidTransition, PermissionDeniedError
from congress.models import Notification, Rule
from congress.tests.factories import UserFactory
from deputies import services_activities as services
from deputies.models_activities import Activity, ActivityEvent, ActivitySignup
from deputies.tests.factories import DeputyFactory, activity_published

S = ActivitySignup.State
pytestmark = pytest.mark.django_db


@pytest.fixture
def deputies(term):
    return [DeputyFactory(term=term, with_user=True) for _ in range(4)]


def test_waiting_list_and_promotion_in_order(staff, deputies):
    # given an activity with two places
    activity = activity_published(staff=staff, capacity=2)
    # when four deputies sign up
    signups = [services.activity_sign_up(actor=d.user, activity=activity) for d in deputies]
    # then two hold places and two wait, in order
    assert [s.state for s in signups] == [S.REGISTERED, S.REGISTERED, S.WAITLISTED, S.WAITLISTED]
    # when the first cancels, the first on the waiting list takes the place
    services.signup_cancel(actor=deputies[0].user, signup=signups[0])
    states = {s.pk: s.state for s in ActivitySignup.objects.all()}
    assert states[signups[2].pk] == S.REGISTERED
    assert states[signups[3].pk] == S.WAITLISTED
    assert Notification.objects.filter(recipient=deputies[2].user, key__endswith=":promoted").exists()
    assert ActivityEvent.objects.filter(signup=signups[2], action="signup_promote").exists()
    # a cancelled deputy signs up again at the end of the queue
    again = services.activity_sign_up(actor=deputies[0].user, activity=activity)
    assert again.state == S.WAITLISTED


def test_more_places_promote_and_fewer_than_taken_is_refused(staff, deputies):
    activity = activity_published(staff=staff, capacity=1)
    signups = [services.activity_sign_up(actor=d.user, activity=activity) for d in deputies[:3]]
    services.activity_update(actor=staff, activity=activity, capacity=2)
    assert ActivitySignup.objects.get(pk=signups[1].pk).state == S.REGISTERED
    with pytest.raises(ApplicationError) as exc:
        services.activity_update(actor=staff, activity=activity, capacity=1)
    assert exc.value.code == "below_registered"


def test_cut_off_is_a_rule(staff, deputies):
    activity = activity_published(staff=staff, capacity=5, starts_in_hours=30)
    signup = services.activity_sign_up(actor=deputies[0].user, activity=activity)
    # default 24 h: 30 h before the start a deputy still cancels…
    Rule.objects.update_or_create(key="deputies.activity_cancel_cutoff_hours", defaults={"value": 48})
    # …but with the rule at 48 h the cut-off has passed
    with pytest.raises(ApplicationError) as exc:
        services.signup_cancel(actor=deputies[0].user, signup=signup)
    assert exc.value.code == "cutoff_passed" and exc.value.status_code == 409
    # staff still cancel for the deputy, and record leave instead after the cut-off
    other = services.activity_sign_up(actor=deputies[1].user, activity=activity)
    excused = services.signup_excuse(actor=staff, signup=other, note="出差")
    assert excused.state == S.EXCUSED
    Rule.objects.update_or_create(key="deputies.activity_cancel_cutoff_hours", defaults={"value": 24})
    assert services.signup_cancel(actor=deputies[0].user, signup=signup).state == S.CANCELLED


def test_only_own_sign_up_cancelled_and_only_deputies_sign_up(staff, deputies, officer):
    activity = activity_published(staff=staff)
    signup = services.activity_sign_up(actor=deputies[0].user, activity=activity)
    with pytest.raises(PermissionDeniedError):
        services.signup_cancel(actor=deputies[1].user, signup=signup)
    with pytest.raises(PermissionDeniedError):
        services.activity_sign_up(actor=officer, activity=activity)
    with pytest.raises(ApplicationError) as exc:
        services.activity_sign_up(actor=deputies[0].user, activity=activity)
    assert exc.value.code == "already_signed_up"


def test_check_in_window_close_and_absence(staff, deputies):
    activity = activity_published(staff=staff, capacity=3, starts_in_hours=5)
    here = services.activity_sign_up(actor=deputies[0].user, activity=activity)
    away = services.activity_sign_up(actor=deputies[1].user, activity=activity)
    with pytest.raises(ApplicationError) as exc:
        services.signup_check_in(actor=deputies[0].user, activity=activity)
    assert exc.value.code == "check_in_not_open"
    at_start = activity.starts_at + dt.timedelta(minutes=5)
    assert (
        services.signup_check_in(actor=deputies[0].user, activity=activity, now=at_start).state == S.ATTENDED
    )
    with pytest.raises(ApplicationError):
        services.signup_check_in(actor=deputies[2].user, activity=activity, now=at_start)
    Activity.objects.filter(pk=activity.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    activity.refresh_from_db()
    services.activity_close(actor=staff, activity=activity)
    assert ActivitySignup.objects.get(pk=away.pk).state == S.ABSENT
    assert ActivitySignup.objects.get(pk=here.pk).state == S.ATTENDED
    with pytest.raises(InvalidTransition):
        services.activity_sign_up(actor=deputies[3].user, activity=activity)


def test_check_in_page_by_signed_token(client, staff, deputies):
    activity = activity_published(staff=staff, starts_in_hours=0.5)
    services.activity_sign_up(actor=deputies[0].user, activity=activity)
    token = services.check_in_token(activity)
    client.force_login(deputies[0].user)
    assert client.get(reverse("portal:activity-check-in", args=[f"{activity.pk}:forged"])).status_code == 404
    url = reverse("portal:activity-check-in", args=[token])
    assert "确认签到" in client.get(url).content.decode()
    client.post(url)
    assert ActivitySignup.objects.get(activity=activity).state == S.ATTENDED
    # staff see the QR page, a deputy does not
    assert client.get(reverse("portal:activity-qr", args=[activity.pk])).status_code == 404
    client.force_login(staff)
    assert client.get(reverse("portal:activity-qr", args=[activity.pk])).status_code == 200


def test_cancelled_activity_ends_sign_ups(staff, deputies):
    activity = activity_published(staff=staff, capacity=1)
    for d in deputies[:2]:
        services.activity_sign_up(actor=d.user, activity=activity)
    with pytest.raises(ApplicationError):
        services.activity_cancel(actor=staff, activity=activity, reason=" ")
    services.activity_cancel(actor=staff, activity=activity, reason="天气原因")
    assert set(ActivitySignup.objects.values_list("state", flat=True)) == {S.CANCELLED}


# --- API ---


def test_api_staff_publish_deputy_sign_up(api_client, staff, deputies):
    starts = (timezone.now() + dt.timedelta(days=3)).isoformat()
    api_client.force_authenticate(deputies[0].user)
    body = {"kind": "training", "title": "履职培训", "starts_at": starts, "capacity": 1}
    assert api_client.post("/api/v1/activities/", body, format="json").status_code == 403
    api_client.force_authenticate(staff)
    created = api_client.post("/api/v1/activities/", body, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    api_client.force_authenticate(deputies[0].user)
    first = api_client.post(f"/api/v1/activities/{pk}/signup/")
    assert first.status_code == 201 and first.json()["status"] == "registered"
    assert api_client.post(f"/api/v1/activities/{pk}/signup/").status_code == 409
    api_client.force_authenticate(deputies[1].user)
    second = api_client.post(f"/api/v1/activities/{pk}/signup/")
    assert second.status_code == 201
    assert second.json()["status"] == "waitlisted" and second.json()["waitlist_position"] == 1
    api_client.force_authenticate(deputies[0].user)
    assert api_client.post(f"/api/v1/activities/{pk}/cancel/").json()["status"] == "cancelled"
    api_client.force_authenticate(deputies[1].user)
    listed = api_client.get("/api/v1/activities/").json()
    assert listed["results"][0]["registered_count"] == 1
    # the roll is for staff only
    assert api_client.get(f"/api/v1/activities/{pk}/signups/").status_code == 404
    api_client.force_authenticate(staff)
    roll = api_client.get(f"/api/v1/activities/{pk}/signups/").json()
    assert {row["status"] for row in roll["results"]} == {"cancelled", "registered"}


@pytest.mark.parametrize(
    "body, field",
    [
        ({"title": "x", "starts_at": "2030-01-01T09:00", "capacity": 2}, "kind"),
        ({"kind": "party", "title": "x", "starts_at": "2030-01-01T09:00", "capacity": 2}, "kind"),
        ({"kind": "research", "starts_at": "2030-01-01T09:00", "capacity": 2}, "title"),
        ({"kind": "research", "title": "x", "starts_at": "tomorrow", "capacity": 2}, "starts_at"),
        ({"kind": "research", "title": "x", "starts_at": "2030-01-01T09:00", "capacity": 0}, "capacity"),
        (
            {
                "kind": "research",
                "title": "x",
                "starts_at": "2030-01-01T09:00",
                "ends_at": "2029-01-01T09:00",
                "capacity": 2,
            },
            "ends_at",
        ),
    ],
)
def test_api_bad_input_is_400_in_chinese(api_client, staff, term, body, field):
    api_client.force_authenticate(staff)
    response = api_client.post("/api/v1/activities/", body, format="json")
    assert response.status_code == 400
    assert field in str(response.json())
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(response.json()))


def test_api_walls(api_client, staff, deputies, term):
    from congress.tests.factories import TermFactory

    other_term = TermFactory(number=16, name="第十六届", start_year=2016, end_year=2021, is_current=False)
    foreign = activity_published(staff=staff, term=other_term)
    api_client.force_authenticate(deputies[0].user)
    assert api_client.post(f"/api/v1/activities/{foreign.pk}/signup/").status_code == 404
    assert api_client.post("/api/v1/activities/999999/signup/").status_code == 404
    api_client.force_authenticate(UserFactory(roles=[roles.MEMBER]))
    own_term = activity_published(staff=staff)
    assert api_client.post(f"/api/v1/activities/{own_term.pk}/signup/").status_code == 404
    api_client.force_authenticate(None)
    assert api_client.get("/api/v1/activities/").status_code in (401, 403)


# --- resource database ---


def test_resource_search_words_and_wall(client, staff, term):
    from deputies.selectors import deputy_resource_search, resource_words

    doctor = DeputyFactory(term=term, occupation="区中心医院副院长", specialty="医疗管理", skills="英语")
    lawyer = DeputyFactory(term=term, occupation="律师事务所合伙人", specialty="法律", sector="professional")
    assert resource_words(" 医、英语，法 ") == ["医", "英语", "法"]
    found = lambda q: set(deputy_resource_search(user=staff, words=resource_words(q), term=term))  # noqa: E731
    assert found("医") == {doctor}
    assert found("医 英语") == {doctor}
    assert found("医 法律") == set()
    assert found("专业技术") == {lawyer}  # the sector's label
    assert lawyer in found(lawyer.group.name[:2])
    # staff only: members and deputies get nothing, the page is 404 for them
    member = UserFactory(roles=[roles.MEMBER])
    assert not deputy_resource_search(user=member, words=["医"]).exists()
    client.force_login(member)
    assert client.get(reverse("portal:deputy-resources")).status_code == 404
    client.force_login(staff)
    page = client.get(reverse("portal:deputy-resources"), {"q": "医"}).content.decode()
    assert doctor.name in page and lawyer.name not in page


def test_invite_picked_deputies(client, staff, term):
    picked = DeputyFactory(term=term, with_user=True, specialty="养老服务")
    activity = activity_published(staff=staff)
    client.force_login(staff)
    client.post(
        reverse("portal:deputy-resources-invite"),
        {"activity": activity.pk, "deputy": [picked.pk], "back": "https://evil.example/"},
    )
    assert Notification.objects.filter(recipient=picked.user, key__endswith=":invited").exists()


def test_api_start_out_of_range_is_400(api_client, staff, term):
    api_client.force_authenticate(staff)
    body = {"kind": "training", "title": "x", "starts_at": "0666-02-21T00:42:53Z", "capacity": 5}
    response = api_client.post("/api/v1/activities/", body, format="json")
    assert response.status_code == 400 and "starts_at" in response.json()
