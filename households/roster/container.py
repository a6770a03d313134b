"""The zip container of a roster workbook, checked before any parser sees it.

The checks are those of every uploaded workbook (xixiang/lib/xlsx_container.py: the file's
first bytes, the zip directory, every member inflated once with a bounded buffer, no
DOCTYPE/ENTITY), with the roster's limits (conf.py: ROSTER_MAX_UPLOAD_BYTES, …); cells are not
counted here, since the roster's sheets are read in row windows (windows.py). What is the
roster's own: `collect_holes` lists the formula cells without a cached value.

A worksheet that is about to be read is verified while it is cut into row windows
(windows.py): each piece is checked before it is cut, never past the declared size, and the
CRC is confirmed after the last piece (`Container.chunks`).
"""

import re

from xixiang.lib import xlsx_container
from xixiang.lib.xlsx_container import UnreadableWorkbook, WorkbookParts, has_formula_end, has_markup, workbook_parts

from . import conf

__all__ = ["Container", "UnreadableWorkbook", "WorkbookParts", "check_container", "collect_holes",
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
