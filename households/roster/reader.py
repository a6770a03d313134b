"""Reading roster workbooks: the container is checked first (container.py), then the sheets
are streamed row by row with python-calamine. Calamine reads cells, never the <dimension> tag,
so a sheet whose dimension lies is read in full.
"""

from collections.abc import Iterator
from itertools import islice

import python_calamine
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import conf
from .columns import Column
from .container import UnreadableWorkbook, check_container, formula_cells_without_value, sheet_members
from .validation import normalise_header

BLOCK_ROWS = 1000  # rows checked together (block_checks.py); a block with a problem is checked row by row
HEADER_SCAN_ROWS = 30

NO_VALUE_MESSAGE = gettext_lazy("单元格是公式，但文件中没有保存计算结果；请在 Excel 中打开并保存，或复制后“粘贴为数值”")


class Workbook:
    """A checked workbook opened with calamine; `sheet()` gives a SheetStream."""

    def __init__(self, path):
        self.path = path
        self.container = check_container(path)
        try:
            self._book = python_calamine.CalamineWorkbook.from_path(str(path))
        except (python_calamine.CalamineError, ValueError, OSError) as exc:
            raise UnreadableWorkbook(_("无法读取工作簿：%(error)s") % {"error": exc}) from exc
        self.sheet_names = list(self._book.sheet_names)
        self._members = None

    def close(self) -> None:
        self._book.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _holes(self, name: str) -> set[tuple[int, int]]:
        if not self.container.formula_members:
            return set()
        if self._members is None:
            self._members = sheet_members(self.path)
        member = self._members.get(name)
        if member not in self.container.formula_members:
            return set()
        return formula_cells_without_value(self.path, member)

    def sheet(self, name: str, columns: tuple[Column, ...]) -> "SheetStream":
        try:
            sheet = self._book.get_sheet_by_name(name)
        except python_calamine.CalamineError as exc:
            raise UnreadableWorkbook(_("无法读取工作表“%(sheet)s”：%(error)s") % {"sheet": name, "error": exc}) from exc
        return SheetStream(name, sheet, columns, self._holes(name))


class SheetStream:
    """One sheet: finds the header row, maps headers to columns, then yields data rows.

    `problems` and `warnings` hold (sheet, row, header, message) tuples about the sheet itself;
    `rows()` yields (Excel row number, cells in the order of `columns`) and skips blank rows.
    """

    def __init__(self, name: str, sheet, columns: tuple[Column, ...], holes: set[tuple[int, int]]):
        self.name = name
        self.columns = columns
        self.problems: list[tuple] = []
        self.warnings: list[tuple] = []
        start = sheet.start or (0, 0)
        self._first_row, self._first_col = start
        self._sheet = sheet
        self.total_rows = sheet.height
        self.index: list[int | None] = [None] * len(columns)
        self.header_row: int | None = None
        self._consumed = 0
        self._holes = holes
        self._find_header()
        if self.header_row is not None and self.total_rows - self._consumed > conf.get("ROSTER_MAX_ROWS"):
            self.problems.append((name, None, "", _("工作表“%(sheet)s”超过 %(limit)s 行的上限，请分成几个文件导入") % {
                "sheet": name, "limit": f"{conf.get('ROSTER_MAX_ROWS'):,}"}))

    def _find_header(self) -> None:
        wanted = {column.header: position for position, column in enumerate(self.columns)}
        required = {column.header for column in self.columns if column.required}
        best = (0, None, None)
        iterator = iter(self._sheet.iter_rows())
        for offset in range(HEADER_SCAN_ROWS):
            try:
                cells = next(iterator)
            except StopIteration:
                break
            self._consumed += 1
            headers = [normalise_header(value) for value in cells]
            found = set(headers) & set(wanted)
            if required <= found:
                self.header_row = self._first_row + offset + 1
                self._map(headers, wanted)
                return
            if len(found) > best[0]:
                best = (len(found), self._first_row + offset + 1, found)
        missing = [column.header for column in self.columns if column.required and column.header not in (best[2] or set())]
        self.problems.append((self.name, best[1], "、".join(missing), _("缺少必填的列：%(headers)s") % {"headers": "、".join(missing)}))

    def _data(self):
        iterator = iter(self._sheet.iter_rows())
        for _skipped in range(self._consumed):
            next(iterator, None)
        return iterator

    def scan(self, keys: tuple[str, ...]):
        """Raw values of a few columns (by Column.key) of every data row; absent columns give ""."""
        if self.header_row is None:
            return
        positions = [self.index[[c.key for c in self.columns].index(key)] for key in keys]
        for raw in self._data():
            width = len(raw)
            yield tuple(raw[i] if i is not None and i < width else "" for i in positions)

    def _map(self, headers: list[str], wanted: dict[str, int]) -> None:
        for position, header in enumerate(headers):
            if not header:
                continue
            if header not in wanted:
                self.warnings.append((self.name, self.header_row, header, _("未识别的列“%(header)s”已忽略") % {"header": header}))
                continue
            slot = wanted[header]
            if self.index[slot] is not None:
                self.problems.append((self.name, self.header_row, header, _("列“%(header)s”出现了两次") % {"header": header}))
                continue
            self.index[slot] = position

    @property
    def data_rows(self) -> int:
        """Rows below the header (blank ones included): the denominator of progress."""
        return max(self.total_rows - self._consumed, 0)

    def rows(self) -> Iterator[tuple[int, list]]:
        if self.header_row is None or self.problems:
            return
        index = self.index
        row_number = self.header_row
        hole_rows = {row for row, _ in self._holes}
        count = len(index)
        in_order = index == list(range(count))  # the template's layout: the row is the cells
        for raw in self._data():
            row_number += 1
            width = len(raw)
            if in_order and width >= count:
                cells = raw if width == count else raw[:count]
            else:
                cells = [raw[i] if i is not None and i < width else "" for i in index]
            for value in cells:
                if value != "" and value is not None and not (value.__class__ is str and not value.strip()):
                    break
            else:
                if row_number not in hole_rows:
                    continue
            yield row_number, cells

    def checked_rows(self, parse_block, today) -> Iterator[tuple]:
        """(Excel row number, cells, parsed row, problems) of every data row, checked by
        `parse_block(list of cells, today)` (block_checks.py) BLOCK_ROWS rows at a time."""
        rows = self.rows()
        while block := list(islice(rows, BLOCK_ROWS)):
            parsed = parse_block([cells for _row_number, cells in block], today)
            for (row_number, cells), (row, problems) in zip(block, parsed, strict=True):
                yield row_number, cells, row, problems

    def missing_values(self, row_number: int) -> list[str]:
        """Headers of this row's formula cells that carry no cached value."""
        if not self._holes:
            return []
        result = []
        for position, column in zip(self.index, self.columns, strict=True):
            if position is not None and (row_number, position + self._first_col) in self._holes:
                result.append(column.header)
        return result
