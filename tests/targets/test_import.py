import io

import pytest
from openpyxl import Workbook, load_workbook

from targets import import_plan
from targets.choices import PlanStatus
from targets.models import VillagePlan, VillageTarget
from xixiang.core.errors import DomainError

from .factories import plan_village

HEADER = ["村编码", "村名", "乡镇", "2009年目标级类", "2010年目标级类", "2011年目标级类", "工作措施", "乡镇包抓领导",
          "村党支部书记", "联系领导"]


def _xlsx(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _import(world, plan, rows, actor="admin", header=HEADER, reason=""):
    return import_plan.plan_import(actor=world.users[actor], plan=plan, data=_xlsx(rows, header), reason=reason)


def test_an_import_creates_every_villages_targets_measures_and_people(graded, plan):
    count = _import(graded, plan, [
        ["610724100201", "五丰村", "城关镇", 3, 2, 1, "发展生猪", "王一", "李二", "张三"],
        ["610724108201", "江榜村", "峡口镇", "3", "", "二类", "", "", "", ""],
    ])
    assert count == 2
    wufeng = VillagePlan.objects.get(village=graded.wufeng)
    assert (wufeng.measures, wufeng.township_leader, wufeng.party_secretary, wufeng.contact_leader) == (
        "发展生猪", "王一", "李二", "张三")
    assert dict(wufeng.targets.values_list("year", "grade")) == {2009: 3, 2010: 2, 2011: 1}
    assert dict(VillagePlan.objects.get(village=graded.jiangbang).targets.values_list("year", "grade")) == {
        2009: 3, 2011: 2}


def test_every_bad_row_is_listed_and_nothing_is_stored(graded, plan):
    with pytest.raises(import_plan.ImportFailed) as failure:
        _import(graded, plan, [
            ["610724100201", "五丰村", "城关镇", 5, "", "", "", "", "", ""],
            ["610724108201", "江榜村", "峡口镇", 4, "", "", "", "", "", ""],
            ["610724199999", "无名村", "城关镇", 3, "", "", "", "", "", ""],
            ["610724100201", "五丰村", "城关镇", 3, 2, 3, "", "", "", ""],
            ["", "", "", 3, "", "", "", "", "", ""],
            ["610724108201", "江榜村", "峡口镇", "甲", "", "", "", "", "", ""],
        ])
    assert failure.value.message == "导入失败，未保存任何目标：共 8 处错误"
    assert failure.value.errors == [
        "第 2 行：2009 年目标级类必须是 1 到 4 的整数，而不是“5”",
        "第 3 行：2009 年目标级类 4 低于该村现有级类 3（1 类最好）",
        "第 4 行：找不到村编码为 610724199999 的行政村（不在本规划中）",
        "第 5 行：村编码 610724100201 与第 2 行重复",
        "第 5 行：2011 年目标级类 3 低于上一年度的目标级类 2",
        "第 6 行：村编码不能为空",
        "第 7 行：村编码 610724108201 与第 3 行重复",
        "第 7 行：2009 年目标级类必须是 1 到 4 的整数，而不是“甲”",
    ]
    assert not VillagePlan.objects.exists()
    assert not VillageTarget.objects.exists()


def test_a_clerks_rows_of_another_township_are_errors(graded, plan):
    with pytest.raises(import_plan.ImportFailed) as failure:
        _import(graded, plan, [
            ["610724100201", "五丰村", "城关镇", 3, "", "", "", "", "", ""],
            ["610724108201", "江榜村", "峡口镇", 3, "", "", "", "", "", ""],
        ], actor="clerk_chengguan")
    assert failure.value.errors == ["第 3 行：行政村 610724108201（江榜村）不在您负责的乡镇"]
    assert not VillagePlan.objects.exists()


def test_a_year_column_outside_the_plan_is_an_error(graded, plan):
    header = [*HEADER[:4], "2012年目标级类"]
    with pytest.raises(import_plan.ImportFailed) as failure:
        _import(graded, plan, [["610724100201", "五丰村", "城关镇", 3, 2]], header=header)
    assert failure.value.errors == ["列“2012年目标级类”：年度 2012 不在规划期内（2009–2011 年）"]


def test_changing_an_approved_plan_needs_a_reason(graded, plan):
    plan_village(graded.wufeng, {2009: 3})
    row = ["610724100201", "五丰村", "城关镇", 2, "", "", "发展茶叶产业，硬化通组道路", "王建国", "李明", "张华"]
    with pytest.raises(import_plan.ImportFailed) as failure:
        _import(graded, plan, [row])
    assert failure.value.errors == ["第 2 行：该村规划已审定，修改必须填写修改理由"]
    assert _import(graded, plan, [row], reason="县里调高目标") == 1
    vp = VillagePlan.objects.get(village=graded.wufeng)
    assert (vp.status, vp.targets.get().grade) == (PlanStatus.APPROVED, 2)


def test_an_export_imports_again_unchanged(graded, plan):
    plan_village(graded.wufeng, {2009: 3, 2010: 2})
    content = b"".join(graded.client_for("admin").get("/targets/villages/export.xlsx").streaming_content)
    assert import_plan.plan_import(actor=graded.users["admin"], plan=plan, data=content) == 0
    assert dict(VillagePlan.objects.get(village=graded.wufeng).targets.values_list("year", "grade")) == {
        2009: 3, 2010: 2}


def test_the_template_has_the_import_columns_and_an_example(graded, plan):
    content = b"".join(graded.client_for("clerk_chengguan").get("/targets/villages/template.xlsx").streaming_content)
    rows = list(load_workbook(io.BytesIO(content)).active.values)
    assert rows[0] == (*HEADER, "状态")
    assert rows[1][:6] == ("610724100201", "五丰村", "城关镇", 3, 2, 1)


def test_a_file_that_is_no_workbook_is_refused_on_the_file_field(graded, plan):
    with pytest.raises(DomainError) as error:
        import_plan.plan_import(actor=graded.users["admin"], plan=plan, data=b"not a workbook")
    assert error.value.field == "file"


@pytest.mark.parametrize("user,status", [("admin", 200), ("clerk_chengguan", 200), ("leader", 403),
                                         ("cadre_wufeng", 403)])
def test_the_import_page_and_template_are_for_proposers(graded, plan, user, status):
    client = graded.client_for(user)
    assert client.get("/targets/villages/import/").status_code == status
    assert client.get("/targets/villages/template.xlsx").status_code == status


def test_the_import_page_lists_every_bad_row(graded, plan):
    upload = io.BytesIO(_xlsx([["610724100201", "五丰村", "城关镇", 9, "", "", "", "", "", ""]]))
    upload.name = "targets.xlsx"
    response = graded.client_for("clerk_chengguan").post("/targets/villages/import/", {"file": upload, "reason": ""})
    assert response.status_code == 200
    assert response.context["form"].row_errors == ["第 2 行：2009 年目标级类必须是 1 到 4 的整数，而不是“9”"]
