"""The demo's survey answers (assessment.demo_plan.survey_rows, pure): derived from the registry
within a small recall error, so a village sampled 10 of 30 or 36 of 360 is not flagged, while
made-up answers are flagged by the survey report's rule."""

import random
from decimal import Decimal

import pytest

from assessment import demo_plan, sampling


def _registry(count: int, seed: int) -> dict[str, demo_plan.RegistryIncome]:
    rng = random.Random(seed)
    registry = {}
    for index in range(count):
        members = rng.randint(1, 7)
        net = Decimal(str(round(rng.uniform(800, 7000) * members, 2)))
        registry[f"H{index:03d}"] = demo_plan.RegistryIncome(
            net, members, (net * Decimal("0.4")).quantize(Decimal("0.01")), Decimal(50), Decimal(200), Decimal(300))
    return registry


def _compare(rows, registry, population):
    estimate = sampling.ratio_estimate([(r["net_income"], r["resident_members"]) for r in rows], population)
    sampled = [registry[r["household_number"]] for r in rows]
    figure = sum(r.net_income for r in sampled) / sum(r.resident_members for r in sampled)
    return estimate, sampling.differs_from_registry(estimate.per_capita, estimate.standard_error,
                                                    figure.quantize(Decimal("0.01")))


@pytest.mark.parametrize(("population", "n", "seed"), [(30, 10, 1), (31, 10, 2), (360, 36, 3), (402, 41, 4)])
def test_answers_follow_the_registry_within_the_recall_error_and_are_not_flagged(population, n, seed):
    registry = _registry(n, seed)
    rows = demo_plan.survey_rows(sorted(registry), registry, random.Random(seed))
    for row in rows:
        record = registry[row["household_number"]]
        assert row["resident_members"] == record.resident_members
        assert abs(row["net_income"] / record.net_income - 1) <= Decimal("0.08")
        items = row["business_expenses"] + row["taxes_and_fees"] + row["depreciation"] + row["gifts_outside"]
        assert row["total_income"] - items == row["net_income"]
    assert _compare(rows, registry, population)[1] is False


@pytest.mark.parametrize(("population", "n", "seed"), [(30, 10, 1), (31, 10, 2), (360, 36, 3), (402, 41, 4)])
def test_made_up_answers_are_flagged(population, n, seed):
    registry = _registry(n, seed)
    rows = demo_plan.survey_rows(sorted(registry), registry, random.Random(seed), fabricated=True)
    estimate, flagged = _compare(rows, registry, population)
    assert flagged is True
    assert all(row["resident_members"] == registry[row["household_number"]].resident_members for row in rows)


def test_the_same_seed_gives_the_same_answers():
    registry = _registry(10, 5)
    assert demo_plan.survey_rows(sorted(registry), registry, random.Random(9)) == demo_plan.survey_rows(
        sorted(registry), registry, random.Random(9))
