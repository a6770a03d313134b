"""The zip container of a roster workbook, checked before any parser sees it.

The checks are those of every uploaded workbook (xixiang/lib/xlsx_container.py: the file's
first bytes, the zip directory, every member inflated once with a bounded buffer, no
DOCTYPE/ENTITY), with the roster's limits (conf.py: ROSTER_MAX_UPLOAD_BYTES, …); cells are not
counted for the whole workbook, since the roster's sheets are read in row windows (windows.py),
but the rectangle of each window is bounded (`check_window`). What is the
roster's own: `collect_holes` lists the formula cells without a cached value.

A worksheet that is about to be read is verified while it is cut into row windows
(windows.py): each piece is checked before it is cut, never past the declared size, and the
CRC is confirmed after the last piece (`Container.chunks`).
"""

import re
from collections.abc import Iterator

from django.utils.translation import gettext as _

from xixiang.lib import xlsx_container
from xixiang.lib.xlsx_container import (
    SheetArea,
    UnreadableWorkbook,
    WorkbookParts,
    column_letters,
    has_formula_end,
    has_markup,
    workbook_parts,
)

from . import conf

__all__ = ["Container", "WorkbookParts", "check_container", "check_window", "collect_holes",
           "has_formula_end", "has_markup", "roster_limits", "workbook_parts"]

_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")  # a formula element inside one cell
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_CELL_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_CACHED_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]+</(?:\w+:)?v>|<(?:\w+:)?is>")


def roster_limits() -> xlsx_container.Limits:
    """The container limits of a roster workbook, from the ROSTER_* settings (conf.py)."""
    return xlsx_container.Limits(
        max_upload_bytes=conf.get("ROSTER_MAX_UPLOAD_BYTES"),
        max_uncompressed_bytes=conf.get("ROSTER_MAX_UNCOMPRESSED_BYTES"),
        max_compression_ratio=conf.get("ROSTER_MAX_COMPRESSION_RATIO"),
        max_members=conf.get("ROSTER_MAX_ZIP_MEMBERS"),
        max_cells=None,
    )


class Container(xlsx_container.Container):
    """A roster workbook's container (xixiang.lib.xlsx_container.Container with the roster's limits)."""

    def __init__(self, path):
        super().__init__(path, roster_limits())


def check_container(path) -> Container:
    """Check the file and every member before calamine or openpyxl parses it."""
    container = Container(path)
    container.verify(container.infos)
    return container


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + (letter - 64)
    return index - 1


def collect_holes(xml: bytes, holes: set) -> None:
    """Add (Excel row, 0-based column) of the formula cells in `xml` that carry no cached value."""
    for match in _CELL.finditer(xml):
        body = match.group(2) or b""
        if _FORMULA.search(body) is None or _CACHED_VALUE.search(body):
            continue
        ref = _CELL_REF.search(match.group(1))
        if ref:
            holes.add((int(ref.group(2)), _column_index(ref.group(1))))


# --- the area of a window ------------------------------------------------------------------
#
# Calamine keeps a sheet (here: a window) as a dense rectangle from its first kept cell to its
# last, ~32 bytes a cell: a value at A1 and one at XFD100000, in a 1 KB file, would be 1.6 billion
# cells (52 GB), and the worker would abort. `check_window` refuses, before calamine parses it, a
# window holding a kept cell beyond ROSTER_MAX_COLUMNS, or whose rectangle is larger than
# ROSTER_MAX_WINDOW_CELLS. The exact count (xlsx_container.SheetArea) looks at every cell in
# Python, too slow for a county (~11 µs a cell), so a window first gets a check at the speed of
# bytes.count: when every cell tag is written `<c r="` and every reference has one letter and at
# most six digits, the rectangle is at most 26 columns × 999,999 rows, within the default limits.
# Only a window that fails it (a sheet wider than Z, rows past 999,999, cells without references
# or with a namespace prefix) is counted exactly. Nothing after </sheetData> is looked at
# (calamine reads no cells there; our template's drop-down lists
# reach row 1048576), unless a comment or processing instruction came first.

_SIMPLE = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", b"A" * 52 + b"0" * 10)
_FAST_COLUMNS, _FAST_ROWS = 26, 999_999
_OVERLAP = 16  # bytes of the piece before kept for a pattern that straddles two pieces
_SHEET_DATA_END = re.compile(rb"</(?:[\w.-]+:)?sheetData\s*>")


