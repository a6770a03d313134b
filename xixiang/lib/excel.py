"""Excel helpers: read with python-calamine (fast), write with openpyxl in write-only mode.

Writing (rows streamed, constant memory):

    data = write_xlsx([Sheet("结果", header=["村", "总分"], rows=rows, widths=[16, 8])])
    data = write_workbook("结果", ["村", "总分"], rows)          # one sheet
    return xlsx_response(data, "2009年度考核结果.xlsx")

Reading the first sheet: `read_rows(data)` gives (header, [(row number, values), …]).
"""

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

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


def _safe_title(title: str) -> str:
    for char in '[]:*?/\\':
        title = title.replace(char, " ")
    return title[:31] or "Sheet"


def _cell_value(value):
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if isinstance(value, Decimal):
        return float(value) if value == value.quantize(Decimal("0.01")) else str(value)
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
            cell = WriteOnlyCell(sheet, value=str(value))
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            header.append(cell)
        sheet.append(header)
        for row in spec.rows:
            sheet.append([_cell_value(value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def write_workbook(title: str, header: list[str], rows: Iterable[Iterable], *, widths: list[int] | None = None) -> bytes:
    """One sheet with a bold, frozen header row."""
    return write_xlsx([Sheet(title, header, rows, widths or ())])


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


def read_sheet(data: bytes) -> tuple[list[str], list[list]]:
    """The first sheet: (header, data rows); see read_rows for row numbers."""
    header, rows = read_rows(data)
    return header, [values for _, values in rows]


def xlsx_response(content: bytes, filename: str):
    """An attachment response; the (Chinese) file name is sent RFC 5987-encoded."""
    from django.http import HttpResponse
    from django.utils.encoding import escape_uri_path

    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response
