"""Row windows (windows.py): a sheet cut into windows reads exactly like the whole sheet, cuts
are made only where they are safe, and an import through windows keeps all-or-nothing."""

import datetime
import re
import zipfile
from xml.etree import ElementTree

import openpyxl
import pytest
import python_calamine
from django.utils import translation

from households.models import Household, IncomeRecord, Member
from households.roster.columns import HOUSEHOLD_COLUMNS, HOUSEHOLD_SHEET
from households.roster.engine import RosterImport
from households.roster.reader import Workbook
from households.roster.windows import cut_rows
from xixiang.lib.excel import write_only_workbook

from .conftest import GROUP, HOUSEHOLD_HEADERS, household_row, member_row, rewrite_member, write_workbook

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def sheet_xml(rows: int, *, numbered=True, prefix="", between="", after=3) -> bytes:
    """A worksheet of `rows` rows of two inline-string cells; `between` is put after row `after`."""
    p = f"{prefix}:" if prefix else ""
    declaration = f' xmlns:{prefix}="{MAIN}"' if prefix else f' xmlns="{MAIN}"'
    body = []
    for number in range(1, rows + 1):
        attributes = f' r="{number}"' if numbered else ""
        body.append(
            f'<{p}row{attributes} spans="1:2"><{p}c r="A{number}" t="inlineStr"><{p}is><{p}t>a{number}'
            f'</{p}t></{p}is></{p}c><{p}c r="B{number}"><{p}v>{number}</{p}v></{p}c></{p}row>'
        )
        if number == after:
            body.append(between)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet{declaration}><{p}dimension ref="A1:B2"/>'
        f'<{p}sheetData>{"".join(body)}</{p}sheetData><{p}mergeCells count="0"/></{p}worksheet>'
    ).encode()


def pieces(xml: bytes, window_bytes: int, chunk: int = 1 << 20) -> list[bytes]:
    chunks = [xml[start : start + chunk] for start in range(0, len(xml), chunk)]
    return [piece.head + b"".join(piece.body) + piece.closing for piece in cut_rows(chunks, window_bytes)]


def row_numbers(document: bytes) -> list[str]:
    """The r of every row, after checking that the document is well-formed XML."""
    root = ElementTree.fromstring(document)
    return [row.get("r") for row in root.iter(f"{{{MAIN}}}row")]


@pytest.mark.parametrize("chunk", [1 << 20, 997, 61])
def test_a_sheet_is_cut_into_well_formed_windows_holding_every_row_once_in_order(chunk):
    xml = sheet_xml(40)
    windows = pieces(xml, window_bytes=600, chunk=chunk)
    assert len(windows) > 5
    assert [number for window in windows for number in row_numbers(window)] == [str(n) for n in range(1, 41)]
    assert all(b"<dimension" not in window for window in windows)
    assert windows[-1].endswith(b'</sheetData><mergeCells count="0"/></worksheet>')  # the original end


def test_a_namespace_prefix_is_kept_in_the_closing_tags():
    windows = pieces(sheet_xml(20, prefix="x"), window_bytes=400)
    assert len(windows) > 3
    assert windows[0].endswith(b"</x:sheetData></x:worksheet>")
    assert [number for window in windows for number in row_numbers(window)] == [str(n) for n in range(1, 21)]


def test_rows_without_their_number_are_never_cut():
    assert len(pieces(sheet_xml(40, numbered=False), window_bytes=300)) == 1


@pytest.mark.parametrize("markup", ["<!-- a comment -->", "<![CDATA[ text ]]>", "<?pi data?>"])
def test_no_cut_is_made_after_a_comment_cdata_or_processing_instruction(markup):
    xml = sheet_xml(40, between=markup, after=20)
    windows = pieces(xml, window_bytes=300, chunk=400)
    cut_at = [row_numbers(window.replace(markup.encode(), b""))[0] for window in windows]
    markup_at = xml.index(markup.encode())
    assert len(windows) >= 2  # cuts before the markup were made …
    assert all(xml.index(f'<row r="{number}"'.encode()) < markup_at for number in cut_at[1:])  # … none after it
    assert b"".join(windows).count(markup.encode()) == 1


def test_an_empty_sheet_is_one_window_as_it_is():
    xml = f'<worksheet xmlns="{MAIN}"><sheetData/></worksheet>'.encode()
    assert pieces(xml, window_bytes=10) == [xml]


# --- reading through windows equals reading the whole sheet ---------------------------------


def whole_sheet(path, name) -> list[tuple[int, list]]:
    """(Excel row, cells) of every non-blank row, read by calamine from the original file."""
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name)
    first_row, first_col = sheet.start
    rows = []
    for offset, cells in enumerate(sheet.to_python()):
        if any(value != "" for value in cells):
            rows.append((first_row + offset + 1, [""] * first_col + cells))
    return rows


