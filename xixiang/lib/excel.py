"""Excel helpers: read with python-calamine (fast), write with openpyxl's write-only mode.

    header, rows = read_rows(upload)      # an uploaded file, a path or bytes

Every workbook is read only after its container has been checked (xlsx_container.py: size
before reading, declared sizes and compression ratio, member count, cell count and area, no
DOCTYPE/ENTITY), with the limits of small uploads (`upload_limits()`, the XLSX_* settings)
unless others are given; an unreadable file raises UnreadableWorkbook with a message naming
what is wrong.

    sheet = Sheet("完整率", header=["村", "W1"], rows=rows_iterable, widths=[16, 6])
    save_xlsx(out, [sheet])               # a path or binary file; write_xlsx([sheet]) gives bytes

Writing streams rows (constant memory); a header row is bold and frozen; `widths` (in
characters) are optional. Exported data never becomes a formula: text starting with "=", "+",
"-" or "@" (what spreadsheets read as the start of a formula, the "formula injection"
characters) is written as a typed text cell. Downloads are sent by xixiang.core.exports. Time
zones are dropped from datetimes (Excel has none). The lower-level helpers (`safe_row`,
`header_cells`, `list_validation`, …) serve the roster writer, which builds its sheets cell by
cell.
"""

from __future__ import annotations

import datetime
import functools
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from .xlsx_container import Limits, UnreadableWorkbook, check_container, upload_limits

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from python_calamine import CalamineWorkbook

# openpyxl (with numpy, which it loads when present) and python-calamine are imported where a
# workbook is read or written, not with this module: a process that never touches a workbook
# (a render child, most requests) does not carry their ~30 MB.

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@")


@functools.cache
def _styles() -> SimpleNamespace:
    """The header styles (openpyxl objects, made once)."""
    from openpyxl.styles import Alignment, Font, PatternFill

    return SimpleNamespace(
        header_font=Font(bold=True),
        header_fill=PatternFill("solid", fgColor="E2EFDA"),
        required_fill=PatternFill("solid", fgColor="FCE4D6"),
        header_alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
    )


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence] = ()
    widths: Sequence[float] = field(default_factory=tuple)
    title_rows: Sequence[str] = ()  # lines above the header (e.g. the report title)


def read_sheet(source, *, limits: Limits | None = None) -> tuple[list[str], list[list]]:
    """The first sheet of an xlsx file: (header row as stripped strings, data rows).

    Fully empty rows are dropped; row numbers are lost, so callers that report rows should
    use `read_rows` instead.
    """
    header, rows = read_rows(source, limits=limits)
    return header, [values for _row, values in rows]


def read_rows(source, *, limits: Limits | None = None) -> tuple[list[str], list[tuple[int, list]]]:
    """(header, [(spreadsheet row number, values), …]) of the first sheet, empty rows dropped.

    `source`: an uploaded file (read from its temporary file when Django made one), a path,
    a binary file or bytes. Its container is checked first (module docstring)."""
    workbook = _checked_workbook(source, limits)
    try:
        table = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises several error types for bad files
        raise UnreadableWorkbook(_("无法读取该文件，请上传 Excel 工作簿（.xlsx）")) from exc
    if not table:
        raise UnreadableWorkbook(_("工作表是空的"))
    return _numbered(table)


def read_sheets(source, *, limits: Limits | None = None) -> dict[str, tuple[list[str], list[tuple[int, list]]]]:
    """{sheet name: (header, numbered rows)} of every sheet, checked as `read_rows` does (an
    empty sheet has an empty header and no rows)."""
    workbook = _checked_workbook(source, limits)
    sheets = {}
    try:
        for name in workbook.sheet_names:
            table = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets[name] = _numbered(table) if table else ([], [])
    except Exception as exc:  # calamine raises several error types for bad files
        raise UnreadableWorkbook(_("无法读取该文件，请上传 Excel 工作簿（.xlsx）")) from exc
    return sheets


def _checked_workbook(source, limits: Limits | None) -> CalamineWorkbook:
    limits = limits or upload_limits()
    size = getattr(source, "size", None)
    if isinstance(size, int) and size > limits.max_upload_bytes:  # refused before a byte is read
        raise UnreadableWorkbook(
            _("文件太大（%(size).1f MB），上限为 %(limit).0f MB")
            % {"size": size / 1048576, "limit": limits.max_upload_bytes / 1048576}
        )
    if hasattr(source, "temporary_file_path"):
        source = source.temporary_file_path()
    elif isinstance(source, bytes | bytearray):
        source = io.BytesIO(source)
    check_container(source, limits)
    from python_calamine import CalamineWorkbook

    try:
        if isinstance(source, str | os.PathLike):
            return CalamineWorkbook.from_path(os.fspath(source))
        source.seek(0)
        return CalamineWorkbook.from_filelike(source)
    except Exception as exc:  # calamine raises several error types for bad files
        raise UnreadableWorkbook(_("无法读取该文件，请上传 Excel 工作簿（.xlsx）")) from exc


