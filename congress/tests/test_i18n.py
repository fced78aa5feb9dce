"""Chinese by default, English on request; catalogs complete, compiled and in sync."""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from congress.management.commands import compile_catalogs

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
PO_FILES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
CJK = re.compile(r"[\u4e00-\u9fff]")


def switch_language(client, language):
    response = client.post(reverse("set_language"), {"language": language, "next": reverse("login")})
    assert response.status_code == 302
    return response


def test_chinese_is_the_default_even_for_an_english_browser(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "登录工作平台" in html
    assert response.headers["Content-Language"] == "zh-hans"


def test_english_after_switching(client, db):
    switch_language(client, "en")

    page = client.get(reverse("login")).content.decode()
    errors = client.post(reverse("login"), {}).content.decode()

    assert '<html lang="en">' in page
    assert "Log in to the workbench" in page  # ours, translated
    assert "Username" in page and "Password" in page  # our form labels
    assert "登录工作平台" not in page
    assert "This field is required." in errors  # Django's own


def test_switching_back_to_chinese(client, db):
    switch_language(client, "en")
    switch_language(client, "zh-hans")

    assert "登录工作平台" in client.get(reverse("login")).content.decode()


def test_public_home_in_english(client, db):
    switch_language(client, "en")
    html = client.get(reverse("public:home")).content.decode()
    assert "Skip to content" in html and "Home" in html and "News" in html


def test_an_unknown_language_cookie_falls_back_to_chinese(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert "登录工作平台" in client.get(reverse("login")).content.decode()


def test_admin_in_english_uses_djangos_strings(client, db):
    from congress.tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    switch_language(client, "en")
    html = client.get(reverse("admin:index")).content.decode()
    assert "Recent actions" in html and "Log out" in html


def test_chinese_date_format(client, db):
    import datetime as dt

    from django.utils import formats, translation

    with translation.override("zh-hans"):
        assert formats.date_format(dt.date(2026, 10, 1)) == "2026年10月1日"


# --- catalogs --------------------------------------------------------------------------


def test_there_are_english_catalogs():
    assert LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po" in PO_FILES


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: str(p.relative_to(LOCALE_DIR)))
def test_every_entry_is_translated(po_path):
    catalog = polib.pofile(str(po_path))
    missing = [
        entry.msgid
        for entry in catalog
        if not entry.obsolete
        and not entry.fuzzy
        and not (entry.msgstr or all(entry.msgstr_plural.values()) and entry.msgstr_plural)
    ]
    assert missing == []


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda p: str(p.relative_to(LOCALE_DIR)))
def test_compiled_catalog_is_in_sync_with_the_po(po_path, tmp_path):
    committed = po_path.with_suffix(".mo")
    assert committed.exists(), f"run `manage.py compile_catalogs` and commit {committed}"

    fresh = compile_catalogs.compile_po(po_path, tmp_path / "django.mo")

    def messages(path):
        return {
            (entry.msgctxt, entry.msgid, entry.msgid_plural): (
                entry.msgstr,
                tuple(sorted(entry.msgstr_plural.items())),
            )
            for entry in polib.mofile(str(path))
        }

    assert messages(committed) == messages(fresh)


def test_our_msgids_are_chinese():
    catalog = polib.pofile(str(LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"))
    latin = [e.msgid for e in catalog if not CJK.search(e.msgid) and e.msgid not in {"English"}]
    assert latin == []


def test_compile_catalogs_command_compiles_every_po_without_gettext(tmp_path, monkeypatch):
    copy = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, copy, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(compile_catalogs, "catalog_dirs", lambda: [copy])
    monkeypatch.setenv("PATH", str(tmp_path / "no-gettext-here"))  # no msgfmt reachable

    call_command("compile_catalogs", verbosity=0)

    for po in copy.glob("*/LC_MESSAGES/*.po"):
        mo = polib.mofile(str(po.with_suffix(".mo")))
        assert len(mo) == len([e for e in polib.pofile(str(po)) if not e.fuzzy and not e.obsolete])


def test_compile_leaves_out_fuzzy_entries(tmp_path):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="确定", msgstr="OK"))
    po.append(polib.POEntry(msgid="草稿", msgstr="Draft?", flags=["fuzzy"]))
    po.save(str(tmp_path / "django.po"))

    mo = polib.mofile(str(compile_catalogs.compile_po(tmp_path / "django.po")))

    assert {e.msgid: e.msgstr for e in mo} == {"确定": "OK"}


def test_catalog_dirs_include_the_project_locale():
    assert LOCALE_DIR.resolve() in compile_catalogs.catalog_dirs()


def _marked_msgids() -> dict[str, str]:
    """msgids our code marks with ``gettext_noop`` or passes to ``Message`` as a literal,
    translated later (notices, labels): msgid -> where."""
    import ast

    found = {}
    base = Path(settings.BASE_DIR)
    for path in base.rglob("*.py"):
        relative = path.relative_to(base)
        if relative.parts[0].startswith(".") or "migrations" in relative.parts or relative.parts[0] == "var":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if name in {"gettext_noop", "Message"} and isinstance(first, ast.Constant):
                if isinstance(first.value, str) and first.value:
                    found.setdefault(first.value, f"{relative}:{node.lineno}")
    return found


def test_msgids_marked_for_later_translation_are_in_the_catalog():
    """A notice's msgid is translated when someone reads it, not where it is written: a typo
    would show the Chinese source to English readers."""
    catalog = {e.msgid: e for e in polib.pofile(str(LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"))}
    marked = _marked_msgids()
    assert "列席通知：%(title)s" in marked  # the scan sees the notices
    missing = {
        msgid: where for msgid, where in marked.items() if not getattr(catalog.get(msgid), "msgstr", "")
    }
    assert missing == {}
