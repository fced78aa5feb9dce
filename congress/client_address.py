"""The client's address, once, for everything that keys on it: the login lockout and login
records (django-axes), the API throttles (DRF), the per-address login throttle.

Behind a reverse proxy every request comes from the proxy's address; the client's is in
``X-Forwarded-For``, which anyone can also send. So the header is believed only as far as it
was written by proxies we trust (``CONGRESS_TRUSTED_PROXIES``):

- a list of addresses or networks (``10.0.0.5``, ``172.16.0.0/12``): walking the header from
  the right, each hop is believed while the address that handed it over is trusted; the first
  address not on the list is the client;
- a number of hops ``N``: the app is only reachable through N proxies, the client is the N-th
  address from the right (the left-most if there are fewer);
- empty (the default): the header is ignored, the peer is the client.

``ClientAddressMiddleware`` (first in ``MIDDLEWARE``) puts the result in ``REMOTE_ADDR`` and
keeps the peer in ``CONGRESS_PEER_ADDR``: axes (without django-ipware it reads ``REMOTE_ADDR``)
and DRF (``NUM_PROXIES = 0``: ``REMOTE_ADDR``, never the raw header) then see the same address.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

PEER_KEY = "CONGRESS_PEER_ADDR"


def _parse_address(value: str):
    value = value.strip().strip('"')
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.7:51234
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


@lru_cache(maxsize=8)
def _trusted(setting: tuple[str, ...]) -> tuple[int, tuple]:
    """``(hops, networks)`` from the setting: a single integer is a number of hops."""
    if len(setting) == 1 and setting[0].strip().isdecimal():
        return int(setting[0]), ()
    return 0, tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in setting if entry.strip())


def trusted_proxies() -> tuple[int, tuple]:
    value = getattr(settings, "CONGRESS_TRUSTED_PROXIES", ())
    if isinstance(value, int):
        return value, ()
    if isinstance(value, str):
        value = [value]
    return _trusted(tuple(str(v) for v in value))


def client_address_from(peer: str, forwarded_for: str) -> str:
    """The client's address given the immediate peer and the ``X-Forwarded-For`` header."""
    hops, networks = trusted_proxies()
    chain = (
        [a for a in (_parse_address(p) for p in forwarded_for.split(",")) if a is not None]
        if forwarded_for
        else []
    )
    if hops:
        if not chain:
            return peer
        return str(chain[-min(hops, len(chain))])
    if not networks:
        return peer
    current = _parse_address(peer)
    while current is not None and any(current in net for net in networks) and chain:
        current = chain.pop()
    return str(current) if current is not None else peer


class ClientAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        peer = request.META.get("REMOTE_ADDR", "")
        request.META[PEER_KEY] = peer
        request.META["REMOTE_ADDR"] = client_address_from(peer, request.META.get("HTTP_X_FORWARDED_FOR", ""))
        return self.get_response(request)
