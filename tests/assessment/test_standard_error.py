"""The survey's ratio estimate and its linearised standard error (assessment.sampling, the one
formula the engine, the survey pages and survey_report use) agree with samplics' Taylor
estimator of a ratio under simple random sampling without replacement (the finite-population
correction 1 − n/N), on several villages."""

import random
import warnings
from decimal import Decimal

import numpy as np
import pytest

from assessment import sampling
from assessment.services.engine import survey_estimates

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # samplics announces it is archived in favour of svy
    from samplics import PopParam
    from samplics.estimation import TaylorEstimator


def samplics_ratio(pairs, population):
    """(ratio, standard error) by samplics: weights N/n, fpc 1 − n/N, no strata or clusters."""
    y = np.array([float(net) for net, _ in pairs])
    x = np.array([float(members) for _, members in pairs])
    n = len(pairs)
    estimator = TaylorEstimator(PopParam.ratio)
    estimator.estimate(y=y, x=x, samp_weight=np.full(n, population / n), fpc=1 - n / population)
    return Decimal(repr(float(estimator.point_est))), Decimal(repr(float(estimator.stderror)))


def village(seed: int, n: int, level: float, spread: float):
    """n sampled households: net income (yuan, to the fen) and resident members, of a village
    whose per-capita income is about `level`."""
    rng = random.Random(seed)
    pairs = []
    for _ in range(n):
        members = rng.choices([1, 2, 3, 4, 5, 6, 7, 8], weights=[5, 14, 24, 26, 17, 8, 4, 2])[0]
        per_capita = max(300.0, rng.gauss(level, spread))
        pairs.append((Decimal(str(round(per_capita * members, 2))), members))
    return pairs


VILLAGES = [  # (seed, n, N, level, spread): small and large villages, poor and well-off, even and uneven
    (1, 10, 31, 3200, 1500),
    (2, 10, 100, 1800, 500),
    (3, 12, 117, 4800, 2500),
    (4, 36, 360, 3300, 1800),
    (5, 41, 402, 2600, 900),
    (6, 10, 10, 3000, 1000),  # every household sampled: the standard error is 0
]


@pytest.mark.parametrize(("seed", "n", "population", "level", "spread"), VILLAGES)
def test_ratio_estimate_and_standard_error_agree_with_samplics(seed, n, population, level, spread):
    pairs = village(seed, n, level, spread)
    ours = sampling.ratio_estimate(pairs, population)
    ratio, error = samplics_ratio(pairs, population)
    assert ours.households == n
    assert abs(ours.per_capita - ratio) <= Decimal("0.005")
    assert abs(ours.standard_error - error) <= Decimal("0.005")


def test_without_the_finite_population_correction_the_error_would_be_larger():
    pairs = village(4, 36, 3300, 1800)
    corrected = sampling.ratio_estimate(pairs, 360).standard_error
    uncorrected = sampling.ratio_estimate(pairs, 10**9).standard_error
    assert corrected < uncorrected
    assert abs(corrected - uncorrected * Decimal(repr((1 - 36 / 360) ** 0.5))) <= Decimal("0.01")


def test_the_standard_error_of_a_single_household_is_not_defined():
    estimate = sampling.ratio_estimate([(Decimal("9000"), 3)], 20)
    assert (estimate.per_capita, estimate.standard_error) == (Decimal("3000.00"), None)


@pytest.mark.django_db
def test_the_engines_sums_from_the_database_give_samplics_figures(scoring_cycle):
    """survey_estimates aggregates Σy, Σx, Σy², Σx², Σxy in SQL: the same figures as samplics."""
    from assessment.models import SurveyResponse

    draw = scoring_cycle.cycle.draws.get(village=scoring_cycle.wufeng)
    pairs = village(7, 15, 3100, 1400)
    draw.population, draw.size = 140, 15
    draw.household_numbers = [f"H{i:03d}" for i in range(15)]
    draw.save()
    SurveyResponse.objects.bulk_create([
        SurveyResponse(draw=draw, household_number=f"H{i:03d}", total_income=net, business_expenses=0,
                       resident_members=members, net_income=net)
        for i, (net, members) in enumerate(pairs)
    ])
    ours = survey_estimates(scoring_cycle.cycle)[scoring_cycle.wufeng.pk]
    ratio, error = samplics_ratio(pairs, 140)
    assert abs(ours.per_capita - ratio) <= Decimal("0.005")
    assert abs(ours.standard_error - error) <= Decimal("0.005")
