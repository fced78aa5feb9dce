"""``get_<field>_display()`` without translating every label of the field on each call (issue 16).

Django's ``Model._get_FIELD_display`` builds ``dict(make_hashable(field.flatchoices))`` on every
call, and hashing each ``(value, label)`` pair translates every lazy label: a list page showing a
state for 20 rows translated the whole state list 20 times (a fifth of the news list's rendering).
The mixin keeps the value → label mapping per field — labels still lazy, so each call translates
one label in the reader's language — and gives exactly Django's answer, unknown values included.
Fields whose choices are a callable are left to Django.
"""

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


def _labels(field) -> dict | None:
    choices = field.choices
    if not isinstance(choices, list | tuple):
        return None
    cached = field.__dict__.get("_congress_labels")
    if cached is None or cached[0] is not choices:
        cached = (choices, {make_hashable(value): label for value, label in field.flatchoices})
        field.__dict__["_congress_labels"] = cached
    return cached[1]


class ChoiceLabelsMixin:
    """Mixed into the project's model bases, before ``models.Model``: the ``get_<field>_display``
    methods Django adds to a model bind this method (it is looked up when the class is made)."""

    def _get_FIELD_display(self, field):
        labels = _labels(field)
        if labels is None:
            return models.Model._get_FIELD_display(self, field)
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)
