"""Results pages: the table (scoped, pinned query count), score sheets, statistics, rewards,
what-if, and their xlsx exports."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessment import services
from assessment.models import Cycle
from villages.models import VillageGrade
from xixiang.lib.excel import read_rows

from ..factories import VillageFactory
from .test_engine import enter_wufeng

pytestmark = pytest.mark.django_db

RESULTS = reverse("assessment:results", args=[2009])
STATISTICS = reverse("assessment:statistics", args=[2009])
REWARDS = reverse("assessment:rewards", args=[2009])
WHATIF = reverse("assessment:whatif", args=[2009])
SHEET = reverse("assessment:score_sheet", args=[2009, "610724100201"])


@pytest.fixture
def computed(scoring_cycle):
    VillageGrade.objects.create(village=scoring_cycle.wufeng, year=2008, grade=4)
    VillageGrade.objects.create(village=scoring_cycle.jiangbang, year=2008, grade=4)
    enter_wufeng(scoring_cycle)
    cycle = scoring_cycle.cycle
    Cycle.objects.filter(pk=cycle.pk).update(grade1_min=25, grade2_min=20, grade3_min=10)
    cycle.refresh_from_db()
    services.cycle_compute(actor=scoring_cycle.users["admin"], cycle=cycle)
    return scoring_cycle


def test_results_table_for_the_leader(computed):
    response = computed.client_for("leader").get(RESULTS)
    rows = [row[:4] for row in list(response.context["table"].as_values())[1:]]
    assert rows == [
        [1, f'<a href="{SHEET}">五丰村</a>', "城关镇", Decimal("26.9")],
        [
            2,
            f'<a href="{reverse("assessment:score_sheet", args=[2009, "610724108201"])}">江榜村</a>',
            "峡口镇",
            Decimal("0.0"),
        ],
    ]


def test_clerk_sees_the_results_of_own_township_only(computed):
    response = computed.client_for("clerk_chengguan").get(RESULTS)
    assert [row.record.village.name for row in response.context["table"].page.object_list] == ["五丰村"]
    assert "江榜村" not in response.content.decode()


def test_results_table_query_count_does_not_grow_with_rows(computed, django_assert_num_queries):
    client = computed.client_for("admin")
    # constant: the deferred-join paginator reads the page keys, then the rows
    with django_assert_num_queries(7):
        client.get(RESULTS)
    for index in range(4):
        VillageFactory(township=computed.chengguan, code=f"61072410030{index}")
    services.cycle_compute(actor=computed.users["admin"], cycle=computed.cycle)
    with django_assert_num_queries(7):
        body = client.get(RESULTS).content.decode()
    assert body.count(f'href="{RESULTS}6107241') == 6


def test_roles_without_results_get_403(computed):
    for name in ["helper1", "scorer_tongji"]:
        assert computed.client_for(name).get(RESULTS).status_code == 403


def test_results_export_as_xlsx(computed):
    response = computed.client_for("admin").get(reverse("assessment:results_export", args=[2009]))
    header, rows = read_rows(response.getvalue())
    assert header[:5] == ["全县排名", "乡镇", "村编码", "行政村", "总分"]
    assert rows[0][1][:5] == [1, "城关镇", "610724100201", "五丰村", 26.9]
    assert rows[0][1][-3:] == [1, 4, "升两级及以上"]


def test_results_export_holds_the_users_scope_with_the_lists_filters(computed):
    def villages(name, params=None):
        response = computed.client_for(name).get("/assessment/2009/results/export.xlsx", params)
        return [row[3] for _number, row in read_rows(response.getvalue())[1]]

    assert villages("leader") == ["五丰村", "江榜村"]
    assert villages("clerk_chengguan") == ["五丰村"]
    assert villages("leader", {"township": "610724108"}) == ["江榜村"]


def test_score_sheet_shows_every_indicator_with_who_entered_it(computed):
    body = computed.client_for("cadre_wufeng").get(SHEET).content.decode()
    for text in ["农民人均纯收入", "4,000.00 元", "16.00", "scorer_shuili", "系统计算", "全县第 1，乡镇第 1"]:
        assert text in body


def test_score_sheet_of_another_township_is_not_found(computed):
    assert computed.client_for("clerk_xiakou").get(SHEET).status_code == 404


def test_score_sheet_export(computed):
    response = computed.client_for("admin").get(reverse("assessment:score_sheet_export", args=[2009, "610724100201"]))
    header, rows = read_rows(response.getvalue())
    assert header[0].startswith("城关镇五丰村 2009 年度考核评分表：总分 26.9")
    assert rows[1][1][:8] == ["A1", "生产发展", "农民人均纯收入", 20, "抽样调查 → 分档", "4000.00", "16.00", "16.00"]


def test_statistics_for_the_leader_and_not_for_the_clerk(computed):
    body = computed.client_for("leader").get(STATISTICS).content.decode()
    assert "新增一类村 1 个，新增二类村 0 个。" in body
    assert computed.client_for("clerk_chengguan").get(STATISTICS).status_code == 403
    header, rows = read_rows(
        computed.client_for("leader").get(reverse("assessment:statistics_export", args=[2009])).getvalue()
    )
    assert rows[0][1] == ["一类村", 1, 0, 1]


def test_rewards_propose_the_county_and_township_lists(computed):
    body = computed.client_for("admin").get(REWARDS).content.decode()
    assert "29,000.00" in body and "23,000.00" in body
    assert "58,000.00" not in body  # one county reward, not two
    header, rows = read_rows(
        computed.client_for("admin").get(reverse("assessment:rewards_export", args=[2009])).getvalue()
    )
    assert [r[1][0] for r in rows] == ["县级奖励", "乡镇奖励", "乡镇奖励"]
    assert rows[0][1][4] == "五丰村"
    assert computed.client_for("clerk_chengguan").get(REWARDS).status_code == 403


def test_every_results_page_links_to_its_export(computed):
    client = computed.client_for("leader")
    for page, export in [
        ("results/?grade=1", "results/export.xlsx?grade=1"),
        ("results/610724100201/", "results/610724100201/export.xlsx"),
        ("statistics/", "statistics/export.xlsx"),
        ("rewards/", "rewards/export.xlsx"),
    ]:
        cycle_url = reverse("assessment:cycle_detail", args=[2009])
        assert f'href="{cycle_url}{export}"' in client.get(f"{cycle_url}{page}").content.decode()


def test_whatif_counts_grade_changes_without_changing_the_cycle(computed):
    params = {"grade1_min": "30", "grade2_min": "20", "grade3_min": "10"}
    params.update({f"max_{i.code}": str(i.max_points) for i in computed.cycle.indicators.all()})
    body = computed.client_for("admin").get(WHATIF, params).content.decode()
    assert "1 个村级类会变化" in body
    assert Cycle.objects.get(year=2009).grade1_min == 25
    assert computed.client_for("leader").get(WHATIF).status_code == 403


def test_whatif_refuses_thresholds_out_of_order(computed):
    params = {"grade1_min": "10", "grade2_min": "20", "grade3_min": "30"}
    params.update({f"max_{i.code}": str(i.max_points) for i in computed.cycle.indicators.all()})
    body = computed.client_for("admin").get(WHATIF, params).content.decode()
    assert "级类分数线必须满足 0 &lt; 三类 &lt; 二类 &lt; 一类 ≤ 100" in body
