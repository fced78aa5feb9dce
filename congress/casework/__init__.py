"""The case-work kernel: one machinery for every item a unit or a person owes by a deadline.

- ``workflow``: ``Workflow`` and ``Action`` — an app's ``workflow.py`` only declares.
- ``services``: ``transition()`` (lock, check state and actor, save with history, event row),
  ``transition_many()`` for jobs, ``record_event()``, ``lock()``, ``save_tracked()``.
- ``models``: the abstract ``TransitionEvent`` each app's event table inherits,
  ``ReminderMark``, and the abstract ``RectifiableItem`` and ``RectificationRound`` of what a
  unit rectifies in rounds (``rectification``: its steps).
- ``reminders``: the rule-driven reminder and escalation engine for daily jobs.
- ``congress.api.actions.ActionView``: the one base for API action endpoints.
- ``congress.units``: who acts for which unit.

See ``docs/architecture.md`` for how a new kind of tracked item is added.
"""
