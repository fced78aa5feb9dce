"""Declared workflows: what may happen to a tracked item, from which state, leading where.

An app's ``workflow.py`` only *declares*: a ``Workflow`` of ``Action``s. Everything else derives
from the declaration — the state → next-states table, whether an action is allowed now, the one
``InvalidTransition`` error (409, code ``invalid_transition``, a Chinese message naming the
current state), the buttons a page shows, and the diagrams in the admin and ``docs/``. The
kernel's ``transition()`` (``congress.casework.services``) is the only code that moves a state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from congress.exceptions import InvalidTransition, PermissionDeniedError

Predicate = Callable[[Any, Any], bool]  # (user, obj) -> bool, pure: no writes, no side effects

# Every declared workflow by "<app label>.<name>", for the admin's 流程定义 page and the
# ``workflow_diagram`` command.
REGISTRY: dict[str, Workflow] = {}


def who(label):
    """Name, for people, whom a who-predicate allows (the 流程定义 page shows it)."""

    def decorate(predicate: Predicate) -> Predicate:
        predicate.who_label = label
        return predicate

    return decorate


@dataclass(frozen=True)
class Action:
    """One thing a person (or the system) may do to an item.

    ``sources``: the states it may be taken from. ``target``: the state it leads to, or None when
    it keeps the state (recording a contact, a follow-up). ``targets``: where the service decides
    between several outcomes (a vote approves or rejects, an exam passes or fails); the caller of
    ``transition`` names one of them. ``permission``: the pure predicate that says who may take
    it; None means the service checks the caller itself (and says so in its docstring).
    ``may_stay``: the action is a step toward its target that may leave the state as it is
    (one of several lead units replies; the last one's reply moves the proposal); the service
    then passes ``target=`` the current state."""

    code: str
    label: Any
    sources: frozenset[str]
    target: str | None = None
    targets: frozenset[str] = frozenset()
    permission: Predicate | None = None
    may_stay: bool = False

    def outcomes(self) -> frozenset[str]:
        """The states this action may leave the item in (empty: it keeps the state)."""
        if self.targets:
            return self.targets
        return frozenset({self.target}) if self.target else frozenset()


def action(
    code: str,
    label,
    sources: Iterable[str],
    target: str | None = None,
    *,
    targets: Iterable[str] = (),
    permission: Predicate | None = None,
    may_stay: bool = False,
) -> Action:
    return Action(
        code=code,
        label=label,
        sources=frozenset(sources),
        target=target,
        targets=frozenset(targets),
        permission=permission,
        may_stay=may_stay,
    )


@dataclass
class Workflow:
    """The declared life of one kind of tracked item.

    ``model`` is the item's model and ``state_field`` its state column (a TextChoices field).
    ``event_model`` is the app's event table (a subclass of ``casework.models.TransitionEvent``);
    ``event_owner(obj)`` gives the foreign keys that tie an event row to the item (e.g.
    ``{"proposal_id": …, "assignment": obj}`` for an assignment whose timeline is its
    proposal's), and ``event_prefix`` namespaces the action codes stored there when two
    workflows share one event table. ``namespace`` names the cached-data version that every
    transition bumps (``congress.caching``)."""

    name: str
    model: type
    actions: list[Action]
    event_model: type | None = None
    event_owner: Callable[[Any], dict] | None = None
    event_prefix: str = ""
    state_field: str = "state"
    namespace: str = ""
    _by_code: dict[str, Action] = field(init=False, repr=False)
    _table: dict[str, frozenset[str]] | None = field(init=False, repr=False, default=None)

    def __post_init__(self):
        self._by_code = {}
        for item in self.actions:
            if item.code in self._by_code:
                raise ValueError(f"{self.name}: action {item.code!r} declared twice")
            self._by_code[item.code] = item
        states = set(self.states())
        for item in self.actions:
            unknown = (set(item.sources) | set(item.outcomes())) - states
            if unknown:
                raise ValueError(f"{self.name}.{item.code}: unknown states {sorted(unknown)}")
            if item.target and item.targets:
                raise ValueError(f"{self.name}.{item.code}: give target or targets, not both")
        REGISTRY[self.key] = self

    @property
    def key(self) -> str:
        return f"{self.model._meta.app_label}.{self.name}"

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    # --- the declaration, read -----------------------------------------------------------------

    def __getitem__(self, code: str) -> Action:
        return self._by_code[code]

    def __contains__(self, code: str) -> bool:
        return code in self._by_code

    def states(self) -> list[str]:
        return list(self._choices())

    def _choices(self) -> dict[str, Any]:
        return dict(self.model._meta.get_field(self.state_field).choices)

    def state_label(self, state: str) -> str:
        return str(self._choices().get(state, state))

    def transitions(self) -> dict[str, frozenset[str]]:
        """state -> the states an action may lead to from it (derived, for docs and tests)."""
        if self._table is None:
            table: dict[str, set[str]] = {state: set() for state in self.states()}
            for item in self.actions:
                for source in item.sources:
                    table[source] |= item.outcomes()
            self._table = {state: frozenset(targets) for state, targets in table.items()}
        return self._table

    def next_states(self, state: str) -> frozenset[str]:
        return self.transitions().get(state, frozenset())

    def final_states(self) -> frozenset[str]:
        """States no action leads out of."""
        return frozenset(state for state, targets in self.transitions().items() if not targets - {state})

    def event_code(self, code: str) -> str:
        return f"{self.event_prefix}{code}"

    def labels(self) -> dict[str, Any]:
        """Stored event code -> label, for timelines."""
        return {self.event_code(item.code): item.label for item in self.actions}

    # --- the declaration, applied -------------------------------------------------------------

    def state_of(self, obj) -> str:
        return getattr(obj, self.state_field)

    def can(self, obj, code: str, user=None) -> bool:
        """Whether ``code`` may be taken on ``obj`` now (and by ``user`` when given): what a page
        asks before showing a button."""
        item = self[code]
        if self.state_of(obj) not in item.sources:
            return False
        if user is not None and item.permission is not None:
            return bool(item.permission(user, obj))
        return True

    def available(self, obj, user=None) -> list[Action]:
        return [item for item in self.actions if self.can(obj, item.code, user)]

    def check(self, obj, code: str, *, target: str | None = None) -> Action:
        """The action if allowed from the item's current state (and to ``target`` when the
        action has several outcomes), else ``InvalidTransition`` naming the current state."""
        item = self[code]
        current = self.state_of(obj)
        allowed = current in item.sources
        if allowed and target is not None and not (item.may_stay and target == current):
            allowed = target in item.outcomes()
        elif allowed and item.targets:
            allowed = target in item.targets or (item.may_stay and target == current)
        if not allowed:
            raise InvalidTransition(current_label=self.state_label(current), action_label=item.label)
        return item

    def check_permission(self, obj, code: str, user, message=None, *, error_code: str | None = None) -> None:
        """``PermissionDeniedError`` (403, ``error_code`` or ``permission_denied``) unless the
        action's who-predicate allows ``user``."""
        item = self[code]
        if item.permission is not None and not item.permission(user, obj):
            raise PermissionDeniedError(message, code=error_code)

    # --- diagrams ------------------------------------------------------------------------------

    def table(self) -> list[dict]:
        """The declaration as rows for a page: label, from and to (Chinese), whom it allows."""
        rows = []
        for item in self.actions:
            rows.append(
                {
                    "code": item.code,
                    "label": item.label,
                    "sources": [self.state_label(state) for state in sorted(item.sources)],
                    "targets": [self.state_label(state) for state in sorted(item.outcomes())],
                    "who": getattr(item.permission, "who_label", ""),
                }
            )
        return rows

    def mermaid(self) -> str:
        """A Mermaid state diagram of the declaration (the admin and docs/ show it)."""
        lines = ["stateDiagram-v2"]
        for item in self.actions:
            for source in sorted(item.sources):
                for target in sorted(item.outcomes()):
                    lines.append(f"    {source} --> {target}: {item.label}")
        for state in self.states():
            lines.append(f"    {state}: {self.state_label(state)}")
        return "\n".join(lines)


def labels_of(*workflows: Workflow, extra: dict | None = None) -> dict[str, Any]:
    """Stored event code -> label over several workflows sharing one event table."""
    result: dict[str, Any] = {}
    for workflow in workflows:
        result.update(workflow.labels())
    result.update(extra or {})
    return result
