"""Writing workbooks: exported text is never a formula; the export is the importer's layout."""

import io
import zipfile

import openpyxl

from households.models import Household
from households.roster.container import check_container
from households.roster.engine import RosterImport
from households.roster.writer import write_problems, write_roster
from tests.factories import MemberFactory


def test_text_that_looks_like_a_formula_is_exported_as_text(world, tmp_path):
    household = world.own_household
    Household.objects.filter(pk=household.pk).update(head_name="=1+2", phone="+8613912345678", address="x")
    MemberFactory(household=household, name="@SUM(A1)")
    MemberFactory(household=household, name="-2+3")
    path = tmp_path / "out.xlsx"
    write_roster(path, Household.objects.filter(pk=household.pk))
    workbook = openpyxl.load_workbook(path)
    head, phone = workbook["农户"]["B2"], workbook["农户"]["D2"]
    names = [row[1] for row in workbook["家庭成员"].iter_rows(min_row=2)]
    assert (head.value, head.data_type, phone.value, phone.data_type) == ("=1+2", "s", "+8613912345678", "s")
    assert [(cell.value, cell.data_type) for cell in names] == [("王建国", "s"), ("@SUM(A1)", "s"), ("-2+3", "s")]
    with zipfile.ZipFile(path) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet2.xml")


def test_the_export_has_the_importers_layout_and_reads_back_unchanged(world, tmp_path):
    path = tmp_path / "out.xlsx"
    counts = write_roster(path, Household.objects.all())
    assert counts == {"households": 2, "rows": 2, "members": 2}
    workbook = openpyxl.load_workbook(path)
    own = world.own_household
    assert workbook.sheetnames == ["填写说明", "农户", "家庭成员"]
    assert [c.value for c in workbook["农户"][2]] == [
        own.number, "王建国", own.head_id_number, None, 3, 2, None, "否", "无", 2009, 12000, 3000, 0, 0, 0, "殷实户",
        "否", None]
    assert check_container(path).formula_members == set()  # drop-down lists are no formulas
    outcome = RosterImport(path, actor=world.users["admin"], commit=True).run()
    assert outcome.counts == {kind: {"created": 0, "updated": 0, "unchanged": 2} for kind in
                              ("households", "income_records", "members")}


def test_a_household_without_income_records_is_exported_with_blank_income(world, tmp_path):
    world.own_household.income_records.all().delete()
    path = tmp_path / "out.xlsx"
    write_roster(path, Household.objects.filter(pk=world.own_household.pk))
    row = [c.value for c in openpyxl.load_workbook(path)["农户"][2]]
    assert row[9:15] == [None] * 6


def test_the_error_workbook_lists_errors_and_warnings():
    buffer = io.BytesIO()
    write_problems(buffer, [{"sheet": "农户", "row": 5, "header": "年度", "message": "不能为空"}],
                   [{"sheet": "农户", "row": 1, "header": "备注", "message": "未识别的列“备注”已忽略"}])
    workbook = openpyxl.load_workbook(buffer)
    assert [[c.value for c in row] for row in workbook["错误"].iter_rows()] == [
        ["工作表", "行号", "列", "说明"], ["农户", 5, "年度", "不能为空"]]
    assert [c.value for c in workbook["提示"][2]] == ["农户", 1, "备注", "未识别的列“备注”已忽略"]
