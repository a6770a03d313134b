"""Inspection changes show at once (adjustments and ballots recompute the village's totals, grade
and ranks), and what the engine reads is kept with the cycle (A1, A2, E3: ComputedValue)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessment import services
from assessment.models import ComputedValue, VillageResult
from households.models import Household

from .test_engine import enter_wufeng

pytestmark = pytest.mark.django_db


def _result(aw, village):
    return VillageResult.objects.get(cycle=aw.cycle, village=village)


def _computed(aw):
    return {
        (c.village.name, c.indicator.code): (c.value, c.basis)
        for c in ComputedValue.objects.filter(cycle=aw.cycle).select_related("village", "indicator")
    }


# --- inspection changes show at once ----------------------------------------------------------


def test_ballots_after_a_computation_update_e3_and_the_total_at_once(scoring_cycle):
    enter_wufeng(scoring_cycle)
    services.cycle_compute(actor=scoring_cycle.users["admin"], cycle=scoring_cycle.cycle)
    assert _result(scoring_cycle, scoring_cycle.wufeng).total == Decimal("26.9")
    services.ballot_record(actor=scoring_cycle.users["inspector1"], cycle=scoring_cycle.cycle,
                           village=scoring_cycle.wufeng, satisfied=0, basically_satisfied=0, unsatisfied=10)
    wufeng = _result(scoring_cycle, scoring_cycle.wufeng)
    assert wufeng.scores["E3"] == ["0.00", "0.00", "0.00"]
    assert (wufeng.total, wufeng.subtotals["E"]) == (Decimal("24.2"), "0.00")
    assert _computed(scoring_cycle)[("五丰村", "E3")] == (
        Decimal("0.00"), {"satisfied": 0, "basically_satisfied": 0, "unsatisfied": 10})


def test_adjustments_move_the_total_grade_and_ranks_at_once_and_keep_the_original(scoring_cycle):
    enter_wufeng(scoring_cycle)
    admin, cycle = scoring_cycle.users["admin"], scoring_cycle.cycle
    services.cycle_start_verification(actor=admin, cycle=cycle)
    services.cycle_compute(actor=admin, cycle=cycle)
    inspector = scoring_cycle.users["inspector1"]
    lowered = services.adjustment_set(actor=inspector, cycle=cycle, village=scoring_cycle.wufeng,
                                      indicator=scoring_cycle.indicator("A1"), points="0", reason="收入台账不实")
    wufeng = _result(scoring_cycle, scoring_cycle.wufeng)
    assert wufeng.scores["A1"] == ["4000.00", "16.00", "0.00"]
    assert (wufeng.total, wufeng.original_total, wufeng.is_adjusted) == (Decimal("10.9"), Decimal("26.9"), True)
    services.adjustment_set(actor=admin, cycle=cycle, village=scoring_cycle.jiangbang,
                            indicator=scoring_cycle.indicator("A1"), points="20", reason="核实后满分")
    wufeng, jiangbang = _result(scoring_cycle, scoring_cycle.wufeng), _result(scoring_cycle, scoring_cycle.jiangbang)
    assert (jiangbang.total, jiangbang.rank_county, jiangbang.rank_township) == (Decimal("20.0"), 1, 1)
    assert (wufeng.rank_county, wufeng.rank_township) == (2, 1)
    services.adjustment_delete(actor=admin, adjustment=lowered)
    wufeng = _result(scoring_cycle, scoring_cycle.wufeng)
    assert (wufeng.total, wufeng.rank_county, wufeng.is_adjusted) == (Decimal("26.9"), 1, False)


def test_the_inspection_page_shows_the_final_total_beside_the_original(scoring_cycle):
    enter_wufeng(scoring_cycle)
    admin, cycle = scoring_cycle.users["admin"], scoring_cycle.cycle
    services.cycle_start_verification(actor=admin, cycle=cycle)
    services.cycle_compute(actor=admin, cycle=cycle)
    client = scoring_cycle.client_for("inspector1")
    client.post(reverse("assessment:adjustment_save", args=[2009, "610724100201"]),
                {"indicator": "A1", "points": "0", "reason": "收入台账不实"})
    body = client.get(reverse("assessment:inspection_village", args=[2009, "610724100201"])).content.decode()
    assert "总分 10.9，四类村，全县第 1，乡镇第 1" in body and "（调整前总分 26.9）" in body
    sheet = client.get(reverse("assessment:score_sheet", args=[2009, "610724100201"])).content.decode()
    assert "（调整前总分 26.9）" in sheet


def test_before_the_first_computation_an_inspection_change_computes_nothing(scoring_cycle):
    services.ballot_record(actor=scoring_cycle.users["inspector1"], cycle=scoring_cycle.cycle,
                           village=scoring_cycle.wufeng, satisfied=5, basically_satisfied=0, unsatisfied=0)
    assert not VillageResult.objects.exists() and not ComputedValue.objects.exists()


# --- what the engine reads is kept --------------------------------------------------------------


def test_computing_keeps_a1_a2_and_e3_with_what_they_came_from(scoring_cycle):
    enter_wufeng(scoring_cycle)
    services.cycle_compute(actor=scoring_cycle.users["admin"], cycle=scoring_cycle.cycle)
    kept = _computed(scoring_cycle)
    assert sorted(kept) == [(v, c) for v in ("五丰村", "江榜村") for c in ("A1", "A2", "E3")]
    value, basis = kept[("五丰村", "A1")]
    assert (value, basis["households"], basis["persons"]) == (Decimal("4000.00"), 1, 3)
    assert kept[("五丰村", "A2")] == (Decimal("0.00"), {"with_project": 0, "households": 1})
    assert kept[("五丰村", "E3")] == (Decimal("83.33"), {"satisfied": 40, "basically_satisfied": 10, "unsatisfied": 10})
    assert kept[("江榜村", "A1")] == (None, {}) and kept[("江榜村", "E3")] == (None, {})


def test_a_recomputation_uses_the_kept_a2_not_todays_registry(scoring_cycle):
    admin, cycle = scoring_cycle.users["admin"], scoring_cycle.cycle
    services.cycle_compute(actor=admin, cycle=cycle)
    Household.objects.update(has_income_project=True)
    services.cycle_compute(actor=admin, cycle=cycle)
    assert _computed(scoring_cycle)[("五丰村", "A2")][0] == Decimal("0.00")
    assert _result(scoring_cycle, scoring_cycle.wufeng).scores["A2"] == ["0.00", "0.00", "0.00"]
    services.cycle_reread_registry(actor=admin, cycle=cycle)
    assert _computed(scoring_cycle)[("五丰村", "A2")] == (Decimal("100.00"), {"with_project": 1, "households": 1})
    assert _result(scoring_cycle, scoring_cycle.wufeng).scores["A2"] == ["100.00", "8.00", "8.00"]
    latest = ComputedValue.objects.get(village=scoring_cycle.wufeng, indicator__code="A2").history.latest()
    assert latest.history_user == admin


def test_a_reopened_old_cycle_does_not_read_todays_registry(verification_cycle):
    admin, cycle = verification_cycle.users["admin"], verification_cycle.cycle
    services.cycle_finalise(actor=admin, cycle=cycle, reason="测试：未评分也定案")
    Household.objects.update(has_income_project=True)
    services.cycle_reopen(actor=admin, cycle=cycle, reason="复核")
    services.cycle_compute(actor=admin, cycle=cycle)
    assert _result(verification_cycle, verification_cycle.wufeng).scores["A2"] == ["0.00", "0.00", "0.00"]
    assert _computed(verification_cycle)[("江榜村", "A2")][0] == Decimal("0.00")


def test_the_administrator_rereads_the_registry_from_the_cycle_page(scoring_cycle):
    client = scoring_cycle.client_for("admin")
    action = reverse("assessment:cycle_action", args=[2009])
    client.post(action, {"action": "compute"})
    Household.objects.update(has_income_project=True)
    detail = client.get(reverse("assessment:cycle_detail", args=[2009])).content.decode()
    assert 'value="reread_registry"' in detail
    response = client.post(action, {"action": "reread_registry"}, follow=True)
    assert "已重新读取农户数据库（A2）并重新计算全部结果" in response.content.decode()
    assert _computed(scoring_cycle)[("江榜村", "A2")][0] == Decimal("100.00")
    assert scoring_cycle.client_for("leader").post(action, {"action": "reread_registry"}).status_code == 403
