"""Reward eligibility, the reward ranking and its tie-break (assessment.rewards: pure, domain.md §7)."""

from decimal import Decimal as D

from assessment import rewards


def row(code, total, grade=1, previous=2, a1="0", township=1, **subtotals):
    return {
        "code": code,
        "village": f"村{code}",
        "total": D(total),
        "grade": grade,
        "previous_grade": previous,
        "township_id": township,
        "points": {"A1": a1},
        "subtotals": {d: subtotals.get(d, "0") for d in "ABCDE"},
    }


def codes(ranking):
    return [r["code"] for r in ranking.chosen]


def test_a_village_already_in_grade_1_last_year_is_not_eligible_for_the_county_reward():
    assert rewards.is_county_eligible(row("v", "90", grade=1, previous=1)) is False


def test_promoted_to_grade_1_or_risen_two_grades_is_eligible_and_one_grade_up_to_grade_2_is_not():
    assert rewards.is_county_eligible(row("v", "90", grade=1, previous=2)) is True
    assert rewards.is_county_eligible(row("v", "90", grade=1, previous=None)) is True
    assert rewards.is_county_eligible(row("v", "75", grade=2, previous=4)) is True
    assert rewards.is_county_eligible(row("v", "75", grade=2, previous=3)) is False
    assert rewards.is_county_eligible(row("v", "60", grade=3, previous=4)) is False


def test_the_county_list_is_the_five_best_eligible_totals_without_the_village_already_in_grade_1():
    rows = [
        row("v0", "95", grade=1, previous=1),  # best total but grade 1 last year
        row("v1", "90"),
        row("v2", "84", grade=2, previous=4),
        row("v3", "83", grade=2, previous=3),  # one grade up to grade 2: not eligible
        row("v4", "82", grade=2, previous=4),
        row("v5", "81", grade=2, previous=4),
        row("v6", "80", grade=2, previous=4),
        row("v7", "79", grade=2, previous=4),
    ]
    ranking = rewards.county_rewards(rows, 5)
    assert codes(ranking) == ["v1", "v2", "v4", "v5", "v6"]
    assert [r["reward_rank"] for r in ranking.chosen] == [1, 2, 3, 4, 5]
    assert ranking.ties == []


def test_a_forced_tie_at_the_cut_is_broken_by_a1_and_reported():
    rows = [row(f"v{i}", str(90 - i)) for i in range(4)]
    rows += [row("v8", "80.0", a1="12.00"), row("v9", "80.0", a1="16.00")]
    ranking = rewards.county_rewards(rows, 5)
    assert codes(ranking) == ["v0", "v1", "v2", "v3", "v9"]
    assert ranking.ties == [rewards.TieBreak(("v9", "v8"), ("村v9", "村v8"), D("80.0"), "A1", at_cut=True)]


def test_equal_a1_is_broken_by_the_dimension_subtotals_in_order_a_to_e():
    first = row("v2", "80", a1="16", A="30", B="20", C="10", D="10", E="10")
    second = row("v1", "80", a1="16", A="30", B="20", C="9.5", D="10.5", E="10")
    ranking = rewards.top([second, first], 1)
    assert codes(ranking) == ["v2"]
    assert [(t.codes, t.key, t.at_cut) for t in ranking.ties] == [(("v2", "v1"), "C", True)]


def test_everything_equal_the_lower_village_code_comes_first():
    ranking = rewards.top([row("610724100203", "80"), row("610724100202", "80")], 1)
    assert codes(ranking) == ["610724100202"]
    assert ranking.ties[0].key == "code"


def test_ties_inside_the_list_are_reported_but_do_not_decide_the_cut():
    rows = [row("v1", "90", a1="20"), row("v2", "90", a1="16"), row("v3", "85")]
    ranking = rewards.top(rows, 3)
    assert [(t.codes, t.key, t.at_cut) for t in ranking.ties] == [(("v1", "v2"), "A1", False)]


def test_fewer_eligible_villages_than_the_count_gives_them_all():
    assert codes(rewards.county_rewards([row("v1", "90"), row("v2", "88", previous=1)], 5)) == ["v1"]


def test_the_township_list_has_exactly_one_village_per_township_even_when_tied():
    rows = [
        row("610724100201", "70", grade=2, previous=2, township=1),
        row("610724100202", "70", grade=2, previous=2, township=1, a1="8"),
        row("610724108201", "60", grade=3, previous=3, township=2),
        row("610724108202", "50", grade=4, previous=4, township=2),
    ]
    rankings = rewards.township_rewards(rows)
    assert [codes(r) for r in rankings] == [["610724100202"], ["610724108201"]]
    assert [(t.codes, t.key, t.at_cut) for t in rankings[0].ties] == [(("610724100202", "610724100201"), "A1", True)]
    assert rankings[1].ties == []
