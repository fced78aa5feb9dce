"""``manage.py restore ARCHIVE``: put a backup back (``make restore ARCHIVE=…``). Stop web,
worker and beat first: the database and the upload directories are replaced."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from congress.backups import BackupError, backup_manifest, backup_restore


class Command(BaseCommand):
    help = "Restore the database and the uploaded files from an archive made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, archive, interactive=True, **options):
        if not archive.is_file():
            raise CommandError(f"no such archive: {archive}")
        manifest = backup_manifest(archive)
        if interactive:
            answer = input(
                f"Replace this database and the uploaded files with the backup of {manifest['created_at']}? "
                "Type 'yes' to continue: "
            )
            if answer != "yes":
                raise CommandError("restore cancelled")
        try:
            backup_restore(path=archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restore: {archive} ({manifest['engine']}, made {manifest['created_at']})")
