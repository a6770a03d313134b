"""No module translates at import time: a `gettext` (not `gettext_lazy`) call outside a function is
evaluated once, in the language of the import (Chinese), and an English page or PDF then shows
it in Chinese (the county summary's assistance headers did)."""

import ast
from pathlib import Path

from django.conf import settings

EAGER = {"gettext", "pgettext", "ngettext", "npgettext"}


def _eager_calls_at_import(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.asname or alias.name for node in tree.body if isinstance(node, ast.ImportFrom)
             and node.module == "django.utils.translation" for alias in node.names if alias.name in EAGER}
    found = []

    def walk(node) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue  # runs later, in the request's language
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id in names:
                found.append(f"{path.relative_to(settings.BASE_DIR)}:{child.lineno} {ast.unparse(child)[:60]}")
            walk(child)

    if names:
        walk(tree)
    return found


def test_no_module_calls_gettext_at_import_time():
    skipped = {".venv", ".venv-locust", "migrations", "tests", "bench", "node_modules"}
    sources = [p for p in settings.BASE_DIR.rglob("*.py") if not skipped & set(p.relative_to(settings.BASE_DIR).parts)]
    assert len(sources) > 100
    assert [call for path in sources for call in _eager_calls_at_import(path)] == []


def test_the_check_finds_an_eager_call(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    module = tmp_path / "labels.py"
    module.write_text('from django.utils.translation import gettext as _\nLABELS = {"a": _("走访次数")}\n'
                      'def f():\n    return _("慰问金")\n', encoding="utf-8")
    assert _eager_calls_at_import(module) == ["labels.py:2 _('走访次数')"]
