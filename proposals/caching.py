"""The versions of the proposals data, for reads cached in Django's cache and for the public
page cache (``congress.page_cache``).

``proposals``: every proposals transition goes through the case-work kernel, which bumps it once
its transaction commits (the daily job's bulk close too), and every ORM write of a proposals row
bumps it (``congress.page_cache.connect_signals``): a cached read keyed by the version is never
older than the last write through the services; a time limit covers writes made around them (a
unit renamed, a shell).

``proposals.public`` (``PUBLIC_NAMESPACE``): what the public sees — closed proposals (not
withheld) and their confirmed replies, the categories. Bumped with ``proposals`` only by the
writes that may change it (``write_may_be_public``): a write of a closed proposal or of a row
belonging to one, a proposal entering or leaving ``closed`` (closing, re-opening), any delete of
a proposal, any category, and the kernel's batches (``transition_many``, ``record_many``). A
draft, a submission, a co-signature, registration and assignment leave it alone, so the replies
pages (``page_cache.public_reads("proposals")``) stay cached during the congress session."""

from __future__ import annotations

from functools import cache

from django.db import transaction

from congress import caching

NAMESPACE = "proposals"
PUBLIC_NAMESPACE = caching.public_namespace(NAMESPACE)


def data_version() -> str:
    return caching.data_version(NAMESPACE)


def bump_data_version() -> None:
    caching.bump_data_version(NAMESPACE)


def bump_on_commit(*, public: bool = False) -> None:
    """``proposals`` once the transaction commits; with ``public``, ``proposals.public`` too (a
    write that may change what the public sees outside the ORM's signals: raw SQL)."""
    caching.bump_on_commit(NAMESPACE, public=public)


@cache
def _path_to_proposal(model) -> str | None:
    """The foreign-key path from a proposals row to its proposal (``proposal``,
    ``assignment__proposal``, ``reply__assignment__proposal`` …), or None."""
    from proposals.models import Proposal

    def walk(current, depth):
        fields = [f for f in current._meta.concrete_fields if f.many_to_one and f.related_model]
        for field in fields:
            if field.related_model is Proposal:
                return field.name
        if depth >= 3:
            return None
        for field in fields:
            related = field.related_model
            if related._meta.app_label == NAMESPACE and related is not current:
                rest = walk(related, depth + 1)
                if rest is not None:
                    return f"{field.name}__{rest}"
        return None

    return walk(model, 1)


def write_may_be_public(
    instance, *, deleted: bool = False, created: bool = False, update_fields=None
) -> bool:
    """Whether an ORM write of this proposals row changes what the public sees, when the row
    itself tells; when that depends on whether the row's proposal is closed, the proposal is
    looked up once the transaction commits (``_check_on_commit``: one query per transaction
    whatever the number of rows, none inside the write) and ``proposals.public`` bumped then.
    When in doubt, yes."""
    from proposals.models import Proposal

    closed = Proposal.State.CLOSED
    if isinstance(instance, Proposal):
        if deleted or instance.__dict__.get("state", closed) == closed:
            return True
        if created:
            instance._loaded_state = instance.state
            return False
        if update_fields is not None and "state" not in update_fields:
            # The save kept the state: the proposal is public after the commit if it was before.
            _check_on_commit(Proposal, "", instance.pk)
            return False
        # The state was written: public if it was closed before (the kernel saves the row it
        # locked; a whole-row save read it in ``_state_before_whole_save``); unknown: maybe.
        loaded = instance.__dict__.get("_loaded_state")
        instance._loaded_state = instance.state
        return loaded is None or loaded == closed
    path = _path_to_proposal(type(instance))
    if path is None:
        return True  # a category, or a row the public pages may read without a proposal
    first, _, rest = path.partition("__")
    field = type(instance)._meta.get_field(first)
    value = getattr(instance, field.attname)
    if value is None:
        return True
    if not rest:  # a row of the proposal itself
        _check_on_commit(Proposal, "", value)
        return False
    if rest == "proposal" and field.is_cached(instance):
        # e.g. a reply's assignment in memory: an assignment never changes its proposal
        related = field.get_cached_value(instance)
        if related is not None and getattr(related, "proposal_id", None) is not None:
            _check_on_commit(Proposal, "", related.proposal_id)
            return False
    _check_on_commit(field.related_model, rest, value)
    return False


def _check_on_commit(model, path: str, pk) -> None:
    """Bump ``proposals.public`` after the commit if a proposal reached through ``model`` row
    ``pk`` (by ``path``, "" for the proposal itself) is closed then. One query per kind of row
    per transaction; at once outside one."""
    if not transaction.get_connection().in_atomic_block:
        _bump_if_closed({(model, path): {pk}})
        return
    pending = caching.pending_on_commit("proposals.caching.public-checks", _bump_if_closed)
    pending.setdefault((model, path), set()).add(pk)


def _bump_if_closed(pending: dict) -> None:
    from proposals.models import Proposal

    closed = Proposal.State.CLOSED
    for (model, path), pks in pending.items():
        state = f"{path}__state" if path else "state"
        if model._base_manager.filter(pk__in=list(pks), **{state: closed}).exists():
            caching.bump_on_commit(PUBLIC_NAMESPACE)
            return


def _state_before_whole_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """A save of the whole row (the admin, a form; the kernel names its fields) may carry a state
    read long ago: read the stored one (one query, such saves are rare)."""
    if raw or update_fields is not None or instance._state.adding or instance.pk is None:
        return
    instance._loaded_state = (
        sender._base_manager.filter(pk=instance.pk).values_list("state", flat=True).first()
    )


def connect() -> None:
    from django.db.models.signals import pre_save

    from congress import page_cache
    from proposals.models import Proposal

    pre_save.connect(_state_before_whole_save, sender=Proposal, dispatch_uid="proposals.caching.state-before")
    page_cache.register_public_writes(NAMESPACE, write_may_be_public)
