"""Row windows: how a county-sized sheet is read with python-calamine in bounded memory.

python-calamine (0.9) parses a whole sheet before it gives the first row: for the full county's
two sheets that cost ~420 MB at the peak, and no row could be checked before its sheet was
parsed. So the worksheet's XML, as it is inflated and verified (container.py inflates every
member anyway), is cut at row boundaries into windows of about ROSTER_WINDOW_BYTES of XML
(8 MB: ~11,000 household rows). Each window becomes a worksheet of its own in a temporary,
uncompressed workbook that carries the original styles (number formats decide which numbers
are dates), shared strings and date system. Calamine parses the windows one after another in a
background thread (it releases the GIL while it parses) while the rows of the window before
are checked: the same cells with the same row numbers, in bounded memory. On the full county
this took the dry run from 9.1 s to 5.6 s and its peak from 441 MB to 305 MB (README).

A cut is made only where it is certainly safe:
- inside <sheetData>, just before a <row> start tag that carries its own number (r="…"), so
  that calamine numbers the window's rows exactly as in the whole sheet;
- never once a comment, CDATA section or processing instruction has appeared in the sheet
  data, because inside those "<row" could be text.
A sheet that offers no safe place (a writer that leaves out row numbers, say) stays one window:
correct, only not streamed. The <dimension> tag is left out of every window; calamine reads the
cells themselves. Before a window is written, `container.check_window` refuses it if calamine
would allocate too large a rectangle for it (a value at A1 and one at XFD100000: 52 GB).

Every piece of XML is checked before it is cut (its bytes never go past the member's declared
size; no DOCTYPE or entity at its start); the member's CRC is confirmed after its last piece,
and a mismatch then ends the import as unreadable, with nothing stored.

A workbook without shared strings gets one temporary workbook per window, so the first window is
parsed while the rest is still being cut. With shared strings, which calamine parses each time a
workbook is opened, all windows of a sheet share one temporary workbook.
"""

import contextvars
import itertools
import queue
import re
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import translation

from .container import Container, WorkbookParts, check_window, collect_holes, has_formula_end, has_markup

_NAME = rb"(?:([A-Za-z_][\w.-]*):)?"
_SHEET_DATA = re.compile(rb"<" + _NAME + rb"sheetData\b[^>]*?(/?)>")
_ROOT = re.compile(rb"<" + _NAME + rb"worksheet\b")
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\b[^>]*?(?:/>|>\s*</(?:[\w.-]+:)?dimension\s*>)")
_NUMBERED = re.compile(rb"\sr\s*=")
_LOOK_AHEAD = 8  # row start tags tried, from the first one past the window's size on
SPREADSHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass
class Piece:
    """One window of a worksheet: head + body + closing is a complete worksheet XML."""

    head: bytes
    body: list[bytes]
    closing: bytes
    has_formulas: bool  # the body may hold formula cells


def cut_rows(chunks: Iterable[bytes], window_bytes: int) -> Iterator[Piece]:
    """Cut a worksheet's XML, given in pieces, into windows of about `window_bytes` bytes
    (module docstring: where a cut is safe). The last window keeps the original end of the
    document; the others are closed with </sheetData></worksheet>."""
    chunks = iter(chunks)
    buffer = bytearray()
    match = None
    for data in chunks:
        buffer += data
        match = _SHEET_DATA.search(buffer, max(0, len(buffer) - len(data) - 256))
        if match:
            break
    if match is None or match.group(2):  # no rows at all: the sheet as it is
        rest = [bytes(buffer), *chunks]
        yield Piece(b"", rest, b"", any(map(has_formula_end, rest)))
        return
    data_prefix = (match.group(1) + b":") if match.group(1) else b""
    root = _ROOT.search(buffer, 0, match.start())
    root_prefix = (root.group(1) + b":") if root and root.group(1) else b""
    head = _DIMENSION.sub(b"", bytes(buffer[: match.end()]))
    closing = b"</%ssheetData></%sworksheet>" % (data_prefix, root_prefix)
    row_open = b"<" + data_prefix + b"row "
    first = bytes(buffer[match.end():])
    del buffer
    pieces, size, formulas = [], 0, False
    cuttable = True
    before = head[-3:]  # the bytes before data, for a pattern that straddles two pieces
    for data in itertools.chain([first], chunks):
        window = before + data
        formulas = formulas or has_formula_end(window)
        cuttable = cuttable and not has_markup(window)
        before = window[-3:]
        start = 0
        while cuttable:
            cut = _next_cut(data, row_open, max(start + 1, start + window_bytes - size))
            if cut < 0:
                break
            pieces.append(data[start:cut])
            yield Piece(head, pieces, closing, formulas)
            pieces, size, start = [], 0, cut
            formulas = has_formula_end(data[cut:])
        rest = data[start:] if start else data
        if rest:
            pieces.append(rest)
            size += len(rest)
    yield Piece(head, pieces, b"", formulas)


