"""The engine: results from what was entered, ranks, grades, finalising, reopening, commands."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment import services
from assessment.models import Cycle, VillageResult
from villages.models import VillageGrade
from xixiang.core import figures
from xixiang.core.errors import DomainError

from ..factories import GroupFactory, HouseholdFactory, VillageFactory

pytestmark = pytest.mark.django_db

#: These tests finalise a cycle nobody scored: the administrator has to say why.
UNSCORED = "测试：未评分也定案"


def enter_wufeng(aw):
    """五丰村: A1 survey 12000 / 3 = 4000 → 16; B1 80% → 4.2; D2 4; ballots 40/10/10 → 83.33% → 2.67."""
    users, cycle, wufeng = aw.users, aw.cycle, aw.wufeng
    services.score_set(
        actor=users["scorer_shuili"], cycle=cycle, village=wufeng, indicator=aw.indicator("B1"), raw="80"
    )
    services.score_set(
        actor=users["scorer_minzheng"], cycle=cycle, village=wufeng, indicator=aw.indicator("D2"), raw="4"
    )
    draw = cycle.draws.get(village=wufeng)
    services.survey_response_save(
        actor=users["surveyor1"],
        draw=draw,
        household_number=draw.household_numbers[0],
        total_income="15000",
        business_expenses="3000",
        resident_members=3,
    )
    services.ballot_record(
        actor=users["inspector1"], cycle=cycle, village=wufeng, satisfied=40, basically_satisfied=10, unsatisfied=10
    )


def test_engine_computes_scores_totals_ranks_and_grades(scoring_cycle):
    enter_wufeng(scoring_cycle)
    summary = services.cycle_compute(actor=scoring_cycle.users["admin"], cycle=scoring_cycle.cycle)
    assert (summary.villages, summary.grades) == (2, {1: 0, 2: 0, 3: 0, 4: 2})
    wufeng = VillageResult.objects.get(village=scoring_cycle.wufeng)
    assert wufeng.scores["A1"] == ["4000.00", "16.00", "16.00"]
    assert wufeng.scores["A2"] == ["0.00", "0.00", "0.00"]
    assert wufeng.scores["B1"] == ["80.00", "4.20", "4.20"]
    assert wufeng.scores["E3"] == ["83.33", "2.67", "2.67"]
    assert wufeng.scores["C2"] == [None, "0.00", "0.00"]
    assert wufeng.total == Decimal("26.9")  # 16 + 4.2 + 4 + 2.67 = 26.87
    assert wufeng.subtotals == {"A": "16.00", "B": "4.20", "C": "0.00", "D": "4.00", "E": "2.67"}
    assert (wufeng.rank_county, wufeng.rank_township, wufeng.grade, wufeng.change) == (1, 1, 4, "new")
    jiangbang = VillageResult.objects.get(village=scoring_cycle.jiangbang)
    assert (jiangbang.total, jiangbang.rank_county, jiangbang.rank_township) == (Decimal("0.0"), 2, 1)


def test_adjustment_replaces_the_score_and_keeps_the_original(scoring_cycle):
    enter_wufeng(scoring_cycle)
    admin = scoring_cycle.users["admin"]
    services.cycle_start_verification(actor=admin, cycle=scoring_cycle.cycle)
    adjustment = services.adjustment_set(
        actor=scoring_cycle.users["inspector1"],
        cycle=scoring_cycle.cycle,
        village=scoring_cycle.wufeng,
        indicator=scoring_cycle.indicator("B1"),
        points="3",
        reason="抽查发现部分农户饮水未达标",
    )
    assert (adjustment.original_points, adjustment.points) == (Decimal("4.20"), Decimal("3.00"))
    services.cycle_compute(actor=admin, cycle=scoring_cycle.cycle)
    wufeng = VillageResult.objects.get(village=scoring_cycle.wufeng)
    assert wufeng.scores["B1"] == ["80.00", "4.20", "3.00"]
    assert wufeng.total == Decimal("25.7")


def test_grade_and_change_against_last_year(scoring_cycle):
    VillageGrade.objects.create(village=scoring_cycle.wufeng, year=2008, grade=4)
    VillageGrade.objects.create(village=scoring_cycle.jiangbang, year=2008, grade=3)
    enter_wufeng(scoring_cycle)
    cycle = scoring_cycle.cycle
    Cycle.objects.filter(pk=cycle.pk).update(grade1_min=30, grade2_min=20, grade3_min=10)
    cycle.refresh_from_db()
    services.cycle_compute(actor=scoring_cycle.users["admin"], cycle=cycle)
    assert VillageResult.objects.get(village=scoring_cycle.wufeng).grade == 2
    assert VillageResult.objects.get(village=scoring_cycle.wufeng).change == "up2"
    assert VillageResult.objects.get(village=scoring_cycle.jiangbang).change == "down"


def test_finalising_writes_each_grade_with_the_cycle_as_source(verification_cycle):
    admin = verification_cycle.users["admin"]
    services.cycle_finalise(actor=admin, cycle=verification_cycle.cycle, reason=UNSCORED)
    grades = VillageGrade.objects.filter(year=2009).order_by("village__code")
    assert [(g.village.name, g.grade, g.source) for g in grades] == [
        ("五丰村", 4, "2009 年度考核"),
        ("江榜村", 4, "2009 年度考核"),
    ]
    assert grades[0].history.latest().history_user == admin
    assert verification_cycle.cycle.status == "finalised"


def test_a_finalised_cycle_is_not_recomputed(verification_cycle):
    admin = verification_cycle.users["admin"]
    services.cycle_finalise(actor=admin, cycle=verification_cycle.cycle, reason=UNSCORED)
    with pytest.raises(DomainError) as exc:
        services.cycle_compute(actor=admin, cycle=verification_cycle.cycle)
    assert exc.value.message == "2009 年度考核已定案，不能再重新计算结果"


def test_reopening_a_finalised_cycle_needs_a_reason_and_is_audited(verification_cycle):
    admin, cycle = verification_cycle.users["admin"], verification_cycle.cycle
    services.cycle_finalise(actor=admin, cycle=cycle, reason=UNSCORED)
    with pytest.raises(DomainError) as exc:
        services.cycle_reopen(actor=admin, cycle=cycle, reason=" ")
    assert exc.value.message == "重新打开已定案的考核周期必须写明理由"
    assert Cycle.objects.get(pk=cycle.pk).status == "finalised"
    services.cycle_reopen(actor=admin, cycle=cycle, reason="群众反映五丰村收入数据有误")
    latest = cycle.history.latest()
    assert (latest.status, latest.history_change_reason, latest.history_user) == (
        "verification",
        "重新打开：群众反映五丰村收入数据有误",
        admin,
    )


def test_only_the_administrator_reopens(verification_cycle):
    services.cycle_finalise(actor=verification_cycle.users["admin"], cycle=verification_cycle.cycle, reason=UNSCORED)
    with pytest.raises(DomainError) as exc:
        services.cycle_reopen(actor=verification_cycle.users["leader"], cycle=verification_cycle.cycle, reason="x")
    assert exc.value.message == "只有县升级晋档办（管理员）可以进行此操作"


def test_engine_query_count_does_not_grow_with_villages(scoring_cycle):
    enter_wufeng(scoring_cycle)
    admin, cycle = scoring_cycle.users["admin"], scoring_cycle.cycle
    figures.bump_all()  # the generation rows exist (the first bump of a model creates its row)
    with CaptureQueriesContext(connection) as few:
        services.cycle_compute(actor=admin, cycle=cycle)
    for index in range(5):
        village = VillageFactory(township=scoring_cycle.chengguan, code=f"61072410030{index}", name=f"新村{index}")
        HouseholdFactory(group=GroupFactory(village=village, code=f"{village.code}01"))
        VillageGrade.objects.create(village=village, year=2008, grade=4)
    services.samples_draw_all(actor=admin, cycle=cycle)
    with CaptureQueriesContext(connection) as many:
        services.cycle_compute(actor=admin, cycle=cycle)
    assert VillageResult.objects.count() == 7
    assert len(many) == len(few)


def test_run_assessment_and_grade_summary_commands(verification_cycle, capsys):
    baseline = VillageGrade.objects.create(village=verification_cycle.wufeng, year=2008, grade=3)
    call_command("run_assessment", "--year", "2009", "--finalise", "--force", "--reason", UNSCORED)
    assert capsys.readouterr().out.strip().splitlines() == [
        "2009 年度考核已定案：2 个村，一类 0，二类 0，三类 0，四类 2",
        "（强制定案：24 项评分未填，理由已记入修改历史）",
    ]
    call_command("grade_summary", "--year", "2009", "--json")
    assert json.loads(capsys.readouterr().out) == {
        "year": 2009,
        "villages": 2,
        "grades": {"1": 0, "2": 0, "3": 0, "4": 2},
        "previous": {"1": 0, "2": 0, "3": 1, "4": 0},
        "new_grade_1": 0,
        "new_grade_2": 0,
    }
    assert baseline.grade == 3
