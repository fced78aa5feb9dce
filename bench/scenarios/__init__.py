"""Pluggable benchmark scenarios.

A scenario module registers a builder with ``@scenario("name")``. The builder receives the
run's ``Context`` and returns what to measure: ``Page`` (a URL driven over HTTP by the load
client, its query count measured in-process) and ``Job`` (a function timed in a separate process, inside
a transaction that is rolled back so every run measures the same work). A builder raises
``Skip("why")`` when what it needs (an app, a model, a URL) does not exist yet; the run prints
the reason and goes on. To add a scenario: write ``bench/scenarios/<name>.py`` and list it in
``MODULES``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

MODULES = [
    "bench.scenarios.core",
    "bench.scenarios.proposals",
    "bench.scenarios.meetings",
    "bench.scenarios.supervision",
    "bench.scenarios.budget",
    "bench.scenarios.deputies",
    "bench.scenarios.search",
    "bench.scenarios.liaison",
]


class Skip(Exception):
    """What this scenario (or one of its pages) needs is not there yet."""


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    cookies: dict[str, str] = field(default_factory=dict)
    note: str = ""
    headers: dict[str, str] = field(default_factory=dict)  # extra request headers (the rendered variant)


@dataclass(frozen=True)
class Job:
    """A function timed in its own process (bench/jobrun.py), rolled back afterwards."""

    name: str
    target: str  # dotted path of a callable, e.g. a Celery task: "proposals.tasks.send_daily_reminders"
    kwargs: dict = field(default_factory=dict)
    note: str = ""


@dataclass
class Context:
    """What builders may use: the scale and a way to log a generated user in."""

    scale: str
    login: Callable[[str], dict[str, str]]  # username -> cookies of a fresh session
    skipped: list[str] = field(default_factory=list)

    def skip(self, scenario: str, reason: str) -> None:
        self.skipped.append(f"{scenario}: {reason}")


@dataclass(frozen=True)
class Scenario:
    name: str
    build: Callable[[Context], list[Page | Job]]


REGISTRY: dict[str, Scenario] = {}


def scenario(name: str):
    def register(build: Callable[[Context], list[Page | Job]]):
        REGISTRY[name] = Scenario(name=name, build=build)
        return build

    return register


def load_all() -> dict[str, Scenario]:
    for module in MODULES:
        importlib.import_module(module)
    return REGISTRY


def url_exists(path: str) -> bool:
    """Is ``path`` served by the portal (not only by a catch-all)?"""
    from django.urls import Resolver404, resolve

    try:
        resolve(path.split("?", 1)[0])
    except Resolver404:
        return False
    return True


def reverse_or_skip(name: str, *args, query: str = "", **kwargs) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        path = reverse(name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch as exc:
        raise Skip(f"URL {name!r} does not exist yet") from exc
    return f"{path}?{query}" if query else path
