"""congress.choices: get_<field>_display answers exactly as Django's, in each language."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from congress.choices import ChoiceLabelsMixin
from congress.models import NewsItem


def _fields_with_choices():
    for model in apps.get_models():
        if not issubclass(model, ChoiceLabelsMixin):
            continue
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


def test_the_project_models_use_it():
    assert len({model for model, _field in _fields_with_choices()}) >= 20


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_every_choice_of_every_model_is_shown_as_django_shows_it(lang):
    checked = 0
    with translation.override(lang):
        for model, field in _fields_with_choices():
            for value in [value for value, _label in field.flatchoices] + ["no-such-value", None]:
                obj = model()
                setattr(obj, field.attname, value)
                expected = models.Model._get_FIELD_display(obj, field)
                assert getattr(obj, f"get_{field.name}_display")() == expected, (model, field.name, value)
                checked += 1
    assert checked > 100


def test_a_label_follows_the_language_of_each_call():
    item = NewsItem(kind=NewsItem.Kind.NOTICE)
    with translation.override("zh-hans"):
        chinese = item.get_kind_display()
    with translation.override("en"):
        english = item.get_kind_display()
    assert chinese == "通知公告"
    assert english != chinese
