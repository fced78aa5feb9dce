"""Issue 10, finding 11: ``manage.py backup`` / ``restore`` (``make backup`` / ``make restore``)
round-trip the database (rows per table, history included) and the uploaded files. The round
trip runs on the engine of the run: SQLite's online backup API here, ``pg_dump -Fc`` /
``pg_restore`` in CI on PostgreSQL."""

import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from congress.backups import backup_manifest, table_row_counts
from congress.models import Organization
from congress.tests.factories import OrganizationFactory, UserFactory

BASE_DIR = Path(__file__).resolve().parents[2]


def history_rows() -> int:
    return Organization.history.count()


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_brings_back_rows_history_and_files(settings, tmp_path):
    # given a district with history and an uploaded file
    settings.CONGRESS_BACKUP_DIR = tmp_path / "backups"
    units = [OrganizationFactory(name=f"单位{i}") for i in range(3)]
    units[0].name = "区教育局（更名）"
    units[0].save()
    UserFactory(username="kept")
    upload = Path(settings.MEDIA_ROOT) / "attachments" / "答复.pdf"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"%PDF-1.7 reply")
    before = table_row_counts()
    history_before = history_rows()
    assert history_before >= 4

    # when backed up
    call_command("backup")
    [archive] = sorted((tmp_path / "backups").glob("congress-*.tar.gz"))
    assert archive.stat().st_mode & 0o077 == 0  # personal data: the operator's only
    manifest = backup_manifest(archive)
    assert manifest["engine"] == connection.vendor and manifest["rows"] == before
    with tarfile.open(archive) as handle:
        assert "files/media/attachments/答复.pdf" in handle.getnames()

    # and then the data is changed and wiped
    Organization.objects.filter(pk=units[1].pk).delete()
    OrganizationFactory(name="备份之后新建的单位")
    Organization.history.all().delete()
    upload.unlink()
    (Path(settings.MEDIA_ROOT) / "later.txt").write_text("after the backup")
    assert table_row_counts() != before

    call_command("restore", str(archive), "--noinput")

    # then every table has its rows again, history included, and the files are as they were
    assert table_row_counts() == before
    assert history_rows() == history_before
    assert set(Organization.objects.values_list("name", flat=True)) == {
        "区教育局（更名）",
        "单位1",
        "单位2",
    }
    assert Organization.history.filter(name="单位0").exists()
    assert upload.read_bytes() == b"%PDF-1.7 reply"
    assert not (Path(settings.MEDIA_ROOT) / "later.txt").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_backup_is_a_pg_dump_custom_archive(settings, tmp_path):
    settings.CONGRESS_BACKUP_DIR = tmp_path
    call_command("backup")
    [archive] = tmp_path.glob("congress-*.tar.gz")
    with tarfile.open(archive) as handle:
        assert handle.extractfile("database.dump").read(5) == b"PGDMP"


def test_restore_refuses_a_missing_archive(tmp_path):
    with pytest.raises(CommandError):
        call_command("restore", str(tmp_path / "none.tar.gz"), "--noinput")


def test_make_backup_and_restore_call_the_commands():
    makefile = (BASE_DIR / "Makefile").read_text()
    assert "manage.py backup" in makefile and "manage.py restore $(ARCHIVE)" in makefile
