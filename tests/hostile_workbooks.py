"""Hand-made xlsx files for the container checks: a valid one-sheet workbook whose sheet XML is
written from a generator (so a 20-million-cell sheet never sits in the test's memory)."""

import zipfile
from collections.abc import Iterable

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
)
SHEET_START = (b'<?xml version="1.0" encoding="UTF-8"?>'
               b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
SHEET_END = b"</sheetData></worksheet>"


def write_workbook(path, sheet_rows: Iterable[bytes], *, prolog: bytes = SHEET_START, level: int = 6):
    """A one-sheet xlsx at `path` whose <sheetData> holds the given pieces of XML, in order."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(prolog)
            for piece in sheet_rows:
                sheet.write(piece)
            sheet.write(SHEET_END)
    return path


def many_cells(path, *, rows: int, columns: int, level: int = 6):
    """`rows` × `columns` number cells (no cell references, as some writers save them)."""
    row = b"<row>" + b"<c><v>1</v></c>" * columns + b"</row>"
    return write_workbook(path, (row for _ in range(rows)), level=level)


def cells(path, *cells: tuple[str, str]):
    """One cell per (reference, text), each in its own row, as inline strings."""
    pieces = []
    for ref, text in cells:
        row = "".join(ch for ch in ref if ch.isdigit())
        pieces.append(f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c></row>'.encode())
    return write_workbook(path, pieces)


class MemoryWatch:
    """What a block of code allocated: `python_peak` (bytes, tracemalloc) and `rss_growth` (bytes
    the process's peak resident size grew by; calamine's own allocations show only here)."""

    def __enter__(self):
        import resource
        import tracemalloc

        self._resource, self._tracemalloc = resource, tracemalloc
        self._rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()
        return self

    def __exit__(self, *exc):
        _current, self.python_peak = self._tracemalloc.get_traced_memory()
        self._tracemalloc.stop()
        self.rss_growth = (self._resource.getrusage(self._resource.RUSAGE_SELF).ru_maxrss - self._rss_before) * 1024
