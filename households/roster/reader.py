"""Reading roster workbooks: the container is checked first (container.py), then each sheet to
be read is cut into row windows that python-calamine parses one at a time in a background thread
(windows.py), while the rows of the window before are being checked. Calamine reads cells, never
the <dimension> tag, so a sheet whose dimension lies is read in full.
"""

import itertools
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xixiang.lib.xlsx_container import UnreadableWorkbook

from . import conf
from .columns import Column
from .container import Container, workbook_parts
from .validation import normalise_header
from .windows import Cutter, Window, scratch_directory

BLOCK_ROWS = 1000  # rows checked together (block_checks.py); a block with a problem is checked row by row
HEADER_SCAN_ROWS = 30
WORKSHEETS = "xl/worksheets/"

NO_VALUE_MESSAGE = gettext_lazy("单元格是公式，但文件中没有保存计算结果；请在 Excel 中打开并保存，或复制后“粘贴为数值”")


@dataclass
class LoadedWindow:
    """A window's cells as Python values: `rows[0]` is Excel row `first_row`, and its first
    cell is in 0-based column `first_col` (calamine leaves out empty rows and columns before).
    `share` and `holes` as in windows.Window."""

    first_row: int
    first_col: int
    rows: list[list]
    share: float
    holes: set[tuple[int, int]]


class _WindowLoader:
    """Parses windows with calamine; runs in one background thread. A temporary workbook stays
    open while its windows are read (opening it parses its shared strings) and is deleted
    after its last window."""

    def __init__(self):
        self._path = None
        self._book = None

    def load(self, window: Window) -> LoadedWindow:
        from python_calamine import CalamineError, CalamineWorkbook  # here: only importing processes load it

        try:
            if self._path != window.book:
                self.close()
                self._book = CalamineWorkbook.from_path(str(window.book))
                self._path = window.book
            sheet = self._book.get_sheet_by_name(window.sheet)
            start = sheet.start
            rows = sheet.to_python() if start is not None else []
        except (CalamineError, ValueError, OSError) as exc:
            raise UnreadableWorkbook(_("无法读取工作簿：%(error)s") % {"error": exc}) from exc
        finally:
            if window.last_in_book:
                self.close()
        first_row, first_col = start or (0, 0)
        return LoadedWindow(first_row + 1, first_col, rows, window.share, window.holes)

    def close(self) -> None:
        if self._book is not None:
            self._book.close()
            self._path.unlink(missing_ok=True)
        self._path = self._book = None


