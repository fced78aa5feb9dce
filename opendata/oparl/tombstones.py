"""Deleted OParl objects (spec 1.1, "Gelöschte Objekte"): when a row behind a public object is
deleted, or stops being public (a proposal withheld, a meeting unpublished, a reply's proposal
withheld with it), a ``Tombstone`` is written in the same transaction; the object's URL then
answers with the deleted stub (``id``, ``type``, ``created``, ``modified`` = the deletion,
``deleted: true``) and the body's list shows it when a client asks ``modified_since``.

Only the spec's main objects get a tombstone (``objects.DELETABLE``).

How: for each domain model, a plan names the OParl sources its row stands behind and how to
reach them from its primary key (a meeting stands behind itself, its location and its public
documents). Before a change the public objects of the plan are read (``pre_save``/``pre_delete``),
after it again; what vanished gets a tombstone, what came back loses its own. The first step of
a plan is its gate: when the row itself is not public, nothing under it is, and the rest is not
read. A save whose ``update_fields`` touch none of the fields that decide publicity reads
nothing. Bulk writes (``QuerySet.update``, ``bulk_update``) send no signals: the services that
make a record non-public save it row by row."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from budget.models import BookStage
from congress import caching
from congress.models import Organization
from deputies.models import Deputy, DeputyGroup
from meetings.models import Meeting, MeetingDocument
from opendata.models import Tombstone
from opendata.oparl import objects
from opendata.oparl import selectors as sel
from proposals.models import Assignment, Attachment, Proposal, Reply
from supervision.models import Interpellation, WorkReport
from supervision.models_filings import NormativeDocument
from supervision.models_inquiries import Inquiry
from supervision.models_inspections import Inspection

_BEFORE = "_oparl_public_before"


@dataclass(frozen=True)
class Step:
    """One OParl source behind a row: its kind, its key prefix, and the lookup from the source's
    rows to the row's primary key."""

    kind: str
    prefix: str
    lookup: str = "pk"

    @property
    def source(self) -> objects.Source:
        return next(s for s in objects.KINDS[self.kind] if s.prefix == self.prefix)


@dataclass(frozen=True)
class Plan:
    steps: tuple[Step, ...]
    # The fields whose change can make the row (or what stands under it) public or not; None:
    # any. Rows public whatever their fields have an empty tuple (only a delete matters).
    fields: tuple[str, ...] | None


PLANS: dict[type, Plan] = {
    Organization: Plan((Step("organization", "unit"),), ()),
    DeputyGroup: Plan((Step("organization", "group"),), ()),
    Deputy: Plan((Step("person", ""),), ("is_active",)),
    Meeting: Plan(
        (
            Step("meeting", ""),
            Step("location", ""),
            Step("file", "meeting", "meeting"),
        ),
        ("is_schedule_published", "attendance_published_at", "kind", "location"),
    ),
    MeetingDocument: Plan((Step("file", "meeting"),), ("is_public", "meeting")),
    Proposal: Plan(
        (
            Step("paper", "proposal"),
            Step("paper", "reply", "assignment__proposal"),
            Step("file", "reply", "reply__assignment__proposal"),
        ),
        ("state", "is_withheld"),
    ),
    Assignment: Plan(
        (
            Step("paper", "reply", "assignment"),
            Step("file", "reply", "reply__assignment"),
        ),
        ("state", "proposal"),
    ),
    Reply: Plan((Step("paper", "reply"), Step("file", "reply", "reply")), ("state", "assignment")),
    Attachment: Plan((Step("file", "reply"),), ("reply",)),
    WorkReport: Plan((Step("paper", "report"),), ("state",)),
    Interpellation: Plan((Step("paper", "interpellation"),), ("state",)),
    Inquiry: Plan((Step("paper", "inquiry"),), ("state",)),
    Inspection: Plan((Step("paper", "inspection"),), ("state",)),
    NormativeDocument: Plan((Step("paper", "filing"), Step("file", "filing")), ("pdf",)),
    BookStage: Plan((Step("paper", "budget"),), ("stage",)),
}

