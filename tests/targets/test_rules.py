from decimal import Decimal
from types import SimpleNamespace

from targets import rules

THRESHOLDS = SimpleNamespace(grade1_min=Decimal("85"), grade2_min=Decimal("70"), grade3_min=Decimal("55"))
PLAN = [2009, 2010, 2011]


def test_the_baseline_is_last_years_grade_else_last_years_target_else_earlier():
    assert rules.baseline_grade(2009, {2008: 4}, {2009: 3}) == 4
    assert rules.baseline_grade(2010, {2008: 4}, {2009: 3}) == 3
    assert rules.baseline_grade(2010, {2008: 4, 2009: 2}, {2009: 3}) == 2
    assert rules.baseline_grade(2011, {2008: 4}, {}) == 4
    assert rules.baseline_grade(2009, {}, {}) is None


def test_an_upgrade_is_a_better_grade_than_the_baseline():
    assert rules.is_upgrade(3, 4) is True
    assert rules.is_upgrade(3, 3) is False
    assert rules.is_upgrade(None, 4) is False
    assert rules.is_upgrade(2, None) is False


def test_a_target_is_reached_by_a_grade_at_least_as_good_and_unknown_without_a_grade():
    assert rules.is_reached(3, 3) is True
    assert rules.is_reached(3, 2) is True
    assert rules.is_reached(2, 3) is False
    assert rules.is_reached(2, None) is None


def test_a_target_is_at_risk_when_the_provisional_total_is_below_its_threshold():
    assert rules.is_at_risk(Decimal("69.9"), 2, THRESHOLDS) is True
    assert rules.is_at_risk(Decimal("70.0"), 2, THRESHOLDS) is False
    assert rules.is_at_risk(Decimal("10"), 4, THRESHOLDS) is False
    assert rules.is_at_risk(None, 1, THRESHOLDS) is False


def test_shares_are_fractions_and_none_without_a_whole():
    assert rules.share(1, 3) == 0.3333
    assert rules.share(0, 0) is None
    assert rules.percent(0.3333) == 33
    assert rules.percent(None) == 0


def test_a_target_outside_one_to_four_is_refused_with_its_year():
    assert rules.target_problem(5, year=2009, plan_years=PLAN, current_grade=4) == (
        "2009 年目标级类必须是 1 到 4 的整数，而不是“5”")
    assert rules.target_problem("甲", year=2010, plan_years=PLAN, current_grade=4) == (
        "2010 年目标级类必须是 1 到 4 的整数，而不是“甲”")


def test_a_target_worse_than_the_current_grade_or_the_year_before_is_refused():
    assert rules.target_problem(4, year=2009, plan_years=PLAN, current_grade=3) == (
        "2009 年目标级类 4 低于该村现有级类 3（1 类最好）")
    assert rules.target_problem(3, year=2010, plan_years=PLAN, current_grade=4, earlier_target=2) == (
        "2010 年目标级类 3 低于上一年度的目标级类 2")
    assert rules.target_problem(3, year=2009, plan_years=PLAN, current_grade=3) is None


def test_a_year_outside_the_plan_is_refused():
    assert rules.target_problem(3, year=2012, plan_years=PLAN, current_grade=4) == (
        "年度 2012 不在规划期内（2009–2011 年）")


def test_grade_cells_are_read_as_typed():
    assert rules.parse_grade(3.0) == 3
    assert rules.parse_grade(" ２ ") == 2
    assert rules.parse_grade("二类") == 2
    assert rules.parse_grade("") is None
    assert rules.parse_grade(None) is None
    assert rules.parse_grade("A") == "A"
    assert rules.parse_grade(2.5) == "2.5"
