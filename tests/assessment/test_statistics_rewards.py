"""The county statistics (transition matrix, 新增一类村 / 新增二类村 beside the net change, grades per
township) and the reward lists with their tie-break, on a second year made of stored results."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessment import selectors, services
from assessment.models import Cycle, VillageResult
from villages.models import VillageGrade
from xixiang.lib.excel import read_rows

from ..factories import VillageFactory

pytestmark = pytest.mark.django_db

STATISTICS = reverse("assessment:statistics", args=[2010])
REWARDS = reverse("assessment:rewards", args=[2010])

# village: (township, 2009 grade, 2010 grade, 2010 total, A1 points)
VILLAGES = {
    "五丰村": ("chengguan", 1, 1, "92.0", "20.00"),
    "城二村": ("chengguan", 2, 1, "86.0", "16.00"),
    "城三村": ("chengguan", 3, 2, "80.0", "16.00"),
    "城四村": ("chengguan", 1, 3, "65.0", "12.00"),
    "江榜村": ("xiakou", 2, 3, "60.0", "12.00"),
    "峡二村": ("xiakou", 4, 2, "75.0", "12.00"),
    "峡三村": ("xiakou", 2, 4, "40.0", "4.00"),
    "峡四村": ("xiakou", 4, 1, "86.0", "20.00"),
}


@pytest.fixture
def second_year(world, departments):
    admin = world.users["admin"]
    cycle = services.cycle_open(actor=admin, year=2010)
    villages = {"五丰村": world.wufeng, "江榜村": world.jiangbang}
    for rank, (name, (township, before, grade, total, a1)) in enumerate(VILLAGES.items(), start=1):
        village = villages.get(name) or VillageFactory(township=getattr(world, township), name=name)
        VillageGrade.objects.create(village=village, year=2009, grade=before)
        VillageResult.objects.create(
            cycle=cycle, village=village, total=Decimal(total), subtotals={"A": a1}, scores={"A1": [None, a1, a1]},
            rank_county=rank, rank_township=1, grade=grade, previous_grade=before, change="same",
        )
    return world, cycle


def test_new_grade_1_and_2_follow_the_rule_and_differ_from_the_net_change(second_year):
    """城四村 falls from grade 1 and 峡三村 from grade 2: the counts of newcomers are not the net changes."""
    _world, cycle = second_year
    summary = selectors.county_statistics(cycle)
    assert (summary["grades"], summary["previous"]) == ({1: 3, 2: 2, 3: 2, 4: 1}, {1: 2, 2: 3, 3: 1, 4: 2})
    assert summary["net"] == {1: 1, 2: -1, 3: 1, 4: -1}
    assert (summary["new_grade_1"], summary["new_grade_2"]) == (2, 2)


def test_the_transition_matrix_counts_last_year_by_this_year(second_year):
    _world, cycle = second_year
    assert [(str(name), counts, total) for name, counts, total in selectors.county_statistics(cycle)["matrix"]] == [
        ("一类村", [1, 0, 1, 0], 2),
        ("二类村", [1, 0, 1, 1], 3),
        ("三类村", [0, 1, 0, 0], 1),
        ("四类村", [1, 1, 0, 0], 2),
    ]


def test_county_statistics_take_three_queries(second_year, django_assert_num_queries):
    with django_assert_num_queries(3):
        selectors.county_statistics(second_year[1])


def test_the_statistics_page_shows_matrix_new_grades_beside_net_and_townships(second_year):
    world, _cycle = second_year
    response = world.client_for("leader").get(STATISTICS)
    body = response.content.decode()
    assert "新增一类村 2 个，新增二类村 2 个。" in body
    assert "一类村净增减 +1，二类村净增减 -1" in body
    assert 'id="transition-matrix"' in body
    assert [(t.name, now, before) for t, now, before in response.context["summary"]["townships"]] == [
        ("城关镇", [2, 1, 1, 0], [2, 1, 1, 0]),
        ("峡口镇", [1, 1, 1, 1], [0, 2, 0, 2]),
    ]


@pytest.mark.parametrize(
    "user, status", [("admin", 200), ("leader", 200), ("clerk_chengguan", 403), ("scorer_tongji", 403)]
)
def test_statistics_and_rewards_only_for_the_administrator_and_the_leader(second_year, user, status):
    client = second_year[0].client_for(user)
    for url in (STATISTICS, REWARDS, f"{STATISTICS}export.xlsx", f"{REWARDS}export.xlsx"):
        assert client.get(url).status_code == status, url


def test_the_statistics_export_has_the_three_tables(second_year):
    content = second_year[0].client_for("leader").get(f"{STATISTICS}export.xlsx").getvalue()
    header, rows = read_rows(content)
    assert header == ["级类", "2010 年", "2009 年", "净增减"]
    assert [r[1] for r in rows] == [
        ["一类村", 3, 2, 1],
        ["二类村", 2, 3, -1],
        ["三类村", 2, 1, 1],
        ["四类村", 1, 2, -1],
        ["新增一类村（今年一类、上年非一类）", 2, "", 1],
        ["新增二类村（今年二类、上年三类或四类）", 2, "", -1],
    ]
    book = load_workbook(BytesIO(content), read_only=True)
    assert book.sheetnames == ["2010全县统计", "级类变动", "各乡镇级类"]
    matrix = [list(r) for r in book["级类变动"].iter_rows(values_only=True)]
    assert matrix[0] == ["2009 年 ＼ 2010 年", "一类村", "二类村", "三类村", "四类村", "合计"]
    assert matrix[4] == ["四类村", 1, 1, 0, 0, 2]
    townships = [list(r) for r in book["各乡镇级类"].iter_rows(values_only=True)]
    assert townships[2] == ["峡口镇", 1, 1, 1, 1, 0, 2, 0, 2]


def test_county_reward_leaves_out_the_village_in_grade_1_both_years(second_year):
    world, cycle = second_year
    proposals = selectors.reward_proposals(cycle)
    assert [r["village"] for r in proposals["county"]] == ["峡四村", "城二村", "峡二村"]
    assert [r["village"] for r in proposals["township"]] == ["五丰村", "峡四村"]


def test_the_rewards_page_says_where_a_tie_at_the_cut_was_broken(second_year):
    world, cycle = second_year
    Cycle.objects.filter(pk=cycle.pk).update(county_reward_count=1)
    body = world.client_for("admin").get(REWARDS).content.decode()
    assert [r["village"] for r in selectors.reward_proposals(Cycle.objects.get(pk=cycle.pk))["county"]] == ["峡四村"]
    assert "峡四村（" in body and "与 城二村（" in body
    assert "总分同为 86.0，按A1 农民人均纯收入得分排定 峡四村 在前" in body
    assert "决定入选" in body
    content = world.client_for("admin").get(f"{REWARDS}export.xlsx").getvalue()
    ties = [list(r) for r in load_workbook(BytesIO(content), read_only=True)["同分处理"].iter_rows(values_only=True)]
    assert ties[1][0] == "县级奖励" and ties[1][4:] == ["A1 农民人均纯收入得分", "是"]


def test_the_rewards_page_says_when_fewer_villages_qualify_than_the_county_places(second_year):
    world, cycle = second_year
    body = world.client_for("admin").get(REWARDS).content.decode()
    assert "只有 3 个村符合县级奖励条件，少于名额 5 个；名额不递补给不符合条件的村。" in body
    Cycle.objects.filter(pk=cycle.pk).update(county_reward_count=3)
    assert 'id="county-fewer"' not in world.client_for("admin").get(REWARDS).content.decode()
