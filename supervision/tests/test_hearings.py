"""Public hearings (听证): the notice drafted and published by staff only; anonymous sign-up
inside the window only, once per mobile, within the per-address limit, with Chinese field
messages; selection balanced by stance with a reason and every sign-up told; the record and
the report; the API contract of issue 12; public privacy (no mobile, names masked unless
agreed)."""

import datetime as dt

import pytest
from django.utils import timezone

from congress.exceptions import ApplicationError, InvalidTransition, PermissionDeniedError
from congress.models import Organization, Rule
from congress.privacy import mask_name
from congress.tests.factories import OrganizationFactory
from supervision import services
from supervision.models_hearings import HearingSignup, HearingSpeech, PublicHearing
from supervision.services.hearings import TooManySignups, selection_imbalance, selection_proposal

pytestmark = pytest.mark.django_db
H = PublicHearing.State
S = HearingSignup.State
NOW = timezone.now()


def _notice(**overrides):
    values = {
        "kind": PublicHearing.Kind.TOPIC,
        "title": "老旧小区加装电梯专项议题听证",
        "starts_at": NOW + dt.timedelta(days=20),
        "location": "区人大常委会第一会议室",
        "seats": 4,
        "signup_opens": NOW - dt.timedelta(days=1),
        "signup_closes": NOW + dt.timedelta(days=10),
    }
    return {**values, **overrides}


@pytest.fixture
def hearing(staff):
    return services.hearing_create(actor=staff, **_notice())


@pytest.fixture
def published(hearing, staff):
    return services.hearing_publish(actor=staff, hearing=hearing)


@pytest.fixture
def street(db):
    return OrganizationFactory(name="徐家汇街道", kind=Organization.Kind.STREET)


def _signup(hearing, n, stance="support", **kw):
    values = {
        "name": f"张三{n}",
        "mobile": f"1380000{n:04d}",
        "stance": stance,
        "statement": "希望加快审批。",
        "address": f"10.0.0.{n % 250}",
    }
    return services.hearing_signup_create(hearing=hearing, **{**values, **kw})


# --- the notice ----------------------------------------------------------------------------------


def test_only_staff_draft_and_publish(hearing, officer, deputy_user, staff):
    with pytest.raises(PermissionDeniedError):
        services.hearing_create(actor=officer, **_notice())
    with pytest.raises(PermissionDeniedError):
        services.hearing_publish(actor=deputy_user, hearing=hearing)
    assert hearing.state == H.DRAFTED
    published = services.hearing_publish(actor=staff, hearing=hearing)
    assert published.state == H.PUBLISHED and published.published_at
    with pytest.raises(InvalidTransition):
        services.hearing_publish(actor=staff, hearing=published)


def test_notice_fields_checked_in_chinese(staff):
    with pytest.raises(ApplicationError) as err:
        services.hearing_create(
            actor=staff,
            **_notice(
                kind="x",
                title="",
                seats=0,
                signup_closes=NOW - dt.timedelta(days=2),
                starts_at=NOW - dt.timedelta(days=3),
            ),
        )
    extra = err.value.extra
    assert {"kind", "title", "seats", "signup_closes"} <= set(extra)
    assert "报名截止时间" in str(extra["signup_closes"][0])
    with pytest.raises(ApplicationError) as err:
        services.hearing_create(actor=staff, **_notice(kind=PublicHearing.Kind.NORMATIVE))
    assert "draft_title" in err.value.extra
    compound = services.hearing_create(
        actor=staff, **_notice(compound=True, draft_title="关于加装电梯的若干规定（草案）")
    )
    assert "联动" in compound.kind_label


def test_publish_refuses_a_window_already_past(staff):
    past = services.hearing_create(
        actor=staff,
        **_notice(signup_opens=NOW - dt.timedelta(days=5), signup_closes=NOW - dt.timedelta(days=1)),
    )
    with pytest.raises(ApplicationError) as err:
        services.hearing_publish(actor=staff, hearing=past)
    assert err.value.code == "window_past"


def test_published_window_only_extends(published, staff):
    with pytest.raises(ApplicationError):
        services.hearing_update(actor=staff, hearing=published, signup_closes=NOW + dt.timedelta(days=5))
    later = services.hearing_update(actor=staff, hearing=published, signup_closes=NOW + dt.timedelta(days=12))
    assert later.signup_closes == NOW + dt.timedelta(days=12)
    assert later.events.filter(action="edit").exists()