class Workbook:
    """A checked workbook; `sheet(name, columns)` gives a SheetStream.

    `sheets`: the names of the sheets that will be read, in the order they will be read (all
    sheets by default). Their cutting starts at once; the other members are verified here.
    """

    def __init__(self, path, sheets: tuple[str, ...] | None = None):
        self.path = path
        self.container = Container(path)
        infos = self.container.infos
        self.container.verify(name for name in infos if not name.startswith(WORKSHEETS))
        self.parts = workbook_parts(path)
        self.sheet_names = list(self.parts.sheets)
        wanted = self.sheet_names if sheets is None else [name for name in sheets if name in self.parts.sheets]
        self._members = {name: self.parts.sheets[name] for name in wanted if self.parts.sheets[name] in infos}
        reading = set(self._members.values())
        self.container.verify(name for name in infos if name.startswith(WORKSHEETS) and name not in reading)
        self._language = translation.get_language()
        self._directory = scratch_directory()
        self._loader = _WindowLoader()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="roster-loader")
        self._cutter = Cutter(
            self.container,
            self.parts,
            list(self._members.values()),
            directory=self._directory,
            window_bytes=conf.get("ROSTER_WINDOW_BYTES"),
        )

    def close(self) -> None:
        self._cutter.close()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._loader.close()
        shutil.rmtree(self._directory, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def sheet(self, name: str, columns: tuple[Column, ...]) -> "SheetStream":
        member = self._members.get(name)
        if member is None:
            raise UnreadableWorkbook(
                _("无法读取工作表“%(sheet)s”：%(error)s") % {"sheet": name, "error": _("工作簿中没有这个工作表")}
            )
        return SheetStream(name, columns, self._loaded(member), end=lambda: self._cutter.end(member))

    def _load(self, window: Window) -> LoadedWindow:
        """Parse one window, in the background thread, in the language of the import."""
        with translation.override(self._language):
            return self._loader.load(window)

    def _loaded(self, member: str) -> Iterator[LoadedWindow]:
        """The sheet's windows, each parsed while the one before is being checked."""
        ahead = None
        for window in self._cutter.windows(member):
            parsing = self._pool.submit(self._load, window)
            if ahead is not None:
                yield ahead.result()
            ahead = parsing
        if ahead is not None:
            yield ahead.result()


class SheetStream:
    """One sheet: finds the header row, maps headers to columns, then yields data rows.

    `problems` and `warnings` hold (sheet, row, header, message) tuples about the sheet itself
    (a sheet longer than ROSTER_MAX_ROWS is noticed while it is read: its problem is added then);
    `rows()` yields (Excel row number, cells in the order of `columns`) and skips blank rows.
    """

    def __init__(
        self, name: str, columns: tuple[Column, ...], windows: Iterator[LoadedWindow], end: Callable[[], None]
    ):
        self.name = name
        self.columns = columns
        self.problems: list[tuple] = []
        self.warnings: list[tuple] = []
        self.index: list[int | None] = [None] * len(columns)  # 0-based sheet column of each column
        self.header_row: int | None = None
        self._windows = windows
        self._end = end
        self._seen = (0, 0.0)  # (last Excel row, share of the sheet) of the latest window
        self._pending: LoadedWindow | None = None  # the header's window, from the row after the header
        self._scanned = 0
        self.holes: set[tuple[int, int]] = set()  # (Excel row, column) of formula cells without a value
        self._find_header()
        self._usable = self.header_row is not None and not self.problems  # rows can be read
        if not self._usable:
            self.close()

    def close(self) -> None:
        """Stop reading this sheet (its remaining windows are thrown away)."""
        self._end()

    def _find_header(self) -> None:
        wanted = {column.header: position for position, column in enumerate(self.columns)}
        required = {column.header for column in self.columns if column.required}
        best = (0, None, None)
        for window in self._windows:
            self._note(window)
            for offset, cells in enumerate(window.rows):
                if self._scanned >= HEADER_SCAN_ROWS:
                    break
                self._scanned += 1
                headers = [normalise_header(value) for value in cells]
                found = set(headers) & set(wanted)
                if required <= found:
                    self.header_row = window.first_row + offset
                    self._map(headers, wanted, window.first_col)
                    self._pending = LoadedWindow(
                        self.header_row + 1, window.first_col, window.rows[offset + 1 :], window.share, window.holes
                    )
                    return
                if len(found) > best[0]:
                    best = (len(found), window.first_row + offset, found)
            if self._scanned >= HEADER_SCAN_ROWS:
                break
        missing = [
            column.header for column in self.columns if column.required and column.header not in (best[2] or set())
        ]
        self.problems.append(
            (self.name, best[1], "、".join(missing), _("缺少必填的列：%(headers)s") % {"headers": "、".join(missing)})
        )

    def _map(self, headers: list[str], wanted: dict[str, int], first_col: int) -> None:
        for position, header in enumerate(headers):
            if not header:
                continue
            if header not in wanted:
                self.warnings.append(
                    (self.name, self.header_row, header, _("未识别的列“%(header)s”已忽略") % {"header": header})
                )
                continue
            slot = wanted[header]
            if self.index[slot] is not None:
                self.problems.append(
                    (self.name, self.header_row, header, _("列“%(header)s”出现了两次") % {"header": header})
                )
                continue
            self.index[slot] = first_col + position

    def _note(self, window: LoadedWindow) -> None:
        self.holes |= window.holes
        self._seen = (window.first_row + len(window.rows) - 1, window.share)

    @property
    def data_rows(self) -> int:
        """Rows below the header: extrapolated from the part of the sheet read so far (the
        progress bar's denominator), exact once the last window has been read."""
        last_row, share = self._seen
        return max(round(last_row / share) if share else 0, 0) - (self.header_row or 0)

    def _refuse_long_sheet(self) -> None:
        limit = conf.get("ROSTER_MAX_ROWS")
        self.problems.append(
            (
                self.name,
                None,
                "",
                _("工作表“%(sheet)s”超过 %(limit)s 行的上限，请分成几个文件导入")
                % {"sheet": self.name, "limit": f"{limit:,}"},
            )
        )
        self.close()

    def _used_windows(self) -> Iterator[LoadedWindow]:
        """The rest of the header's window, then every later window; a window reaching past
        ROSTER_MAX_ROWS ends the sheet with a problem."""
        if not self._usable:
            return
        limit = self.header_row + conf.get("ROSTER_MAX_ROWS")
        pending, self._pending = self._pending, None
        for window in itertools.chain([pending] if pending else [], self._windows):
            if window.first_row + len(window.rows) - 1 > limit:
                self._refuse_long_sheet()
                return
            self._note(window)
            yield window

    def rows(self) -> Iterator[tuple[int, list]]:
        """(Excel row number, cells in the order of `columns`) of every data row that is not blank."""
        for window in self._used_windows():
            yield from zip(*self._window_rows(window), strict=True)

    def checked_rows(self, parse_block, today, progress: Callable[[int], None] = lambda rows: None) -> Iterator[tuple]:
        """(Excel row number, cells, (parsed row, problems)) of every data row that is not blank,
        checked by `parse_block(list of cells, today)` (block_checks.py) BLOCK_ROWS rows at a
        time; `progress(rows)` is called before each block is handed on."""
        for window in self._used_windows():
            numbers, cells = self._window_rows(window)
            for start in range(0, len(numbers), BLOCK_ROWS):
                block = cells[start : start + BLOCK_ROWS]
                progress(len(block))
                yield from zip(numbers[start : start + BLOCK_ROWS], block, parse_block(block, today), strict=True)

    def _window_rows(self, window: LoadedWindow) -> tuple[list[int], list[list]]:
        """The Excel row numbers and the cells (in the order of `columns`) of the window's rows
        that are not blank; a row whose formula cell has no cached value is not blank."""
        count = len(self.index)
        positions = [None if i is None else i - window.first_col for i in self.index]
        in_order = positions == list(range(count))  # the template's layout: the row is the cells
        hole_rows = {row for row, _column in window.holes}
        numbers, rows = [], []
        row_number = window.first_row - 1
        for raw in window.rows:
            row_number += 1
            width = len(raw)
            if in_order and width >= count:
                cells = raw if width == count else raw[:count]
            else:
                cells = [raw[i] if i is not None and 0 <= i < width else "" for i in positions]
            for value in cells:
                if value != "" and value is not None and not (value.__class__ is str and not value.strip()):
                    break
            else:
                if row_number not in hole_rows:
                    continue
            numbers.append(row_number)
            rows.append(cells)
        return numbers, rows

    def missing_values(self, row_number: int) -> list[str]:
        """Headers of this row's formula cells that carry no cached value."""
        if not self.holes:
            return []
        return [
            column.header
            for position, column in zip(self.index, self.columns, strict=True)
            if position is not None and (row_number, position) in self.holes
        ]