def windowed(path, name, columns=HOUSEHOLD_COLUMNS) -> tuple[int, list[tuple[int, list]]]:
    with Workbook(path) as workbook:
        stream = workbook.sheet(name, columns)
        return stream.header_row, list(stream.rows())


def padded(rows, width):
    return [(number, (cells + [""] * width)[:width]) for number, cells in rows]


def shared_strings_workbook(path, rows: list[list]) -> None:
    """An xlsx whose text cells point into xl/sharedStrings.xml, as Excel saves them (openpyxl
    writes inline strings)."""
    strings, cells = [], []
    for number, values in enumerate(rows, start=1):
        row = []
        for column, value in enumerate(values):
            ref = f"{chr(65 + column)}{number}"
            if isinstance(value, str):
                strings.append(value)
                row.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
            else:
                row.append(f'<c r="{ref}"><v>{value}</v></c>')
        cells.append(f'<row r="{number}">{"".join(row)}</row>')
    relationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="r1" Type="{relationship}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{relationship}"><sheets>'
            f'<sheet name="{HOUSEHOLD_SHEET}" sheetId="1" r:id="r1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="r1" Type="{relationship}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="r2" Type="{relationship}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/sharedStrings.xml",
            f'<sst xmlns="{MAIN}">' + "".join(f"<si><t>{text}</t></si>" for text in strings) + "</sst>",
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml", f'<worksheet xmlns="{MAIN}"><sheetData>{"".join(cells)}</sheetData></worksheet>'
        )


