"""Readable templates: no line of an HTML template is longer than 160 characters (a file scan, no database)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 160


def template_files() -> list[Path]:
    folders = [ROOT / "templates", *ROOT.glob("*/templates")]
    return sorted({path for folder in folders for path in folder.rglob("*.html")})


def test_the_scan_finds_the_project_templates():
    names = {path.relative_to(ROOT).as_posix() for path in template_files()}
    assert {"templates/base.html", "templates/assessment/_grid_cell.html"} <= names


def test_no_template_line_is_longer_than_160_characters():
    long_lines = [
        f"{path.relative_to(ROOT)}:{number}: {len(line)} characters"
        for path in template_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if len(line) > LIMIT
    ]
    assert long_lines == [], "template lines over 160 characters:\n" + "\n".join(long_lines)