# --- sign-up -------------------------------------------------------------------------------------


def test_signup_gives_a_receipt(published, street):
    signup = _signup(published, 1, street=street, show_name=True)
    assert signup.receipt.startswith("TZ") and len(signup.receipt) == 12
    assert signup.state == S.PENDING
    assert signup.events.get().action == "signup_create"


def test_signup_only_inside_the_window(hearing, staff):
    with pytest.raises(ApplicationError) as err:  # drafted: not open
        _signup(hearing, 1)
    assert err.value.code == "outside_window"
    services.hearing_publish(actor=staff, hearing=hearing)
    with pytest.raises(ApplicationError) as err:
        _signup(hearing, 1, now=NOW - dt.timedelta(days=2))
    assert "尚未开始" in str(err.value.message)
    with pytest.raises(ApplicationError) as err:
        _signup(hearing, 1, now=NOW + dt.timedelta(days=10))  # closes is exclusive
    assert "已截止" in str(err.value.message)
    assert _signup(hearing, 1, now=NOW + dt.timedelta(days=9)).pk


def test_same_mobile_twice_refused(published):
    _signup(published, 1)
    with pytest.raises(ApplicationError) as err:
        _signup(published, 1, name="李四", mobile="138-0000-0001")
    assert err.value.code == "duplicate_mobile"
    assert "重复报名" in str(err.value.extra["mobile"][0])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("mobile", "12345", "11位手机号码"),
        ("mobile", "", "请填写手机号码"),
        ("name", "  ", "请填写姓名"),
        ("stance", "", "请选择您的观点"),
        ("stance", "maybe", "观点只能是"),
        ("statement", "", "陈述要点"),
        ("statement", "长" * 501, "不能超过500字"),
    ],
)
def test_bad_input_refused_with_chinese_messages(published, field, value, message):
    with pytest.raises(ApplicationError) as err:
        _signup(published, 1, **{field: value})
    assert message in str(err.value.extra[field][0])


def test_signups_per_address_limited_by_rule(published):
    Rule.objects.update_or_create(key="supervision.hearing_signups_per_address", defaults={"value": 2})
    _signup(published, 1, address="1.2.3.4")
    _signup(published, 2, address="1.2.3.4")
    with pytest.raises(TooManySignups):
        _signup(published, 3, address="1.2.3.4")
    assert _signup(published, 4, address="5.6.7.8").pk
    assert not HearingSignup.objects.filter(address_digest__contains="1.2.3.4").exists()


# --- selection -----------------------------------------------------------------------------------


@pytest.fixture
def crowd(published):
    """Five in support, two against, one other, signed up in that order."""
    rows = [_signup(published, n, "support") for n in range(1, 6)]
    rows += [_signup(published, n, "oppose") for n in range(6, 8)]
    rows += [_signup(published, 8, "other")]
    return rows


def test_proposal_balances_stances(published, crowd):
    proposal = selection_proposal(published)
    chosen = [s for s in crowd if s.pk in proposal]
    assert len(chosen) == published.seats == 4
    assert [s.stance for s in chosen].count("support") == 2
    assert [s.stance for s in chosen].count("oppose") == 1
    assert [s.stance for s in chosen].count("other") == 1
    assert selection_imbalance(chosen, crowd) == ""


def test_selection_waits_for_the_window_and_needs_a_reason(published, crowd, staff):
    with pytest.raises(ApplicationError) as err:
        services.hearing_select(actor=staff, hearing=published, selected=[crowd[0]], reason="按规则")
    assert err.value.code == "window_open"
    after = NOW + dt.timedelta(days=11)
    with pytest.raises(ApplicationError) as err:
        services.hearing_select(actor=staff, hearing=published, selected=[crowd[0]], reason="", now=after)
    assert "reason" in err.value.extra


