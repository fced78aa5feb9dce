"""Compile every ``locale/*/LC_MESSAGES/*.po`` (the project's ``LOCALE_PATHS`` and each
installed app of ours) to ``.mo`` with polib, so a fresh machine needs no system gettext.

Fuzzy entries are left out, as ``msgfmt`` does. The compiled catalogs are committed too;
``make messages`` runs this after editing a ``.po``."""

from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def catalog_dirs() -> list[Path]:
    """Project locale dirs and those of our own apps (not of site-packages)."""
    base = Path(settings.BASE_DIR).resolve()
    dirs = [Path(p).resolve() for p in settings.LOCALE_PATHS]
    for config in apps.get_app_configs():
        app_locale = Path(config.path).resolve() / "locale"
        # Apps installed in a virtualenv under BASE_DIR ship their own compiled catalogs.
        if base in app_locale.parents and "site-packages" not in app_locale.parts:
            dirs.append(app_locale)
    seen, unique = set(), []
    for directory in dirs:
        if directory not in seen and directory.is_dir():
            seen.add(directory)
            unique.append(directory)
    return unique


def po_files(directories=None) -> list[Path]:
    return sorted(
        po for directory in (directories or catalog_dirs()) for po in directory.glob("*/LC_MESSAGES/*.po")
    )


def compile_po(po_path: Path, mo_path: Path | None = None) -> Path:
    """Write the .mo next to the .po (or to ``mo_path``), without fuzzy or obsolete entries."""
    catalog = polib.pofile(str(po_path))
    for entry in list(catalog):
        if entry.fuzzy or entry.obsolete:
            catalog.remove(entry)
    target = mo_path or po_path.with_suffix(".mo")
    target.parent.mkdir(parents=True, exist_ok=True)
    catalog.save_as_mofile(str(target))
    return target


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo with polib (no system gettext needed)."

    def handle(self, *args, **options):
        files = po_files()
        if not files:
            raise CommandError("no .po files found under " + ", ".join(map(str, catalog_dirs())))
        for po in files:
            try:
                mo = compile_po(po)
            except (OSError, ValueError) as exc:
                raise CommandError(f"{po}: {exc}") from exc
            shown = po.relative_to(settings.BASE_DIR) if po.is_relative_to(settings.BASE_DIR) else po
            self.stdout.write(f"compiled {shown} -> {mo.name}")
