"""Excel helpers shared by every export: safe text cells for openpyxl, write-only workbooks.

openpyxl turns any string that starts with "=" into a formula. Exported data never becomes a
formula here: text starting with "=", "+", "-" or "@" (what spreadsheets treat as the start of
a formula, the "CSV/formula injection" characters) is written as a typed text cell.
"""

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

FORMULA_PREFIXES = ("=", "+", "-", "@")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E2EFDA")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
WRAP = Alignment(wrap_text=True, vertical="top")


def text_cell(ws, value: str) -> WriteOnlyCell:
    """A cell that is text whatever the value looks like (never a formula)."""
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell


def safe_row(ws, values) -> list:
    """The row with every formula-looking string wrapped as a text cell."""
    return [
        text_cell(ws, value) if value.__class__ is str and value.startswith(FORMULA_PREFIXES) else value
        for value in values
    ]


def write_only_workbook() -> Workbook:
    return Workbook(write_only=True)


def header_cells(ws, headers, *, required=()) -> list:
    """Bold header cells; required ones filled in orange."""
    cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if header in required else HEADER_FILL
        cells.append(cell)
    return cells


def set_widths(ws, widths) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def list_validation(ws, column_index: int, values, *, strict: bool = True, first_row: int = 2) -> None:
    """A drop-down list of `values` on a whole column (below the header)."""
    letter = get_column_letter(column_index)
    validation = DataValidation(
        type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
        showErrorMessage=strict, errorTitle="输入有误", error="请从下拉列表中选择",
    )
    validation.add(f"{letter}{first_row}:{letter}1048576")
    ws.data_validations.append(validation)
