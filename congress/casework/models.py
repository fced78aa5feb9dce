"""The kernel's tables: the abstract event row every app's timeline inherits, and the marks
that make reminder scans idempotent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
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
