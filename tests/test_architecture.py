"""The shared core (``congress/``) imports no domain app: apps register their panels, profiles,
public home sections, rules and demo loaders with the core (congress.portal, congress.hooks,
congress.rules, congress.demo), never the other way round.

Read from the source with ``ast``, so imports inside functions count too, and so do
``importlib.import_module("…")`` / ``__import__("…")`` with a literal name. Strings that name an
app elsewhere (``INSTALLED_APPS``, ``include("deputies.urls…")``) are configuration, not imports.
"""

import ast
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
CORE = BASE_DIR / "congress"
# The domain apps; any other app package beside the core counts too (a new or renamed app).
DOMAIN_APPS = {"deputies", "proposals", "meetings", "appointments", "supervision", "budget"} | {
    path.parent.name for path in BASE_DIR.glob("*/apps.py") if path.parent != CORE
}
DYNAMIC_IMPORTS = {"import_module", "__import__"}


def _imported_modules(tree: ast.AST):
    """(line, dotted module name) of every absolute import anywhere in the module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            first = node.args[0]
            if name in DYNAMIC_IMPORTS and isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield node.lineno, first.value


def _domain_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{path.relative_to(BASE_DIR)}:{line}: imports {module}"
        for line, module in _imported_modules(tree)
        if module.partition(".")[0] in DOMAIN_APPS
    ]


def test_the_core_imports_no_domain_app():
    sources = sorted(CORE.rglob("*.py"))
    assert len(sources) > 20  # the walk found the package

    offending = [hit for path in sources for hit in _domain_imports(path)]

    assert offending == [], "the core must not import a domain app:\n" + "\n".join(offending)


def test_the_check_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text(
        "import os\n"
        "from congress.models import Term\n"
        "def view(request):\n"
        "    from deputies.selectors import deputy_for_user\n"
        "    import proposals.models\n"
        "    return importlib.import_module('meetings.demo')\n"
    )

    found = [module for _line, module in _imported_modules(ast.parse(module.read_text()))]

    assert {m for m in found if m.partition(".")[0] in DOMAIN_APPS} == {
        "deputies.selectors",
        "proposals.models",
        "meetings.demo",
    }