def _next_cut(data: bytes, row_open: bytes, position: int) -> int:
    """Offset of the first complete <row …> start tag at or after `position` that carries r=,
    within data; -1 if there is none near."""
    if position >= len(data):
        return -1
    start = data.find(row_open, position)
    for _attempt in range(_LOOK_AHEAD):
        if start < 0:
            return -1
        end = data.find(b">", start)
        if end < 0:
            return -1
        if _NUMBERED.search(data, start, end):
            return start
        start = data.find(row_open, end)
    return -1


# --- temporary workbooks ----------------------------------------------------------------


@dataclass
class Window:
    """One window, ready for calamine: worksheet `sheet` of the temporary workbook `book`.

    `last_in_book`: the book can be deleted once this window has been read. `share`: the part
    of the sheet's XML read up to the end of this window (0–1), for estimating the row count.
    `holes`: (Excel row, 0-based column) of its formula cells without a cached value.
    """

    book: Path
    sheet: str
    share: float
    last_in_book: bool = False
    holes: set[tuple[int, int]] = field(default_factory=set)


class _Book:
    """A temporary, uncompressed xlsx holding windows as worksheets w0, w1, …"""

    def __init__(self, path: Path, source: zipfile.ZipFile, parts: WorkbookParts):
        self.path = path
        self.sheets: list[str] = []
        self._zip = zipfile.ZipFile(path, "w", zipfile.ZIP_STORED)
        self._shared_strings = parts.shared_strings is not None
        for member, target in ((parts.styles, "xl/styles.xml"), (parts.shared_strings, "xl/sharedStrings.xml")):
            if member is not None and member in source.NameToInfo:
                with source.open(member) as stream, self._zip.open(target, "w") as copy:
                    shutil.copyfileobj(stream, copy, 1024 * 1024)
        self._styles = parts.styles is not None and parts.styles in source.NameToInfo
        self._date1904 = parts.date1904

    def add(self, piece: Piece) -> str:
        name = f"w{len(self.sheets)}"
        with self._zip.open(f"xl/worksheets/{name}.xml", "w") as sheet:
            sheet.write(piece.head)
            for data in piece.body:
                sheet.write(data)
            sheet.write(piece.closing)
        self.sheets.append(name)
        return name

    def close(self) -> None:
        sheets = "".join(f'<sheet name="{name}" sheetId="{index + 1}" r:id="rId{index + 1}"/>'
                         for index, name in enumerate(self.sheets))
        properties = '<workbookPr date1904="1"/>' if self._date1904 else ""
        self._zip.writestr("xl/workbook.xml", f'<workbook xmlns="{SPREADSHEET_NS}" xmlns:r="{RELATIONSHIP_NS}">'
                                              f"{properties}<sheets>{sheets}</sheets></workbook>")
        links = [(f"rId{index + 1}", "worksheet", f"worksheets/{name}.xml") for index, name in enumerate(self.sheets)]
        if self._styles:
            links.append(("rIdStyles", "styles", "styles.xml"))
        if self._shared_strings:
            links.append(("rIdStrings", "sharedStrings", "sharedStrings.xml"))
        self._zip.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PACKAGE_NS}">' + "".join(
            f'<Relationship Id="{key}" Type="{RELATIONSHIP_NS}/{kind}" Target="{target}"/>'
            for key, kind, target in links) + "</Relationships>")
        self._zip.writestr("_rels/.rels", f'<Relationships xmlns="{PACKAGE_NS}"><Relationship Id="rId1" '
                                          f'Type="{RELATIONSHIP_NS}/officeDocument" Target="xl/workbook.xml"/>'
                                          "</Relationships>")
        self._zip.writestr("[Content_Types].xml", CONTENT_TYPES)
        self._zip.close()


CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)


# --- the cutter thread -----------------------------------------------------------------


_DONE = object()


