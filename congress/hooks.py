"""What the core's own pages show of a domain app, without importing it.

The core imports no domain app; an app that has something to add to a core page registers a
function here in its ``AppConfig.ready`` (as it registers portal panels in ``congress.portal``):

- a **profile**: the app's own record of a logged-in user, under a name. The portal home and
  ``/api/v1/me/`` put it in their context under that name (the deputies app registers
  ``deputy``: the deputy record of a deputy, or None).
- a **public home section**: one named entry of the public home's context (the deputies app
  registers ``directory``: the current term and how many deputies serve in it).

Each function costs a constant number of queries, so the pages' query counts stay pinned.
A name belongs to one function: registering another under a taken name is an error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_PROFILES: dict[str, Callable[[Any], Any]] = {}
_PUBLIC_HOME_SECTIONS: dict[str, Callable[[], Any]] = {}


def _register(registry: dict, name: str, func: Callable) -> Callable:
    registered = registry.get(name)
    if registered is not None and registered is not func:
        raise ValueError(f"{name!r} is already provided by {registered.__module__}.{registered.__qualname__}")
    registry[name] = func
    return func


def register_profile(name: str, func: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``func(user)`` returns the app's record of that user, or None."""
    return _register(_PROFILES, name, func)


def profiles_for(user) -> dict[str, Any]:
    """Every registered profile of ``user``, by name (None where the app has no record)."""
    return {name: func(user) for name, func in _PROFILES.items()}


def register_public_home_section(name: str, func: Callable[[], Any]) -> Callable[[], Any]:
    """``func()`` returns what the public home's template reads under ``name``."""
    return _register(_PUBLIC_HOME_SECTIONS, name, func)


def public_home_sections() -> dict[str, Any]:
    return {name: func() for name, func in _PUBLIC_HOME_SECTIONS.items()}
