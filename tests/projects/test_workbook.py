"""The projects workbook: export, import back, every bad row listed, nothing stored on an error."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from projects.exports import ProjectsExport, ProjectsTemplateExport
from projects.models import Allocation, AllocationOutput, Project
from projects.workbook import ALLOCATION_COLUMNS, PROJECT_COLUMNS, ImportFailed, projects_import
from xixiang.lib.excel import Sheet, write_xlsx

KINDS = ["通村水泥路（公里）", "沼气池（口）", "安全饮水工程（处）", "产业基地（亩）", "农房改造（户）",
         "技能培训（人次）"]


def workbook(projects, allocations, *, allocation_header=None) -> bytes:
    return write_xlsx([
        Sheet("项目", PROJECT_COLUMNS, projects),
        Sheet("项目安排", allocation_header or ALLOCATION_COLUMNS + KINDS, allocations),
    ])


def project_row(name="农村沼气建设", *, level="中央", department="县统计局", direction="能源", investment=500000):
    return [2009, name, level, department, direction, "500 口", "", investment, "中央国债"]


def allocation_row(code, amount, *, name="农村沼气建设", status="已完成", done="2009-10-01", biogas=None, km=None):
    return [2009, name, code, "", amount, status, "2009-04-01", done, "", km, biogas, None, None, None, None]


def export_bytes(projects, allocations) -> bytes:
    out = io.BytesIO()
    ProjectsExport(projects, allocations).write(out)
    return out.getvalue()


def test_the_export_has_the_two_sheets_one_row_per_allocation(world, programme):
    book = load_workbook(io.BytesIO(export_bytes(Project.objects.all(), Allocation.objects.all())), read_only=True)
    assert book.sheetnames == ["项目", "项目安排"]
    rows = list(book["项目安排"].values)
    assert list(rows[0]) == ALLOCATION_COLUMNS + KINDS
    assert list(rows[1][:6]) == [2009, "通村水泥路建设", "610724100201", "五丰村", 400000, "已完成"]
    assert rows[1][9] == 2
    assert len(rows) == 2


def test_an_export_imports_back_unchanged(world, programme):
    data = export_bytes(Project.objects.all(), Allocation.objects.all())
    result = projects_import(actor=world.users["admin"], data=data)
    assert (result.projects_created, result.projects_updated) == (0, 2)
    assert (result.allocations_created, result.allocations_updated) == (0, 1)
    assert list(AllocationOutput.objects.values_list("allocation__village__code", "kind__name", "quantity")) == [
        ("610724100201", "通村水泥路", Decimal("2.00"))]


def test_a_new_project_and_its_allocations_are_imported(world, programme):
    data = workbook([project_row()], [allocation_row("610724100201", 300000, biogas=200),
                                      allocation_row("610724108201", 200000, biogas=133)])
    result = projects_import(actor=world.users["scorer_tongji"], data=data)
    assert (result.projects_created, result.allocations_created) == (1, 2)
    project = Project.objects.get(name="农村沼气建设")
    assert (project.level, project.department, project.investment) == ("central", world.tongji, Decimal("500000.00"))
    assert sorted(AllocationOutput.objects.filter(allocation__project=project).values_list("quantity", flat=True)) == [
        Decimal("133.00"), Decimal("200.00")]


def test_a_dry_run_checks_and_stores_nothing(world, programme):
    data = workbook([project_row()], [allocation_row("610724100201", 300000, biogas=200)])
    result = projects_import(actor=world.users["admin"], data=data, dry_run=True)
    assert (result.projects_created, result.allocations_created, result.dry_run) == (1, 1, True)
    assert not Project.objects.filter(name="农村沼气建设").exists()


def test_every_bad_row_is_listed_and_nothing_is_stored(world, programme):
    data = workbook(
        [project_row(), project_row("乡村道路", level="乡", direction="道路"),
         project_row("村级培训", department="县不存在局", direction="培训"),
         project_row("负投资", investment=-1), project_row("文字投资", investment="五十万")],
        [allocation_row("610724100201", 300000, biogas=200),
         allocation_row("610724100201", 1, name="通村水泥路建设", km=1),
         allocation_row("610724999999", 100, biogas=1),
         allocation_row("610724108201", -5, biogas=1),
         allocation_row("610724108201", "三千", name="通村水泥路建设"),
         allocation_row("610724108201", 100, name="通村水泥路建设", km=-2),
         allocation_row("610724108201", 100, name="不存在的项目")],
    )
    with pytest.raises(ImportFailed) as failed:
        projects_import(actor=world.users["admin"], data=data)
    assert failed.value.errors == [
        "“项目”第 3 行：级别“乡”无效，应为：中央、省、市、县",
        "“项目”第 4 行：找不到主管部门“县不存在局”",
        "“项目”第 5 行：总投资不能为负数",
        "“项目”第 6 行：总投资“五十万”不是数字",
        "“项目安排”第 4 行：找不到村编码为“610724999999”的行政村",
        "“项目安排”第 5 行：安排资金不能为负数",
        "“项目安排”第 6 行：安排资金“三千”不是数字",
        "“项目安排”第 7 行：通村水泥路不能为负数",
        "“项目安排”第 8 行：找不到 2009 年的项目“不存在的项目”（须在“项目”表中或已登记）",
    ]
    assert failed.value.message == "导入失败，未保存任何数据：共 9 处错误"
    assert Project.objects.count() == 2
    assert Allocation.objects.count() == 1


def test_allocations_above_the_investment_are_refused(world, programme):
    data = workbook([project_row(investment=400000)], [allocation_row("610724100201", 300000, biogas=200),
                                                       allocation_row("610724108201", 100000.01, biogas=1)])
    with pytest.raises(ImportFailed) as failed:
        projects_import(actor=world.users["admin"], data=data)
    assert failed.value.errors == [
        "“项目安排”第 2 行：项目“农村沼气建设”（2009 年）总投资 400000.00 元，"
        "安排资金合计 400000.01 元，超出 0.01 元"]
    assert not Project.objects.filter(name="农村沼气建设").exists()


def test_stored_allocations_the_file_keeps_count_toward_the_investment(world, programme):
    data = workbook([], [allocation_row("610724108201", 600000.01, name="通村水泥路建设")])
    with pytest.raises(ImportFailed) as failed:
        projects_import(actor=world.users["admin"], data=data)
    assert failed.value.errors == [
        "“项目安排”第 2 行：项目“通村水泥路建设”（2009 年）总投资 1000000.00 元，"
        "安排资金合计 1000000.01 元，超出 0.01 元"]


def test_an_unknown_unit_or_output_column_is_listed_on_every_row_using_it(world, programme):
    header = ALLOCATION_COLUMNS + ["沼气池（个）", "风电（台）"]
    rows = [[2009, "通村水泥路建设", "610724108201", "", 100, "计划", "", "", "", 3, None],
            [2009, "通村水泥路建设", "610724100201", "", 100, "计划", "", "", "", None, 1],
            [2009, "通村水泥路建设", "610724100201", "", 100, "计划", "", "", "", None, None]]
    with pytest.raises(ImportFailed) as failed:
        projects_import(actor=world.users["admin"], data=workbook([], rows, allocation_header=header))
    assert failed.value.errors[:2] == [
        "“项目安排”第 2 行：建设内容“沼气池”的计量单位应为“口”，不是“个”",
        "“项目安排”第 3 行：未知的建设内容或计量单位“风电（台）”，应为：通村水泥路（公里）、沼气池（口）、"
        "安全饮水工程（处）、产业基地（亩）、农房改造（户）、技能培训（人次）",
    ]


def test_a_village_outside_the_users_scope_is_refused(world, programme):
    station_scorer = world.users["scorer_station"]
    data = workbook([project_row("农技推广", department="峡口镇农技站", direction="培训")],
                    [allocation_row("610724100201", 100, name="农技推广"),
                     allocation_row("610724108201", 100, name="农技推广")])
    with pytest.raises(ImportFailed) as failed:
        projects_import(actor=station_scorer, data=data)
    assert failed.value.errors == ["“项目安排”第 2 行：行政村 610724100201（五丰村）不在您的管辖范围内"]


def test_a_scorer_may_not_import_another_departments_projects(world, programme):
    data = workbook([project_row(department="县交通运输局")], [])
    with pytest.raises(ImportFailed) as failed:
        projects_import(actor=world.users["scorer_tongji"], data=data)
    assert failed.value.errors == ["“项目”第 2 行：只能维护本部门的项目"]


def test_the_template_has_both_sheets_with_an_example_each(world):
    out = io.BytesIO()
    ProjectsTemplateExport().write(out)
    book = load_workbook(io.BytesIO(out.getvalue()), read_only=True)
    assert [len(list(book[name].values)) for name in ("项目", "项目安排")] == [2, 2]


@pytest.fixture
def run_command():
    """call_command raises CommandError; the shell sees its returncode (BaseCommand.run_from_argv)."""
    from django.core.management import CommandError

    def run(*args):
        out = io.StringIO()
        try:
            call_command(*args, stdout=out, stderr=io.StringIO())
        except CommandError as error:
            return error.returncode, out.getvalue()
        return 0, out.getvalue()

    return run


def test_import_projects_exits_0_and_stores(world, programme, tmp_path, run_command):
    path = tmp_path / "p.xlsx"
    path.write_bytes(workbook([project_row()], [allocation_row("610724100201", 300000, biogas=200)]))
    code, out = run_command("import_projects", str(path))
    assert code == 0
    assert "项目：新增 1，修改 0" in out
    assert Project.objects.filter(name="农村沼气建设").exists()


def test_import_projects_dry_run_exits_0_and_stores_nothing(world, programme, tmp_path, run_command):
    path = tmp_path / "p.xlsx"
    path.write_bytes(workbook([project_row()], []))
    code, out = run_command("import_projects", str(path), "--dry-run")
    assert code == 0
    assert "项目：将新增 1" in out
    assert not Project.objects.filter(name="农村沼气建设").exists()


def test_import_projects_exits_1_listing_the_errors(world, programme, tmp_path, run_command):
    path = tmp_path / "p.xlsx"
    path.write_bytes(workbook([project_row(level="乡")], []))
    code, out = run_command("import_projects", str(path))
    assert code == 1
    assert out.splitlines() == ["错误 “项目”第 2 行：级别“乡”无效，应为：中央、省、市、县"]


def test_import_projects_exits_2_on_an_unreadable_file(world, tmp_path, run_command):
    path = tmp_path / "p.xlsx"
    path.write_bytes(b"%PDF-1.4 not a workbook")
    assert run_command("import_projects", str(path))[0] == 2
    assert run_command("import_projects", str(tmp_path / "missing.xlsx"))[0] == 2


def test_export_projects_writes_the_year_asked(world, programme, tmp_path, run_command):
    Project.objects.create(name="2010 项目", year=2010, level="county", department=world.tongji,
                           direction=programme.road.direction, investment=1)
    path = tmp_path / "out.xlsx"
    assert run_command("export_projects", str(path), "--year", "2009")[0] == 0
    book = load_workbook(path, read_only=True)
    assert [r[1] for r in list(book["项目"].values)[1:]] == ["通村水泥路建设", "安全饮水工程"]
    assert [r[2] for r in list(book["项目安排"].values)[1:]] == ["610724100201"]
