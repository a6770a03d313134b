"""xixiang/lib/ holds pure helpers: no module imports django.db (models, connections, SQL).

import-linter's contracts (.importlinter) keep lib from importing our own models; it cannot
forbid one subpackage of an external package, so this scan covers `django.db`."""

import ast
from pathlib import Path

import xixiang.lib

LIB = Path(xixiang.lib.__file__).parent


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_lib_module_imports_django_db():
    offenders = {
        path.name: sorted(
            name for name in imported_modules(path) if name == "django.db" or name.startswith("django.db.")
        )
        for path in sorted(LIB.glob("*.py"))
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_scan_sees_imports_inside_functions():
    source = LIB / "pdf.py"
    assert "django.apps" in imported_modules(source)  # imported inside a function there
