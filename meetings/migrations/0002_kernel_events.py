"""Meetings on the case-work kernel's event rows: AttendanceEvent's status columns renamed to
the kernel's (data kept), the action taken added and filled in for the rows written before;
MeetingEvent, the meeting's own timeline, new."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# The one action that led to each state before the kernel (a correction says so in its note).
ACTION_BY_TARGET = {
    "leave_requested": "request_leave",
    "leave_approved": "approve_leave",
    "leave_rejected": "reject_leave",
    "attended": "check_in",
    "absent": "mark_absent",
}


def fill_actions(apps, schema_editor):
    AttendanceEvent = apps.get_model("meetings", "AttendanceEvent")
    # The row written when the unit was required: from no state, as the kernel records creation.
    AttendanceEvent.objects.filter(to_state="required").update(action="require", from_state="")
    AttendanceEvent.objects.filter(action="", note__startswith="公开后更正").update(action="correct")
    AttendanceEvent.objects.filter(action="", to_state="attended", note__startswith="扫码签到").update(
        action="check_in_qr"
    )
    for to_state, action in ACTION_BY_TARGET.items():
        AttendanceEvent.objects.filter(action="", to_state=to_state).update(action=action)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="attendanceevent", old_name="from_status", new_name="from_state"),
        migrations.RenameField(model_name="attendanceevent", old_name="to_status", new_name="to_state"),
        migrations.AlterField(
            model_name="attendanceevent",
            name="from_state",
            field=models.CharField(blank=True, max_length=20, verbose_name="原状态"),
        ),
        migrations.AlterField(
            model_name="attendanceevent",
            name="to_state",
            field=models.CharField(blank=True, max_length=20, verbose_name="新状态"),
        ),
        migrations.AddField(
            model_name="attendanceevent",
            name="action",
            field=models.CharField(default="", max_length=40, verbose_name="操作"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="attendanceevent",
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
        migrations.AlterModelOptions(
            name="attendanceevent",
            options={
                "ordering": ["created_at", "id"],
                "verbose_name": "出席状态记录",
                "verbose_name_plural": "出席状态记录",
            },
        ),
        migrations.CreateModel(
            name="MeetingEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("action", models.CharField(max_length=40, verbose_name="操作")),
                ("from_state", models.CharField(blank=True, max_length=20, verbose_name="原状态")),
                ("to_state", models.CharField(blank=True, max_length=20, verbose_name="新状态")),
                ("note", models.TextField(blank=True, verbose_name="说明")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间")),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="操作人",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="meetings.meeting",
                        verbose_name="会议",
                    ),
                ),
            ],
            options={
                "verbose_name": "会议流程记录",
                "verbose_name_plural": "会议流程记录",
                "ordering": ["created_at", "id"],
                "abstract": False,
            },
        ),
        # Last, so no schema change follows the rows' update in the same transaction.
        migrations.RunPython(fill_actions, migrations.RunPython.noop),
    ]
