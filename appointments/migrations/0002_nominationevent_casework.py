"""NominationEvent on the case-work kernel's event row: the status columns renamed to the
kernel's (data kept), the action taken added and filled in for the rows written before."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# The one action that led to each state (a registration is the row from no state).
ACTION_BY_TARGET = {
    "exam_passed": "exam",
    "exam_failed": "exam",
    "publicity": "publicity",
    "approved": "vote",
    "rejected": "vote",
    "sworn": "oath",
    "withdrawn": "withdraw",
}


def fill_actions(apps, schema_editor):
    NominationEvent = apps.get_model("appointments", "NominationEvent")
    NominationEvent.objects.filter(from_state="").update(action="nominate")
    for to_state, action in ACTION_BY_TARGET.items():
        NominationEvent.objects.filter(action="", to_state=to_state).update(action=action)


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="nominationevent", old_name="from_status", new_name="from_state"),
        migrations.RenameField(model_name="nominationevent", old_name="to_status", new_name="to_state"),
        migrations.AlterField(
            model_name="nominationevent",
            name="from_state",
            field=models.CharField(blank=True, max_length=20, verbose_name="原状态"),
        ),
        migrations.AlterField(
            model_name="nominationevent",
            name="to_state",
            field=models.CharField(blank=True, max_length=20, verbose_name="新状态"),
        ),
        migrations.AddField(
            model_name="nominationevent",
            name="action",
            field=models.CharField(default="", max_length=40, verbose_name="操作"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="nominationevent",
            name="note",
            field=models.TextField(blank=True, verbose_name="说明"),
        ),
        migrations.AlterField(
            model_name="nominationevent",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间"),
        ),
        migrations.AlterField(
            model_name="nominationevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="操作人",
            ),
        ),
        # Last, so no schema change follows the rows' update in the same transaction.
        migrations.RunPython(fill_actions, migrations.RunPython.noop),
    ]