# (kind, key, body) -> created
Found = dict[tuple[str, str, str], object]


def public_objects(model: type, pk) -> Found:
    """The public OParl main objects that the row ``model(pk)`` stands behind, by body."""
    found: Found = {}
    for index, step in enumerate(PLANS[model].steps):
        source = step.source
        for body in source.bodies:
            rows = source.rows(body).prefetch_related(None).filter(**{step.lookup: pk})
            for object_pk, created in rows.values_list("pk", source.created):
                found[(step.kind, source.key(object_pk), body)] = created
        if index == 0 and not found:
            break  # the gate: nothing under a row that is not public itself
    return found


def record(model: type, pk, vanished: Found) -> None:
    """A tombstone for each object that vanished (a later deletion moves its time on)."""
    if not vanished:
        return
    # bulk_create sends no post_save: the OParl answers keyed by this app's version go stale now
    caching.bump_on_commit("opendata")
    now = timezone.now()
    Tombstone.objects.bulk_create(
        [
            Tombstone(
                kind=kind,
                key=key,
                body=body,
                model=model._meta.label_lower,
                object_pk=pk,
                created=created,
                deleted_at=now,
            )
            for (kind, key, body), created in vanished.items()
        ],
        update_conflicts=True,
        unique_fields=["kind", "key", "body"],
        update_fields=["model", "object_pk", "created", "deleted_at"],
    )


def revive(found: Found) -> None:
    """Objects public again (in a body) are no longer deleted (there)."""
    if not found:
        return
    # By body: a meeting moved to the other body stays deleted in the lists of the first.
    for kind, body in {(kind, body) for kind, _key, body in found}:
        keys = [key for k, key, b in found if (k, b) == (kind, body)]
        Tombstone.objects.filter(kind=kind, body=body, key__in=keys).delete()
    caching.bump_on_commit("opendata")


def _concerns(plan: Plan, update_fields) -> bool:
    if update_fields is None or plan.fields is None:
        return plan.fields != ()
    return bool(set(update_fields) & set(plan.fields))


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or instance._state.adding:
        return
    if _concerns(PLANS[sender], update_fields):
        setattr(instance, _BEFORE, public_objects(sender, instance.pk))


def _after_save(sender, instance, created=False, raw=False, **kwargs):
    before = instance.__dict__.pop(_BEFORE, None)
    if raw or before is None:
        return
    after = public_objects(sender, instance.pk)
    record(sender, instance.pk, {found: c for found, c in before.items() if found not in after})
    revive({found: c for found, c in after.items() if found not in before})


def _before_delete(sender, instance, **kwargs):
    setattr(instance, _BEFORE, public_objects(sender, instance.pk))


def _after_delete(sender, instance, **kwargs):
    record(sender, instance.pk, instance.__dict__.pop(_BEFORE, None) or {})


def connect_signals() -> None:
    for model in PLANS:
        uid = f"opendata.oparl.tombstones.{model._meta.label_lower}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid + ".pre_save")
        post_save.connect(_after_save, sender=model, dispatch_uid=uid + ".post_save")
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=uid + ".pre_delete")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid + ".post_delete")


# --- reading them ------------------------------------------------------------------------------


def tombstone_source(kind: str) -> objects.Source | None:
    """The deleted objects of a kind as one more source of its body lists (``modified`` is the
    deletion), or None for kinds without tombstones."""
    if kind not in objects.DELETABLE:
        return None
    return objects.Source(
        "",
        lambda body: Tombstone.objects.filter(kind=kind, body=body).order_by("pk"),
        objects.deleted,
        sel.BODIES,
        modified="deleted_at",
        created="created",
    )


def tombstone_get(kind: str, key: str) -> Tombstone | None:
    if kind not in objects.DELETABLE:
        return None
    return Tombstone.objects.filter(kind=kind, key=key).order_by("-deleted_at").first()
