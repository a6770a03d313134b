"""Score sheets and results lists on the demo county (2009: 1 / 12 / 133 / 121)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessment.models import Adjustment, Cycle
from xixiang.core.models import DocumentJob

from .printed import assert_official, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_county, db):
    return demo_county
WUFENG = "610724100201"
INDICATOR_CODES = "A1 A2 A3 B1 B2 B3 C1 C2 C3 D1 D2 D3 E1 E2 E3".split()
CHENGGUAN = "610724100"


def test_a_score_sheet_prints_every_indicator_its_subtotals_total_grade_and_signature_lines(demo):
    response = client_for("admin").get(reverse("documents:score_sheet_pdf", args=[2009, WUFENG]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(assert_official(response.content))
    for code in INDICATOR_CODES:
        assert code in text
    assert "2009年度村级组织升级晋档考核评分表" in text and "城关镇五丰村" in text
    for label in ["A生产发展小计", "B生活宽裕小计", "C村容整洁小计", "D乡风文明小计", "E管理民主小计"]:
        assert label in text
    assert "评定为一类村" in text
    assert "检查验收组（签字）" in text and "乡镇（盖章）负责人签字" in text


def test_a_score_sheet_prints_values_with_thousands_separators(demo):
    """A1 (the net income per person, in yuan) as 2,254.51 元 (3124.00 as 3,124.00), in the page and the PDF."""
    from decimal import Decimal

    from documents.score_sheets import score_sheet
    from villages.models import Village

    sheet = score_sheet(Cycle.objects.get(year=2009), Village.objects.get(code=WUFENG))
    value = next(r.value for block in sheet.dimensions for r in block.rows if r.indicator.code == "A1")
    assert Decimal(value) >= 1000
    printed = f"{Decimal(value):,}"  # 2,254.51; 3,124.00
    page = client_for("admin").get(reverse("documents:score_sheet", args=[2009, WUFENG])).content.decode()
    assert f"{printed} 元" in page.split('data-indicator="A1"')[1].split("</tr>")[0]
    pdf = client_for("admin").get(reverse("documents:score_sheet_pdf", args=[2009, WUFENG])).content
    text = "".join(assert_official(pdf))
    assert f"{printed}元" in text and f"{value}元" not in text


def test_a_score_sheet_shows_the_inspection_teams_adjustment_with_who_and_why(demo):
    cycle = Cycle.objects.get(year=2009)
    adjustment = Adjustment.objects.filter(cycle=cycle).select_related("village", "adjusted_by", "indicator").first()
    response = client_for("admin").get(reverse("documents:score_sheet", args=[2009, adjustment.village.code]))
    html = response.content.decode()
    row = html.split(f'data-indicator="{adjustment.indicator.code}"')[1].split("</tr>")[0]
    assert adjustment.reason in row
    assert (adjustment.adjusted_by.get_full_name() or adjustment.adjusted_by.username) in row


def test_render_score_sheet_writes_the_same_sheet(demo, tmp_path):
    out = tmp_path / "sheet.pdf"
    call_command("render_score_sheet", "--year", "2009", "--village", WUFENG, "-o", str(out))
    text = "".join(assert_official(out.read_bytes()))
    assert all(code in text for code in INDICATOR_CODES)


def test_the_county_results_list_counts_1_12_133_121_villages_per_grade(demo):
    client = client_for("leader")
    client.post(reverse("documents:results_pdf", args=[2009]))  # a background document job
    job = DocumentJob.objects.get(kind="results_list")
    assert (job.status, job.item_count) == ("done", 267)
    response = client.get(reverse("core:document_job_download", args=[job.pk]))
    text = "".join(assert_official(b"".join(response.streaming_content)))
    assert "共267个村：一类村1个，二类村12个，三类村133个，四类村121个。" in text
    assert "全县2009年度村级组织升级晋档考核结果" in text
    html = client_for("leader").get(reverse("documents:results", args=[2009])).content.decode()
    grades = html.split('id="table-grades"')[1].split("</table>")[0]
    for label, last, this in [("一类村", 0, 1), ("二类村", 0, 12), ("三类村", 9, 133), ("四类村", 258, 121)]:
        assert f'<td>{label}</td><td class="num text-end">{last}</td><td class="num text-end">{this}</td>' in grades


def test_a_township_results_list_lists_only_its_villages(demo):
    response = client_for("clerk_chengguan").get(reverse("documents:township_results", args=[2009, CHENGGUAN]))
    html = response.content.decode()
    codes = set(html.split('data-village="')[i].split('"')[0] for i in range(1, html.count('data-village="') + 1))
    assert codes and all(code.startswith(CHENGGUAN) for code in codes)
    text = "".join(assert_official(client_for("clerk_chengguan").get(
        reverse("documents:township_results_pdf", args=[2009, CHENGGUAN])).content))
    assert "城关镇2009年度村级组织升级晋档考核结果" in text


def test_the_score_sheet_table_fits_between_the_page_margins(demo):
    """Every word of the landscape A4 sheet ends left of the 18 mm right margin (the fixed columns once overflowed)."""
    import re
    import subprocess

    content = client_for("admin").get(reverse("documents:score_sheet_pdf", args=[2009, WUFENG])).content
    boxes = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=content, capture_output=True, check=True)
    boxes = boxes.stdout.decode()
    page_width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))
    right_ends = [float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes)]
    assert round(page_width) == 842 and len(right_ends) > 100
    assert max(right_ends) <= page_width - 18 / 25.4 * 72 + 1  # 1 pt of rounding
    assert "核查调整（调整人、理由）" in re.sub(r"<[^>]+>|\s", "", boxes)


@pytest.mark.parametrize("township", [None, "610724100"])
def test_the_results_lists_rows_are_its_results_read_the_plain_way(demo, township):
    """The rows read once in Python (documents.score_sheets.result_rows) are what the template
    read from each result: rank, township, name, code, total, grade names, change, sheet link."""
    from documents.score_sheets import results_list
    from villages.choices import grade_label
    from villages.models import Township
    from xixiang.accounts.models import User

    place = Township.objects.get(code=township) if township else None
    doc = results_list(User.objects.get(username="admin"), Cycle.objects.get(year=2009), place)
    plain = [(r.village.code, r.village.name, r.village.township.name, r.rank_township if place else r.rank_county,
              r.total, grade_label(r.grade), grade_label(r.previous_grade), r.get_change_display(),
              reverse("documents:score_sheet", args=[2009, r.village.code])) for r in doc.results]
    assert len(plain) > 1
    assert [(r.code, r.name, r.township, r.rank, r.total, r.grade, r.previous_grade, r.change, r.link)
            for r in doc.rows] == plain
