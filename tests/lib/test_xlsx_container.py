"""The container checks every uploaded workbook goes through before calamine parses it
(xixiang/lib/xlsx_container.py, through xixiang.lib.excel.read_rows)."""

import io

import pytest

from xixiang.lib.excel import read_rows, write_workbook
from xixiang.lib.xlsx_container import Limits, SheetArea, UnreadableWorkbook, column_letters, column_number

from ..hostile_workbooks import SHEET_START, MemoryWatch, cells, many_cells
from ..hostile_workbooks import write_workbook as write_by_hand


def refusal(source, **limits) -> str:
    with pytest.raises(UnreadableWorkbook) as error:
        read_rows(source, limits=Limits(**limits))
    return str(error.value)


def test_a_workbook_written_by_hand_reads(tmp_path):
    path = cells(tmp_path / "book.xlsx", ("A1", "村编码"), ("A2", "610724100201"))
    assert read_rows(path) == (["村编码"], [(2, ["610724100201"])])


def test_a_workbook_as_bytes_or_an_open_file_reads_the_same():
    data = write_workbook("表", ["村编码", "分数"], [["610724100201", 4.5]])
    assert read_rows(data) == read_rows(io.BytesIO(data)) == (["村编码", "分数"], [(2, ["610724100201", 4.5])])


def test_rows_and_columns_are_counted_exactly_across_the_pieces_a_sheet_is_inflated_in(tmp_path):
    path = many_cells(tmp_path / "book.xlsx", rows=1_000, columns=100)  # 1.5 MB of XML: two pieces
    header, rows = read_rows(path, limits=Limits(max_cells=100_000, max_compression_ratio=1000))
    assert len(header) == 100 and len(rows) == 999
    assert (refusal(path, max_cells=99_999, max_compression_ratio=1000)
            == "工作表的数据区域过大（1000 行 × 100 列，上限为 99999 个单元格）；请删除远处多余的单元格后再上传")


def test_empty_cells_count_against_the_cell_limit_exactly(tmp_path):
    row = b"<row>" + b'<c s="1"/>' * 1_000 + b"</row>"  # 1.5 MB of XML: two pieces
    path = write_by_hand(tmp_path / "book.xlsx", [b'<row><c t="inlineStr"><is><t>A</t></is></c></row>', *[row] * 150])
    assert read_rows(path, limits=Limits(max_cells=150_001, max_compression_ratio=1000)) == (["A"], [])
    assert (refusal(path, max_cells=150_000, max_compression_ratio=1000)
            == "工作簿的单元格过多（超过 150000 个）；请检查文件，或分成几个文件上传")


def test_two_cells_far_apart_are_refused_before_calamine_allocates_the_rectangle_between_them(tmp_path):
    path = cells(tmp_path / "book.xlsx", ("A1", "村编码"), ("XFD1048576", "x"))
    with MemoryWatch() as memory:
        message = refusal(path)
    assert message == ("工作表的数据区域过大（1048576 行 × 16384 列，上限为 300000 个单元格）；"
                       "请删除远处多余的单元格后再上传")
    assert memory.rss_growth < 50 * 1024 * 1024


def test_an_empty_styled_cell_far_away_does_not_count_for_the_area(tmp_path):
    path = write_by_hand(tmp_path / "book.xlsx", [
        '<row r="1"><c r="A1" t="inlineStr"><is><t>村编码</t></is></c></row>'.encode(),
        b'<row r="900000" s="2"><c r="Z900000" s="2"/></row>',
    ])
    assert read_rows(path) == (["村编码"], [])


def test_a_cell_tag_too_long_to_read_its_reference_is_refused(tmp_path):
    padding = b" " * 600
    path = write_by_hand(tmp_path / "book.xlsx", [b'<row><c' + padding + b'r="XFD1048576"><v>1</v></c></row>'])
    assert refusal(path) == "工作表的格式异常（单元格标记过长），已拒绝读取"


def test_a_sheet_declaring_entities_is_refused(tmp_path):
    prolog = SHEET_START.replace(b"<worksheet", b'<!DOCTYPE w [<!ENTITY lol "lol">]><worksheet', 1)
    path = write_by_hand(tmp_path / "book.xlsx", [b"<row><c><v>1</v></c></row>"], prolog=prolog)
    assert refusal(path) == "工作簿包含 XML 实体声明（DOCTYPE/ENTITY），出于安全原因拒绝读取"


def test_a_sheet_larger_than_the_uncompressed_limit_is_refused_from_the_zip_directory(tmp_path):
    path = many_cells(tmp_path / "book.xlsx", rows=1_000, columns=100)
    assert refusal(path, max_uncompressed_bytes=1024 * 1024) == "工作簿解压后过大（1 MB），疑似“压缩炸弹”，已拒绝读取"


def test_a_member_compressed_beyond_the_ratio_limit_is_refused(tmp_path):
    path = many_cells(tmp_path / "book.xlsx", rows=1_000, columns=100, level=9)
    assert refusal(path, max_compression_ratio=100).startswith("工作簿中的“xl/worksheets/sheet1.xml”压缩比异常（")


def test_a_file_larger_than_the_upload_limit_is_refused_by_its_size(tmp_path):
    path = many_cells(tmp_path / "book.xlsx", rows=1_000, columns=100, level=0)
    assert refusal(path, max_upload_bytes=1024 * 1024) == "文件太大（1.4 MB），上限为 1 MB"


def test_the_default_limits_come_from_the_settings(settings, tmp_path):
    settings.XLSX_MAX_CELLS = 10
    path = many_cells(tmp_path / "book.xlsx", rows=2, columns=6)
    with pytest.raises(UnreadableWorkbook, match="^工作簿的单元格过多（超过 10 个）"):
        read_rows(path)


def test_column_letters_and_numbers_convert_both_ways_in_either_case():
    assert [column_letters(n) for n in (1, 26, 27, 200, 16384)] == ["A", "Z", "AA", "GR", "XFD"]
    assert [column_number(letters) for letters in (b"A", b"z", b"AA", b"gr", b"XFD")] == [1, 26, 27, 200, 16384]


def test_a_sheet_area_spans_from_its_first_kept_cell_to_its_last_across_pieces():
    area = SheetArea()
    xml = (b'<row r="7"><c r="C7" s="1"/><c r="D7"><v>1</v></c></row>'
           b'<row r="9"><c r="B9"><v>1</v></c><c><v>2</v></c><c r="Z12" s="1"/></row>')
    for start in range(0, len(xml), 10):
        area.feed(xml[start:start + 10])
    area.end()
    assert (area.cells, area.first_row, area.last_row, area.first_column, area.last_column) == (5, 7, 9, 2, 4)
    assert (area.area, area.widest, area.lowest) == (9, (7, 4), (9, 2))