class Cutter:
    """Cuts the named worksheets, one after another, into windows in a background thread.

    `windows(member)` yields that sheet's Window objects as they are ready; an error of the
    thread (UnreadableWorkbook above all) is raised there. Sheets are read in the order given:
    asking for a sheet's windows ends the sheets before it, whose remaining windows are thrown
    away. At most `ahead` windows wait on disk for the reader.
    """

    def __init__(self, container: Container, parts: WorkbookParts, members: list[str], *,
                 window_bytes: int, directory: Path, ahead: int = 3):
        self.container = container
        self.parts = parts
        self.members = members
        self._names = {member: name for name, member in parts.sheets.items()}
        self.window_bytes = window_bytes
        self.directory = directory
        self._queues = {member: queue.Queue(maxsize=ahead) for member in members}
        self._stop = threading.Event()
        self._ended: set[str] = set()
        self._language = translation.get_language()
        self._thread = threading.Thread(target=self._run, name="roster-cutter", daemon=True)
        self._thread.start()

    def windows(self, member: str) -> Iterator[Window]:
        for earlier in self.members[: self.members.index(member)]:
            self.end(earlier)
        pending = self._queues[member]
        while True:
            try:
                item = pending.get(timeout=1)
            except queue.Empty:
                if not self._thread.is_alive() and pending.empty():
                    raise RuntimeError("the roster cutter thread ended without finishing a sheet") from None
                continue
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def end(self, member: str) -> None:
        """The reader is done with this sheet: stop cutting it and delete its waiting windows."""
        if member in self._ended:
            return
        self._ended.add(member)
        pending = self._queues[member]
        while True:
            try:
                item = pending.get_nowait()
            except queue.Empty:
                break
            if isinstance(item, Window) and item.last_in_book:
                item.book.unlink(missing_ok=True)

    def close(self) -> None:
        self._stop.set()
        for member in self.members:
            self.end(member)
        self._thread.join()

    # --- in the thread --------------------------------------------------------------

    def _run(self) -> None:
        with translation.override(self._language):
            for position, member in enumerate(self.members):
                try:
                    self._cut(member)
                    self._put(member, _DONE)
                except _Stopped:
                    return
                except Exception as exc:  # the file is unreadable: every sheet still to come says so
                    try:
                        for later in self.members[position:]:
                            self._put(later, exc)
                    except _Stopped:
                        pass
                    return

    def _put(self, member: str, item) -> None:
        pending = self._queues[member]
        while True:
            if self._stop.is_set():
                raise _Stopped
            if member in self._ended:
                if isinstance(item, Window) and item.last_in_book:
                    item.book.unlink(missing_ok=True)
                return
            try:
                pending.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def _cut(self, member: str) -> None:
        declared = max(self.container.infos[member].file_size, 1)
        read = [0]

        def chunks():
            for data in self.container.chunks(member):
                read[0] += len(data)
                yield data

        one_book_per_window = self.parts.shared_strings is None
        stem = f"sheet{self.members.index(member)}-"
        book, waiting = None, []
        with zipfile.ZipFile(self.container.path) as source:
            for index, piece in enumerate(cut_rows(chunks(), self.window_bytes)):
                if self._stop.is_set():
                    raise _Stopped
                if member in self._ended:
                    break
                check_window(self._names.get(member, member), piece.body)  # before calamine sees it
                if book is None:
                    book = _Book(self.directory / f"{stem}{index}.xlsx", source, self.parts)
                window = Window(book.path, book.add(piece), share=min(read[0] / declared, 1.0))
                if piece.has_formulas:
                    self.container.formula_members.add(member)
                    collect_holes(b"".join(piece.body), window.holes)
                waiting.append(window)
                if one_book_per_window:
                    self._publish(member, book, waiting)
                    book, waiting = None, []
            if book is not None:
                self._publish(member, book, waiting)

    def _publish(self, member: str, book: _Book, windows: list[Window]) -> None:
        book.close()
        windows[-1].last_in_book = True
        for window in windows:
            self._put(member, window)


class _Stopped(Exception):
    """The workbook was closed while the cutter was still working."""


_OWNER = contextvars.ContextVar("roster_windows_owner", default="")


@contextmanager
def scratch_owner(label: str):
    """Name the scratch directories made inside the block after `label` (a batch), so that they
    can be found and removed when the process reading them is killed (scratch_remove)."""
    token = _OWNER.set(label)
    try:
        yield
    finally:
        _OWNER.reset(token)


def _scratch_base() -> Path:
    return Path(settings.VAR_DIR) / "roster-windows"


def scratch_directory() -> Path:
    """A fresh directory for one workbook's windows, under $XIXIANG_VAR_DIR/roster-windows/
    (on disk, beside the uploads: a sheet with shared strings waits there whole, ~150 MB for the
    full county)."""
    base = _scratch_base()
    base.mkdir(parents=True, exist_ok=True)
    owner = _OWNER.get()
    return Path(tempfile.mkdtemp(prefix=f"import-{owner}-" if owner else "import-", dir=base))


def scratch_remove(label: str) -> None:
    """Remove the scratch directories left by `label`'s reading (its process was killed)."""
    for directory in _scratch_base().glob(f"import-{label}-*"):
        shutil.rmtree(directory, ignore_errors=True)
