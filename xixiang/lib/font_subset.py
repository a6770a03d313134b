"""The CJK font the PDFs embed: Noto Sans CJK SC cut down to the characters Chinese documents use.

Why: WeasyPrint reads each font file it embeds into memory. Debian's Noto Sans CJK is a 19.5 MB
collection per weight (five languages, 65,535 glyphs), so a render child held ~40 MB per weight
for a board that uses a few hundred characters. The subset (GB 2312's 7,445 characters, Latin,
punctuation and symbols, and every character of our templates, translations and code) is
~3.5 MB per weight. A character outside it (a rare name) is still drawn: the documents' font
list goes on to the full system font (`xixiang.lib.pdf.CJK_FONT_FAMILY`).

`characters()` and `write_subset()` are used by `manage.py subset_pdf_fonts`, which wrote the
files vendored under static/vendor/noto-sans-cjk-sc-subset/.
"""

from pathlib import Path

#: Debian's fonts-noto-cjk collections and the index of the Simplified Chinese face in each.
SOURCES = {
    "regular": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    "bold": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
}
SC_FONT_NUMBER = 2

#: Unicode blocks kept whole: Latin-1, general punctuation, letter-like symbols and number forms,
#: arrows, mathematical operators, enclosed numbers, box drawing and shapes, CJK symbols and
#: punctuation, full-width forms.
KEPT_RANGES = (
    (0x0020, 0x00FF), (0x2000, 0x206F), (0x2100, 0x218F), (0x2190, 0x21FF), (0x2200, 0x22FF),
    (0x2460, 0x24FF), (0x2500, 0x25FF), (0x3000, 0x303F), (0xFF00, 0xFFEF),
)
#: Text files whose characters are kept too (what our documents print comes from them or the data).
SCANNED_SUFFIXES = {".py", ".html", ".txt", ".po", ".css", ".md"}
#: Folders not scanned (tests print nothing); hidden ones (.git, .venv, .venv-locust, .ci) are skipped too.
SCANNED_FOLDERS_SKIPPED = {"node_modules", "var", "static", "tests", "bench"}


def gb2312_characters() -> set[str]:
    """Every character GB 2312 encodes (its 94 × 94 double-byte table)."""
    found = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                found.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return found


def characters(project_root: Path) -> set[str]:
    """The characters to keep: GB 2312, the kept ranges, and every CJK character in the project's text files."""
    kept = gb2312_characters()
    kept.update(chr(c) for start, end in KEPT_RANGES for c in range(start, end + 1))
    for path in project_root.rglob("*"):
        folders = path.relative_to(project_root).parts[:-1]
        if path.suffix not in SCANNED_SUFFIXES or any(f[:1] == "." or f in SCANNED_FOLDERS_SKIPPED for f in folders):
            continue
        kept.update(ch for ch in path.read_text(encoding="utf-8", errors="ignore") if ord(ch) >= 0x2E80)
    return kept


def write_subset(source: Path, target: Path, keep: set[str]) -> int:
    """Cut the Simplified Chinese face of `source` down to `keep` (layout features and names kept); the file's size."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    font = TTFont(source, fontNumber=SC_FONT_NUMBER)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(ch) for ch in keep))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(target)
    return target.stat().st_size
