"""The county and township summaries on the demo county (2009 finalised, 2010 open): the PDF's
text (township names, the grade counts of 2009 and of 2008), page numbers, embedded fonts; scope
of the page and the PDF job; the page's pinned queries; the command. The county PDF is rendered
once for the module (PDFs are slow)."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from assistance import scope as assistance_scope
from assistance import selectors as assistance_selectors
from assistance.models import AssistanceRecord
from documents import charts, summaries
from villages.models import Township
from xixiang.accounts.models import User
from xixiang.core.models import DocumentJob
from xixiang.lib.pdf import render_pdf

from .printed import assert_official, client_for, pdf_pages

pytestmark = pytest.mark.django_db

CHENGGUAN, XIAKOU = "610724100", "610724108"


@pytest.fixture
def demo(demo_county, db):
    return demo_county


@pytest.fixture(scope="module")
def county_pdf(demo_county, django_db_blocker) -> bytes:
    """The county summary of 2009 as the job builds it for the leader, rendered once."""
    with django_db_blocker.unblock():
        built = summaries.job_build(User.objects.get(username="leader"), {"year": 2009, "township": ""})
        return render_pdf(built.html)


def test_the_county_summary_is_an_official_document_of_two_to_four_pages(demo, county_pdf):
    pages = assert_official(county_pdf)
    assert 2 <= len(pages) <= 4
    assert "全县2009年度村级组织升级晋档工作汇总" in pages[0]


def test_the_county_summary_names_every_township(demo, county_pdf):
    text = "".join(pdf_pages(county_pdf))
    names = list(Township.objects.values_list("name", flat=True))
    assert len(names) == 23 and [name for name in names if name not in text] == []


def test_the_county_summary_gives_the_grades_of_2009_and_of_2008(demo, county_pdf):
    first = pdf_pages(county_pdf)[0]
    # the table beside the grade chart: grade, 2008, 2009, change
    grades = first.split("级类2008年2009年增减")[1]
    assert grades.startswith("一类村011二类村01212三类村9133124四类村258121-137合计2672670")
    assert "2009年参评267个村；新增一类村1个，新增二类村12个。" in first


def test_the_county_summary_holds_every_section(demo, county_pdf):
    text = "".join(pdf_pages(county_pdf))
    for heading in ["一、级类评定", "级类变动矩阵", "二、考核排名", "总分前十名的村", "总分后十名的村", "三、奖励建议",
                    "四、目标任务进度", "五、项目与资金", "各层级、各投资方向资金", "六、三联三帮", "七、档案建设",
                    "八、示范村", "五丰村"]:
        assert heading in text, heading


SCOPE = [
    ("admin", None, 200), ("leader", None, 200), ("clerk_chengguan", None, 403), ("cadre_wufeng", None, 403),
    ("inspector1", None, 403), ("admin", XIAKOU, 200), ("leader", CHENGGUAN, 200),
    ("clerk_chengguan", CHENGGUAN, 200), ("clerk_chengguan", XIAKOU, 404), ("cadre_wufeng", CHENGGUAN, 403),
    ("inspector1", CHENGGUAN, 403), ("scorer_tongji", CHENGGUAN, 403),
]


def _url(township, pdf=False, year=2009):
    if township is None:
        return reverse("documents:county_summary_pdf" if pdf else "documents:county_summary", args=[year])
    return reverse("documents:township_summary_pdf" if pdf else "documents:township_summary", args=[year, township])


@pytest.mark.parametrize("pdf", [False, True], ids=["page", "pdf"])
@pytest.mark.parametrize("username,township,status", SCOPE)
def test_summaries_answer_within_the_users_scope_only(demo, username, township, status, pdf):
    assert client_for(username).get(_url(township, pdf)).status_code == status


def test_a_year_without_a_cycle_answers_404(demo):
    assert client_for("admin").get(_url(None, year=2001)).status_code == 404
    assert client_for("admin").get(_url(CHENGGUAN, pdf=True, year=2001)).status_code == 404


def test_the_county_summary_page_shows_the_charts_with_their_tables_and_the_pdf_button(demo):
    html = client_for("leader").get(_url(None)).content.decode()
    for key in ["grades", "township-grades", "completeness", "assistance", "funds"]:
        block = html.split(f'id="chart-{key}"')[1].split("</section>")[0]
        assert "<svg" in block and f'id="table-{key}"' in block
    assert f'href="{_url(None, pdf=True)}"' in html and 'id="table-matrix"' in html


def test_the_clerks_township_summary_prints_through_a_job_with_its_villages(demo):
    clerk = client_for("clerk_chengguan")
    page = clerk.get(_url(CHENGGUAN, pdf=True)).content.decode()
    assert "生成 PDF" in page  # a GET renders nothing
    response = clerk.post(_url(CHENGGUAN, pdf=True))  # the immediate backend renders during the POST
    job = DocumentJob.objects.latest("id")
    assert response["Location"] == reverse("core:document_job", args=[job.pk])
    job.refresh_from_db()
    assert (job.kind, job.params, job.status) == ("summary", {"year": 2009, "township": CHENGGUAN}, "done")
    data = b"".join(clerk.get(reverse("core:document_job_download", args=[job.pk])).streaming_content)
    pages = assert_official(data)
    text = "".join(pages)
    assert "城关镇2009年度村级组织升级晋档工作汇总" in text and "五丰村" in text and "各村考核结果" in text
    assert "峡口镇" not in text
    # another township's clerk does not see the job
    assert client_for("clerk_xiakou").get(reverse("core:document_job", args=[job.pk])).status_code == 404


# computing (an empty cache): the targets' progress is cached, so it reads the villages' ids and the
# generations before computing (2 more than uncached); the assistance roll-up and the results with the
# reward proposals (documents.summaries.results_and_rewards), the programme figures
# (projects.selectors.cached_programme_figures) and the completeness matrix read their generations too
@pytest.mark.parametrize("username,url,queries", [
    ("leader", _url(None), 40),
    ("clerk_chengguan", _url(CHENGGUAN), 33),
])
def test_the_summary_pages_run_a_fixed_number_of_queries(demo, django_assert_num_queries, username, url, queries):
    client = client_for(username)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_the_navigation_leads_to_the_users_summary(demo):
    assert client_for("admin").get(reverse("documents:summary_choose")).url == _url(None, year=2010)
    assert client_for("clerk_chengguan").get(reverse("documents:summary_choose"), {"year": 2009}).url == _url(
        CHENGGUAN)
    assert client_for("leader").get(reverse("documents:summary_choose"), {"year": 2009, "township": XIAKOU}).url == (
        _url(XIAKOU))
    assert client_for("cadre_wufeng").get(reverse("documents:summary_choose")).status_code == 403
    assert reverse("documents:summary_choose") in client_for("clerk_chengguan").get(_url(CHENGGUAN)).content.decode()


def test_render_summary_writes_a_townships_summary(demo, tmp_path, monkeypatch):
    from documents.management.commands import render_summary

    monkeypatch.setattr(render_summary, "render_pdf", lambda html: html.encode())
    out = tmp_path / "summary.pdf"
    call_command("render_summary", "--year", "2009", "--township", XIAKOU, "-o", str(out), stdout=None)
    html = out.read_text()
    assert "峡口镇 2009 年度村级组织升级晋档工作汇总" in html and "江榜村" in html


def test_the_chart_tables_print_figures_with_thousands_separators(demo):
    import re

    html = client_for("leader").get(_url(None)).content.decode()
    table = html.split('id="table-assistance"')[1].split("</table>")[0]
    cells = re.findall(r'<td class="num text-end">([^<]*)</td>', table)
    assert cells and not [c for c in cells if re.fullmatch(r"\d{4,}(\.\d+)?", c)]  # 79710.00 printed as 79,710
    assert any(re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d\d)?", c) for c in cells)


def _pages_whose_words_fit(pdf: bytes) -> int:
    """The PDF's page count, once every word is checked to end left of the 18 mm right margin and
    not to run into the next word on its line (read with `pdftotext -bbox`)."""
    import re
    import subprocess
    from collections import defaultdict
    from itertools import pairwise

    boxes = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True)
    pages = boxes.stdout.decode().split("<page ")[1:]
    for page in pages:
        width = float(re.search(r'width="([\d.]+)"', page).group(1))
        lines = defaultdict(list)
        for x0, y0, x1, _y1, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page):
            assert float(x1) <= width - 18 / 25.4 * 72 + 1, word
            lines[round(float(y0))].append((float(x0), float(x1), word))
        for words in lines.values():
            words.sort()
            for (_a0, a1, a), (b0, _b1, b) in pairwise(words):
                assert b0 >= a1 - 0.5, (a, b)
    return len(pages)


def test_the_county_summarys_tables_fit_the_page_and_no_figure_runs_into_the_next(demo, county_pdf):
    """Fixed table layouts in the PDF (documents/_summary_columns.css): every word ends left of the
    18 mm right margin, and no two words on a line overlap (eight-digit sums once ran into each other)."""
    assert _pages_whose_words_fit(county_pdf) == 4


@pytest.fixture(scope="module")
def county_pdf_en(demo_county, django_db_blocker) -> bytes:
    """The county summary of 2009 built and rendered in English."""
    from django.utils import translation

    with django_db_blocker.unblock(), translation.override("en"):
        built = summaries.job_build(User.objects.get(username="leader"), {"year": 2009, "township": ""})
        return render_pdf(built.html)


def test_the_english_county_summary_fits_its_pages_in_english(demo, county_pdf_en):
    """English labels are longer: table cells name grades "Grade 4" (not "Grade 4 village"), headers
    hyphenate, and it still takes four pages with nothing overlapping; the assistance headers and
    the date are English too (the headers were translated at import time, in Chinese, and the date
    printed as 2026年12月4日)."""
    import re

    assert _pages_whose_words_fit(county_pdf_en) == 4
    text = "".join("".join(pdf_pages(county_pdf_en)).split())  # pypdf drops most spaces: compare without
    assert "Assistancepertownship,2009:Projectfunds(yuan)" in text
    assert "Reliefmoney(yuan)" in text and "协调项目资金" not in text and "慰问金" not in text
    assert not re.search(r"\d{4}年\d{1,2}月", text)
    assert "yuanallocatedtovillages" in text
    import subprocess

    words = subprocess.run(["pdftotext", "-", "-"], input=county_pdf_en, capture_output=True, check=True).stdout.split()
    assert not [w for w in words if re.fullmatch(rb"\d{4,}\.\d\d", w)]  # amounts carry thousands separators
    assert any(re.fullmatch(rb"\d{1,3}(,\d{3})+\.\d\d", w) for w in words)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_documents_html_names_its_language(demo, language):
    """WeasyPrint hyphenates and breaks lines by the document's language (it was always zh-hans)."""
    from django.utils import translation

    with translation.override(language):
        built = summaries.job_build(User.objects.get(username="leader"), {"year": 2009, "township": XIAKOU})
    assert f'<html lang="{language}">' in built.html