def test_a_workbook_with_shared_strings_reads_the_same_in_windows(tmp_path, new_ids):
    path = tmp_path / "r.xlsx"
    rows = [household_row(f"{GROUP}{index:03d}", new_ids()) for index in range(1, 31)]
    shared_strings_workbook(
        path,
        [["西乡县农户信息表"], [], HOUSEHOLD_HEADERS, *([row[header] for header in HOUSEHOLD_HEADERS] for row in rows)],
    )
    header, read = windowed(path, HOUSEHOLD_SHEET)
    expected = whole_sheet(path, HOUSEHOLD_SHEET)
    assert len(pieces(zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml"), 1500)) > 3  # the test setting
    assert header == 3
    assert read == padded([row for row in expected if row[0] > header], len(HOUSEHOLD_COLUMNS))


def test_a_write_only_workbook_with_inline_strings_blank_rows_and_a_shifted_column_reads_the_same(tmp_path):
    path = tmp_path / "r.xlsx"
    book = write_only_workbook()
    sheet = book.create_sheet(HOUSEHOLD_SHEET)
    sheet.append(["", *HOUSEHOLD_HEADERS])  # column A stays empty: the header starts in B
    for index in range(1, 41):
        sheet.append(["", f"{GROUP}{index:03d}", f"户主{index}", "", "", 3])
        if index % 7 == 0:
            sheet.append([])
    book.save(path)
    assert "xl/sharedStrings.xml" not in zipfile.ZipFile(path).namelist()
    assert len(pieces(zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml"), 1500)) > 3
    header, read = windowed(path, HOUSEHOLD_SHEET)
    expected = [(number, cells[1:]) for number, cells in whole_sheet(path, HOUSEHOLD_SHEET) if number > 1]
    assert header == 1
    assert read == padded(expected, len(HOUSEHOLD_COLUMNS))
    assert [number for number, _cells in read][:8] == [2, 3, 4, 5, 6, 7, 8, 10]


def test_dates_of_a_1904_workbook_read_the_same_in_windows(tmp_path):
    path = tmp_path / "r.xlsx"
    book = openpyxl.Workbook()
    book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    sheet = book.active
    sheet.title = HOUSEHOLD_SHEET
    sheet.append(HOUSEHOLD_HEADERS)
    for day in range(1, 31):
        sheet.append([f"{GROUP}{day:03d}", datetime.date(2009, 5, day)])
    book.save(path)
    assert b'date1904="1"' in zipfile.ZipFile(path).read("xl/workbook.xml")
    _header, read = windowed(path, HOUSEHOLD_SHEET)
    assert [cells[1] for _number, cells in read] == [datetime.date(2009, 5, day) for day in range(1, 31)]


def test_a_header_below_blank_rows_gives_the_right_row_numbers(tmp_path, world, new_ids):
    path = tmp_path / "r.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = HOUSEHOLD_SHEET
    for column, header in enumerate(HOUSEHOLD_HEADERS, start=1):
        sheet.cell(row=3, column=column, value=header)
    for column, value in enumerate(household_row(f"{GROUP}050", new_ids(), 户主姓名="").values(), start=1):
        sheet.cell(row=4, column=column, value=value)
    book.save(path)
    outcome = RosterImport(path, actor=world.users["admin"]).run()
    assert [(sheet, row, header) for sheet, row, header, _message in outcome.problems.errors] == [
        ("农户", 4, "户主姓名")
    ]


# --- the import through windows ---------------------------------------------------------------


def counts():
    return Household.objects.count(), IncomeRecord.objects.count(), Member.objects.count()


def many_households(new_ids, count=30):
    households, members = [], []
    for index in range(1, count + 1):
        number, head = f"{GROUP}{index:03d}", new_ids()  # 0xx: clear of the factories (100–999)
        households.append(household_row(number, head))
        members.append(member_row(number, head, 与户主关系="户主"))
    return households, members


def test_a_member_sheet_that_fails_its_crc_after_the_households_were_written_stores_nothing(tmp_path, world, new_ids):
    path = write_workbook(tmp_path / "r.xlsx", *many_households(new_ids))
    data = bytearray(path.read_bytes())
    _spoil_crc(data, "xl/worksheets/sheet2.xml")
    path.write_bytes(bytes(data))
    before = counts()
    outcome = RosterImport(path, actor=world.users["admin"], commit=True).run()
    assert outcome.rows >= 30  # the household sheet was read (and written) before the member sheet failed
    assert (outcome.fatal, outcome.committed) == ("文件已损坏（校验失败）", False)
    assert counts() == before


def _spoil_crc(data: bytearray, member: str) -> None:
    """Invert the CRC-32 that the zip directory records for the member."""
    name = member.encode()
    position = data.find(b"PK\x01\x02")
    while position >= 0:
        name_length = int.from_bytes(data[position + 28 : position + 30], "little")
        if data[position + 46 : position + 46 + name_length] == name:
            data[position + 16 : position + 20] = bytes(b ^ 0xFF for b in data[position + 16 : position + 20])
        position = data.find(b"PK\x01\x02", position + 4)


def test_an_unreadable_sheet_is_reported_in_the_language_of_the_import(tmp_path, world, new_ids):
    path = write_workbook(tmp_path / "r.xlsx", *many_households(new_ids))
    rewrite_member(path, "xl/worksheets/sheet2.xml", lambda data: data.replace(b"</sheetData>", b"</sheetData", 1))
    with translation.override("en"):
        outcome = RosterImport(path, actor=world.users["admin"]).run()
    assert outcome.fatal.startswith("The workbook cannot be read: ")


def test_a_household_sheet_without_its_headers_does_not_hold_up_the_member_sheet(tmp_path, world, new_ids):
    households, members = many_households(new_ids, 60)
    path = write_workbook(
        tmp_path / "r.xlsx",
        households,
        members,
        household_headers=[h for h in HOUSEHOLD_HEADERS if h != "户主身份证号"],
    )
    outcome = RosterImport(path, actor=world.users["admin"]).run()
    assert [(sheet, header) for sheet, _row, header, _message in outcome.problems.errors][:1] == [
        ("农户", "户主身份证号")
    ]
    assert outcome.rows == 60  # the member sheet was read in full


def test_a_sheet_over_the_row_cap_across_windows_stores_nothing(tmp_path, world, new_ids, settings):
    settings.ROSTER_MAX_ROWS = 10
    households, members = many_households(new_ids, 30)
    before = counts()
    outcome = RosterImport(
        write_workbook(tmp_path / "r.xlsx", households, members), actor=world.users["admin"], commit=True
    ).run()
    assert ("农户", None, "", "工作表“农户”超过 10 行的上限，请分成几个文件导入") in outcome.problems.errors
    assert counts() == before


def test_windows_are_deleted_after_the_import(tmp_path, world, new_ids, settings):
    scratch = settings.VAR_DIR / "roster-windows"
    outcome = RosterImport(
        write_workbook(tmp_path / "r.xlsx", *many_households(new_ids)), actor=world.users["admin"], commit=True
    ).run()
    assert outcome.committed
    assert list(scratch.iterdir()) == []


def test_windows_are_deleted_when_the_file_is_refused_midway(tmp_path, world, new_ids, settings):
    scratch = settings.VAR_DIR / "roster-windows"
    path = write_workbook(tmp_path / "r.xlsx", *many_households(new_ids))
    rewrite_member(path, "xl/worksheets/sheet2.xml", lambda data: re.sub(rb"</sheetData>.*", b"", data))
    outcome = RosterImport(path, actor=world.users["admin"], commit=True).run()
    assert outcome.fatal
    assert list(scratch.iterdir()) == []
