"""The one way a tracked item changes state: ``transition()``.

It takes the row lock, checks the actor's right and then the declared action against the item's
current state, the item's history, writes the event row, and bumps the app's cached-data version after
commit. ``transition_many`` is the same for a batch taken by the system (a daily job), with a
constant number of queries per batch. Nothing else assigns a state, tests included.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from congress import caching
from congress.casework.bulk import bulk_set
from congress.casework.workflow import Workflow
from congress.exceptions import PermissionDeniedError


def lock(model_or_obj, pk: Any = None, *, related: Sequence[str] = ()):
    """The row, re-read under ``SELECT … FOR UPDATE`` (inside the caller's transaction).
    Pass the instance, or the model and a primary key."""
    if pk is None:
        model, pk = type(model_or_obj), model_or_obj.pk
    else:
        model = model_or_obj
    rows = model.objects.select_for_update(of=("self",) if related else ())
    if related:
        rows = rows.select_related(*related)
    return rows.get(pk=pk)


def _actor_or_none(actor):
    return actor if getattr(actor, "pk", None) else None


def save_tracked(obj, fields: Iterable[str], *, actor, reason: str = "") -> None:
    """Save ``fields`` of a history-tracked row, recording who and why in its history."""
    obj._history_user = _actor_or_none(actor)
    obj._change_reason = str(reason)[:100] if reason else None
    fields = list(dict.fromkeys(fields))
    if hasattr(obj, "updated_at") and "updated_at" not in fields:
        obj.updated_at = timezone.now()
        fields.append("updated_at")
    obj.save(update_fields=fields)


def create_tracked(model, *, actor, reason: str = "", validate: bool = True, **values):
    """Create a history-tracked row with the actor (and why) in its first history entry."""
    obj = model(**values)
    obj._history_user = _actor_or_none(actor)
    obj._change_reason = str(reason)[:100] if reason else None
    if validate:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    obj.save()
    return obj


def _check_actor(workflow: Workflow, obj, code: str, actor, system: bool, message, error_code=None) -> None:
    if system:
        return
    if actor is None or not getattr(actor, "is_authenticated", False):
        # No silent bypass: a job acting on its own says so with ``system=True``.
        raise PermissionDeniedError(message, code=error_code)
    workflow.check_permission(obj, code, actor, message, error_code=error_code)


def record_event(
    obj,
    workflow: Workflow,
    code: str,
    *,
    actor,
    from_state: str | None = None,
    to_state: str | None = None,
    note: str = "",
    stored_code: str | None = None,
    **values,
):
    """Write one event row for ``obj`` on its workflow's event table (no state change, no
    checks): for creation (``from_state=""``) and for steps no workflow declares."""
    state = workflow.state_of(obj)
    caching.bump_on_commit(workflow.namespace)
    return workflow.event_model.objects.create(
        **workflow.event_owner(obj),
        action=stored_code or workflow.event_code(code),
        from_state=state if from_state is None else from_state,
        to_state=state if to_state is None else to_state,
        actor=_actor_or_none(actor),
        note=str(note),
        **values,
    )


def record_many(
    objs: Sequence,
    workflow: Workflow,
    code: str,
    *,
    actor,
    from_state: str | None = None,
    to_state: str | None = None,
    note: str = "",
) -> list:
    """``record_event`` for many items at once (rows created together, e.g. ``from_state=""``
    for a batch of new items): one insert whatever their number."""
    if not objs:
        return []
    stamp = timezone.now()
    events = []
    for obj in objs:
        state = workflow.state_of(obj)
        events.append(
            workflow.event_model(
                **workflow.event_owner(obj),
                action=workflow.event_code(code),
                from_state=state if from_state is None else from_state,
                to_state=state if to_state is None else to_state,
                actor=_actor_or_none(actor),
                note=str(note),
                created_at=stamp,
            )
        )
    caching.bump_on_commit(workflow.namespace, public=True)  # a batch: no signal tells what it changed
    return workflow.event_model.objects.bulk_create(events, batch_size=1000)


def transition(
    obj,
    workflow: Workflow,
    code: str,
    *,
    actor,
    target: str | None = None,
    changes: dict[str, Any] | None = None,
    note: str = "",
    reason: str = "",
    system: bool = False,
    locked: bool = False,
    permission_message=None,
    permission_code: str | None = None,
    event_values: dict[str, Any] | None = None,
    record: bool = True,
    event_code: str | None = None,
):
    """Take action ``code`` on ``obj`` and return the locked, saved row.

    - ``target``: the outcome, for actions declared with several (``targets``).
    - ``changes``: other fields to set in the same save (the four fixed, a reply time …).
    - ``system=True``: a scheduled job acting on its own; otherwise ``actor`` must be a user
      the action's permission predicate allows (403 ``permission_denied``, or
      ``permission_code`` with ``permission_message``).
    - ``locked=True``: the caller already holds the row from ``lock()`` in this transaction.
    - ``record=False``: no event row of its own, where one step moves two items (a unit's reply
      moves its assignment and its proposal) and the other transition's event tells it.
    - ``event_code``: the code stored on the timeline where it differs from the action's (a
      code published before the kernel, kept so the timeline reads the same).
    A state the action may not be taken from raises ``InvalidTransition`` (409).

    Called inside a service's transaction (the usual case) it opens no savepoint of its own:
    an error fails the service, whose own ``atomic`` is where a caller recovers. Called alone
    it runs in a transaction of its own.
    """
    if not transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            return transition(
                obj,
                workflow,
                code,
                actor=actor,
                target=target,
                changes=changes,
                note=note,
                reason=reason,
                system=system,
                locked=locked,
                permission_message=permission_message,
                permission_code=permission_code,
                event_values=event_values,
                record=record,
                event_code=event_code,
            )
    if not locked:
        obj = lock(obj)
    # Who first: someone without the right learns nothing about the item's state.
    _check_actor(workflow, obj, code, actor, system, permission_message, permission_code)
    item = workflow.check(obj, code, target=target)
    from_state = workflow.state_of(obj)
    to_state = target or item.target or from_state
    if to_state != from_state or changes:
        # A step that keeps the state and changes nothing (a contact logged) saves nothing:
        # its event row is the record.
        fields = [workflow.state_field]
        setattr(obj, workflow.state_field, to_state)
        for name, value in (changes or {}).items():
            setattr(obj, name, value)
            fields.append(name)
        save_tracked(obj, fields, actor=actor, reason=reason or str(item.label))
    if not record:
        obj.casework_event = None
        caching.bump_on_commit(workflow.namespace)
        return obj
    obj.casework_event = record_event(
        obj,
        workflow,
        code,
        stored_code=event_code,
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        note=note,
        **(event_values or {}),
    )
    return obj


def transition_many(
    rows: Iterable,
    workflow: Workflow,
    code: str,
    *,
    changes: dict[str, Any] | None = None,
    note: str = "",
    target: str | None = None,
    actor=None,
    row_changes: Callable[[Any], dict[str, Any]] | None = None,
    row_note: Callable[[Any], str] | None = None,
) -> list:
    """Take ``code`` on many rows at once as the system (a daily job): the rows must already be
    locked by the caller's ``select_for_update`` query in this transaction. Rows whose state no
    longer allows the action are skipped. Constant queries per batch: one bulk update, one bulk
    history insert, one bulk event insert. ``actor``: the person whose own step the batch is
    part of (a meeting's close marks its unsettled attendance absent), recorded on the events
    and in the history; the caller has checked their right to that step. ``row_changes`` and
    ``row_note`` give each row its own values (a serial number, the units it went to); every
    row's ``row_changes`` must name the same fields."""
    item = workflow[code]
    moved, events, own_fields = [], [], {}
    stamp = timezone.now()
    reason = str(item.label)
    for obj in rows:
        current = workflow.state_of(obj)
        if current not in item.sources:
            continue
        to_state = target or item.target or current
        setattr(obj, workflow.state_field, to_state)
        own = row_changes(obj) if row_changes else {}
        own_fields.update(dict.fromkeys(own))
        for name, value in {**(changes or {}), **own}.items():
            setattr(obj, name, value)
        if hasattr(obj, "updated_at"):
            obj.updated_at = stamp
        obj._change_reason = reason
        moved.append(obj)
        events.append(
            workflow.event_model(
                **workflow.event_owner(obj),
                action=workflow.event_code(code),
                from_state=current,
                to_state=to_state,
                actor=_actor_or_none(actor),
                note=str(row_note(obj) if row_note else note),
                created_at=stamp,
            )
        )
    if not moved:
        return []
    fields = list(dict.fromkeys([workflow.state_field, *(changes or {}), *own_fields]))
    if hasattr(moved[0], "updated_at"):
        fields.append("updated_at")
    model = type(moved[0])
    bulk_set(model, moved, fields)
    if hasattr(model, "history"):
        # The rows are written: with no fields, this writes only their history.
        bulk_update_with_history(
            moved,
            model,
            [],
            batch_size=1000,
            default_user=_actor_or_none(actor),
            default_change_reason=reason,
        )
    workflow.event_model.objects.bulk_create(events, batch_size=1000)
    caching.bump_on_commit(workflow.namespace, public=True)  # bulk writes send no signal (a daily close)
    return moved
