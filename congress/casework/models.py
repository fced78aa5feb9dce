"""The kernel's tables: the abstract event row every app's timeline inherits, the marks that
make reminder scans idempotent, and the abstract rectifiable item with its report rounds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TransitionEvent(models.Model):
    """One step of an item's life: who took which action, from which state to which, and why.

    Written by ``casework.services.transition`` (and ``record_event`` for steps that keep the
    state); apps inherit it and add the foreign key(s) to their item. ``workflows`` on the
    subclass lists the declared workflows whose codes it stores, for labels."""

    action = models.CharField(_("操作"), max_length=40)
    from_state = models.CharField(_("原状态"), max_length=20, blank=True)
    to_state = models.CharField(_("新状态"), max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=False)

    workflows: tuple = ()  # the declared workflows whose action codes this table stores
    extra_labels: dict = {}  # codes written by ``record_event`` outside any workflow

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.action_label}：{self.from_label or '—'} → {self.to_label or '—'}"

    @classmethod
    def _workflow_for_code(cls, code: str):
        for workflow in cls._workflows():
            if workflow.event_prefix and not code.startswith(workflow.event_prefix):
                continue
            if code[len(workflow.event_prefix) :] in workflow:
                return workflow
        return None

    @classmethod
    def _workflows(cls):
        workflows = cls.workflows
        return workflows() if callable(workflows) else workflows

    @property
    def action_label(self) -> str:
        workflow = self._workflow_for_code(self.action)
        if workflow is not None:
            return str(workflow[self.action[len(workflow.event_prefix) :]].label)
        label = self.extra_labels.get(self.action)
        return str(label) if label else self.action

    def _state_label(self, state: str) -> str:
        if not state:
            return ""
        workflow = self._workflow_for_code(self.action)
        workflows = [workflow] if workflow else self._workflows()
        for candidate in workflows:
            label = candidate.state_label(state)
            if label != state:
                return label
        return state

    @property
    def from_label(self) -> str:
        return self._state_label(self.from_state)

    @property
    def to_label(self) -> str:
        return self._state_label(self.to_state)


class ReminderMark(models.Model):
    """That a reminder scan already sent one notice (per kind, item, deadline and milestone).

    A scan skips done work with one indexed anti-join instead of re-reading notifications; a
    changed deadline (an extension, re-handling) earns new reminders. ``kind`` is namespaced by
    the app (``proposals.unit_due``)."""

    kind = models.CharField(_("类别"), max_length=60)
    target_id = models.BigIntegerField(_("事项编号"))
    deadline = models.DateField(_("期限"))
    milestone = models.SmallIntegerField(_("提前工作日"), default=0)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        app_label = "congress"
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target_id", "deadline", "milestone"], name="casework_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.kind}:{self.target_id}:{self.deadline}:{self.milestone}"


class RectificationRound(models.Model):
    """A unit's rectification report (整改情况) of one round, and staff's evaluation of it.

    Whatever a unit must rectify (an inspection's issue, an audit finding) keeps one row per
    round: the unit reports, staff accept it or send it back, and a send-back opens the next
    round. Apps inherit it and add the foreign key to their item (``related_name="rectifications"``),
    history and the one-report-per-round constraint; ``casework.rectification`` takes the steps."""

    class Outcome(models.TextChoices):
        PENDING = "", _("待评价")
        ACCEPTED = "accepted", _("整改到位")
        REDO = "redo", _("退回重新整改")

    round = models.PositiveSmallIntegerField(_("整改轮次"))
    content = models.TextField(_("整改情况"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("报送时间"), auto_now_add=True)
    outcome = models.CharField(_("评价结果"), max_length=20, choices=Outcome.choices, blank=True, default="")
    evaluation = models.TextField(_("评价意见"), blank=True)
    evaluated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)

    class Meta:
        abstract = True


TITLE_LENGTH = 60  # an item's title in reminders and lists: its description's start


class RectifiableItemQuerySet(models.QuerySet):
    def owed(self):
        """The items whose unit owes a report now (``OWED_STATES``)."""
        return self.filter(state__in=list(self.model.OWED_STATES))

    def with_title(self):
        """``title``: the description's first 60 characters, for reminders and inbox rows."""
        return self.annotate(title=Substr("description", 1, TITLE_LENGTH))


class RectifiableItem(models.Model):
    """Something one unit must rectify by a deadline, in rounds (an inspection's issue, an audit
    finding): staff list it with a deadline from their rule, the unit reports (a
    ``RectificationRound`` row per round, ``related_name="rectifications"``), staff accept the
    report or send it back with a new deadline — the next round. ``casework.rectification``
    takes the steps.

    The subclass declares ``state`` with its own ``State`` (the values are stored and in API
    outputs, so each app keeps its own), sets ``OWED_STATES`` (the states in which the unit owes
    a report by ``deadline``), and may declare ``unit`` again for its own reverse name."""

    OWED_STATES: tuple[str, ...] = ()  # set by the subclass: the unit owes a report by ``deadline``

    unit = models.ForeignKey(
        "congress.Organization", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("问题描述"))
    deadline = models.DateField(_("整改期限"), db_index=True)
    round = models.PositiveSmallIntegerField(_("整改轮次"), default=1)
    state = models.CharField(_("状态"), max_length=20, db_index=True)
    reported_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("认定整改到位时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RectifiableItemQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def summary(self) -> str:
        return self.description[:TITLE_LENGTH]

    @property
    def is_owed(self) -> bool:
        """Whether the unit owes a report now (by ``deadline``)."""
        return self.state in self.OWED_STATES

    @property
    def owed_deadline(self):
        """The deadline the unit owes its report by (none while staff evaluate or once accepted)."""
        return self.deadline if self.is_owed else None

    def is_overdue(self, today) -> bool:
        return self.is_owed and self.deadline < today

    @property
    def current_report(self):
        """This round's report, if the unit has sent it (from the prefetched rounds)."""
        return next((r for r in self.rectifications.all() if r.round == self.round), None)

    @classmethod
    def rounds_prefetch(cls, queryset=None) -> models.Prefetch:
        """Every round's report, in order (one query for a page of items)."""
        rounds = cls._meta.get_field("rectifications").related_model.objects
        return models.Prefetch(
            "rectifications",
            queryset=(rounds.all() if queryset is None else queryset).order_by("round", "id"),
        )