def test_unbalanced_or_too_many_refused(published, crowd, staff, officer):
    after = NOW + dt.timedelta(days=11)
    supporters = [s for s in crowd if s.stance == "support"]
    with pytest.raises(ApplicationError) as err:
        services.hearing_select(
            actor=staff, hearing=published, selected=supporters[:3], reason="x", now=after
        )
    assert err.value.code == "unbalanced"
    with pytest.raises(ApplicationError) as err:
        services.hearing_select(actor=staff, hearing=published, selected=crowd[:5], reason="x", now=after)
    assert err.value.code == "too_many"
    with pytest.raises(PermissionDeniedError):
        services.hearing_select(actor=officer, hearing=published, selected=[], reason="x", now=after)


def test_selection_tells_everyone(published, crowd, staff):
    after = NOW + dt.timedelta(days=11)
    proposal = selection_proposal(published)
    hearing = services.hearing_select(
        actor=staff, hearing=published, selected=proposal, reason="按观点均衡、报名先后遴选", now=after
    )
    assert hearing.state == H.SELECTED and hearing.selection_reason
    rows = {s.pk: s for s in HearingSignup.objects.filter(hearing=hearing)}
    assert {pk for pk, s in rows.items() if s.state == S.SELECTED} == set(proposal)
    assert all(s.state == S.NOT_SELECTED for pk, s in rows.items() if pk not in proposal)
    assert all(s.notice and s.notified_at for s in rows.values())
    assert "陈述人" in rows[proposal[0]].notice
    assert hearing.events.filter(action="signup_select").count() == 4
    assert hearing.events.filter(action="signup_reject").count() == 4


# --- the hearing, its record and report ----------------------------------------------------------


def _selected(published, staff):
    consenting = _signup(published, 1, "support", show_name=True, name="王小明")
    private = _signup(published, 2, "oppose", name="赵敏")
    services.hearing_select(
        actor=staff,
        hearing=published,
        selected=[consenting, private],
        reason="均衡",
        now=NOW + dt.timedelta(days=11),
    )
    consenting.refresh_from_db()
    private.refresh_from_db()
    return consenting, private


def test_record_report_and_uptake(published, staff):
    consenting, private = _selected(published, staff)
    with pytest.raises(InvalidTransition):
        services.hearing_speech_add(
            actor=staff, hearing=published, role="unit", speaker="区建管委", summary="x"
        )
    services.hearing_hold(actor=staff, hearing=published)
    with pytest.raises(ApplicationError) as err:
        services.hearing_conclude(actor=staff, hearing=published, report="报告", adoption="采纳")
    assert err.value.code == "no_record"
    speech = services.hearing_speech_add(
        actor=staff,
        hearing=published,
        role="citizen",
        signup=private,
        summary="担心低层住户利益",
        uptake="partly",
    )
    assert speech.speaker == "赵*" and speech.stance == "oppose"
    services.hearing_speech_add(
        actor=staff, hearing=published, role="unit", speaker="区住房保障和房屋管理局", summary="介绍补贴政策"
    )
    with pytest.raises(ApplicationError):
        services.hearing_speech_add(actor=staff, hearing=published, role="citizen", signup=None, summary="x")
    done = services.hearing_conclude(
        actor=staff, hearing=published, report="听证会听取了各方意见。", adoption="低层住户补偿意见已采纳。"
    )
    assert done.state == H.CONCLUDED and done.concluded_at
    assert list(HearingSpeech.objects.filter(hearing=done).values_list("order", flat=True)) == [1, 2]


def test_cancel_needs_a_reason(published, staff):
    with pytest.raises(ApplicationError):
        services.hearing_cancel(actor=staff, hearing=published, reason=" ")
    cancelled = services.hearing_cancel(actor=staff, hearing=published, reason="场地调整，另行通知")
    assert cancelled.state == H.CANCELLED


def test_mask_name():
    assert mask_name("张三丰") == "张*"
    assert mask_name("") == ""


# --- the API contract ----------------------------------------------------------------------------


BODY = {
    "kind": "budget",
    "title": "2027年区级预算草案听证",
    "location": "区人大常委会第一会议室",
    "seats": 6,
}


def _body():
    return {
        **BODY,
        "starts_at": (NOW + dt.timedelta(days=20)).isoformat(),
        "signup_opens": (NOW - dt.timedelta(hours=1)).isoformat(),
        "signup_closes": (NOW + dt.timedelta(days=10)).isoformat(),
    }


