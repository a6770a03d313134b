"""The income survey: stored, re-derivable draws; responses only for sampled households;
the administrator's audited redraw; the draw_income_sample command."""

import json
import random
from decimal import Decimal

import pytest
from django.core.management import call_command

from assessment import sampling, services
from assessment.models import SampleDraw, SurveyResponse
from households.models import Household
from xixiang.core.errors import DomainError

from ..factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def test_scoring_draws_every_village_and_the_draw_is_rederived_from_its_seed(scoring_cycle):
    draw = SampleDraw.objects.get(cycle=scoring_cycle.cycle, village=scoring_cycle.wufeng)
    assert (draw.population, draw.size, draw.interval, draw.positions) == (1, 1, 1.0, [0])
    assert draw.household_numbers == [scoring_cycle.own_household.number]
    assert draw.frame == [scoring_cycle.own_household.number]
    again = draw.rederive()
    assert (list(again.positions), float(again.start)) == (draw.positions, draw.start)
    assert SampleDraw.objects.filter(cycle=scoring_cycle.cycle).count() == 2


def test_frame_is_ordered_by_group_then_household_number_and_systematic(world, departments, scorers):
    from ..factories import GroupFactory

    second = GroupFactory(village=world.wufeng, code="61072410020102", name="二组")
    for group in (second, world.wufeng_group):  # created out of order on purpose
        for n in range(100, 112):
            HouseholdFactory(group=group, number=f"{group.code}{n:03d}")
    admin = world.users["admin"]
    cycle = services.cycle_open(actor=admin, year=2009)
    services.cycle_start_scoring(actor=admin, cycle=cycle, seed_rng=random.Random(5))
    draw = SampleDraw.objects.get(cycle=cycle, village=world.wufeng)
    assert draw.frame == sorted(draw.frame)
    numbers = Household.objects.filter(village=world.wufeng).values_list("group__code", "number")
    assert draw.frame == [number for _code, number in sorted(numbers)]
    assert draw.frame[-1] == "61072410020102111"
    assert (draw.population, draw.size) == (25, 10)
    expected = sampling.draw(25, 10, draw.seed)
    assert draw.positions == list(expected.positions)
    assert draw.household_numbers == [draw.frame[p] for p in expected.positions]


def test_surveyor_enters_a_sampled_households_income_and_the_estimate_follows(scoring_cycle):
    draw = scoring_cycle.cycle.draws.get(village=scoring_cycle.wufeng)
    response = services.survey_response_save(
        actor=scoring_cycle.users["surveyor1"],
        draw=draw,
        household_number=draw.household_numbers[0],
        total_income="20000",
        business_expenses="5000",
        taxes_and_fees="100",
        depreciation="400",
        gifts_outside="500",
        resident_members="4",
    )
    assert (response.net_income, response.per_capita) == (Decimal("14000.00"), Decimal("3500.00"))
    assert response.history.latest().history_user.username == "surveyor1"


def test_a_response_for_a_household_that_was_not_sampled_is_refused(scoring_cycle):
    draw = scoring_cycle.cycle.draws.get(village=scoring_cycle.wufeng)
    with pytest.raises(DomainError) as exc:
        services.survey_response_save(
            actor=scoring_cycle.users["surveyor1"],
            draw=draw,
            household_number=scoring_cycle.other_household.number,
            total_income="1000",
            business_expenses="0",
            resident_members=1,
        )
    assert exc.value.message == f"户 {scoring_cycle.other_household.number} 不是本村的样本户，不能录入调查数据"
    assert not SurveyResponse.objects.exists()


def test_negative_income_items_are_refused(scoring_cycle):
    draw = scoring_cycle.cycle.draws.get(village=scoring_cycle.wufeng)
    number = draw.household_numbers[0]
    with pytest.raises(DomainError) as exc:
        services.survey_response_save(
            actor=scoring_cycle.users["surveyor1"],
            draw=draw,
            household_number=number,
            total_income="-5",
            business_expenses="0",
            resident_members=1,
        )
    assert exc.value.message == f"户 {number}：金额不能为负数"
    assert not SurveyResponse.objects.exists()


def test_surveyor_cannot_enter_outside_assigned_villages(scoring_cycle):
    draw = scoring_cycle.cycle.draws.get(village=scoring_cycle.jiangbang)
    with pytest.raises(DomainError) as exc:
        services.survey_response_save(
            actor=scoring_cycle.users["surveyor1"],
            draw=draw,
            household_number=draw.household_numbers[0],
            total_income="1",
            business_expenses="0",
            resident_members=1,
        )
    assert exc.value.message == "您无权录入该村的调查数据"


def test_redraw_needs_the_administrator_and_a_reason_and_is_audited(scoring_cycle):
    cycle, wufeng = scoring_cycle.cycle, scoring_cycle.wufeng
    with pytest.raises(DomainError) as exc:
        services.sample_redraw(actor=scoring_cycle.users["surveyor1"], cycle=cycle, village=wufeng, reason="重抽")
    assert exc.value.message == "只有县升级晋档办（管理员）可以进行此操作"
    with pytest.raises(DomainError) as exc:
        services.sample_redraw(actor=scoring_cycle.users["admin"], cycle=cycle, village=wufeng, reason="")
    assert exc.value.message == "重新抽样必须写明理由"
    draw = services.sample_redraw(
        actor=scoring_cycle.users["admin"], cycle=cycle, village=wufeng, reason="农户迁出", seed=42
    )
    assert draw.seed == 42
    latest = draw.history.latest()
    assert (latest.history_change_reason, latest.history_user.username) == ("重新抽样：农户迁出", "admin")


def test_draw_income_sample_command_prints_the_stored_draw_as_json(scoring_cycle, capsys):
    draw = scoring_cycle.cycle.draws.get(village=scoring_cycle.wufeng)
    call_command("draw_income_sample", "--year", "2009", "--village", "610724100201", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data == {
        "year": 2009,
        "village": "610724100201",
        "name": "五丰村",
        "N": 1,
        "n": 1,
        "k": 1.0,
        "r": draw.start,
        "seed": draw.seed,
        "positions": [0],
        "households": [scoring_cycle.own_household.number],
    }


def test_draw_income_sample_command_draws_a_village_without_a_draw_from_the_given_seed(scoring_cycle, capsys):
    scoring_cycle.cycle.draws.filter(village=scoring_cycle.jiangbang).delete()
    call_command("draw_income_sample", "--year", "2009", "--village", "610724108201", "--seed", "7", "--json")
    data = json.loads(capsys.readouterr().out)
    assert (data["seed"], data["N"], data["n"], data["positions"]) == (7, 1, 1, [0])
    assert SampleDraw.objects.get(cycle=scoring_cycle.cycle, village=scoring_cycle.jiangbang).seed == 7
