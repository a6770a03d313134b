"""import_households and export_households, and the round trip on the demo county."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from households.models import Household, ImportBatch, IncomeRecord, Member

from .conftest import GROUP, household_row, member_row, write_workbook


def command(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue(), str(error)
    return 0, out.getvalue(), err.getvalue()


def stored():
    return Household.objects.count(), IncomeRecord.objects.count(), Member.objects.count()


@pytest.fixture
def good_file(tmp_path, new_ids):
    head = new_ids()
    number = f"{GROUP}050"
    return write_workbook(
        tmp_path / "good.xlsx",
        [household_row(number, head)],
        [member_row(number, head, 与户主关系="户主", 姓名="张三丰")],
    )


def test_import_exits_0_when_imported_and_records_a_batch(world, good_file):
    code, out, _err = command("import_households", str(good_file))
    assert code == 0
    assert "农户：新增 1，修改 0，不变 0" in out and "家庭成员：新增 1，修改 0，不变 0" in out
    batch = ImportBatch.objects.get()
    assert f"已导入（导入批次 #{batch.pk}）" in out
    assert (batch.status, batch.source, batch.created_by) == (ImportBatch.Status.IMPORTED, "command", None)
    assert Household.objects.get(number=f"{GROUP}050").history.get().history_change_reason == f"导入批次 #{batch.pk}"


def test_a_dry_run_exits_0_when_clean_and_stores_nothing(world, good_file):
    before = stored()
    code, out, _err = command("import_households", str(good_file), "--dry-run")
    assert code == 0 and "农户：将新增 1，将修改 0，不变 0" in out and "检查通过，没有错误" in out
    assert stored() == before


def test_import_exits_1_with_every_error_printed_and_nothing_stored(world, tmp_path, new_ids):
    path = write_workbook(
        tmp_path / "bad.xlsx",
        [household_row(f"{GROUP}050", new_ids(), 户主姓名=""), household_row(f"{GROUP}051", new_ids(), 年度=1990)],
    )
    before = stored()
    code, out, message = command("import_households", str(path))
    assert code == 1
    assert (
        "错误 农户 第 2 行 户主姓名：不能为空" in out and "错误 农户 第 3 行 年度：年度必须在 2000 到 2100 之间" in out
    )
    assert message.startswith("文件有 2 处错误，未导入任何数据")
    assert stored() == before


def test_import_exits_2_when_the_file_cannot_be_read(world, tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"%PDF-1.4")
    assert command("import_households", str(path))[::2] == (
        2,
        "无法读取文件：这是 PDF 文件，不是 Excel 工作簿；请上传 .xlsx 文件",
    )
    assert command("import_households", str(tmp_path / "missing.xlsx"))[::2] == (
        2,
        f"找不到文件“{tmp_path / 'missing.xlsx'}”",
    )


def test_import_as_a_clerk_keeps_to_the_clerks_township(world, tmp_path, new_ids):
    path = write_workbook(tmp_path / "x.xlsx", [household_row("61072410820101050", new_ids())])
    code, out, _message = command("import_households", str(path), "--as", "clerk_chengguan")
    assert code == 1
    assert "户编号“61072410820101050”属于峡口镇，您只能导入本乡镇（城关镇）的农户" in out
    assert command("import_households", str(path), "--as", "nobody")[::2] == (2, "没有用户“nobody”")
    assert command("import_households", str(path), "--as", "leader")[::2] == (2, "用户“leader”无权导入农户信息表")


def test_export_filters_by_township_and_prefills_a_year(world, tmp_path):
    out = tmp_path / "out.xlsx"
    code, text, _err = command("export_households", str(out), "--township", "610724108", "--year", "2010")
    assert code == 0 and "已导出 1 户" in text
    rows = list(openpyxl.load_workbook(out)["农户"].iter_rows(min_row=2, values_only=True))
    other = world.other_household
    assert [(r[0], r[9], r[10], r[11]) for r in rows] == [(other.number, 2010, None, None)]
    assert command("export_households", str(out), "--village", "610724999999")[::2] == (
        1,
        "没有编码为 610724999999 的村",
    )


def test_exporting_and_importing_the_demo_county_changes_nothing(demo_county, db, tmp_path):
    """On the demo county seeded once for the run (`demo_county` in tests/conftest.py)."""
    out = tmp_path / "county.xlsx"
    command("export_households", str(out))
    histories = Household.history.count(), IncomeRecord.history.count(), Member.history.count()
    snapshot = list(
        Household.objects.order_by("number").values_list(
            "number", "head_id_number", "resident_count", "category", "computed_category", "latest_per_capita_income"
        )
    )
    code, text, _err = command("import_households", str(out))
    assert code == 0
    households = Household.objects.count()
    assert f"农户：新增 0，修改 0，不变 {households:,}" in text
    assert f"收入记录：新增 0，修改 0，不变 {IncomeRecord.objects.count():,}" in text
    assert f"家庭成员：新增 0，修改 0，不变 {Member.objects.count():,}" in text
    assert (Household.history.count(), IncomeRecord.history.count(), Member.history.count()) == histories
    assert (
        list(
            Household.objects.order_by("number").values_list(
                "number",
                "head_id_number",
                "resident_count",
                "category",
                "computed_category",
                "latest_per_capita_income",
            )
        )
        == snapshot
    )


def test_the_terminal_progress_bar_ends_its_line_when_the_next_phase_begins_not_at_an_early_100_percent():
    import io

    from django.core.management.base import OutputWrapper

    from households.management.commands.import_households import ProgressBar

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    bar = ProgressBar(OutputWrapper(terminal))
    bar("检查“农户”表", 500, 500)  # the estimate was low: 100 % before the sheet ends
    bar("检查“农户”表", 900, 1000)
    bar("检查“家庭成员”表", 0, 10)
    bar.finish()
    lines = terminal.getvalue().split("\n")
    assert [line.rsplit("\r", 1)[-1] for line in lines] == [
        "检查“农户”表 [######################...]  90% 900/1,000 行",
        "检查“家庭成员”表 [.........................]   0% 0/10 行",
        "",
    ]
