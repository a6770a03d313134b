"""The roster's columns 产业大户 and 大户产业规模 (spec/roster.md): 是 needs its scale, blank keeps the
stored value, 否 clears it; the export writes them and imports again unchanged."""

import io

from openpyxl import load_workbook

from households.models import Household
from households.roster.engine import RosterImport
from households.roster.writer import write_roster

from .conftest import GROUP, household_row, write_workbook


def run(path, world, user="admin"):
    return RosterImport(path, actor=world.users[user], commit=True, batch_id=1).run()


def test_a_large_producer_is_stored_with_its_scale(tmp_path, world, new_ids):
    number = f"{GROUP}060"
    row = household_row(number, new_ids(), 产业大户="是", 大户产业规模="茶园 50 亩")
    path = write_workbook(tmp_path / "r.xlsx", [row])
    outcome = run(path, world)
    assert outcome.problems.errors == []
    household = Household.objects.get(number=number)
    assert (household.is_large_producer, household.large_producer_scale) == (True, "茶园 50 亩")


def test_a_large_producer_without_its_scale_is_an_error_naming_row_and_header(tmp_path, world, new_ids):
    path = write_workbook(tmp_path / "r.xlsx", [household_row(f"{GROUP}061", new_ids(), 产业大户="是")])
    outcome = run(path, world)
    assert [tuple(p) for p in outcome.problems.errors] == [
        ("农户", 2, "大户产业规模", "产业大户必须填写大户产业规模（如 茶园 50 亩）")]
    assert not Household.objects.filter(number=f"{GROUP}061").exists()


def test_a_blank_cell_keeps_the_stored_value_and_no_clears_it(tmp_path, world):
    household = world.own_household
    household.is_large_producer, household.large_producer_scale = True, "年出栏生猪 200 头"
    household.save()
    row = household_row(household.number, household.head_id_number, 户主姓名=household.head_name,
                        家庭人口=household.resident_count, 劳动力人数=household.labour_count)
    run(write_workbook(tmp_path / "a.xlsx", [row]), world)
    household.refresh_from_db()
    assert (household.is_large_producer, household.large_producer_scale) == (True, "年出栏生猪 200 头")
    run(write_workbook(tmp_path / "b.xlsx", [{**row, "产业大户": "否", "大户产业规模": "x"}]), world)
    household.refresh_from_db()
    assert (household.is_large_producer, household.large_producer_scale) == (False, "")


def test_the_export_writes_the_two_columns(world):
    household = world.own_household
    household.is_large_producer, household.large_producer_scale = True, "茶园 80 亩"
    household.save()
    out = io.BytesIO()
    write_roster(out, Household.objects.filter(pk=household.pk))
    sheet = load_workbook(io.BytesIO(out.getvalue()))["农户"]
    rows = list(sheet.values)
    header = rows[0]
    assert header[-2:] == ("产业大户", "大户产业规模")
    assert rows[1][-2:] == ("是", "茶园 80 亩")
