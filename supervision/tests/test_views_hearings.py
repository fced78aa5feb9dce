"""Public pages of hearings (听证): the notices, a hearing with its sign-up form, the receipt
page by number (no mobile, the name masked unless agreed), the iCalendar file; the admin's
steps; constant queries whatever the number of hearings or sign-ups."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from supervision import services
from supervision.models_hearings import HearingSignup, PublicHearing
from supervision.services.hearings import selection_proposal

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def _create(staff, n=1, **overrides):
    values = {
        "kind": PublicHearing.Kind.BUDGET,
        "title": f"2027年区级预算草案听证（第{n}场）",
        "starts_at": NOW + dt.timedelta(days=20),
        "location": "区人大常委会第一会议室",
        "seats": 3,
        "signup_opens": NOW - dt.timedelta(days=1),
        "signup_closes": NOW + dt.timedelta(days=10),
        "description": "听取公众对预算草案的意见。",
    }
    return services.hearing_create(actor=staff, **{**values, **overrides})


@pytest.fixture
def hearing(staff):
    return services.hearing_publish(actor=staff, hearing=_create(staff))


def _signup(hearing, n, stance="support", **kw):
    return services.hearing_signup_create(
        hearing=hearing,
        name=kw.pop("name", f"李{n}明"),
        mobile=f"1390000{n:04d}",
        stance=stance,
        statement="建议公开项目明细。",
        address=f"10.1.0.{n}",
        **kw,
    )


def test_list_and_detail_show_the_notice(client, hearing, staff):
    drafted = _create(staff, 2)
    listing = client.get(reverse("public:supervision-public-hearing-list")).content.decode()
    assert hearing.title in listing and "报名中" in listing and drafted.title not in listing
    page = client.get(reverse("public:supervision-public-hearing", args=[hearing.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "区人大常委会第一会议室" in html and 'name="mobile"' in html and "遴选规则" in html
    assert client.get(reverse("public:supervision-public-hearing", args=[drafted.pk])).status_code == 404


def test_citizen_signs_up_on_the_page_and_reads_the_receipt(client, hearing):
    url = reverse("public:supervision-public-hearing", args=[hearing.pk])
    body = {"name": "周杰", "mobile": "13912345678", "stance": "oppose", "statement": "反对新增支出。"}
    response = client.post(url, body, follow=True)
    signup = HearingSignup.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "public:supervision-public-hearing-receipt", args=[signup.receipt]
    )
    html = response.content.decode()
    assert signup.receipt in html and "周*" in html and "待遴选" in html
    assert "13912345678" not in html and "周杰" not in html
    again = client.post(url, body)
    assert again.status_code == 400 and "请勿重复报名" in again.content.decode()
    bad = client.post(url, {**body, "mobile": "123", "statement": ""})
    text = bad.content.decode()
    assert bad.status_code == 400 and "11位手机号码" in text and "陈述要点" in text


def test_receipt_lookup_and_unknown_receipt(client, hearing):
    signup = _signup(hearing, 1, show_name=True)
    lookup = client.get(
        reverse("public:supervision-public-hearing-receipt-lookup"), {"receipt": signup.receipt.lower()}
    )
    assert lookup.status_code == 302 and lookup.url.endswith(f"/{signup.receipt}/")
    page = client.get(lookup.url).content.decode()
    assert signup.name in page and signup.mobile not in page  # the citizen agreed to the name
    assert (
        client.get(reverse("public:supervision-public-hearing-receipt", args=["TZXXXX"])).status_code == 404
    )


def test_selection_shown_on_receipt_and_participants_masked(client, hearing, staff):
    rows = [
        _signup(hearing, 1, "support", name="王小明", show_name=True),
        _signup(hearing, 2, "oppose", name="赵敏"),
    ]
    rows.append(_signup(hearing, 3, "oppose", name="钱三"))
    rows.append(_signup(hearing, 4, "support", name="孙四"))
    services.hearing_update(actor=staff, hearing=hearing, seats=2)
    services.hearing_select(
        actor=staff,
        hearing=hearing,
        selected=selection_proposal(PublicHearing.objects.get(pk=hearing.pk)),
        reason="支持、反对各一人",
        now=NOW + dt.timedelta(days=11),
    )
    detail = client.get(reverse("public:supervision-public-hearing", args=[hearing.pk])).content.decode()
    assert "王小明" in detail and "赵*" in detail and "赵敏" not in detail and "钱三" not in detail
    for row in rows:
        assert row.mobile not in detail
    not_selected = client.get(reverse("public:supervision-public-hearing-receipt", args=[rows[2].receipt]))
    html = not_selected.content.decode()
    assert "未被选中" in html and "按公告的遴选规则" in html and "支持、反对各一人" in html


def test_icalendar(client, hearing):
    response = client.get(reverse("public:supervision-public-hearing-ics", args=[hearing.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert "BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai" in text
    local = timezone.localtime(hearing.starts_at).strftime("%Y%m%dT%H%M%S")
    assert f"DTSTART;TZID=Asia/Shanghai:{local}" in text
    assert f"UID:public-hearing-{hearing.pk}@" in text and "END:VEVENT\r\nEND:VCALENDAR\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_ics_folding_keeps_characters_whole():
    from congress.ics import escape, fold

    line = "SUMMARY:" + "听证" * 40
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
    assert escape("a,b;c\nd\\") == "a\\,b\\;c\\nd\\\\"


def test_public_pages_constant_queries(client, staff, django_assert_max_num_queries):
    def make(n_hearings, n_signups):
        for i in range(n_hearings):
            h = services.hearing_publish(actor=staff, hearing=_create(staff, i))
            for j in range(n_signups):
                _signup(h, i * 100 + j)
        return h

    last = make(2, 2)
    url = reverse("public:supervision-public-hearing-list")
    with django_assert_max_num_queries(8):
        client.get(url)
    with django_assert_max_num_queries(8):
        client.get(reverse("public:supervision-public-hearing", args=[last.pk]))
    last = make(6, 5)
    with django_assert_max_num_queries(8):
        client.get(url)
    with django_assert_max_num_queries(8):
        client.get(reverse("public:supervision-public-hearing", args=[last.pk]))


def test_admin_steps(client, staff, hearing):
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    for n, stance in enumerate(["support", "oppose", "other", "support"], start=1):
        _signup(hearing, n, stance)
    change = reverse("admin:supervision_publichearing_change", args=[hearing.pk])
    page = client.get(change)
    assert page.status_code == 200 and "遴选陈述人" in page.content.decode()
    listing = client.get(reverse("admin:supervision_publichearing_changelist"), {"state": "published"})
    assert listing.status_code == 200 and hearing.title in listing.content.decode()
    signups = client.get(reverse("admin:supervision_hearingsignup_changelist"), {"stance": "support"})
    assert signups.status_code == 200


def _closed_with_signups(staff):
    """A hearing whose sign-up window closed yesterday, with 3 for, 1 against."""
    hearing = _create(
        staff,
        9,
        seats=2,
        signup_opens=NOW - dt.timedelta(days=10),
        signup_closes=NOW - dt.timedelta(days=1),
        starts_at=NOW + dt.timedelta(days=5),
    )
    services.hearing_publish(actor=staff, hearing=hearing, now=NOW - dt.timedelta(days=11))
    for n, stance in enumerate(["support", "support", "support", "oppose"], start=1):
        _signup(hearing, n, stance, now=NOW - dt.timedelta(days=5))
    return hearing


def test_admin_add_and_select_step(client, staff):
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    add = reverse("admin:supervision_publichearing_add")
    data = {
        "kind": "normative",
        "title": "街道综合执法规定听证",
        "location": "区政府",
        "seats": "5",
        "starts_at_0": "2030-05-01",
        "starts_at_1": "09:00",
        "signup_opens_0": "2030-04-10",
        "signup_opens_1": "09:00",
        "signup_closes_0": "2030-04-01",
        "signup_closes_1": "09:00",
    }
    page = client.post(add, data)
    html = page.content.decode()
    assert page.status_code == 200 and "报名截止时间应晚于报名开始时间。" in html and "须填写草案名称" in html
    assert (
        client.post(add, {**data, "signup_closes_0": "2030-04-20", "draft_title": "草案"}).status_code == 302
    )
    assert PublicHearing.objects.get(title="街道综合执法规定听证").state == PublicHearing.State.DRAFTED

    hearing = _closed_with_signups(staff)
    step = reverse("admin:supervision_publichearing_step", args=[hearing.pk, "select"])
    form = client.get(step)
    assert form.status_code == 200
    proposed = form.context["form"].initial["selected"]
    supporters = list(hearing.signups.filter(stance="support").values_list("pk", flat=True))
    refused = client.post(step, {"selected": [str(pk) for pk in supporters[:2]], "reason": "先报先选"})
    assert refused.status_code == 200 and "遴选未按观点均衡" in refused.content.decode()
    done = client.post(step, {"selected": proposed, "reason": "支持、反对各一人"}, follow=True)
    assert done.status_code == 200
    hearing.refresh_from_db()
    assert hearing.state == PublicHearing.State.SELECTED
    assert sorted(hearing.signups.filter(state="selected").values_list("stance", flat=True)) == [
        "oppose",
        "support",
    ]


def test_the_sign_up_page_is_never_served_from_the_page_cache(client, hearing, settings):
    """Its form carries the visitor's CSRF token; a closed notice (no form) is cached as usual."""
    from congress import page_cache

    settings.CONGRESS_PAGE_CACHE = True
    url = reverse("public:supervision-public-hearing", args=[hearing.pk])
    client.cookies["csrftoken"] = "x" * 32  # a returning visitor: no new cookie to stop the store
    client.get(url)
    second = client.get(url)
    assert second.headers.get(page_cache.HEADER) != "hit" and "csrfmiddlewaretoken" in second.content.decode()
