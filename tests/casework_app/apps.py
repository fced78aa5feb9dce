from django.apps import AppConfig


class CaseworkAppConfig(AppConfig):
    """A minimal tracked item, installed only under test: it shows (and proves) everything a new
    kind of item needs from the case-work kernel — a model, an event table inheriting the
    kernel's, a ``workflow.py`` of declarations, services calling ``transition`` and a
    reminder scan. ``docs/architecture.md`` walks through it."""

    name = "tests.casework_app"
    label = "casework_app"
    default_auto_field = "django.db.models.BigAutoField"
