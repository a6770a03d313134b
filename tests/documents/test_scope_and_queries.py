"""Who reads which document (another scope's answers 404, a role without such documents 403, the
page and the PDF alike), and the pages' query counts (fixed, whatever the county's size)."""

import datetime

import pytest
from django.urls import reverse

from documents.services.notices import notice_publish
from villages.models import Township
from xixiang.accounts.models import User

from .printed import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_county, db):
    return demo_county
WUFENG = "610724100201"  # 城关镇
JIANGBANG = "610724108201"  # 峡口镇
CHENGGUAN, XIAKOU = "610724100", "610724108"


def _sheet(code, pdf=False):
    return reverse("documents:score_sheet_pdf" if pdf else "documents:score_sheet", args=[2009, code])


def _township(code, pdf=False):
    return reverse("documents:township_results_pdf" if pdf else "documents:township_results", args=[2009, code])


SHEETS = [
    ("admin", WUFENG, 200), ("leader", JIANGBANG, 200), ("clerk_chengguan", WUFENG, 200),
    ("clerk_chengguan", JIANGBANG, 404), ("cadre_wufeng", WUFENG, 200), ("cadre_wufeng", JIANGBANG, 404),
    ("inspector1", WUFENG, 200), ("inspector1", JIANGBANG, 404), ("inspector2", WUFENG, 404),
    ("surveyor1", WUFENG, 403), ("scorer_tongji", WUFENG, 403), ("helper1", WUFENG, 403),
]


@pytest.mark.parametrize("pdf", [False, True], ids=["page", "pdf"])
@pytest.mark.parametrize("username,code,status", SHEETS)
def test_score_sheets_answer_within_the_users_scope_only(demo, username, code, status, pdf):
    assert client_for(username).get(_sheet(code, pdf)).status_code == status


RESULTS = [
    ("admin", None, 200), ("leader", None, 200), ("clerk_chengguan", None, 403), ("cadre_wufeng", None, 403),
    ("admin", XIAKOU, 200), ("clerk_chengguan", CHENGGUAN, 200), ("clerk_chengguan", XIAKOU, 404),
    ("cadre_wufeng", CHENGGUAN, 403), ("inspector1", CHENGGUAN, 403),
]


@pytest.mark.parametrize("pdf", [False, True], ids=["page", "pdf"])
@pytest.mark.parametrize("username,township,status", RESULTS)
def test_results_lists_answer_within_the_users_scope_only(demo, username, township, status, pdf):
    if township is None:
        url = reverse("documents:results_pdf" if pdf else "documents:results", args=[2009])
    else:
        url = _township(township, pdf)
    assert client_for(username).get(url).status_code == status


@pytest.mark.parametrize("pdf", [False, True], ids=["page", "pdf"])
def test_notices_answer_within_the_users_scope_only(demo, pdf):
    admin = User.objects.get(username="admin")
    xiakou = notice_publish(actor=admin, kind="results", year=2009, township=Township.objects.get(code=XIAKOU),
                            published_on=datetime.date(2010, 3, 20), posting_days=5)
    county = notice_publish(actor=admin, kind="rewards", year=2009, township=None,
                            published_on=datetime.date(2010, 3, 20), posting_days=5)
    name = "documents:notice_pdf" if pdf else "documents:notice_page"
    expected = [("admin", xiakou, 200), ("leader", county, 200), ("clerk_xiakou", xiakou, 200),
                ("clerk_chengguan", xiakou, 404), ("clerk_chengguan", county, 404), ("cadre_wufeng", county, 403),
                ("inspector1", xiakou, 403)]
    assert [(u, n.pk, client_for(u).get(reverse(name, args=[n.pk])).status_code) for u, n, _ in expected] == [
        (u, n.pk, s) for u, n, s in expected]


@pytest.mark.parametrize("username,query,status", [
    ("admin", "", 200), ("leader", f"?township={XIAKOU}", 200), ("clerk_chengguan", "", 200),
    ("clerk_chengguan", f"?township={XIAKOU}", 404), ("cadre_wufeng", "", 403), ("inspector1", "", 403),
])
def test_the_charts_answer_within_the_users_scope_only(demo, username, query, status):
    assert client_for(username).get(reverse("documents:charts") + query).status_code == status
    assert client_for(username).get(reverse("documents:charts_pdf") + query).status_code == status


@pytest.mark.parametrize("username,url,queries", [
    ("admin", _sheet(WUFENG), 8),
    ("inspector1", _sheet(WUFENG), 8),
    ("leader", reverse("documents:results", args=[2009]), 6),
    ("clerk_chengguan", _township(CHENGGUAN), 7),
    ("admin", reverse("documents:charts") + "?year=2009", 11),  # computing the cached roll-up and completeness
    ("leader", reverse("documents:notice_list"), 3),
    ("leader", reverse("home:overview"), 32),  # the plan block (cached progress), projects (3), household figures
])
def test_document_pages_run_a_fixed_number_of_queries(demo, django_assert_num_queries, username, url, queries):
    client = client_for(username)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_the_leaders_overview_shows_the_grade_chart_linking_to_its_table(demo):
    html = client_for("leader").get(reverse("home:overview")).content.decode()
    overview = html.split('id="county-overview"')[1]
    assert f'href="{reverse("documents:charts")}?year=2009#table-grades"' in overview
    assert "<svg" in overview and "全县各级类村数：2009 年与 2008 年" in overview
    assert 'data-figure="new_grade_1">1<' in overview and 'data-figure="new_grade_2">12<' in overview
    assert 'id="county-overview"' not in client_for("clerk_chengguan").get(reverse("home:overview")).content.decode()


def test_the_charts_page_puts_each_chart_beside_its_table(demo):
    html = client_for("admin").get(reverse("documents:charts"), {"year": 2009}).content.decode()
    for key in ["grades", "township-grades", "completeness", "assistance"]:
        block = html.split(f'id="chart-{key}"')[1].split("</section>")[0]
        assert "<svg" in block and f'id="table-{key}"' in block
    completeness = html.split('id="table-completeness"')[1].split("</table>")[0]
    assert f'href="{reverse("archives:completeness")}?year=2009&amp;township={CHENGGUAN}"' in completeness
