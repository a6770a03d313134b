"""Excel helpers: read with python-calamine (fast), write with openpyxl's write-only mode.

    sheet = Sheet("完整率", header=["村", "W1"], rows=rows_iterable, widths=[16, 6])
    data = write_xlsx([sheet])

Writing streams rows (constant memory); a header row is bold and frozen; `widths` (in
characters) are optional. Text is always written as text: a value beginning with `=` is
never turned into a formula (formula injection), and time zones are dropped from datetimes
(Excel has none).
"""

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E2EFDA")


class UnreadableWorkbook(ValueError):
    """The upload is not a workbook we can read; str(exc) is a Chinese message."""


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence] = ()
    widths: Sequence[float] = field(default_factory=tuple)
    title_rows: Sequence[str] = ()  # lines above the header (e.g. the report title)


def read_sheet(data: bytes) -> tuple[list[str], list[list]]:
    """The first sheet of an xlsx/xls/ods file: (header row as stripped strings, data rows).

    Fully empty rows are dropped; row numbers are lost, so callers that report rows should
    use `read_rows` instead.
    """
    header, rows = read_rows(data)
    return header, [values for _, values in rows]


def read_rows(data: bytes) -> tuple[list[str], list[tuple[int, list]]]:
    """(header, [(spreadsheet row number, values), …]) of the first sheet, empty rows dropped."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        table = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises several error types for bad files
        raise UnreadableWorkbook("无法读取该文件，请上传 Excel 工作簿（.xlsx）") from exc
    if not table:
        raise UnreadableWorkbook("工作表是空的")
    header = [str(cell).strip() for cell in table[0]]
    rows = []
    for index, values in enumerate(table[1:], start=2):
        if any(cell not in ("", None) for cell in values):
            rows.append((index, list(values) + [""] * (len(header) - len(values))))
    return header, rows


def _safe_title(title: str) -> str:
    for char in '[]:*?/\\':
        title = title.replace(char, " ")
    return title[:31] or "Sheet"


def text_cell(sheet, value: str) -> WriteOnlyCell:
    """A cell that holds `value` as text even when it looks like a formula."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def cell_value(sheet, value):
    """What to append for one value: formula-looking text as a text cell, naive datetimes."""
    if isinstance(value, str) and value.startswith("="):
        return text_cell(sheet, value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


def write_xlsx(sheets: Iterable[Sheet]) -> bytes:
    """The workbook as bytes. Rows are written one by one and never kept."""
    workbook = Workbook(write_only=True)
    for spec in sheets:
        sheet = workbook.create_sheet(_safe_title(spec.title))
        for index, width in enumerate(spec.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        header_row = len(spec.title_rows) + 1
        sheet.freeze_panes = f"A{header_row + 1}"
        for line in spec.title_rows:
            cell = WriteOnlyCell(sheet, value=str(line))
            cell.font = HEADER_FONT
            sheet.append([cell])
        header = []
        for value in spec.header:
            cell = text_cell(sheet, str(value))
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            header.append(cell)
        sheet.append(header)
        for row in spec.rows:
            sheet.append([cell_value(sheet, value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def write_workbook(title: str, header: Sequence[str], rows: Iterable[Sequence], *, widths: Sequence[float] = ()) -> bytes:
    """A one-sheet workbook (shortcut for `write_xlsx([Sheet(...)])`)."""
    return write_xlsx([Sheet(title, header=header, rows=rows, widths=widths)])


def xlsx_response(content: bytes, filename: str):
    """An attachment response with a (possibly Chinese) file name (RFC 6266 filename*)."""
    from django.http import HttpResponse
    from django.utils.encoding import escape_uri_path

    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response
