"""The cached progress (targets.progress.year_progress, plan_years): it equals the plain one, and
every kind of write to what it reads shows at once — the plan's services and import, grades and
cycles saved one by one, and the assessment engine's bulk writes (results, finalised grades,
withdrawn grades)."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment import services as assessment_services
from assessment.models import VillageResult
from targets import progress, services
from targets.choices import PlanStatus
from villages.models import Village, VillageGrade
from xixiang.core import figures

from .factories import plan_village
from .test_import import _import

UNSCORED = "测试：未评分也定案"


def _same(year=2009, villages=None, township=None):
    """The cached progress, checked against the plain one; returns the cached."""
    cached = progress.year_progress(year, villages, township=township, with_coverage=False)
    assert cached == progress.plain_year_progress(year, villages, township=township)
    return cached


def _rows(report):
    return [(v.name, v.target, v.grade, v.reached, v.at_risk) for v in report.villages]


def test_every_model_the_progress_reads_is_connected_so_the_demo_seeders_bump_all_raises_it():
    assert {m._meta.label_lower for m in progress.PROGRESS_MODELS} <= figures._connected


def test_the_cached_progress_equals_the_plain_one_for_every_scope(graded, plan):
    plan_village(graded.wufeng, {2009: 3, 2010: 2})
    plan_village(graded.jiangbang, {2009: 2, 2010: 2})
    VillageGrade.objects.create(village=graded.wufeng, year=2009, grade=3)
    scopes = [None, Village.objects.all(), Village.objects.filter(township=graded.chengguan)]
    for year in plan.years:
        for villages in scopes:
            for township in (None, graded.xiakou):
                _same(year, villages, township)
                _same(year, villages, township)  # read from the cache
        assert progress.plan_years(plan) == [progress.plain_year_progress(y) for y in plan.years]
        assert progress.plan_years(plan, scopes[2]) == [progress.plain_year_progress(y, scopes[2]) for y in plan.years]


def test_the_stored_progress_reads_only_the_villages_ids_and_the_generations(graded, plan):
    plan_village(graded.wufeng, {2009: 3})
    villages = Village.objects.all()
    progress.year_progress(2009, villages, with_coverage=False)
    progress.plan_years(plan, villages)
    for read in (lambda: progress.year_progress(2009, villages, with_coverage=False),
                 lambda: progress.plan_years(plan, villages)):
        with CaptureQueriesContext(connection) as queries:
            read()
        assert len(queries) == 2


def test_a_target_saved_approved_or_removed_shows_at_once(graded, plan):
    admin, clerk = graded.users["admin"], graded.users["clerk_chengguan"]
    assert _same().planned == 0
    services.village_plan_save(actor=clerk, plan=plan, village=graded.wufeng, targets={2009: 3})
    services.village_plan_save(actor=admin, plan=plan, village=graded.jiangbang, targets={2009: 2})
    assert _same().planned == 0  # drafts until approved
    services.village_plan_approve(actor=admin, village_plan=plan.village_plans.get(village=graded.jiangbang))
    assert _rows(_same()) == [("江榜村", 2, None, None, False)]
    services.village_plan_approve(actor=admin, village_plan=plan.village_plans.get(village=graded.wufeng))
    assert [v.name for v in _same().villages] == ["五丰村", "江榜村"]
    assert [p.planned for p in progress.plan_years(plan)] == [2, 0, 0]
    services.village_plan_save(actor=admin, plan=plan, village=graded.jiangbang, targets={2009: None, 2010: 2},
                               reason="推迟一年")
    assert [v.name for v in _same().villages] == ["五丰村"]
    assert [p.planned for p in progress.plan_years(plan)] == [1, 1, 0]


def test_the_plan_import_shows_at_once(graded, plan):
    assert _same().planned == 0
    _import(graded, plan, [["610724100201", "五丰村", "城关镇", 3, 2, 1, "", "", "", ""]])
    assert plan.village_plans.get().status == PlanStatus.DRAFT
    assert _same().planned == 0
    services.township_plans_approve(actor=graded.users["admin"], plan=plan, township=graded.chengguan)
    assert _rows(_same()) == [("五丰村", 3, None, None, False)]
    assert [p.planned for p in progress.plan_years(plan)] == [1, 1, 1]
    _import(graded, plan, [["610724100201", "五丰村", "城关镇", 3, "", "", "", "", "", ""]], reason="只定 2009 年")
    assert [p.planned for p in progress.plan_years(plan)] == [1, 0, 0]


def test_a_grade_saved_or_deleted_one_by_one_shows_at_once(graded, plan):
    plan_village(graded.wufeng, {2009: 3})
    assert _rows(_same()) == [("五丰村", 3, None, None, False)]
    grade = VillageGrade.objects.create(village=graded.wufeng, year=2009, grade=3)
    assert _rows(_same()) == [("五丰村", 3, 3, True, False)]
    grade.delete()
    assert _rows(_same()) == [("五丰村", 3, None, None, False)]


def test_the_engines_results_finalised_grades_and_withdrawn_grades_show_at_once(graded, plan, verification_cycle):
    admin, cycle = verification_cycle.users["admin"], verification_cycle.cycle
    plan_village(graded.wufeng, {2009: 3})
    plan_village(graded.jiangbang, {2009: 2})
    report = _same()
    assert (report.open_cycle, report.finalised, _rows(report)) == (
        True, False, [("五丰村", 3, None, None, False), ("江榜村", 2, None, None, False)])
    assessment_services.cycle_compute(actor=admin, cycle=cycle)  # results: one DELETE and a COPY
    report = _same()
    assert [v.total for v in report.villages] == list(
        VillageResult.objects.order_by("village__code").values_list("total", flat=True))
    assert report.at_risk == 2  # nothing scored: both totals below the targets' thresholds
    before = report.villages[0].total
    assessment_services.adjustment_set(actor=verification_cycle.users["inspector1"], cycle=cycle,
                                       village=graded.wufeng, indicator=verification_cycle.indicator("B1"),
                                       points="3", reason="抽查")  # the engine's village_recompute
    assert _same().villages[0].total == before + Decimal("3.0")
    assessment_services.cycle_finalise(actor=admin, cycle=cycle, reason=UNSCORED)  # grades in bulk
    report = _same()
    assert (report.open_cycle, report.finalised, _rows(report)) == (
        False, True, [("五丰村", 3, 4, False, False), ("江榜村", 2, 4, False, False)])
    assessment_services.cycle_reopen(actor=admin, cycle=cycle, reason="群众反映收入数据有误")  # a raw delete
    report = _same()
    assert (report.open_cycle, report.finalised, [v.grade for v in report.villages]) == (True, False, [None, None])