def _numbered(table) -> tuple[list[str], list[tuple[int, list]]]:
    header = [str(cell).strip() for cell in table[0]]
    rows = []
    for index, values in enumerate(table[1:], start=2):
        if any(cell not in ("", None) for cell in values):
            rows.append((index, list(values) + [""] * (len(header) - len(values))))
    return header, rows


def _safe_title(title: str) -> str:
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31] or "Sheet"


def text_cell(sheet, value: str) -> WriteOnlyCell:
    """A cell that holds `value` as text even when it looks like a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def cell_value(sheet, value):
    """What to append for one value: formula-looking text as a text cell, naive datetimes."""
    if value.__class__ is str and value.startswith(FORMULA_PREFIXES):
        return text_cell(sheet, value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


def safe_row(sheet, values) -> list:
    """The row with every formula-looking string wrapped as a text cell."""
    return [cell_value(sheet, value) for value in values]


def write_only_workbook() -> Workbook:
    from openpyxl import Workbook

    return Workbook(write_only=True)


def header_cells(sheet, headers, *, required=()) -> list:
    """Bold header cells; required ones filled in orange."""
    styles, cells = _styles(), []
    for header in headers:
        cell = text_cell(sheet, header)
        cell.font = styles.header_font
        cell.fill = styles.required_fill if header in required else styles.header_fill
        cells.append(cell)
    return cells


def set_widths(sheet, widths) -> None:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def list_validation(sheet, column_index: int, values, *, strict: bool = True, first_row: int = 2) -> None:
    """A drop-down list of `values` on a whole column (below the header)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    letter = get_column_letter(column_index)
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(values) + '"',
        allow_blank=True,
        showErrorMessage=strict,
        errorTitle="输入有误",
        error="请从下拉列表中选择",
    )
    validation.add(f"{letter}{first_row}:{letter}1048576")
    sheet.data_validations.append(validation)


def save_xlsx(out, sheets: Iterable[Sheet]) -> None:
    """Write the workbook to `out` (a path or a binary file). Rows are written one by one and
    never kept: openpyxl's write-only sheets go to temporary files until the zip is saved. If
    the rows raise, the temporary files are deleted and the error goes on; `out` is left as is."""
    workbook = write_only_workbook()
    try:
        for spec in sheets:
            _write_sheet(workbook.create_sheet(_safe_title(spec.title)), spec)
    except BaseException:
        discard_workbook(workbook)
        raise
    workbook.save(out)


def _write_sheet(sheet, spec: Sheet) -> None:
    from openpyxl.cell import WriteOnlyCell

    styles = _styles()
    set_widths(sheet, spec.widths)
    header_row = len(spec.title_rows) + 1
    sheet.freeze_panes = f"A{header_row + 1}"
    for line in spec.title_rows:
        cell = WriteOnlyCell(sheet, value=str(line))
        cell.font = styles.header_font
        sheet.append([cell])
    header = []
    for value in spec.header:
        cell = text_cell(sheet, str(value))
        cell.font = styles.header_font
        cell.fill = styles.header_fill
        cell.alignment = styles.header_alignment
        header.append(cell)
    sheet.append(header)
    for row in spec.rows:
        sheet.append(safe_row(sheet, row))


def discard_workbook(workbook: Workbook) -> None:
    """Close a write-only workbook that will not be saved and delete its sheets' temporary
    files (openpyxl would keep them until the process exits)."""
    for sheet in workbook.worksheets:
        writer = getattr(sheet, "_writer", None)  # openpyxl's WorksheetWriter, once a row was written
        if writer is None:
            continue
        if not sheet.closed:
            sheet.close()
        writer.cleanup()


def write_xlsx(sheets: Iterable[Sheet]) -> bytes:
    """The workbook as bytes (for tests and small files; downloads stream through save_xlsx)."""
    output = io.BytesIO()
    save_xlsx(output, sheets)
    return output.getvalue()


def write_workbook(
    title: str, header: Sequence[str], rows: Iterable[Sequence], *, widths: Sequence[float] = ()
) -> bytes:
    """A one-sheet workbook (shortcut for `write_xlsx([Sheet(...)])`)."""
    return write_xlsx([Sheet(title, header=header, rows=rows, widths=widths)])
