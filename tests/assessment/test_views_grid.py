"""The department score grid: cells saved without leaving the page, xlsx download and upload."""

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment.models import Score
from xixiang.lib.excel import Sheet, read_rows, write_xlsx

from ..hostile_workbooks import MemoryWatch, many_cells

pytestmark = pytest.mark.django_db

GRID = reverse("assessment:grid", args=[2009])
CELL = reverse("assessment:grid_cell", args=[2009])
UPLOAD = reverse("assessment:grid_upload", args=[2009])


def _cell(client, village, indicator, value):
    return client.post(CELL, {"village": village, "indicator": indicator, "value": value}, HTTP_HX_REQUEST="true")


def test_scorer_sees_own_indicators_for_every_village_with_progress(scoring_cycle):
    response = scoring_cycle.client_for("scorer_shuili").get(GRID)
    body = response.content.decode()
    assert response.status_code == 200
    assert "B1 安全饮水普及率" in body and "B2 通组道路硬化率" not in body
    assert 'aria-label="五丰村 B1"' in body and 'aria-label="江榜村 B1"' in body
    assert '<span id="grid-progress">0 / 2</span>' in body
    assert "js/score-grid.js" in body and f'hx-post="{CELL}"' in body


def test_cooperating_department_sees_the_indicators_it_cooperates_on(scoring_cycle):
    body = scoring_cycle.client_for("scorer_fupin").get(GRID).content.decode()
    assert "A1 农民人均纯收入" in body and "B3 新农合参合率" in body and "B1 安全饮水普及率" not in body


def test_a_cell_is_saved_and_answers_its_html_and_the_progress(scoring_cycle):
    response = _cell(scoring_cycle.client_for("scorer_shuili"), "610724100201", "B1", "85")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="cell-610724100201-B1"' in body and 'value="85.00"' in body and "table-success" in body
    assert '<span id="grid-progress" hx-swap-oob="true">1 / 2</span>' in body
    assert Score.objects.get().value == Decimal("85.00")


def test_a_bad_cell_shows_the_message_in_place_and_stores_nothing(scoring_cycle):
    body = _cell(scoring_cycle.client_for("scorer_shuili"), "610724100201", "B1", "八十").content.decode()
    assert "“八十”不是数字" in body and "is-invalid" in body and 'value="八十"' in body
    assert not Score.objects.exists()


def test_another_departments_indicator_is_not_found_and_nothing_stored(scoring_cycle):
    assert _cell(scoring_cycle.client_for("scorer_shuili"), "610724100201", "B2", "85").status_code == 404
    assert not Score.objects.exists()


def test_roles_without_scoring_get_403(scoring_cycle):
    for name in ["clerk_chengguan", "leader", "inspector1"]:
        client = scoring_cycle.client_for(name)
        assert client.get(GRID).status_code == 403
        assert _cell(client, "610724100201", "B1", "85").status_code == 403
    assert not Score.objects.exists()


def test_admin_picks_a_department_grid(scoring_cycle):
    shuili = scoring_cycle.departments["县水利局"]
    body = scoring_cycle.client_for("admin").get(GRID, {"department": shuili.pk}).content.decode()
    assert "B1 安全饮水普及率" in body and "B2 通组道路硬化率" not in body


def test_the_grid_links_to_its_export_for_the_chosen_department(scoring_cycle):
    shuili = scoring_cycle.departments["县水利局"]
    assert (
        'href="/assessment/2009/grid/export.xlsx"'
        in scoring_cycle.client_for("scorer_minzheng").get("/assessment/2009/grid/").content.decode()
    )
    assert (
        f'href="/assessment/2009/grid/export.xlsx?department={shuili.pk}"'
        in scoring_cycle.client_for("admin").get(f"/assessment/2009/grid/?department={shuili.pk}").content.decode()
    )


