"""A post in brackets ("（区长）") stood where a head's name belongs in attendance copied from
the demo units (``congress`` 0003 clears it on the units): the required and the published
attendance lose it too, so the pages show the post alone (``Organization.head_title``) instead.
Each change leaves a history row. The check is written out here so this migration keeps doing
what it did when the models change later."""

from django.db import migrations
from django.db.models import Q

FIELDS = ("expected_person", "substitute")


def _placeholder(value):
    text = (value or "").strip()
    return len(text) >= 2 and text[0] in "（(" and text[-1] in "）)"


def _clear(apps, model_name):
    from django.utils import timezone

    Model = apps.get_model("meetings", model_name)
    Historical = apps.get_model("meetings", f"Historical{model_name}")
    own = [f.attname for f in Historical._meta.concrete_fields if not f.attname.startswith("history_")]
    now = timezone.now()
    bracketed = r"^\s*[（(].*[）)]\s*$"
    for row in Model.objects.filter(Q(expected_person__regex=bracketed) | Q(substitute__regex=bracketed)):
        changes = {name: "" for name in FIELDS if _placeholder(getattr(row, name))}
        if not changes:
            continue
        Model.objects.filter(pk=row.pk).update(**changes)
        for name, value in changes.items():
            setattr(row, name, value)
        Historical.objects.create(
            **{name: getattr(row, name) for name in own},
            history_date=now,
            history_type="~",
            history_change_reason="清除占位的负责人姓名（职务不是姓名）",
        )


def clear_placeholder_names(apps, schema_editor):
    _clear(apps, "RequiredAttendance")
    _clear(apps, "PublishedAttendance")


class Migration(migrations.Migration):
    dependencies = [
        ("congress", "0003_organization_person_names"),
        ("meetings", "0003_meeting_opened_at"),
    ]

    operations = [
        migrations.RunPython(clear_placeholder_names, migrations.RunPython.noop),
    ]