@pytest.mark.parametrize("username,url,queries", [
    ("leader", _url(None), 20),  # 40 computing (above): roll-up, results, programme, completeness, progress stored
    ("clerk_chengguan", _url(CHENGGUAN), 23),
])
def test_the_summary_pages_read_their_stored_figures_in_fewer_queries(demo, django_assert_num_queries, username, url,
                                                                      queries):
    client = client_for(username)
    assert client.get(url).status_code == 200
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def _plain_rollup(user, year):
    records = assistance_selectors.records_of_year(assistance_scope.records(user), year)
    return records, list(assistance_selectors.rollup(records, "township"))


@pytest.mark.parametrize("username,code", [("admin", None), ("leader", None), ("clerk_chengguan", CHENGGUAN)])
def test_the_cached_assistance_figures_are_the_plain_aggregates(demo, username, code):
    user = User.objects.get(username=username)
    records, plain = _plain_rollup(user, 2009)
    assert plain and charts.township_assistance(user, 2009) == plain  # computed
    assert charts.township_assistance(user, 2009) == plain  # stored
    township = Township.objects.get(code=code) if code else None
    totals = assistance_selectors.headline_figures(records.filter(township=township) if township else records)
    doc = summaries.summary(user, 2009, township)
    assert doc.assistance == [(str(label), totals[key]) for key, label in summaries.ASSISTANCE_LABELS.items()]
    if township is None:
        rows = [[r["township__name"]] + [r[key] or 0 for key in charts.ASSISTANCE_FIGURES] for r in plain]
        assert doc.charts["assistance"].rows == rows


