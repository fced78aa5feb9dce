"""Heads of units are named people: ``head_name`` and ``deputy_head_name`` refuse a post in
brackets standing for a name ("（区长）", as the demo data used to write). Such placeholders
already stored are cleared, the post kept in ``head_title`` where that was empty, and each
change leaves a history row. The check is written out here so this migration keeps doing what
it did when ``congress.models`` changes later."""

import congress.models
from django.db import migrations, models


def _placeholder(value):
    text = (value or "").strip()
    return len(text) >= 2 and text[0] in "（(" and text[-1] in "）)"


def clear_placeholder_names(apps, schema_editor):
    from django.utils import timezone

    Organization = apps.get_model("congress", "Organization")
    Historical = apps.get_model("congress", "HistoricalOrganization")
    own = [f.attname for f in Historical._meta.concrete_fields if not f.attname.startswith("history_")]
    now = timezone.now()
    for org in Organization.objects.all().iterator():
        changes = {}
        if _placeholder(org.head_name):
            if not org.head_title.strip():
                changes["head_title"] = org.head_name.strip()[1:-1].strip()
            changes["head_name"] = ""
        if _placeholder(org.deputy_head_name):
            changes["deputy_head_name"] = ""
        if not changes:
            continue
        Organization.objects.filter(pk=org.pk).update(**changes)
        for name, value in changes.items():
            setattr(org, name, value)
        Historical.objects.create(
            **{name: getattr(org, name) for name in own},
            history_date=now,
            history_type="~",
            history_change_reason="清除占位的负责人姓名（职务不是姓名）",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("congress", "0002_casework_reminder_mark"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalorganization",
            name="deputy_head_name",
            field=models.CharField(
                blank=True,
                help_text="姓名",
                max_length=50,
                validators=[congress.models.validate_person_name],
                verbose_name="分管副职",
            ),
        ),
        migrations.AlterField(
            model_name="historicalorganization",
            name="head_name",
            field=models.CharField(
                blank=True,
                help_text="姓名；尚未登记的留空",
                max_length=50,
                validators=[congress.models.validate_person_name],
                verbose_name="主要负责人",
            ),
        ),
        migrations.AlterField(
            model_name="historicalorganization",
            name="head_title",
            field=models.CharField(
                blank=True,
                help_text="例如：区长、局长；未登记姓名时公开页面显示职务",
                max_length=50,
                verbose_name="负责人职务",
            ),
        ),
        migrations.AlterField(
            model_name="organization",
            name="deputy_head_name",
            field=models.CharField(
                blank=True,
                help_text="姓名",
                max_length=50,
                validators=[congress.models.validate_person_name],
                verbose_name="分管副职",
            ),
        ),
        migrations.AlterField(
            model_name="organization",
            name="head_name",
            field=models.CharField(
                blank=True,
                help_text="姓名；尚未登记的留空",
                max_length=50,
                validators=[congress.models.validate_person_name],
                verbose_name="主要负责人",
            ),
        ),
        migrations.AlterField(
            model_name="organization",
            name="head_title",
            field=models.CharField(
                blank=True,
                help_text="例如：区长、局长；未登记姓名时公开页面显示职务",
                max_length=50,
                verbose_name="负责人职务",
            ),
        ),
        migrations.RunPython(clear_placeholder_names, migrations.RunPython.noop),
    ]
