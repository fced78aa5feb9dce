"""Text that is rendered in the reader's language, not the writer's.

A notice is written once (by a request in the sender's language, or by a job) and read later by
someone who may have chosen the other language. ``Message`` keeps what to say as a msgid and its
parameters; ``str()`` renders it in whichever language is active at that moment, so code that
formats it keeps working, and ``to_json()`` / ``from_json()`` store it (``Notification.message``)
to render again for each reader::

    Message(gettext_noop("列席通知：%(title)s"), title=meeting.title)
    Message(gettext_noop("到期提醒：")) + proposal.title

Parameters are JSON scalars or translatable labels themselves: another ``Message``, or a lazy
translation such as a choice's label (``Assignment.Role.LEAD.label``), stored by its msgid.
Anything else (a date) is stored as the text it formats to. msgids are wrapped in
``gettext_noop`` at the call site so makemessages still extracts them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import translation
from django.utils.functional import Promise


def _msgid(text: Any) -> str:
    """The msgid behind ``text``: a lazy translation is read with translations off."""
    if isinstance(text, Promise):
        with translation.override(None):
            return str(text)
    return str(text)


def _param(value: Any):
    if isinstance(value, Message) or value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Promise):
        return Message(value)
    return str(value)  # str subclasses (SafeString), dates, decimals: the text they format to


class Message:
    """A msgid with its parameters (or a concatenation of parts), rendered on ``str()``."""

    __slots__ = ("msgid", "params", "parts")

    def __init__(self, msgid: Any, /, **params: Any) -> None:
        self.msgid = _msgid(msgid)
        self.params = {name: _param(value) for name, value in params.items()}
        self.parts: tuple | None = None

    @classmethod
    def concat(cls, *parts: Any) -> Message:
        """The parts one after another (``Message(...) + title`` says the same)."""
        flat = []
        for part in parts:
            part = _param(part)
            if isinstance(part, Message) and part.parts is not None:
                flat.extend(part.parts)
            elif part not in ("", None):
                flat.append(part)
        message = cls("")
        message.parts = tuple(flat)
        return message

    @classmethod
    def join(cls, separator: Any, parts: Iterable[Any]) -> Message:
        """Like ``separator.join(parts)``, each part rendered in the reader's language."""
        joined: list = []
        for part in parts:
            if joined:
                joined.append(separator)
            joined.append(part)
        return cls.concat(*joined)

    def __add__(self, other: Any) -> Message:
        return Message.concat(self, other)

    def __radd__(self, other: Any) -> Message:
        return Message.concat(other, self)

    # --- rendering ---------------------------------------------------------------------------

    def __str__(self) -> str:
        if self.parts is not None:
            return "".join(str(part) for part in self.parts)
        if not self.msgid:
            return ""  # gettext("") would be the catalog's header
        text = translation.gettext(self.msgid)
        if not self.params:
            return text
        values = {name: _render_value(value) for name, value in self.params.items()}
        try:
            return text % values
        except (KeyError, TypeError, ValueError):
            # A translation whose placeholders do not fit: say it the way the source does.
            try:
                return self.msgid % values
            except (KeyError, TypeError, ValueError):
                return self.msgid

    def render(self, language: str) -> str:
        with translation.override(language):
            return str(self)

    def __contains__(self, text: str) -> bool:
        return text in str(self)

    def __repr__(self) -> str:
        return f"Message({self.to_json()!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and self.to_json() == other.to_json()

    def __hash__(self) -> int:
        return hash(repr(self))

    # --- storage -----------------------------------------------------------------------------

    def to_json(self) -> dict:
        if self.parts is not None:
            return {"parts": [_to_json(part) for part in self.parts]}
        data: dict = {"msgid": self.msgid}
        if self.params:
            data["params"] = {name: _to_json(value) for name, value in self.params.items()}
        return data

    @classmethod
    def from_json(cls, data: dict) -> Message:
        """The message ``to_json`` stored; ``ValueError`` for anything else."""
        if not isinstance(data, dict):
            raise ValueError("a stored message is an object")
        if "parts" in data:
            return cls.concat(*(_from_json(part) for part in data["parts"]))
        if not isinstance(data.get("msgid"), str):
            raise ValueError("a stored message has a msgid")
        params = data.get("params") or {}
        if not isinstance(params, dict):
            raise ValueError("a stored message's params are an object")
        return cls(data["msgid"], **{str(name): _from_json(value) for name, value in params.items()})


def _render_value(value: Any):
    # Numbers stay numbers for %(n)d; a nested label is rendered in the same language.
    return str(value) if isinstance(value, Message) else value


def _to_json(value: Any):
    return value.to_json() if isinstance(value, Message) else value


def _from_json(value: Any):
    if isinstance(value, dict):
        return Message.from_json(value)
    if isinstance(value, list):
        raise ValueError("a stored message's parameter is a scalar or a message")
    return value


def choice_label(choices, value: Any) -> Message | str:
    """The label of ``value`` among ``choices`` (a ``TextChoices`` class) as a Message, so it is
    translated where it is read (``get_FOO_display()`` translates where it is written); a value
    no longer among the choices as it is."""
    label = dict(choices.choices).get(value)
    return str(value) if label is None else Message(label)