def test_a_new_assistance_record_shows_at_once_on_the_summary_and_the_charts(demo):
    client = client_for("admin")
    label = str(summaries.ASSISTANCE_LABELS["project_funds"])
    before = dict(client.get(_url(None)).context["doc"].assistance)[label]
    chart_before = client.get(reverse("documents:charts"), {"year": 2009}).context["charts"][3].rows
    record = AssistanceRecord.objects.filter(year=2009, kind="project_funds").select_related("township").first()
    record.pk, record.amount = None, Decimal("12345")
    record.save()
    assert dict(client.get(_url(None)).context["doc"].assistance)[label] == before + Decimal("12345")
    chart_after = client.get(reverse("documents:charts"), {"year": 2009}).context["charts"][3].rows
    index = next(i for i, row in enumerate(chart_before) if row[0] == record.township.name)
    assert chart_after[index][1] == chart_before[index][1] + Decimal("12345")
    assert chart_after[:index] + chart_after[index + 1:] == chart_before[:index] + chart_before[index + 1:]


@pytest.mark.parametrize("code", [None, CHENGGUAN])
def test_the_cached_results_and_rewards_are_the_plain_reads(demo, code):
    from assessment import selectors as assessment_selectors
    from assessment.models import Cycle

    cycle = Cycle.objects.get(year=2009)
    results = cycle.results.all() if code is None else cycle.results.filter(village__township__code=code)
    plain = (assessment_selectors.result_rows(results), assessment_selectors.reward_proposals(cycle))
    assert plain[0] and plain[1]["county"]
    assert summaries.results_and_rewards(cycle, results) == plain  # computed
    assert summaries.results_and_rewards(cycle, results) == plain  # stored


