import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assistance import exports, import_records
from assistance.models import AssistanceRecord
from xixiang.lib.excel import read_sheet, write_workbook

from ..hostile_workbooks import MemoryWatch, cells, many_cells


def _xlsx(*rows):
    return write_workbook("帮扶记录", import_records.COLUMNS, rows)


def _row(**values):
    row = dict.fromkeys(import_records.COLUMNS, "")
    row.update({"日期": datetime.date(2009, 5, 1), "类别": "走访"})
    row.update(values)
    return [row[c] for c in import_records.COLUMNS]


def test_an_import_stores_every_row_on_its_pairing(world, assist):
    data = _xlsx(
        _row(户编号=world.own_household.number, 干部="张志强", 类别="慰问金", **{"金额（元）": 500}),
        _row(
            村编码=world.wufeng.code,
            单位="县统计局",
            类别="物资种苗",
            数量=600000,
            计量单位="株",
            **{"金额（元）": 12000.5},
        ),
        _row(村编码=world.wufeng.code, 干部="赵县长", 类别="协调项目资金", **{"金额（元）": "2,000,000"}),
    )
    assert import_records.records_import(actor=world.users["clerk_chengguan"], data=data) == 3
    rows = list(
        AssistanceRecord.objects.exclude(kind="visit")
        .order_by("id")
        .values_list("ledger", "kind", "amount", "quantity")
    )
    assert rows == [
        ("household", "money", Decimal("500.00"), None),
        ("unit", "goods", Decimal("12000.50"), Decimal("600000.00")),
        ("leader", "project_funds", Decimal("2000000.00"), None),
    ]
    assert AssistanceRecord.history.filter(history_user=world.users["clerk_chengguan"]).count() == 3


@pytest.mark.parametrize(
    "values,message",
    [
        ({"户编号": "61072410020101999"}, "第 2 行：找不到户编号为 61072410020101999 的农户"),
        ({"干部": "无此人", "户编号": "X"}, "第 2 行：找不到干部“无此人”"),
        ({"村编码": "610724100201", "单位": "无此单位"}, "第 2 行：找不到单位“无此单位”"),
        ({"户编号": "OTHER"}, "第 2 行：农户 OTHER 不在您的管辖范围内"),
        ({"户编号": "OWN", "金额（元）": -20}, "第 2 行：金额不能为负数"),
        ({"户编号": "OWN", "数量": 3}, "第 2 行：填写数量时必须填写计量单位"),
        ({"户编号": "OWN", "日期": datetime.date(2008, 12, 1)}, "第 2 行：记录日期早于结对开始日期（2009-01-01）"),
    ],
)
def test_a_bad_row_is_reported_and_nothing_is_stored(world, assist, values, message):
    values = {
        k: {"OWN": world.own_household.number, "OTHER": world.other_household.number}.get(v, v)
        if isinstance(v, str)
        else v
        for k, v in values.items()
    }
    message = message.replace("OTHER", world.other_household.number)
    before = AssistanceRecord.objects.count()
    data = _xlsx(_row(**values), _row(户编号=world.own_household.number))
    with pytest.raises(import_records.ImportFailed) as failure:
        import_records.records_import(actor=world.users["clerk_chengguan"], data=data)
    assert failure.value.errors == [message]
    assert failure.value.message == "导入失败，未保存任何记录：共 1 处错误"
    assert AssistanceRecord.objects.count() == before


def test_a_row_on_an_ended_pairings_later_dates_is_refused(world, assist):
    assist.own_pairing.end_date = datetime.date(2009, 6, 30)
    assist.own_pairing.save()
    data = _xlsx(_row(户编号=world.own_household.number, 日期=datetime.date(2009, 8, 1)))
    with pytest.raises(import_records.ImportFailed) as failure:
        import_records.records_import(actor=world.users["admin"], data=data)
    assert failure.value.errors == ["第 2 行：该结对已于 2009-06-30 结束，不能登记此后的帮扶记录"]


