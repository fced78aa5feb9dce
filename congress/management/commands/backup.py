"""``manage.py backup``: the database and the uploaded files into one archive (``make backup``)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from congress.backups import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (pg_dump -Fc or SQLite's online backup) and the uploaded files."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir", type=Path, help="where to write the archive (default var/backups)"
        )

    def handle(self, *args, output_dir=None, **options):
        try:
            result = backup_create(output_dir=output_dir)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"backup: {result.path} ({result.engine}, {result.tables} tables, {result.rows} rows)"
        )
