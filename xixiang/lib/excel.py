"""Writing xlsx workbooks with openpyxl's write-only mode (rows streamed, constant memory).

    sheet = Sheet("完整率", header=["村", "W1"], rows=rows_iterable, widths=[16, 6])
    data = write_xlsx([sheet])

A header row is bold and frozen; `widths` (in characters) are optional.
"""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E2EFDA")


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
            sheet.append(list(row))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
