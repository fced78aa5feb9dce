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

from congress import caching

NAMESPACE = "proposals"
PUBLIC_NAMESPACE = caching.public_namespace(NAMESPACE)


def data_version() -> str:
    return caching.data_version(NAMESPACE)


def bump_data_version() -> None:
    caching.bump_data_version(NAMESPACE)


def bump_data_version_on_commit() -> None:
    caching.bump_on_commit(NAMESPACE)


def bump_public_on_commit() -> None:
    """A write that may change what the public sees, outside the ORM's signals (raw SQL)."""
    caching.bump_on_commit(NAMESPACE)
    caching.bump_on_commit(PUBLIC_NAMESPACE)


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


def _closed(proposal_id) -> bool:
    from proposals.models import Proposal

    return Proposal._base_manager.filter(pk=proposal_id, state=Proposal.State.CLOSED).exists()


def remember_state_before_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """``pre_save`` of a proposal: was it closed before this save? The state read with the row
    counts when the save writes the state (the kernel saves the row it locked); otherwise the
    database says (one query)."""
    if raw or instance._state.adding or instance.pk is None:
        return
    loaded = instance.__dict__.get("_loaded_state")
    if loaded is not None and update_fields is not None and "state" in update_fields:
        before = loaded
    else:
        before = sender._base_manager.filter(pk=instance.pk).values_list("state", flat=True).first()
    instance._closed_before_save = before == sender.State.CLOSED


def write_may_be_public(instance, *, deleted: bool = False, created: bool = False) -> bool:
    """Whether an ORM write of this proposals row may change what the public sees. When in
    doubt, yes."""
    from proposals.models import Proposal

    closed = Proposal.State.CLOSED
    if isinstance(instance, Proposal):
        if deleted:
            return True
        before = instance.__dict__.pop("_closed_before_save", None)
        instance._loaded_state = instance.state
        if instance.state == closed:
            return True
        if created:
            return False
        return before is None or before
    path = _path_to_proposal(type(instance))
    if path is None:
        return True  # a category, or a row the public pages may read without a proposal
    first, _, rest = path.partition("__")
    field = type(instance)._meta.get_field(first)
    value = getattr(instance, field.attname)
    if value is None:
        return True
    if not rest:
        return _closed(value)
    return field.related_model._base_manager.filter(pk=value, **{f"{rest}__state": closed}).exists()


def connect() -> None:
    from django.db.models.signals import pre_save

    from congress import page_cache
    from proposals.models import Proposal

    pre_save.connect(
        remember_state_before_save, sender=Proposal, dispatch_uid="proposals.caching.state-before"
    )
    page_cache.register_public_writes(NAMESPACE, write_may_be_public)
