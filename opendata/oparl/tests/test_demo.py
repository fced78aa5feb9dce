"""The OParl API on the demo district, walked like a client: from ``/oparl/v1/system`` through
every body and every page of every list. Every object is valid against the spec's JSON schema
for its type (vendored in ``schema/``), every object URL in an answer answers with that object,
and every kind of object is there."""

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from jsonschema import Draft4Validator

from congress.tests.demo_snapshot import load_demo_cached
from opendata.oparl import views

SCHEMAS = Path(__file__).parent / "schema"
PREFIX = "https://schema.oparl.org/1.1/"
API = "http://testserver/oparl/v1/"
KINDS = {
    "System",
    "Body",
    "LegislativeTerm",
    "Organization",
    "Person",
    "Membership",
    "Meeting",
    "AgendaItem",
    "Paper",
    "File",
    "Location",
    "Consultation",
}


def validator(type_name: str) -> Draft4Validator:
    return Draft4Validator(json.loads((SCHEMAS / f"{type_name}.json").read_text(encoding="utf-8")))


def objects_in(value):
    """Every OParl object in an answer, the embedded ones too (the schemas name embedded
    objects by a ``schema`` key jsonschema does not follow, so each is checked on its own)."""
    if isinstance(value, dict):
        if str(value.get("type", "")).startswith(PREFIX):
            yield value
        for item in value.values():
            yield from objects_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from objects_in(item)


def urls_in(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from urls_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from urls_in(item)
    elif isinstance(value, str) and value.startswith(API):
        yield value


def get(client, url):
    parts = urlsplit(url)
    response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


@pytest.fixture
def demo(db, monkeypatch):
    load_demo_cached()
    # The walk makes hundreds of requests from one address: the throttle has its own test.
    monkeypatch.setattr(views.OParlView, "throttle_classes", [])


def test_a_client_walks_the_demo_district(client, demo):
    # given the demo district, a client with nothing but the system's address
    system = get(client, API + "system")
    assert system["type"] == PREFIX + "System"
    assert system["oparlVersion"] == PREFIX

    # when it follows every URL it is given, every page of every list
    seen_types, answered, queue, objects = set(), {}, [system["id"], system["body"]], []
    while queue:
        url = queue.pop()
        if url in answered:
            continue
        answered[url] = data = get(client, url)
        found = list(objects_in(data))
        objects += found
        queue += [u for u in urls_in(data) if u not in answered]

    # then every object is valid for its type and its id answers with that object
    for obj in objects:
        type_name = obj["type"].removeprefix(PREFIX)
        seen_types.add(type_name)
        errors = sorted(validator(type_name).iter_errors(obj), key=str)
        assert not errors, (obj["id"], [e.message for e in errors])
        assert answered[obj["id"]]["id"] == obj["id"]
        assert answered[obj["id"]]["type"] == obj["type"]
    papers = {obj["id"].rsplit("/", 1)[1].split("-")[0] for obj in objects if obj["type"] == PREFIX + "Paper"}
    assert papers == {
        *("proposal", "reply", "report", "interpellation", "inquiry", "inspection", "filing", "budget")
    }
    assert seen_types == KINDS
    # Chinese content under the spec's keys
    names = {obj.get("name", "") for obj in objects}
    assert any("人民代表大会" in name for name in names)
    cache.clear()