def test_grid_downloads_as_xlsx_with_current_values(scoring_cycle):
    client = scoring_cycle.client_for("scorer_minzheng")
    _cell(client, "610724100201", "D2", "4.5")
    response = client.get(reverse("assessment:grid_export", args=[2009]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    header, rows = read_rows(response.getvalue())
    assert header == [
        "村编码",
        "乡镇",
        "行政村",
        "D2 文化活动与场所（0–5 分）",
        "D3 社会治安与计划生育（0–5 分）",
        "E2 村务公开民主管理（0–5 分）",
    ]
    assert rows[0] == (2, ["610724100201", "城关镇", "五丰村", 4.5, "", ""])


def _upload(client, rows):
    header = ["村编码", "乡镇", "行政村", "D2 文化活动与场所（0–5 分）", "E2 村务公开民主管理（0–5 分）"]
    data = write_xlsx([Sheet("评分表", header, rows)])
    return client.post(UPLOAD, {"file": SimpleUploadedFile("grid.xlsx", data)}, follow=True)


def test_an_uploaded_grid_is_stored(scoring_cycle):
    response = _upload(
        scoring_cycle.client_for("scorer_minzheng"),
        [["610724100201", "城关镇", "五丰村", 4, 3.5], ["610724108201", "峡口镇", "江榜村", "", 2]],
    )
    assert "已上传并保存 3 个评分" in response.content.decode()
    assert sorted(Score.objects.values_list("village__name", "indicator__code", "value")) == [
        ("五丰村", "D2", Decimal("4.00")),
        ("五丰村", "E2", Decimal("3.50")),
        ("江榜村", "E2", Decimal("2.00")),
    ]


def test_an_upload_with_a_bad_row_stores_nothing_and_names_the_row(scoring_cycle):
    response = _upload(
        scoring_cycle.client_for("scorer_minzheng"),
        [["610724100201", "城关镇", "五丰村", 4, 3.5], ["610724108201", "峡口镇", "江榜村", 7, 2]],
    )
    body = response.content.decode()
    assert "上传的表格有 1 处错误，未保存任何数据" in body and "第 3 行 D2：分数必须在 0 到 5 之间" in body
    assert not Score.objects.exists()


def test_an_upload_that_is_not_a_workbook_is_refused(scoring_cycle):
    client = scoring_cycle.client_for("scorer_minzheng")
    upload = SimpleUploadedFile("grid.xlsx", io.BytesIO(b"not a workbook").read())
    response = client.post(UPLOAD, {"file": upload}, follow=True)
    assert "这是文本（CSV）文件，不是 Excel 工作簿；请在 Excel 中“另存为” .xlsx 格式后上传" in response.content.decode()
    assert not Score.objects.exists()


def test_grid_query_count_does_not_grow_with_villages(scoring_cycle):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ..factories import VillageFactory

    client = scoring_cycle.client_for("scorer_fupin")  # a computed (survey) column and an entered one
    with CaptureQueriesContext(connection) as few:
        client.get(GRID)
    added = [VillageFactory(township=scoring_cycle.xiakou, code=f"61072410830{index}").code for index in range(5)]
    with CaptureQueriesContext(connection) as many:
        body = client.get(GRID).content.decode()
    villages = sorted(["610724100201", "610724108201", *added])
    assert sorted(re.findall(r'<td id="cell-(\d+)-(\w+)"', body)) == [(v, c) for v in villages for c in ("A1", "B3")]
    assert body.count(f'hx-post="{CELL}"') == 7  # B3 is typed in, A1 comes from the survey
    assert len(many) == len(few)


def test_score_history_is_readable_by_its_department_only(scoring_cycle):
    client = scoring_cycle.client_for("scorer_shuili")
    _cell(client, "610724100201", "B1", "85")
    score = Score.objects.get()
    url = reverse("audit:object_history", args=["assessment.score", score.pk])
    entries = client.get(url).context["entries"]
    assert [(e.who, e.action, e.subject) for e in entries] == [
        ("scorer_shuili", "新建", f"部门评分 {score.village_id}/{score.indicator_id}: 85.00")
    ]
    assert scoring_cycle.client_for("scorer_minzheng").get(url).status_code == 404


def test_a_twenty_million_cell_upload_is_refused_with_memory_bounded(scoring_cycle, twenty_million_cells):
    client = scoring_cycle.client_for("scorer_minzheng")
    client.get(GRID)  # the first request of a process loads templates and modules
    with open(twenty_million_cells, "rb") as upload, MemoryWatch() as memory:
        response = client.post(UPLOAD, {"file": upload}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["工作簿解压后过大（286 MB），疑似“压缩炸弹”，已拒绝读取"]
    assert not Score.objects.exists()
    # Parsing it takes calamine 16-19 s and 1.6 GB; refused from the zip directory, it costs ~6 MB.
    assert memory.python_peak < 20 * 1024 * 1024 and memory.rss_growth < 100 * 1024 * 1024


def test_an_upload_over_the_size_limit_is_refused_by_its_size(scoring_cycle, tmp_path):
    path = many_cells(tmp_path / "grid.xlsx", rows=4_000, columns=100, level=0)
    with open(path, "rb") as upload:
        response = scoring_cycle.client_for("scorer_minzheng").post(UPLOAD, {"file": upload}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["文件太大（5.8 MB），上限为 5 MB"]
    assert not Score.objects.exists()


def test_an_upload_without_a_file_is_refused_with_a_message(scoring_cycle):
    response = scoring_cycle.client_for("scorer_minzheng").post("/assessment/2009/grid/upload/", {}, follow=True)
    assert response.redirect_chain == [("/assessment/2009/grid/", 302)]
    assert [str(m) for m in response.context["messages"]] == ["这个字段是必填项。"]
    assert not Score.objects.exists()


def test_an_upload_with_another_sheets_header_is_refused_with_a_message(scoring_cycle):
    data = write_xlsx([Sheet("评分表", ["乡镇", "D2 文化活动与场所（0–5 分）"], [["城关镇", 4]])])
    response = scoring_cycle.client_for("scorer_minzheng").post(
        "/assessment/2009/grid/upload/", {"file": SimpleUploadedFile("grid.xlsx", data)}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["表头缺少“村编码”列，请使用下载的评分表"]
