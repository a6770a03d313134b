"""Cells far apart: calamine keeps each window as a dense rectangle between its first and last
cell with a value, so a window is refused before calamine parses it if a cell lies beyond
ROSTER_MAX_COLUMNS or the rectangle is larger than ROSTER_MAX_WINDOW_CELLS
(households/roster/container.check_window)."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from households.models import Household, ImportBatch, IncomeRecord, Member
from households.roster.engine import RosterImport
from tests.factories import make_id_number
from tests.hostile_workbooks import MemoryWatch

from .conftest import GROUP, household_row, member_row, rewrite_member, write_workbook

HOUSEHOLDS = "xl/worksheets/sheet1.xml"
MEMBERS = "xl/worksheets/sheet2.xml"


def stored():
    return Household.objects.count(), IncomeRecord.objects.count(), Member.objects.count()


def roster(tmp_path, new_ids, count=5):
    """A valid roster; its heads' ID numbers are this file's own (born in 1990), so that these tests
    leave the shared sequence of tests/factories.py where the other roster tests expect it."""
    households, members = [], []
    for index in range(1, count + 1):
        number = f"{GROUP}{index + 100:03d}"
        head = make_id_number("610724", datetime.date(1990, 1, 1) + datetime.timedelta(days=index), 11)
        households.append(household_row(number, head))
        members.append(member_row(number, head, 与户主关系="户主", 姓名="张三丰"))
    return write_workbook(tmp_path / "r.xlsx", households, members)


def add_rows(path, member: str, rows: bytes) -> None:
    """Append raw <row> XML at the end of a sheet's data (zipfile, no parser involved)."""
    rewrite_member(path, member, lambda data: data.replace(b"</sheetData>", rows + b"</sheetData>", 1))


def far_cell(ref: str, value: str = "x") -> bytes:
    row = "".join(ch for ch in ref if ch.isdigit())
    return f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c></row>'.encode()


def test_a_value_at_xfd100000_is_refused_by_name_before_calamine_allocates_the_rectangle(tmp_path, world, new_ids):
    path = roster(tmp_path, new_ids)
    add_rows(path, HOUSEHOLDS, far_cell("XFD100000"))
    assert path.stat().st_size < 10_000
    before = stored()
    with MemoryWatch() as memory:
        outcome = RosterImport(path, actor=world.users["admin"], commit=True).run()
    assert (outcome.fatal, outcome.committed) == ("工作表“农户”的单元格 XFD100000 超出范围：最多 200 列", False)
    assert stored() == before
    assert memory.rss_growth < 50 * 1024 * 1024  # the rectangle would be 1.6 billion cells (~52 GB)


def test_a_far_cell_in_the_member_sheet_after_the_households_were_read_stores_nothing(tmp_path, world, new_ids):
    path = roster(tmp_path, new_ids, count=20)
    add_rows(path, MEMBERS, far_cell("AAA7000"))
    before = stored()
    outcome = RosterImport(path, actor=world.users["admin"], commit=True).run()
    assert (outcome.fatal, outcome.committed) == ("工作表“家庭成员”的单元格 AAA7000 超出范围：最多 200 列", False)
    assert stored() == before


def test_a_value_in_the_last_allowed_column_imports_and_one_column_further_is_refused(tmp_path, world, new_ids):
    path = roster(tmp_path, new_ids)
    rewrite_member(
        path,
        HOUSEHOLDS,
        lambda data: data.replace(  # column 200, in a household's row
            b'</row><row r="5"', b'<c r="GR4"><v>1</v></c></row><row r="5"', 1
        ),
    )
    before = Household.objects.count()
    outcome = RosterImport(path, actor=world.users["admin"], commit=True).run()
    assert (outcome.fatal, outcome.committed, Household.objects.count()) == ("", True, before + 5)

    path = roster(tmp_path, new_ids)
    add_rows(path, HOUSEHOLDS, b'<row r="9"><c r="GS9"><v>1</v></c></row>')
    before = stored()
    outcome = RosterImport(path, actor=world.users["admin"], commit=True).run()
    assert (outcome.fatal, stored()) == ("工作表“农户”的单元格 GS9 超出范围：最多 200 列", before)


def test_the_column_limit_is_a_setting(tmp_path, world, new_ids, settings):
    settings.ROSTER_MAX_COLUMNS = 18  # the household sheet's headers reach column R
    path = roster(tmp_path, new_ids)
    assert RosterImport(path, actor=world.users["admin"]).run().fatal == ""
    add_rows(path, HOUSEHOLDS, b'<row r="9"><c r="S9"><v>1</v></c></row>')
    assert RosterImport(path, actor=world.users["admin"]).run().fatal == "工作表“农户”的单元格 S9 超出范围：最多 18 列"


def test_an_empty_styled_cell_far_right_is_not_refused(tmp_path, world, new_ids):
    path = roster(tmp_path, new_ids)
    add_rows(path, HOUSEHOLDS, b'<row r="9"><c r="XFD9" s="0"/></row>')
    before = Household.objects.count()
    outcome = RosterImport(path, actor=world.users["admin"], commit=True).run()
    assert (outcome.fatal, Household.objects.count()) == ("", before + 5)


