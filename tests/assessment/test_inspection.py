"""Inspection teams: ballots, spot checks and adjustments (bad input refused, nothing stored)."""

import datetime

import pytest

from assessment import services
from assessment.models import Adjustment, Ballot, SpotCheck
from xixiang.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_ballots_are_recorded_and_corrected(scoring_cycle):
    aw = scoring_cycle
    services.ballot_record(
        actor=aw.users["inspector1"],
        cycle=aw.cycle,
        village=aw.wufeng,
        satisfied=30,
        basically_satisfied=8,
        unsatisfied=2,
    )
    ballot = services.ballot_record(
        actor=aw.users["inspector1"],
        cycle=aw.cycle,
        village=aw.wufeng,
        satisfied="31",
        basically_satisfied=8,
        unsatisfied=1,
    )
    assert (ballot.satisfied, ballot.total, Ballot.objects.count()) == (31, 40, 1)


def test_ballots_with_negative_counts_are_refused(scoring_cycle):
    aw = scoring_cycle
    with pytest.raises(DomainError) as exc:
        services.ballot_record(
            actor=aw.users["inspector1"],
            cycle=aw.cycle,
            village=aw.wufeng,
            satisfied=30,
            basically_satisfied=-1,
            unsatisfied=2,
        )
    assert exc.value.message == "票数不能为负数"
    assert not Ballot.objects.exists()


def test_ballots_that_are_not_whole_numbers_are_refused(scoring_cycle):
    aw = scoring_cycle
    with pytest.raises(DomainError) as exc:
        services.ballot_record(
            actor=aw.users["inspector1"],
            cycle=aw.cycle,
            village=aw.wufeng,
            satisfied="三十",
            basically_satisfied=1,
            unsatisfied=2,
        )
    assert exc.value.message == "满意：“三十”不是数字"
    assert not Ballot.objects.exists()


def test_inspector_works_only_in_assigned_villages(scoring_cycle):
    aw = scoring_cycle
    with pytest.raises(DomainError) as exc:
        services.ballot_record(
            actor=aw.users["inspector1"],
            cycle=aw.cycle,
            village=aw.jiangbang,
            satisfied=1,
            basically_satisfied=1,
            unsatisfied=1,
        )
    assert exc.value.message == "您无权检查该村"


def test_spot_check_is_recorded_with_findings(scoring_cycle):
    aw = scoring_cycle
    check = services.spot_check_add(
        actor=aw.users["inspector1"],
        cycle=aw.cycle,
        village=aw.wufeng,
        date=datetime.date(2009, 12, 5),
        households_visited=8,
        findings="收入台账与调查一致",
    )
    assert (check.households_visited, check.inspector.username) == (8, "inspector1")
    with pytest.raises(DomainError) as exc:
        services.spot_check_add(
            actor=aw.users["inspector1"],
            cycle=aw.cycle,
            village=aw.wufeng,
            date=datetime.date(2009, 12, 5),
            households_visited=8,
            findings=" ",
        )
    assert exc.value.message == "请填写抽查发现的问题及结论"
    assert SpotCheck.objects.count() == 1


def test_an_adjustment_without_a_reason_is_refused(verification_cycle):
    aw = verification_cycle
    with pytest.raises(DomainError) as exc:
        services.adjustment_set(
            actor=aw.users["inspector1"],
            cycle=aw.cycle,
            village=aw.wufeng,
            indicator=aw.indicator("C3"),
            points="2",
            reason="  ",
        )
    assert exc.value.message == "调整分数必须写明理由"
    assert not Adjustment.objects.exists()


def test_an_adjustment_above_the_maximum_is_refused(verification_cycle):
    aw = verification_cycle
    with pytest.raises(DomainError) as exc:
        services.adjustment_set(
            actor=aw.users["inspector1"],
            cycle=aw.cycle,
            village=aw.wufeng,
            indicator=aw.indicator("C3"),
            points="4.5",
            reason="核减",
        )
    assert exc.value.message == "分数必须在 0 到 4 之间"
    assert not Adjustment.objects.exists()


def test_adjustments_wait_for_verification(scoring_cycle):
    aw = scoring_cycle
    with pytest.raises(DomainError) as exc:
        services.adjustment_set(
            actor=aw.users["inspector1"],
            cycle=aw.cycle,
            village=aw.wufeng,
            indicator=aw.indicator("C3"),
            points="2",
            reason="核减",
        )
    assert exc.value.message == "2009 年度考核处于“部门打分”阶段，只有“检查验收”阶段可以调整分数"


def test_withdrawing_an_adjustment_restores_the_department_score(verification_cycle):
    aw = verification_cycle
    adjustment = services.adjustment_set(
        actor=aw.users["inspector1"],
        cycle=aw.cycle,
        village=aw.wufeng,
        indicator=aw.indicator("C3"),
        points="2",
        reason="核减",
    )
    services.adjustment_delete(actor=aw.users["inspector1"], adjustment=adjustment)
    assert not Adjustment.objects.exists()
    assert Adjustment.history.filter(history_type="-").count() == 1