def test_the_county_summary_shows_the_ten_best_and_the_ten_lowest_results_with_their_grades(demo):
    from assessment import selectors as assessment_selectors
    from assessment.models import Cycle

    rows = assessment_selectors.result_rows(Cycle.objects.get(year=2009).results.all())
    doc = summaries.summary(User.objects.get(username="leader"), 2009)
    assert len(rows) == 267
    assert [r["code"] for r in doc.best] == [r["code"] for r in rows[:10]]
    assert [r["code"] for r in doc.lowest] == [r["code"] for r in rows[-10:]]
    assert [(r["rank_county"], r["grade_label"], r["previous_label"]) for r in doc.best[:2]] == [
        (1, "一类村", "四类村"), (2, "二类村", "三类村")]
    assert doc.villages == [] and doc.lowest[-1]["grade_label"] == "四类村"


def test_a_changed_result_or_village_shows_at_once_on_the_summary(demo):
    from assessment.models import VillageResult

    client = client_for("leader")
    best = client.get(_url(None)).context["doc"].best[0]
    result = VillageResult.objects.get(cycle__year=2009, village__code=best["code"])
    result.total += 1
    result.save()
    assert client.get(_url(None)).context["doc"].best[0]["total"] == best["total"] + 1
    village = result.village
    village.name = "新名村"
    village.save()
    doc = client.get(_url(None)).context["doc"]
    assert doc.best[0]["village"] == "新名村"
    assert "新名村" in [r["village"] for r in doc.rewards["county"]]