def test_a_value_a_hundred_million_rows_down_is_refused_by_the_area_of_its_window(tmp_path, world, new_ids):
    path = roster(tmp_path, new_ids)
    add_rows(path, HOUSEHOLDS, far_cell("A100000000"))
    before = stored()
    with MemoryWatch() as memory:
        outcome = RosterImport(path, actor=world.users["admin"], commit=True).run()
    assert outcome.fatal == (
        "工作表“农户”的数据区域过大：从第 6 行到单元格 A100000000，99999995 行 × 15 列，"
        "上限为 25999974 个单元格；请删除远处多余的单元格后再导入"
    )
    assert stored() == before
    assert memory.rss_growth < 50 * 1024 * 1024


def test_the_area_of_one_window_is_a_setting(tmp_path, world, new_ids, settings):
    settings.ROSTER_MAX_WINDOW_CELLS = 1_000  # a window of 1,500 bytes of XML holds a few rows × 16 columns
    path = roster(tmp_path, new_ids)
    assert RosterImport(path, actor=world.users["admin"]).run().fatal == ""
    add_rows(path, HOUSEHOLDS, far_cell("B900"))
    assert RosterImport(path, actor=world.users["admin"]).run().fatal == (
        "工作表“农户”的数据区域过大：从第 6 行到单元格 B900，895 "
        "行 × 15 列，上限为 1000 个单元格；请删除远处多余的单元格后再导入"
    )


def test_cells_without_references_are_placed_as_calamine_places_them(tmp_path, world, new_ids):
    path = roster(tmp_path, new_ids)
    add_rows(path, HOUSEHOLDS, b'<row r="9">' + b"<c><v>1</v></c>" * 201 + b"</row>")
    assert (
        RosterImport(path, actor=world.users["admin"]).run().fatal == "工作表“农户”的单元格 GS9 超出范围：最多 200 列"
    )


def test_cells_with_a_namespace_prefix_and_no_reference_are_counted_too(tmp_path, world, new_ids):
    path = roster(tmp_path, new_ids)
    add_rows(
        path,
        HOUSEHOLDS,
        b'<row r="9" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"<x:c><x:v>1</x:v></x:c>" * 201
        + b"</row>",
    )
    assert (
        RosterImport(path, actor=world.users["admin"]).run().fatal == "工作表“农户”的单元格 GS9 超出范围：最多 200 列"
    )


def test_a_closing_sheet_data_tag_inside_a_comment_does_not_hide_the_cells_after_it(tmp_path, world, new_ids):
    path = roster(tmp_path, new_ids)
    add_rows(path, HOUSEHOLDS, b"<!-- </sheetData> -->" + far_cell("XFD100000"))
    assert (
        RosterImport(path, actor=world.users["admin"]).run().fatal
        == "工作表“农户”的单元格 XFD100000 超出范围：最多 200 列"
    )


def test_what_follows_the_sheet_data_is_not_taken_for_cells(tmp_path, world, new_ids):
    path = roster(tmp_path, new_ids)  # openpyxl's template-like sheet; drop-down lists reach row 1048576
    rewrite_member(
        path,
        HOUSEHOLDS,
        lambda data: data.replace(
            b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>', 1
        ),
    )
    before = Household.objects.count()
    outcome = RosterImport(path, actor=world.users["admin"], commit=True).run()
    assert (outcome.fatal, Household.objects.count()) == ("", before + 5)


def test_the_refusal_is_translated(tmp_path, world, new_ids):
    path = roster(tmp_path, new_ids)
    add_rows(path, HOUSEHOLDS, far_cell("XFD100000"))
    with translation.override("en"):
        outcome = RosterImport(path, actor=world.users["admin"]).run()
    assert outcome.fatal == "Cell XFD100000 of sheet “农户” is out of range: at most 200 columns"


def test_an_upload_with_a_far_cell_is_shown_as_unreadable_on_its_batch_page(tmp_path, world, new_ids):
    path = roster(tmp_path, new_ids)
    add_rows(path, HOUSEHOLDS, far_cell("XFD100000"))
    client = world.client_for("admin")
    before = Household.objects.count()
    client.post(reverse("households:roster:import"), {"file": SimpleUploadedFile("农户信息表.xlsx", path.read_bytes())})
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.message) == (
        ImportBatch.Status.INVALID,
        "工作表“农户”的单元格 XFD100000 超出范围：最多 200 列",
    )
    assert (
        "工作表“农户”的单元格 XFD100000 超出范围：最多 200 列"
        in client.get(reverse("households:roster:batch_detail", args=[batch.pk])).content.decode()
    )
    assert Household.objects.count() == before


def test_import_households_exits_2_on_a_far_cell(tmp_path, world, new_ids):
    path = roster(tmp_path, new_ids)
    add_rows(path, HOUSEHOLDS, far_cell("XFD100000"))
    before = stored()
    with pytest.raises(CommandError) as error:
        call_command("import_households", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert (error.value.returncode, str(error.value)) == (
        2,
        "无法读取文件：工作表“农户”的单元格 XFD100000 超出范围：最多 200 列",
    )
    assert stored() == before
