"""bench/peak.py's request builders stay valid (issue 16): every kind of request of the
congress-session peak, built by its ``Mix`` and sent in-process, is answered 2xx, and the
follow-ups of a draft (submit, co-sign) reach the proposal. So the scenario cannot rot while
the API or the public pages change."""

import pytest
from django.test import Client

from bench.peak import Account, Mix, Request
from congress.services import api_token_issue
from deputies.tests.factories import DeputyFactory
from proposals.models import CoSigner, Proposal
from proposals.tests.factories import walk_to

pytestmark = pytest.mark.django_db


def send(client: Client, request: Request):
    extra = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
    if request.token:
        extra["HTTP_AUTHORIZATION"] = f"Token {request.token}"
    body = request.encoded_body()
    return client.generic(
        request.method, request.path, data=body or b"", content_type="application/json", **extra
    )


@pytest.fixture
def accounts(term):
    deputies = [DeputyFactory(term=term, with_user=True) for _ in range(2)]
    return [Account(deputy=d.pk, token=api_token_issue(user=d.user)[1]) for d in deputies]


def test_every_request_of_the_mix_is_answered_and_the_drafts_are_submitted_and_cosigned(
    accounts, unit, staff
):
    closed = walk_to("closed", unit=unit, staff=staff)
    client = Client(HTTP_HOST="127.0.0.1")

    # writes only: create, then its two follow-ups, twice over
    writes = Mix(accounts, [closed.pk], writes=1.0)
    kinds = []
    for _ in range(6):
        request = writes.next()
        response = send(client, request)
        assert response.status_code in (200, 201), (request, response.content[:300])
        writes.answered(request, response.status_code, response.content)
        kinds.append(request.kind)
    assert kinds == ["write:create", "write:submit", "write:cosign"] * 2
    drafts = Proposal.objects.filter(title__startswith="【高峰】")
    assert sorted(drafts.values_list("state", flat=True)) == ["submitted", "submitted"]
    assert set(CoSigner.objects.filter(proposal__in=drafts).values_list("state", flat=True)) == {"confirmed"}

    # reads only: every kind, answered 200 (the closed proposal shows its reply)
    reads = Mix(accounts, [closed.pk], writes=0.0, seed=1)
    seen = {}
    for _ in range(30):
        request = reads.next()
        response = send(Client(HTTP_HOST="127.0.0.1"), request)
        assert response.status_code == 200, request
        seen[request.kind] = response
    assert set(seen) == {"read:home", "read:search", "read:reply"}
    assert closed.title in seen["read:reply"].content.decode()


def test_the_mix_keeps_the_stated_share_of_writes(accounts):
    mix = Mix(accounts, [1], writes=0.2, seed=7)
    requests = [mix.next() for _ in range(2000)]
    share = sum(r.is_write for r in requests) / len(requests)
    assert 0.17 < share < 0.23
    # no answers came back, so every write is a new draft
    assert {r.kind for r in requests if r.is_write} == {"write:create"}
