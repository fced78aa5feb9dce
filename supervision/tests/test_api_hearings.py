"""The hearing's steps after publishing through the API (staff): the sign-ups with the balanced
proposal, select (balanced, with a reason), hold, record speeches, conclude with the report
and uptake, cancel — each 400 on bad input in Chinese, 403 for a member (who reads but does not
act), 404 for a unit officer or an unknown id, 409 in the wrong state."""

import datetime as dt

import pytest
from django.utils import timezone

from supervision import services
from supervision.models_hearings import PublicHearing

pytestmark = pytest.mark.django_db
NOW = timezone.now()
BASE = "/api/v1/supervision/hearings"


@pytest.fixture
def closed(staff):
    """A published hearing with six sign-ups whose window has just closed."""
    hearing = services.hearing_create(
        actor=staff,
        kind=PublicHearing.Kind.TOPIC,
        title="老旧小区加装电梯专项议题听证",
        starts_at=NOW + dt.timedelta(days=20),
        location="区人大常委会第一会议室",
        seats=2,
        signup_opens=NOW - dt.timedelta(days=1),
        signup_closes=NOW + dt.timedelta(days=10),
    )
    services.hearing_publish(actor=staff, hearing=hearing)
    for n, stance in enumerate(["support", "support", "support", "oppose", "oppose", "other"]):
        services.hearing_signup_create(
            hearing=hearing,
            name=f"张三{n}",
            mobile=f"1380000{n:04d}",
            stance=stance,
            statement="意见",
            address=f"10.0.0.{n}",
        )
    # the window closes (the date, not the state: the selection is what the API does)
    PublicHearing.objects.filter(pk=hearing.pk).update(signup_closes=NOW - dt.timedelta(minutes=1))
    hearing.refresh_from_db()
    return hearing


def test_signups_with_the_proposal(api_client, staff, member, officer, closed):
    api_client.force_authenticate(member)
    listed = api_client.get(f"{BASE}/{closed.pk}/signups/")
    assert listed.status_code == 200 and len(listed.data) == 6
    assert "mobile" not in listed.data[0] and "13800000000" not in str(listed.data)
    proposed = [row for row in listed.data if row["proposed"]]
    assert sorted(row["stance"] for row in proposed) == ["oppose", "support"]
    api_client.force_authenticate(officer)
    assert api_client.get(f"{BASE}/{closed.pk}/signups/").status_code == 404


