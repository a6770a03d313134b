"""Excel helpers: read with python-calamine (fast), write with openpyxl in write-only mode."""

import datetime
import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UnreadableWorkbook(ValueError):
    """The upload is not a workbook we can read; str(exc) is a Chinese message."""


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


def write_workbook(title: str, header: list[str], rows: Iterable[Iterable], *, widths: list[int] | None = None) -> bytes:
    """One sheet with a bold header row; write-only, so memory stays flat for large exports."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for index, width in enumerate(widths or []):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    bold = Font(bold=True)
    cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    for row in rows:
        sheet.append([_cell_value(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell_value(value):
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


def xlsx_response(content: bytes, filename: str):
    from django.http import HttpResponse
    from django.utils.encoding import escape_uri_path

    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response
