"""The station workers' API: their stations, reception days (list, create, change, cancel) and
the station's file (list, create); another station's are 404; bad input is 400 in Chinese."""

import datetime as dt

import pytest
from django.utils import timezone

from deputies.tests.factories import DeputyFactory
from liaison.models import Reception, StationRecord

pytestmark = pytest.mark.django_db


def _at(days, hour=9):
    return (timezone.localtime() + dt.timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


def test_worker_keeps_the_schedule_of_their_station(api_client, worker, station, other_station, deputy):
    api_client.force_authenticate(worker)
    assert [s["id"] for s in api_client.get("/api/v1/stations/").json()] == [station.pk]
    url = f"/api/v1/stations/{station.pk}/receptions/"
    created = api_client.post(
        url,
        {
            "starts_at": _at(3).isoformat(),
            "ends_at": _at(3, 11).isoformat(),
            "topic": "加装电梯",
            "deputies": [deputy.pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["topic"] == "加装电梯" and [d["id"] for d in body["deputies"]] == [deputy.pk]
    assert [r["id"] for r in api_client.get(url).json()["results"]] == [body["id"]]

    changed = api_client.patch(
        f"/api/v1/receptions/{body['id']}/",
        {"place": "社区活动室", "ends_at": _at(3, 12).isoformat()},
        format="json",
    )
    assert changed.status_code == 200 and changed.json()["place"] == "社区活动室"
    reception = Reception.objects.get(pk=body["id"])
    assert reception.topic == "加装电梯" and reception.history.first().history_user == worker
    assert api_client.post(f"/api/v1/receptions/{body['id']}/", {}, format="json").status_code == 405

    cancelled = api_client.post(f"/api/v1/receptions/{body['id']}/cancel/", {"reason": "台风"}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["cancelled"] is True
    again = api_client.patch(f"/api/v1/receptions/{body['id']}/", {"topic": "x"}, format="json")
    assert again.status_code == 409


def test_bad_input_is_400_in_chinese(api_client, worker, station):
    api_client.force_authenticate(worker)
    url = f"/api/v1/stations/{station.pk}/receptions/"
    missing = api_client.post(url, {"ends_at": _at(3).isoformat()}, format="json")
    assert missing.status_code == 400 and "请填写开始时间" in str(missing.json())
    backwards = api_client.post(
        url, {"starts_at": _at(3, 11).isoformat(), "ends_at": _at(3, 9).isoformat()}, format="json"
    )
    assert backwards.status_code == 400 and "结束时间应晚于开始时间" in str(backwards.json()["ends_at"])
    past = api_client.post(
        url, {"starts_at": _at(-3).isoformat(), "ends_at": _at(-3, 11).isoformat()}, format="json"
    )
    assert past.status_code == 400 and "starts_at" in past.json()
    stranger = DeputyFactory(term=station.deputies.first().term)
    foreign = api_client.post(
        url,
        {"starts_at": _at(3).isoformat(), "ends_at": _at(3, 11).isoformat(), "deputies": [stranger.pk]},
        format="json",
    )
    assert foreign.status_code == 400 and "不是本站点或本街道的在任代表" in str(foreign.json()["deputies"])
    unknown = api_client.post(
        url,
        {"starts_at": _at(3).isoformat(), "ends_at": _at(3, 11).isoformat(), "deputies": [99999]},
        format="json",
    )
    assert unknown.status_code == 400 and "deputies" in unknown.json()
    record = api_client.post(
        f"/api/v1/stations/{station.pk}/records/", {"kind": "shop", "title": ""}, format="json"
    )
    assert record.status_code == 400 and {"kind", "title"} <= set(record.json())


def test_station_file_list_and_create(api_client, worker, station):
    api_client.force_authenticate(worker)
    url = f"/api/v1/stations/{station.pk}/records/"
    created = api_client.post(
        url,
        {"kind": "archive", "title": "三季度接待台账", "content": "接待群众 42 人次", "is_public": False},
        format="json",
    )
    assert created.status_code == 201 and created.json()["kind_name"] == "档案记录"
    rows = api_client.get(url).json()["results"]
    assert [r["title"] for r in rows] == ["三季度接待台账"] and rows[0]["is_public"] is False
    assert StationRecord.objects.get().history.first().history_user == worker


def test_walls_another_station_is_404(api_client, worker, station, other_station, other_worker):
    reception_of_other = Reception.objects.create(station=other_station, starts_at=_at(5), ends_at=_at(5, 11))
    api_client.force_authenticate(worker)
    for url in (
        f"/api/v1/stations/{other_station.pk}/receptions/",
        f"/api/v1/stations/{other_station.pk}/records/",
    ):
        assert api_client.get(url).status_code == 404
        assert api_client.post(url, {"title": "x", "kind": "archive"}, format="json").status_code == 404
    assert (
        api_client.patch(
            f"/api/v1/receptions/{reception_of_other.pk}/", {"topic": "x"}, format="json"
        ).status_code
        == 404
    )
    assert (
        api_client.post(
            f"/api/v1/receptions/{reception_of_other.pk}/cancel/", {"reason": "x"}, format="json"
        ).status_code
        == 404
    )
    # a deputy keeps no station; anonymous callers are refused
    api_client.force_authenticate(station.deputies.first().user)
    assert api_client.get("/api/v1/stations/").json() == []
    assert api_client.get(f"/api/v1/stations/{station.pk}/records/").status_code == 404
    api_client.force_authenticate(None)
    assert api_client.get(f"/api/v1/stations/{station.pk}/records/").status_code in (401, 403)


def test_staff_keep_every_station(api_client, staff, station, other_station):
    api_client.force_authenticate(staff)
    ids = {s["id"] for s in api_client.get("/api/v1/stations/").json()}
    assert {station.pk, other_station.pk} <= ids
    assert api_client.get(f"/api/v1/stations/{other_station.pk}/receptions/").status_code == 200