def test_the_whole_record_through_the_api(api_client, staff, closed):
    api_client.force_authenticate(staff)
    rows = api_client.get(f"{BASE}/{closed.pk}/signups/").data
    proposed = [row["id"] for row in rows if row["proposed"]]
    supporters = [row["id"] for row in rows if row["stance"] == "support"]
    # 409 before the step's state, 400 on bad input, then done
    assert api_client.post(f"{BASE}/{closed.pk}/hold/", {}, format="json").status_code == 409
    unbalanced = api_client.post(
        f"{BASE}/{closed.pk}/select/", {"selected": supporters[:2], "reason": "先报先选"}, format="json"
    )
    assert unbalanced.status_code == 400 and "selected" in unbalanced.data
    no_reason = api_client.post(f"{BASE}/{closed.pk}/select/", {"selected": proposed}, format="json")
    assert no_reason.status_code == 400 and no_reason.data["reason"] == [
        "请填写遴选说明（遴选的依据和过程）。"
    ]
    junk = api_client.post(f"{BASE}/{closed.pk}/select/", {"selected": "x", "reason": "r"}, format="json")
    assert junk.status_code == 400 and "selected" in junk.data
    selected = api_client.post(
        f"{BASE}/{closed.pk}/select/", {"selected": proposed, "reason": "支持、反对各一人"}, format="json"
    )
    assert selected.status_code == 200, selected.data
    assert selected.data["state"] == "selected" and selected.data["selection_reason"] == "支持、反对各一人"
    again = api_client.post(
        f"{BASE}/{closed.pk}/select/", {"selected": proposed, "reason": "r"}, format="json"
    )
    assert again.status_code == 409 and again.data["code"] == "invalid_transition"

    held = api_client.post(f"{BASE}/{closed.pk}/hold/", {"note": "按时举行"}, format="json")
    assert held.status_code == 200 and held.data["state"] == "held" and held.data["held_at"]
    early = api_client.post(
        f"{BASE}/{closed.pk}/conclude/", {"report": "报告", "adoption": "采纳"}, format="json"
    )
    assert early.status_code == 400 and early.data["code"] == "no_record"

    url = f"{BASE}/{closed.pk}/speeches/"
    not_chosen = [row["id"] for row in rows if row["id"] not in proposed][0]
    wrong = api_client.post(url, {"role": "citizen", "signup": not_chosen, "summary": "x"}, format="json")
    assert wrong.status_code == 400 and "signup" in wrong.data
    bad = api_client.post(url, {"role": "nobody", "summary": "", "uptake": "maybe"}, format="json")
    assert bad.status_code == 400 and {"role", "summary", "uptake"} <= set(bad.data)
    missing = api_client.post(url, {"role": "citizen", "signup": 999999, "summary": "x"}, format="json")
    assert missing.status_code == 400 and "signup" in missing.data
    speech = api_client.post(
        url,
        {"role": "citizen", "signup": proposed[0], "summary": "支持加装", "uptake": "adopted"},
        format="json",
    )
    assert speech.status_code == 201, speech.data
    assert (
        speech.data["order"] == 1 and speech.data["speaker"] == "张*" and speech.data["uptake"] == "adopted"
    )
    unit = api_client.post(
        url, {"role": "unit", "speaker": "区房管局", "summary": "介绍补贴政策"}, format="json"
    )
    assert unit.status_code == 201 and unit.data["order"] == 2

    concluded = api_client.post(
        f"{BASE}/{closed.pk}/conclude/", {"report": "听证报告全文", "adoption": "意见已采纳"}, format="json"
    )
    assert concluded.status_code == 200 and concluded.data["state"] == "concluded"
    assert concluded.data["report"] == "听证报告全文"
    public = api_client.get(f"/api/v1/public/hearings/{closed.pk}/").data
    assert [row["summary"] for row in public["record"]] == ["支持加装", "介绍补贴政策"]
    assert api_client.post(f"{BASE}/{closed.pk}/cancel/", {"reason": "x"}, format="json").status_code == 409


def test_walls_member_403_officer_404_unknown_404(api_client, member, officer, closed):
    steps = {
        "select": {"selected": [], "reason": "r"},
        "hold": {},
        "speeches": {"role": "unit", "speaker": "x", "summary": "x"},
        "conclude": {"report": "r", "adoption": "a"},
        "cancel": {"reason": "r"},
    }
    api_client.force_authenticate(member)
    for step, body in steps.items():
        denied = api_client.post(f"{BASE}/{closed.pk}/{step}/", body, format="json")
        assert denied.status_code == 403 and denied.data["code"] == "not_staff", step
        # whatever the body: the right is checked before the input
        assert api_client.post(f"{BASE}/{closed.pk}/{step}/", {}, format="json").status_code == 403
        assert api_client.post(f"{BASE}/999999/{step}/", body, format="json").status_code == 404
    api_client.force_authenticate(officer)
    for step, body in steps.items():
        assert api_client.post(f"{BASE}/{closed.pk}/{step}/", body, format="json").status_code == 404


def test_cancel_needs_a_reason(api_client, staff, closed):
    api_client.force_authenticate(staff)
    blank = api_client.post(f"{BASE}/{closed.pk}/cancel/", {"reason": " "}, format="json")
    assert blank.status_code == 400 and blank.data["reason"] == ["请说明取消原因。"]
    done = api_client.post(f"{BASE}/{closed.pk}/cancel/", {"reason": "场地调整"}, format="json")
    assert done.status_code == 200 and done.data["state"] == "cancelled"
