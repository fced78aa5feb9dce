"""List the msgids the code marks that the English catalog lacks, and add their translations,
without rewriting the rest of the catalog.

``makemessages`` regenerates every entry's location comments, so a change touching three
strings rewrites thousands of lines of ``locale/en/LC_MESSAGES/django.po`` — and two branches
that each ran it conflict all over the file. This command runs ``makemessages`` on a copy, keeps
only what is new, restores the catalog, and appends the new entries at its end:

    manage.py catalog_missing                 # JSON {msgid: ""} of what is missing
    manage.py catalog_missing --add new.json  # append {msgid: english} and compile

A plural entry is given as ``{"msgid": ["english singular", "english plural"]}``; the listing
shows it as ``["", ""]`` with its plural msgid under ``"__plural__"``.
"""

import json
import re
import shutil
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from congress.management.commands import compile_catalogs

CJK = re.compile(r"[\u4e00-\u9fff]")


def catalog_path() -> Path:
    return Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def missing_entries() -> list[polib.POEntry]:
    """Entries makemessages would add (or leave untranslated), the catalog restored after.
    (makemessages writes into the ``locale`` folder beside the sources whatever LOCALE_PATHS
    says, so it cannot be pointed at a copy.)"""
    path = catalog_path()
    with tempfile.TemporaryDirectory() as backup_dir:
        backup = Path(backup_dir) / "django.po"
        shutil.copy2(path, backup)
        try:
            call_command("makemessages", locale=["en"], verbosity=0, no_obsolete=True)
            fresh = polib.pofile(str(path))
        finally:
            shutil.copy2(backup, path)
    current = {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if e.msgstr or e.msgstr_plural.get(0)}
    # Latin msgids come from third-party templates we override (import-export's): their own
    # catalogs translate them.
    return [
        e for e in fresh if not e.obsolete and (e.msgctxt, e.msgid) not in current and CJK.search(e.msgid)
    ]


class Command(BaseCommand):
    help = "List msgids missing from the English catalog, or append their translations (--add FILE.json)."

    def add_arguments(self, parser):
        parser.add_argument("--add", metavar="FILE.json", help="{msgid: english} to append, then compile")

    def handle(self, *args, add=None, **options):
        if add:
            self._add(json.loads(Path(add).read_text(encoding="utf-8")))
            return
        listing = {}
        for entry in missing_entries():
            if entry.msgid_plural:
                listing[entry.msgid] = ["", ""]
                listing.setdefault("__plural__", {})[entry.msgid] = entry.msgid_plural
            else:
                listing[entry.msgid] = ""
        self.stdout.write(json.dumps(listing, ensure_ascii=False, indent=1))

    def _add(self, translations: dict):
        plurals = translations.pop("__plural__", {})
        untranslated = [msgid for msgid, english in translations.items() if not english]
        if untranslated:
            raise CommandError("no English given for: " + "、".join(untranslated))
        path = catalog_path()
        catalog = polib.pofile(str(path))
        existing = {e.msgid for e in catalog if not e.msgctxt}
        present = sorted(msgid for msgid in translations if msgid in existing)
        if present:
            raise CommandError("already in the catalog (edit them there): " + "、".join(present))
        blocks = []
        for msgid, english in translations.items():
            entry = polib.POEntry(msgid=msgid)
            if isinstance(english, list):
                entry.msgid_plural = plurals.get(msgid, msgid)
                entry.msgstr_plural = {0: english[0], 1: english[1]}
            else:
                entry.msgstr = english
            blocks.append(str(entry))
        # Appended as text: re-saving through polib would re-wrap every entry of the file.
        text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + "\n".join(blocks)
        path.write_text(text, encoding="utf-8")
        compile_catalogs.compile_po(path)
        self.stdout.write(f"{len(translations)} entries written to {path} and compiled")
