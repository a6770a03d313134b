import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment.models import Cycle, VillageResult
from assessment.models.catalogue import AssessmentSettings
from targets import progress
from tests.factories import GroupFactory, HouseholdFactory, VillageFactory
from villages.models import Village, VillageGrade

from .factories import plan_village


def _grade(village, year, grade):
    VillageGrade.objects.create(village=village, year=year, grade=grade)


@pytest.fixture
def planned(graded, plan):
    """五丰村 4 → target 3 in 2009, reached (grade 3); 江榜村 3 → target 2, not reached (grade 3)."""
    plan_village(graded.wufeng, {2009: 3, 2010: 2})
    plan_village(graded.jiangbang, {2009: 2, 2010: 2})
    _grade(graded.wufeng, 2009, 3)
    _grade(graded.jiangbang, 2009, 3)
    return graded


def test_progress_counts_planned_upgrades_and_reached_targets_per_township(planned):
    report = progress.year_progress(2009)
    assert (report.planned, report.reached, report.progress, report.percent) == (2, 1, 0.5, 50)
    assert [(v.name, v.target, v.grade, v.reached) for v in report.villages] == [
        ("五丰村", 3, 3, True), ("江榜村", 2, 3, False)]
    assert [(t.name, t.planned, t.reached) for t in report.townships] == [("城关镇", 1, 1), ("峡口镇", 1, 0)]


def test_a_year_without_finalised_grades_has_nothing_reached_yet(planned):
    report = progress.year_progress(2010)
    # 五丰村 starts 2010 from its 2009 grade 3 → 2 is an upgrade; 江榜村 from 3 → 2 as well
    assert (report.planned, report.reached, report.progress) == (2, 0, 0.0)
    assert [v.reached for v in report.villages] == [None, None]


def _open_cycle(year=2010):
    settings = AssessmentSettings.objects.first()
    return Cycle.objects.create(year=year, status="scoring", grade1_min=85, grade2_min=70, grade3_min=55,
                                sample_rate=settings.sample_rate if settings else Decimal("0.1"), sample_min=10,
                                county_reward_amount=29000, county_reward_count=5, township_reward_amount=23000)


def test_the_open_cycle_flags_targets_whose_provisional_total_is_below_the_threshold(planned):
    cycle = _open_cycle()
    for village, total in ((planned.wufeng, Decimal("69.9")), (planned.jiangbang, Decimal("70.0"))):
        VillageResult.objects.create(cycle=cycle, village=village, total=total, rank_county=1, rank_township=1,
                                     grade=3, change="same")
    report = progress.year_progress(2010)
    assert report.open_cycle is True
    assert [(v.name, v.at_risk) for v in report.villages] == [("五丰村", True), ("江榜村", False)]
    assert report.at_risk == 1


def test_coverage_counts_villages_with_industry_groups_with_a_large_producer_and_households_with_a_project(planned):
    planned.wufeng.leading_industries = "茶叶"
    planned.wufeng.save()
    second = GroupFactory(village=planned.wufeng)
    HouseholdFactory(group=second, is_large_producer=True, large_producer_scale="茶园 50 亩", has_income_project=True)
    report = progress.year_progress(2009)
    # households of 2009: the two with a 2009 income record (the new one has none)
    assert report.coverage.shares == {"villages_with_industry": 0.5, "groups_with_large_household": 0.3333,
                                      "households_with_project": 0.0}
    assert progress.coverage_by(2012, None, "township_id")[planned.chengguan.pk].shares == {
        "villages_with_industry": 1.0, "groups_with_large_household": 0.5, "households_with_project": 0.5}


def test_year_progress_runs_a_fixed_number_of_queries_whatever_the_villages(planned):
    def count():
        with CaptureQueriesContext(connection) as queries:
            progress.year_progress(2009)
        return len(queries)

    before = count()
    assert count() == 2  # stored: the progress's and the coverage's generations (the county: no ids)
    for _ in range(6):
        village = VillageFactory(township=planned.chengguan)
        _grade(village, 2008, 4)
        _grade(village, 2009, 3)
        GroupFactory(village=village)
        plan_village(village, {2009: 3})
    assert count() == before == 10  # computed (the data changed): each figure also reads its generations
    assert progress.year_progress(2009).planned == 8


def _command(*args) -> dict:
    out = io.StringIO()
    call_command("plan_progress", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_plan_progress_prints_the_issues_json(planned):
    assert _command("--year", "2009") == {
        "year": 2009, "planned": 2, "reached": 1, "progress": 0.5,
        "townships": [{"code": "610724100", "name": "城关镇", "planned": 1, "reached": 1},
                      {"code": "610724108", "name": "峡口镇", "planned": 1, "reached": 0}],
        "villages": [{"code": "610724100201", "name": "五丰村", "target": 3, "grade": 3, "reached": True},
                     {"code": "610724108201", "name": "江榜村", "target": 2, "grade": 3, "reached": False}],
        "coverage": {"villages_with_industry": 0.0, "groups_with_large_household": 0.0,
                     "households_with_project": 0.0},
    }


def test_plan_progress_for_one_township_and_a_year_without_grades(planned):
    data = _command("--year", "2010", "--township", "610724108")
    assert (data["planned"], data["reached"], data["progress"]) == (1, 0, 0.0)
    assert data["villages"] == [{"code": "610724108201", "name": "江榜村", "target": 2, "grade": None,
                                 "reached": False}]


def test_plan_progress_refuses_an_unknown_township_or_a_year_outside_the_plan(planned):
    with pytest.raises(CommandError, match="找不到编码为 610724999 的乡镇"):
        _command("--year", "2009", "--township", "610724999")
    with pytest.raises(CommandError, match="2012 年度不在任何升级晋档规划的年度范围内"):
        _command("--year", "2012")


def test_plan_progress_on_the_demo_county_reaches_a_plausible_share(demo_county, db):
    data = _command("--year", "2009")
    assert len(data["townships"]) == 23
    assert 150 <= data["planned"] <= 240
    assert 0.45 <= data["progress"] <= 0.8
    assert data["reached"] < data["planned"]
    assert all(v["grade"] is not None for v in data["villages"])


def test_the_cached_coverage_equals_the_plain_one_and_a_household_change_shows_at_once(planned):
    scopes = [None, Village.objects.all(), Village.objects.filter(township=planned.chengguan)]
    for year in (2009, 2010):
        for villages in scopes:
            for key in ("township_id", "village_id"):
                plain = progress.plain_coverage_by(year, villages, key)
                assert progress.coverage_by(year, villages, key) == plain  # computed and stored
                assert progress.coverage_by(year, villages, key) == plain  # read from the cache
    before = progress.coverage_by(2009, None, "township_id")[planned.chengguan.pk]
    household = HouseholdFactory(group=GroupFactory(village=planned.wufeng), is_large_producer=False)
    assert progress.coverage_by(2009, None, "township_id")[planned.chengguan.pk].groups == before.groups + 1
    household.is_large_producer = True
    household.save()
    after = progress.coverage_by(2009, None, "township_id")[planned.chengguan.pk]
    assert after == progress.plain_coverage_by(2009, None, "township_id")[planned.chengguan.pk]
    assert (after.groups, after.groups_with_large_household) == (
        before.groups + 1, before.groups_with_large_household + 1)
