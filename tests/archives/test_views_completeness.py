import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import VillageFactory

from .conftest import PDF, content

pytestmark = pytest.mark.django_db

URL = reverse("archives:completeness")


def pdf(n: int):
    return [content(f"{n}.pdf", PDF.replace(b"test", f"t{n:03d}".encode()))]


@pytest.fixture
def filed(world, make_record):
    """五丰村 has W1 (twice) and J1 in 2009; 江榜村 has W1; one 2008 record that must not count."""
    make_record(pdf(1), code="W1")
    make_record(pdf(2), code="W1")
    make_record(pdf(3), code="J1")
    make_record(pdf(4), code="B4", year=2008)
    make_record(pdf(5), user="clerk_xiakou", village=world.jiangbang, code="W1")


def test_matrix_counts_records_per_village_and_category(world, filed):
    response = world.client_for("leader").get(URL, {"year": 2009})
    matrix = response.context["matrix"]
    assert response.status_code == 200
    rows = {row.village.name: row for row in matrix.rows}
    codes = [c.code for c in matrix.categories]
    assert len(codes) == 18 and codes[:3] == ["W1", "W2", "W3"] and codes[-1] == "B4"
    assert rows["五丰村"].counts[codes.index("W1")] == 2
    assert rows["五丰村"].counts[codes.index("J1")] == 1
    assert rows["五丰村"].counts[codes.index("B4")] == 0
    assert (rows["五丰村"].present, rows["江榜村"].present) == (2, 1)
    assert (matrix.total.present, matrix.total.cells, str(matrix.total.rate)) == (3, 36, "8.3")
    page = response.content.decode()
    assert page.count('class="cell-missing"') == 33
    assert 'id="total-rate">8.3%' in page


def test_township_rates_and_township_filter(world, filed):
    response = world.client_for("admin").get(URL, {"year": 2009, "township": world.xiakou.code})
    matrix = response.context["matrix"]
    assert [row.village.name for row in matrix.rows] == ["江榜村"]
    assert [(t.name, str(t.rate)) for t in matrix.townships] == [("峡口镇", "5.6")]
    assert matrix.total.name == "峡口镇"


def test_clerk_sees_only_the_villages_of_the_township(world, filed):
    matrix = world.client_for("clerk_chengguan").get(URL, {"year": 2009}).context["matrix"]
    assert [row.village.name for row in matrix.rows] == ["五丰村"]


def test_year_defaults_to_the_latest_year_with_records(world, filed):
    assert world.client_for("admin").get(URL).context["matrix"].year == 2009


def test_matrix_needs_login(world):
    response = world.client_for("anonymous").get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_matrix_runs_the_same_number_of_queries_for_more_villages(world, filed, django_assert_num_queries):
    client = world.client_for("admin")
    with django_assert_num_queries(7):  # computing the cached matrix (selectors.cached_completeness): its generations
        client.get(URL, {"year": 2009})
    for _ in range(20):
        VillageFactory(township=world.chengguan)
    with django_assert_num_queries(7):
        response = client.get(URL, {"year": 2009})
    assert len(response.context["matrix"].rows) == 22


def test_export_is_an_xlsx_with_the_matrix_and_township_rates(world, filed):
    response = world.client_for("admin").get(reverse("archives:completeness_export"), {"year": 2009})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment; filename=\"2009.xlsx\"; filename*=UTF-8''")
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    assert workbook.sheetnames == ["村档案完整率", "乡镇汇总"]
    rows = list(workbook["村档案完整率"].values)
    assert rows[0][0] == "2009 年度村级档案完整率（共 2 个村，18 个类别）"
    assert rows[1][:4] == ("乡镇", "村编码", "村名", "W1 上级文件")
    assert rows[2] == ("城关镇", "610724100201", "五丰村", 2, 0, 0, 1, *[0] * 14, 2, 11.1)
    summary = list(workbook["乡镇汇总"].values)
    assert summary[2:] == [("城关镇", "610724100", 1, 0, 2, 18, 11.1), ("峡口镇", "610724108", 1, 0, 1, 18, 5.6),
                           ("合计", None, 2, 0, 3, 36, 8.3)]


def test_export_respects_scope(world, filed):
    response = world.client_for("clerk_xiakou").get(reverse("archives:completeness_export"), {"year": 2009})
    rows = list(load_workbook(io.BytesIO(response.getvalue()))["村档案完整率"].values)
    assert [r[2] for r in rows[2:]] == ["江榜村"]


def test_village_page_shows_its_18_categories_for_the_year(world, filed):
    response = world.client_for("cadre_wufeng").get(
        reverse("villages:village_detail", args=[world.wufeng.code]), {"archive_year": 2009})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="village-archives"' in page
    assert "2009 年度村级档案" in page
    assert "2 / 18 类，完整率 11.1%" in page
    assert page.count("table-warning") == 16
    assert f"{reverse('archives:record_create')}?village={world.wufeng.code}&amp;year=2009&amp;category=W2" in page


def test_village_page_gets_the_archive_section_from_the_archives_selector(world, filed):
    response = world.client_for("cadre_wufeng").get(
        reverse("villages:village_detail", args=[world.wufeng.code]), {"archive_year": "2009"})
    [section] = [s for s in response.context["sections"] if s.template == "archives/village_panel.html"]
    panel = section.context
    assert (panel["village"], panel["year"], panel["present"], panel["total"], panel["can_upload"]) == (
        world.wufeng, 2009, 2, 18, True)
    assert panel["years"] == [2009, 2008]
    assert str(panel["rate"]) == "11.1"


def test_village_page_hides_upload_links_from_readers(world, filed):
    page = world.client_for("leader").get(reverse("villages:village_detail", args=[world.wufeng.code])).content.decode()
    assert "2 / 18 类" in page
    assert reverse("archives:record_create") not in page


def test_export_needs_login(world):
    response = world.client_for("anonymous").get(reverse("archives:completeness_export"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_missing_cell_links_to_the_upload_form_for_its_village_category_and_year(world, filed):
    page = world.client_for("clerk_chengguan").get(URL, {"year": 2009}).content.decode()
    upload = reverse("archives:record_create")
    assert f'href="{upload}?village={world.wufeng.code}&amp;category=W2&amp;year=2009"' in page
    assert f'href="{upload}?village={world.wufeng.code}&amp;category=W1&amp;year=2009"' not in page  # present


def test_a_reader_who_cannot_upload_sees_missing_cells_without_links(world, filed):
    page = world.client_for("leader").get(URL, {"year": 2009}).content.decode()
    assert reverse("archives:record_create") not in page


def test_the_booklet_button_is_an_active_button(world, filed):
    page = world.client_for("clerk_chengguan").get(reverse("villages:village_detail", args=[world.wufeng.code]))
    assert '<a class="btn btn-sm btn-outline-success" id="archive-booklet"' in page.content.decode()
