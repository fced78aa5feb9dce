"""督办 is called "oversight" in the code ("supervision" is the 监督 app): the fields and their
reverse names are renamed, the data kept. The many-to-many's table is renamed with its field.
The stored event code "supervise" stays (it is published in the API's timeline)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("proposals", "0003_search_and_list_indexes")]

    operations = [
        migrations.RenameField("proposal", "is_key_supervision", "is_key_oversight"),
        migrations.RenameField("proposal", "supervising_committee", "oversight_committee"),
        migrations.RenameField("proposal", "supervising_deputies", "oversight_deputies"),
        migrations.RenameField("proposal", "supervising_leader", "oversight_leader"),
        migrations.RenameField("historicalproposal", "is_key_supervision", "is_key_oversight"),
        migrations.RenameField("historicalproposal", "supervising_committee", "oversight_committee"),
        migrations.RenameField("historicalproposal", "supervising_leader", "oversight_leader"),
        migrations.AlterField(
            model_name="proposal",
            name="oversight_committee",
            field=models.ForeignKey(
                blank=True,
                limit_choices_to={"kind": "working_committee"},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="overseen_proposals",
                to="congress.organization",
                verbose_name="对口督办工委",
            ),
        ),
        migrations.AlterField(
            model_name="proposal",
            name="oversight_deputies",
            field=models.ManyToManyField(
                blank=True, related_name="overseen_proposals", to="deputies.deputy", verbose_name="参与督办代表"
            ),
        ),
    ]
