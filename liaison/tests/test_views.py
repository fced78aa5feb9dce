"""The public pages (find by street, a station, its calendar, the QR poster, leaving an opinion
and following it) and the portal's pages behind their walls."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from liaison import services
from liaison.models import Opinion
from liaison.tests.conftest import submit
from liaison.tests.factories import ReceptionFactory, StationFactory

pytestmark = pytest.mark.django_db


def test_index_lists_stations_and_receptions_of_a_street(client, station, deputy):
    ReceptionFactory(station=station, deputies=[deputy], topic="接待日主题")
    page = client.get(reverse("public:liaison-index") + f"?street={station.street_id}")
    text = page.content.decode()
    assert page.status_code == 200 and station.name in text and deputy.name in text and "接待日主题" in text


def test_index_queries_stay_constant(client, station, deputy, settings):
    settings.CONGRESS_PAGE_CACHE = False

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("public:liaison-index")).status_code == 200
        return len(ctx.captured_queries)

    for _i in range(2):
        StationFactory(deputies=[deputy])
        ReceptionFactory(station=station, deputies=[deputy])
    count()
    few = count()
    for _i in range(6):
        StationFactory(deputies=[deputy])
        ReceptionFactory(station=station, deputies=[deputy])
    assert count() == few


def test_station_page_ics_and_qr(client, station, deputy):
    ReceptionFactory(station=station, deputies=[deputy])
    assert (
        station.directions
        in client.get(reverse("public:liaison-station", args=[station.pk])).content.decode()
    )
    feed = client.get(reverse("public:liaison-station-ics", args=[station.pk]))
    assert feed["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in feed.content
    assert b"BEGIN:VEVENT" in client.get(reverse("public:liaison-receptions-ics")).content
    qr = client.get(reverse("public:liaison-station-qr", args=[station.pk]))
    assert b"<svg" in qr.content and f"station={station.pk}".encode() in qr.content


def test_citizen_leaves_an_opinion_and_follows_it(client, station, category, worker):
    url = reverse("public:liaison-opinion-new") + f"?station={station.pk}"
    bad = client.post(
        url, {"street": station.street_id, "category": category.pk, "content": "", "mobile": "1"}
    )
    assert bad.status_code == 400 and "请填写反映的内容" in bad.content.decode()
    done = client.post(
        url,
        {
            "station": station.pk,
            "street": station.street_id,
            "category": category.pk,
            "content": "垃圾箱满了",
            "mobile": "13912345678",
        },
    )
    assert done.status_code == 302
    opinion = Opinion.objects.get()
    assert opinion.station == station and opinion.channel == "qr"
    page = client.get(done["Location"])
    assert opinion.receipt in page.content.decode() and "13912345678" not in page.content.decode()
    services.opinion_close(actor=worker, opinion=opinion, result="已清运")
    confirm = client.post(
        reverse("public:liaison-opinion-confirm", args=[opinion.receipt]), {"result": "not_solved"}
    )
    assert confirm.status_code == 302
    opinion.refresh_from_db()
    assert opinion.state == "reopened"


def test_lookup_redirects_by_receipt(client, opinion):
    answer = client.get(reverse("public:liaison-opinion-lookup") + f"?receipt={opinion.receipt.lower()}")
    assert answer.status_code == 302 and opinion.receipt in answer["Location"]


def test_deputy_page_shows_the_next_reception_and_a_way_to_write(client, station, deputy):
    ReceptionFactory(station=station, deputies=[deputy])
    text = client.get(reverse("public:deputy-profile", args=[deputy.pk])).content.decode()
    assert station.name in text and f"?deputy={deputy.pk}" in text


def test_portal_walls(client, station, other_station, category, worker, other_worker, deputy_user):
    mine = submit(station, category)
    theirs = submit(other_station, category)
    client.force_login(worker)
    assert client.get(reverse("portal:liaison-opinion", args=[mine.pk])).status_code == 200
    assert client.get(reverse("portal:liaison-opinion", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("portal:liaison-station", args=[other_station.pk])).status_code == 404
    assert client.get(reverse("portal:liaison-statistics")).status_code == 404
    listed = client.get(reverse("portal:liaison-opinions")).content.decode()
    assert mine.receipt in listed and theirs.receipt not in listed
    client.force_login(deputy_user)
    assert client.get(reverse("portal:liaison-opinion", args=[mine.pk])).status_code == 404


def test_worker_routes_closes_and_keeps_the_schedule(client, station, category, worker, deputy):
    opinion = submit(station, category)
    client.force_login(worker)
    bad = client.post(reverse("portal:liaison-opinion-route", args=[opinion.pk]), {"layer": "department"})
    assert bad.status_code == 400 and "须选择办理的职能部门" in bad.content.decode()
    assert (
        client.post(
            reverse("portal:liaison-opinion-route", args=[opinion.pk]), {"layer": "street"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("portal:liaison-opinion-close", args=[opinion.pk]), {"result": "已处理"}
        ).status_code
        == 302
    )
    opinion.refresh_from_db()
    assert opinion.state == "closed"
    created = client.post(
        reverse("portal:liaison-reception-new", args=[station.pk]),
        {"starts_at": "2099-01-05T09:00", "ends_at": "2099-01-05T11:00", "deputies": [deputy.pk]},
    )
    assert created.status_code == 302 and station.receptions.count() == 1
    wrong = client.post(
        reverse("portal:liaison-reception-new", args=[station.pk]),
        {"starts_at": "2099-01-05T09:00", "ends_at": "2099-01-05T08:00"},
    )
    assert wrong.status_code == 400 and "结束时间应晚于开始时间" in wrong.content.decode()
    recorded = client.post(
        reverse("portal:liaison-record-new", args=[station.pk]),
        {"kind": "archive", "title": "台账", "is_public": "on"},
    )
    assert recorded.status_code == 302 and station.records.count() == 1


def test_worker_records_an_opinion_at_a_reception(client, station, category, worker):
    client.force_login(worker)
    answer = client.post(
        reverse("portal:liaison-opinion-new"),
        {
            "station": station.pk,
            "street": station.street_id,
            "category": category.pk,
            "content": "停车难",
            "mobile": "13912345678",
        },
    )
    assert answer.status_code == 302
    assert Opinion.objects.get().channel == "reception"


def test_statistics_for_staff(client, staff, opinion, worker):
    services.opinion_close(actor=worker, opinion=opinion, result="已答复")
    client.force_login(staff)
    page = client.get(reverse("portal:liaison-statistics"))
    assert page.status_code == 200 and opinion.station.name in page.content.decode()


def test_the_proposal_draft_links_back_to_the_opinion(client, station, category, deputy, deputy_user):
    opinion = submit(station, category, deputy=deputy)
    services.opinion_route(actor=deputy_user, opinion=opinion, layer="suggestion")
    opinion.refresh_from_db()
    client.force_login(deputy_user)
    html = client.get(reverse("portal:proposal-detail", args=[opinion.proposal_id])).content.decode()
    assert opinion.receipt in html and reverse("portal:liaison-opinion", args=[opinion.pk]) in html
    page = client.get(reverse("portal:liaison-opinion", args=[opinion.pk])).content.decode()
    assert reverse("portal:proposal-detail", args=[opinion.proposal_id]) in page


def test_portal_list_and_home_panel_queries_stay_constant(client, station, category, worker):
    client.force_login(worker)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = [reverse("portal:liaison-opinions"), reverse("portal:home")]
    for _i in range(2):
        submit(station, category)
    [count(url) for url in urls]  # warm the caches
    few = [count(url) for url in urls]
    for _i in range(8):
        submit(station, category)
    assert [count(url) for url in urls] == few
    assert "社情民意" in client.get(reverse("portal:home")).content.decode()
