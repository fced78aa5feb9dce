"""The public search's vectors follow a rename (``proposals.search``): a closed proposal's
vector holds the names of its category, lead deputy, the deputy's group and street, and its
handling units, so renaming any of them in the admin — or moving a deputy to another group —
refreshes the vectors of the proposals concerned after the commit, in a task (a unit may
handle tens of thousands of proposals over the years).

The old values are read in ``pre_save`` (one small query, only for these rarely saved rows);
nothing is done when the searched fields did not change or on SQLite, which searches without
vectors."""

from __future__ import annotations

from django.db import connection
from django.db.models.signals import post_save, pre_save

from congress import outbox

# model label -> the fields whose values are in the vectors
SEARCHED_FIELDS = {
    "proposals.category": ("name",),
    "deputies.deputy": ("name", "group_id"),
    "deputies.deputygroup": ("name", "organization_id"),
    "congress.organization": ("name",),
}


def _label(sender) -> str:
    return sender._meta.label_lower


def _remember_searched_values(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or connection.vendor != "postgresql":
        return
    fields = SEARCHED_FIELDS[_label(sender)]
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not {f.removesuffix("_id") for f in fields} & {
        f.removesuffix("_id") for f in update_fields
    }:
        return
    instance._search_before = sender._default_manager.filter(pk=instance.pk).values_list(*fields).first()


def _refresh_when_renamed(sender, instance, created=False, raw=False, **kwargs):
    before = getattr(instance, "_search_before", None)
    if before is None or created or raw:
        return
    del instance._search_before
    after = tuple(getattr(instance, field) for field in SEARCHED_FIELDS[_label(sender)])
    if after == tuple(before):
        return
    # Through the outbox (a row in the rename's transaction): done even if the broker is down now.
    label = _label(sender)
    outbox.enqueue(
        "proposals.tasks.refresh_search_after_rename",
        args=[label, instance.pk],
        dedupe_key=f"proposals.refresh_search_after_rename:{label}:{instance.pk}",
    )


def connect() -> None:
    from django.apps import apps

    for label in SEARCHED_FIELDS:
        model = apps.get_model(label)
        uid = f"proposals.search_sync.{label}"
        pre_save.connect(_remember_searched_values, sender=model, dispatch_uid=uid + ".pre")
        post_save.connect(_refresh_when_renamed, sender=model, dispatch_uid=uid + ".post")