def test_api_staff_create_and_publish(api_client, staff, officer):
    api_client.force_authenticate(officer)
    denied = api_client.post("/api/v1/supervision/hearings/", _body(), format="json")
    assert denied.status_code == 403
    api_client.force_authenticate(staff)
    bad = api_client.post(
        "/api/v1/supervision/hearings/", {**_body(), "kind": "x", "seats": None}, format="json"
    )
    assert bad.status_code == 400 and "kind" in bad.data and "seats" in bad.data
    created = api_client.post("/api/v1/supervision/hearings/", _body(), format="json")
    assert created.status_code == 201, created.data
    assert created.data["state"] == "drafted" and created.data["kind"] == "budget"
    pk = created.data["id"]
    assert api_client.get("/api/v1/public/hearings/").data["results"] == [] or all(
        row["id"] != pk for row in api_client.get("/api/v1/public/hearings/").data["results"]
    )
    published = api_client.post(f"/api/v1/supervision/hearings/{pk}/publish/")
    assert published.status_code == 200 and published.data["state"] == "published"
    again = api_client.post(f"/api/v1/supervision/hearings/{pk}/publish/")
    assert again.status_code == 409 and again.data["code"] == "invalid_transition"
    api_client.force_authenticate(officer)
    assert api_client.post(f"/api/v1/supervision/hearings/{pk}/publish/").status_code == 404
    assert api_client.post("/api/v1/supervision/hearings/999999/publish/").status_code in (403, 404)


def test_api_public_signup_and_receipt(api_client, published, hearing):
    listed = api_client.get("/api/v1/public/hearings/")
    assert listed.status_code == 200
    row = listed.data["results"][0]
    assert row["id"] == published.pk and row["signup_open"] is True
    url = f"/api/v1/public/hearings/{published.pk}/signups/"
    body = {"name": "钱多多", "mobile": "13900001111", "stance": "oppose", "statement": "费用分摊不合理。"}
    created = api_client.post(url, body, format="json")
    assert created.status_code == 201 and set(created.data) == {"receipt"}
    receipt = created.data["receipt"]
    twice = api_client.post(url, {**body, "name": "孙"}, format="json")
    assert twice.status_code == 400 and "重复报名" in twice.data["mobile"][0]
    missing = api_client.post(
        url, {"name": "周", "mobile": "13900002222", "stance": "support"}, format="json"
    )
    assert missing.status_code == 400 and "statement" in missing.data
    invalid = api_client.post(url, {**body, "mobile": "0211234567"}, format="json")
    assert invalid.status_code == 400 and "手机号码" in invalid.data["mobile"][0]
    status = api_client.get(f"/api/v1/public/hearings/signups/{receipt}/")
    assert status.status_code == 200
    assert status.data["status"] == "pending" and status.data["name"] == "钱*"
    assert "13900001111" not in str(status.data) and "mobile" not in status.data
    assert api_client.get("/api/v1/public/hearings/signups/TZNOPE/").status_code == 404


def test_api_signup_outside_window_400_and_drafted_404(api_client, staff):
    drafted = services.hearing_create(actor=staff, **_notice())
    body = {"name": "钱多多", "mobile": "13900001111", "stance": "oppose", "statement": "x"}
    assert (
        api_client.post(f"/api/v1/public/hearings/{drafted.pk}/signups/", body, format="json").status_code
        == 404
    )
    later = services.hearing_create(
        actor=staff,
        **_notice(signup_opens=NOW + dt.timedelta(days=2), signup_closes=NOW + dt.timedelta(days=5)),
    )
    services.hearing_publish(actor=staff, hearing=later)
    early = api_client.post(f"/api/v1/public/hearings/{later.pk}/signups/", body, format="json")
    assert early.status_code == 400 and "报名尚未开始" in early.data["detail"]


def test_api_public_detail_masks_names(api_client, published, staff):
    consenting, private = _selected(published, staff)
    detail = api_client.get(f"/api/v1/public/hearings/{published.pk}/")
    assert detail.status_code == 200
    names = {p["name"] for p in detail.data["participants"]}
    assert names == {"王小明", "赵*"}
    text = str(detail.data)
    assert private.mobile not in text and consenting.mobile not in text and "赵敏" not in text
