"""The actual start of a meeting (``opened_at``, ``opened_by``) beside its actual end: what
staff did, apart from the scheduled times. Meetings opened before this migration get theirs
from the ``open`` step on their timeline (``MeetingEvent``)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_opened_at(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    MeetingEvent = apps.get_model("meetings", "MeetingEvent")
    opened = MeetingEvent.objects.filter(action="open").order_by("meeting_id", "-created_at", "-id")
    seen = set()
    for event in opened.only("meeting_id", "actor_id", "created_at").iterator():
        if event.meeting_id in seen:  # the latest open step of each meeting
            continue
        seen.add(event.meeting_id)
        Meeting.objects.filter(pk=event.meeting_id, opened_at__isnull=True).update(
            opened_at=event.created_at, opened_by_id=event.actor_id
        )


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0002_kernel_events'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalmeeting',
            name='opened_at',
            field=models.DateTimeField(blank=True, help_text='工作人员开始会议的时间', null=True, verbose_name='开始时间（实际）'),
        ),
        migrations.AddField(
            model_name='historicalmeeting',
            name='opened_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='开始操作人'),
        ),
        migrations.AddField(
            model_name='meeting',
            name='opened_at',
            field=models.DateTimeField(blank=True, help_text='工作人员开始会议的时间', null=True, verbose_name='开始时间（实际）'),
        ),
        migrations.AddField(
            model_name='meeting',
            name='opened_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='开始操作人'),
        ),
        migrations.AlterField(
            model_name='historicalmeeting',
            name='closed_at',
            field=models.DateTimeField(blank=True, help_text='工作人员结束会议的时间', null=True, verbose_name='结束时间（实际）'),
        ),
        migrations.AlterField(
            model_name='meeting',
            name='closed_at',
            field=models.DateTimeField(blank=True, help_text='工作人员结束会议的时间', null=True, verbose_name='结束时间（实际）'),
        ),
        migrations.RunPython(fill_opened_at, migrations.RunPython.noop),
    ]
