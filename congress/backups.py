"""Backups (issue 10, finding 11): the database and the uploaded files in one archive.

``backup_create`` writes ``var/backups/congress-<UTC time>.tar.gz`` holding

- ``database.dump``: ``pg_dump -Fc`` of the PostgreSQL database, or ``database.sqlite3``: a copy
  made with SQLite's online backup API (consistent while the portal keeps writing);
- ``files/<name>/…``: every directory uploads live in (``PRIVATE_MEDIA_ROOT``, ``MEDIA_ROOT`` and the location of each
  file-system storage in ``STORAGES`` other than static files, plus ``CONGRESS_BACKUP_DIRS``);
- ``manifest.json``: when, which engine, which directories, and the rows per table at the time.

``backup_restore`` puts an archive back: ``pg_restore --clean --if-exists`` (or the SQLite
backup API the other way) and each directory replaced by the archived one. Stop web, worker and
beat first. ``make backup`` / ``make restore ARCHIVE=…`` call the management commands.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.utils import timezone
from django.utils.module_loading import import_string

FORMAT = 1
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why (for the operator)."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    engine: str
    tables: int
    rows: int


def backup_dir() -> Path:
    return Path(getattr(settings, "CONGRESS_BACKUP_DIR", settings.VAR_DIR / "backups"))


def file_dirs() -> dict[str, Path]:
    """The directories that hold uploads, by a stable name used inside the archive."""
    dirs = {"media": Path(settings.MEDIA_ROOT)}
    if getattr(settings, "PRIVATE_MEDIA_ROOT", None):
        dirs["private"] = Path(settings.PRIVATE_MEDIA_ROOT)  # the uploads (congress/files.py)
    for alias, config in settings.STORAGES.items():
        if alias == "staticfiles":
            continue  # rebuilt by collectstatic
        backend = import_string(config["BACKEND"])
        location = config.get("OPTIONS", {}).get("location")
        if isinstance(backend, type) and issubclass(backend, FileSystemStorage) and location:
            dirs[f"storage-{alias}"] = Path(location)
    for index, extra in enumerate(getattr(settings, "CONGRESS_BACKUP_DIRS", [])):
        dirs[f"extra-{index}"] = Path(extra)
    # One copy of a directory named twice (a storage at MEDIA_ROOT).
    unique: dict[str, Path] = {}
    for name, path in dirs.items():
        if path.resolve() not in {p.resolve() for p in unique.values()}:
            unique[name] = path
    return unique


def table_row_counts() -> dict[str, int]:
    """Rows per table of the live database (history tables included)."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _pg_env_and_args() -> tuple[dict, list[str]]:
    db = connection.settings_dict
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    args += ["--dbname", str(db["NAME"])]
    return env, args


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def _sqlite_connection() -> sqlite3.Connection:
    connection.ensure_connection()
    return connection.connection


def backup_create(*, output_dir: Path | None = None) -> BackupResult:
    """Write one archive of the database and the uploaded files; return where it is."""
    output_dir = Path(output_dir or backup_dir())
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
    target = output_dir / f"congress-{stamp}.tar.gz"
    counts = table_row_counts()
    dirs = file_dirs()
    with tempfile.TemporaryDirectory(dir=output_dir) as work:
        work = Path(work)
        if connection.vendor == "postgresql":
            env, args = _pg_env_and_args()
            database = work / POSTGRES_DUMP
            _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(database), *args], env)
        elif connection.vendor == "sqlite":
            database = work / SQLITE_COPY
            copy = sqlite3.connect(database)
            try:
                _sqlite_connection().backup(copy)
            finally:
                copy.close()
        else:
            raise BackupError(f"no backup for {connection.vendor}")
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "database": database.name,
            "files": {name: str(path) for name, path in dirs.items()},
            "rows": counts,
        }
        (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
        partial = target.with_name(f".{target.name}.partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / "manifest.json", arcname="manifest.json")
            archive.add(database, arcname=database.name)
            for name, path in dirs.items():
                if path.is_dir():
                    archive.add(path, arcname=f"files/{name}")
        os.chmod(partial, 0o600)  # personal data: readable by the operator only
        partial.rename(target)
    return BackupResult(path=target, engine=connection.vendor, tables=len(counts), rows=sum(counts.values()))


def backup_manifest(path: Path) -> dict:
    with tarfile.open(path, "r:gz") as archive:
        return json.load(archive.extractfile("manifest.json"))


def backup_restore(*, path: Path) -> dict:
    """Replace the database and the uploaded files by those in the archive at ``path``.
    Returns the archive's manifest. The engine must be the one the archive was made on."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no such archive: {path}")
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        with tarfile.open(path, "r:gz") as archive:
            archive.extractall(work, filter="data")
        manifest = json.loads((work / "manifest.json").read_text("utf-8"))
        if manifest.get("format") != FORMAT:
            raise BackupError("unknown archive format")
        if manifest["engine"] != connection.vendor:
            raise BackupError(
                f"the archive holds a {manifest['engine']} database; this is {connection.vendor}"
            )
        if connection.vendor == "postgresql":
            env, args = _pg_env_and_args()
            connection.close()  # our own session must not hold locks on the tables dropped
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "--exit-on-error",
                    *args,
                    str(work / POSTGRES_DUMP),
                ],
                env,
            )
        else:
            source = sqlite3.connect(work / SQLITE_COPY)
            try:
                source.backup(_sqlite_connection())
            finally:
                source.close()
        current = file_dirs()
        for name in manifest["files"]:
            if name not in current:
                continue
            archived, live = work / "files" / name, current[name]
            if live.exists():
                shutil.rmtree(live)
            if archived.is_dir():
                shutil.copytree(archived, live)
            else:
                live.mkdir(parents=True, exist_ok=True)
    return manifest
