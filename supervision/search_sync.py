"""The filing register's stored search text follows a unit's rename: each filing's
``search_text`` holds its issuing unit's name (``NormativeDocument.search_text_of``), so when a
unit (``congress.Organization``, a core model this app cannot change) is saved under a new
name — in the admin, a service or a data import — its filings' search text is recomputed in
the same transaction (``services.filings.filing_search_refresh``).

A signal because the core may not call a domain app; the old name is read in ``pre_save`` (one
small query, only when a unit is saved, which is rare); nothing is done when the name did not
change. The same shape as ``proposals.search_sync``."""

from __future__ import annotations

from django.db.models.signals import post_save, pre_save


def _remember_name(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and "name" not in update_fields:
        return
    instance._filing_search_name = (
        sender._default_manager.filter(pk=instance.pk).values_list("name", flat=True).first()
    )


def _refresh_when_renamed(sender, instance, created=False, raw=False, **kwargs):
    before = instance.__dict__.pop("_filing_search_name", None)
    if before is None or created or raw or before == instance.name:
        return
    from supervision.services.filings import filing_search_refresh

    filing_search_refresh(unit_id=instance.pk)


def connect() -> None:
    from congress.models import Organization

    uid = "supervision.search_sync.organization"
    pre_save.connect(_remember_name, sender=Organization, dispatch_uid=uid + ".pre")
    post_save.connect(_refresh_when_renamed, sender=Organization, dispatch_uid=uid + ".post")