def test_the_import_page_lists_row_errors_and_stores_nothing(world, assist):
    upload = SimpleUploadedFile("records.xlsx", _xlsx(_row(户编号="61072410020101999")))
    response = world.client_for("clerk_chengguan").post(reverse("assistance:record_import"), {"file": upload})
    html = response.content.decode()
    assert "第 2 行：找不到户编号为 61072410020101999 的农户" in html
    assert AssistanceRecord.objects.count() == 2


def test_the_import_page_stores_a_good_file(world, assist):
    upload = SimpleUploadedFile("records.xlsx", _xlsx(_row(户编号=world.own_household.number, 备注="走访")))
    response = world.client_for("helper1").post(reverse("assistance:record_import"), {"file": upload})
    assert response.status_code == 302
    assert AssistanceRecord.objects.filter(household=world.own_household).count() == 2


def test_a_file_that_is_not_a_workbook_is_refused(world, assist):
    upload = SimpleUploadedFile("records.xlsx", b"not a workbook")
    response = world.client_for("admin").post(reverse("assistance:record_import"), {"file": upload})
    assert "这是文本（CSV）文件，不是 Excel 工作簿；请在 Excel 中“另存为” .xlsx 格式后上传" in response.content.decode()


def test_an_export_reads_back_through_the_import(world, assist):
    exported = io.BytesIO()
    exports.RecordsExport(AssistanceRecord.objects.filter(household=world.own_household)).write(exported)
    AssistanceRecord.objects.all().delete()
    assert import_records.records_import(actor=world.users["admin"], data=exported.getvalue()) == 1
    record = AssistanceRecord.objects.get()
    assert (record.household, record.date, record.note) == (
        world.own_household,
        datetime.date(2009, 3, 2),
        "了解生产情况",
    )


def test_the_import_template_downloads(world):
    response = world.client_for("clerk_chengguan").get(reverse("assistance:record_import_template"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    header, rows = read_sheet(response.getvalue())
    assert (header, rows) == (
        import_records.COLUMNS,
        [[datetime.date(2009, 5, 1), "走访", "干部联户", "61072410020101001", "", "", "张三", "", 0, "", "", 0, ""]],
    )


@pytest.mark.parametrize("name", ["leader", "cadre_wufeng", "scorer_tongji"])
def test_the_import_template_is_forbidden_to_roles_that_do_not_record(world, name):
    assert world.client_for(name).get(reverse("assistance:record_import_template")).status_code == 403


def test_a_twenty_million_cell_file_is_refused_with_memory_bounded(world, assist, twenty_million_cells):
    client = world.client_for("helper1")
    client.get(reverse("assistance:record_import"))  # the first request of a process loads templates and modules
    before = AssistanceRecord.objects.count()
    with open(twenty_million_cells, "rb") as upload, MemoryWatch() as memory:
        response = client.post(reverse("assistance:record_import"), {"file": upload})
    assert response.context["form"].errors["file"] == ["工作簿解压后过大（286 MB），疑似“压缩炸弹”，已拒绝读取"]
    assert AssistanceRecord.objects.count() == before
    # Parsing it takes calamine 16-19 s and 1.6 GB; refused from the zip directory, it costs ~6 MB.
    assert memory.python_peak < 20 * 1024 * 1024 and memory.rss_growth < 100 * 1024 * 1024


def test_a_file_over_the_size_limit_is_refused_by_its_size(world, assist, tmp_path):
    path = many_cells(tmp_path / "records.xlsx", rows=4_000, columns=100, level=0)
    before = AssistanceRecord.objects.count()
    with open(path, "rb") as upload:
        response = world.client_for("helper1").post(reverse("assistance:record_import"), {"file": upload})
    assert response.context["form"].errors["file"] == ["文件太大（5.8 MB），上限为 5 MB"]
    assert AssistanceRecord.objects.count() == before


def test_a_file_with_cells_far_apart_is_refused_before_it_is_parsed(world, assist, tmp_path):
    path = cells(tmp_path / "records.xlsx", ("A1", "日期"), ("XFD1048576", "x"))
    with open(path, "rb") as upload:
        response = world.client_for("helper1").post(reverse("assistance:record_import"), {"file": upload})
    assert response.context["form"].errors["file"] == [
        "工作表的数据区域过大（1048576 行 × 16384 列，上限为 300000 个单元格）；请删除远处多余的单元格后再上传"
    ]