def check_window(sheet: str, body: list[bytes]) -> None:
    """Raise UnreadableWorkbook (naming the sheet and the cell) if calamine would allocate too
    large a rectangle for this window's XML (the comment above)."""
    max_columns, max_cells = conf.get("ROSTER_MAX_COLUMNS"), conf.get("ROSTER_MAX_WINDOW_CELLS")
    if max_columns >= _FAST_COLUMNS and max_cells >= _FAST_COLUMNS * _FAST_ROWS and _plain(_sheet_data(body)):
        return
    area = SheetArea()
    for data in _sheet_data(body):
        area.feed(data)
        _refuse_area(sheet, area, max_columns, max_cells)
    area.end()
    _refuse_area(sheet, area, max_columns, max_cells)


def _refuse_area(sheet: str, area: SheetArea, max_columns: int, max_cells: int) -> None:
    if area.last_column > max_columns:
        row, column = area.widest
        raise UnreadableWorkbook(_("工作表“%(sheet)s”的单元格 %(cell)s 超出范围：最多 %(limit)s 列") % {
            "sheet": sheet, "cell": f"{column_letters(column)}{row}", "limit": max_columns})
    if area.area > max_cells:
        row, column = area.lowest
        raise UnreadableWorkbook(
            _("工作表“%(sheet)s”的数据区域过大：从第 %(first)s 行到单元格 %(cell)s，%(rows)s 行 × %(columns)s 列，"
              "上限为 %(limit)s 个单元格；请删除远处多余的单元格后再导入") % {
                "sheet": sheet, "first": area.first_row, "cell": f"{column_letters(column)}{row}",
                "rows": area.last_row - area.first_row + 1, "columns": area.last_column - area.first_column + 1,
                "limit": max_cells})


_BLOCK = 16 * 1024 * 1024  # pieces are looked at joined into blocks of this size: fewer boundaries


def _blocks(body: list[bytes]) -> Iterator[bytes]:
    group, size = [], 0
    for data in body:
        group.append(data)
        size += len(data)
        if size >= _BLOCK:
            yield b"".join(group)
            group, size = [], 0
    if group:
        yield b"".join(group)


def _sheet_data(body: list[bytes]) -> Iterator[bytes]:
    """The window's XML in blocks, up to </sheetData> (all of it once a comment, CDATA section or
    processing instruction has been seen: a closing tag inside a comment would be text)."""
    tail = b""
    blocks = _blocks(body)
    for data in blocks:
        edge = tail + data[:_OVERLAP]
        if has_markup(data) or has_markup(edge):
            yield data
            yield from blocks
            return
        joined = tail + data if b"sheetData" in edge else data
        found = joined.find(b"sheetData")
        while found >= 0:  # the closing tag is looked for from each "sheetData" on (a regex over all is slow)
            end = _SHEET_DATA_END.search(joined, max(found - 64, 0), found + 64)
            if end is not None:
                yield joined[len(joined) - len(data): max(end.start(), len(joined) - len(data))]
                return
            found = joined.find(b"sheetData", found + 1)
        yield data
        tail = data[-_OVERLAP:]


def _plain(blocks: Iterator[bytes]) -> bool:
    """Whether every cell tag is `<c r="` and every reference has one letter and at most six digits
    (each block is looked at whole, and the bytes around each boundary between two blocks)."""
    cell_tags = plain_tags = 0
    tail = b""
    for data in blocks:
        edge = tail + data[:_OVERLAP]
        for part in (edge, data):
            if b":c" in part:
                return False
            # "AA0": two letters before a digit; '<A A="AA': a cell's reference starting with two letters
            # (every cell tag is `<c r="`, counted below): the first is quicker, the second ignores texts
            simple = part.translate(_SIMPLE)
            if (b"AA0" in simple and b'<A A="AA' in simple) or (b"A0000000" in simple and b'<A A="A0000000' in simple):
                return False
        # a tag across the boundary is counted in `edge` only (a whole tag is shorter than _OVERLAP)
        for pattern in (b"<c", b'<c r="'):
            count = data.count(pattern) + edge.count(pattern) - tail.count(pattern) - data[:_OVERLAP].count(pattern)
            if pattern == b"<c":
                cell_tags += count
            else:
                plain_tags += count
        tail = data[-_OVERLAP:]
    return cell_tags == plain_tags
