# The proposals' reminder marks move to the case-work kernel's table (congress.ReminderMark),
# namespaced by app, so the daily job does not send again what it sent before the move.

import django.utils.timezone
from django.db import migrations, models

KINDS = {"unit_due": "proposals.unit_due", "overdue": "proposals.overdue", "rating": "proposals.rating"}


def copy_marks(apps, schema_editor):
    Old = apps.get_model("proposals", "ReminderMark")
    New = apps.get_model("congress", "ReminderMark")
    batch = []
    for kind, target_id, deadline, milestone in Old.objects.values_list(
        "kind", "target_id", "deadline", "milestone"
    ).iterator(chunk_size=5000):
        batch.append(
            New(
                kind=KINDS.get(kind, f"proposals.{kind}"),
                target_id=target_id,
                deadline=deadline,
                milestone=milestone,
            )
        )
        if len(batch) >= 5000:
            New.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    New.objects.bulk_create(batch, ignore_conflicts=True)


def copy_back(apps, schema_editor):
    Old = apps.get_model("proposals", "ReminderMark")
    New = apps.get_model("congress", "ReminderMark")
    back = {new: old for old, new in KINDS.items()}
    Old.objects.bulk_create(
        [
            Old(kind=back[kind], target_id=target_id, deadline=deadline, milestone=milestone)
            for kind, target_id, deadline, milestone in New.objects.filter(kind__in=back).values_list(
                "kind", "target_id", "deadline", "milestone"
            )
        ],
        ignore_conflicts=True,
        batch_size=5000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0004_rename_supervision_to_oversight"),
        ("congress", "0002_casework_reminder_mark"),
    ]

    operations = [
        migrations.RunPython(copy_marks, copy_back),
        migrations.DeleteModel(name="ReminderMark"),
        migrations.AlterField(
            model_name="proposalevent",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间"),
        ),
    ]
