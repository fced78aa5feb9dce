"""The portal home is made of panels that each app contributes: what waits for this user.

An app registers a panel function in its ``AppConfig.ready``; the function takes the user and
returns a ``Panel`` or None (nothing for this user). Each panel costs a constant number of
queries, so the home's query count does not grow with data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class PanelItem:
    title: str
    url: str = ""
    meta: str = ""  # a short second line: deadline, state, unit
    tone: str = ""  # "", "due", "overdue", "ok": colours the item


@dataclass
class Panel:
    title: str
    items: list[PanelItem] = field(default_factory=list)
    more_url: str = ""
    empty_text: str = ""
    count: int | None = None
    order: int = 100


_PANELS: list[Callable] = []


def register_panel(func: Callable) -> Callable:
    if func not in _PANELS:
        _PANELS.append(func)
    return func


def panels_for(user) -> list[Panel]:
    panels = [panel for func in _PANELS if (panel := func(user)) is not None]
    return sorted(panels, key=lambda p: p.order)
