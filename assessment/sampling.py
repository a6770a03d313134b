"""The income survey (等距定点、随机起点, domain.md §8). Pure functions.

1. Frame: the village's households ordered by group code, then household number.
2. n = max(min_n, ceil(rate × N)), capped at N.
3. k = N / n (fractional allowed); r uniform in [0, k) from a recorded seed;
   positions ⌊r + i·k⌋ for i = 0..n−1 (0-based).
4. The draw is re-derived exactly from (N, n, seed).
5. Estimate: ratio Σ net income / Σ resident members, with its standard error
   (ratio_estimate_from_sums: the linearised (Taylor) variance of a ratio under simple random
   sampling without replacement, with the finite-population correction 1 − n/N).
6. Survey against registry (数据比对): flagged when |estimate − registry| > 3 standard errors.
7. Inspection spot checks (实地随机到户抽查, domain.md §11): a simple random draw of households to
   visit, re-derived exactly from (N, size, seed).

Arithmetic on k and r uses exact fractions so that ⌊r + i·k⌋ never suffers from float error.
"""

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from fractions import Fraction

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Draw:
    population: int  # N
    size: int  # n
    interval: Fraction  # k = N / n
    start: Fraction  # r in [0, k)
    seed: int
    positions: tuple[int, ...]

    @property
    def interval_float(self) -> float:
        return float(self.interval)

    @property
    def start_float(self) -> float:
        return float(self.start)


def sample_size(population: int, rate: Decimal = Decimal("0.10"), min_n: int = 10) -> int:
    """n = max(min_n, ceil(rate × N)), capped at N (0 for an empty frame)."""
    if population <= 0:
        return 0
    wanted = int((Decimal(rate) * population).to_integral_value(rounding=ROUND_CEILING))
    return min(population, max(min_n, wanted))


def start_from_seed(seed: int, interval: Fraction) -> Fraction:
    """The random start r = U · k with U the first draw of random.Random(seed), exactly."""
    return Fraction(random.Random(seed).random()) * interval


def positions(population: int, size: int, start: Fraction) -> tuple[int, ...]:
    """⌊r + i·k⌋ for i = 0..n−1 with k = N/n (0-based positions in the frame)."""
    if size <= 0:
        return ()
    interval = Fraction(population, size)
    if not 0 <= start < interval:
        raise ValueError("随机起点必须在 [0, k) 之内")
    return tuple(math.floor(start + i * interval) for i in range(size))


def draw(population: int, size: int, seed: int) -> Draw:
    """A systematic sample of `size` from `population` with the start drawn from `seed`."""
    if size > population:
        raise ValueError("样本量不能大于总体")
    if size <= 0:
        return Draw(population, 0, Fraction(0), Fraction(0), seed, ())
    interval = Fraction(population, size)
    start = start_from_seed(seed, interval)
    return Draw(population, size, interval, start, seed, positions(population, size, start))


def new_seed(rng: random.Random | None = None) -> int:
    """A fresh seed to record with a draw (a non-negative 31-bit integer)."""
    return (rng or random.SystemRandom()).randrange(0, 2**31)


@dataclass(frozen=True)
class Estimate:
    """Ratio estimate of per-capita net income and its standard error (yuan)."""

    per_capita: Decimal | None
    standard_error: Decimal | None
    households: int
    persons: int


def ratio_estimate_from_sums(n: int, population: int, sum_y: Decimal, sum_x: Decimal,
                             sum_yy: Decimal, sum_xx: Decimal, sum_xy: Decimal) -> Estimate:
    """R = Σy / Σx; SE(R) = sqrt((1 − n/N) / (n · x̄²) · Σ(y − R·x)² / (n − 1)).

    y = a household's net income, x = its resident members, n responding households out of
    the village's N. This is the linearised (Taylor) variance of the ratio estimator: the
    residuals e = y − R·x have the sample variance s_e² = Σe² / (n − 1), and
    Var(R) ≈ (1 − n/N) · s_e² / (n · x̄²), with Σe² = Σy² − 2R·Σxy + R²·Σx². The systematic
    sample is treated as a simple random sample without replacement (the usual approximation);
    tests/assessment/test_standard_error.py checks it against samplics' TaylorEstimator.
    The only formula of the estimate: the engine, the survey pages and survey_report use it.
    SE is None for n < 2; it is 0 when every household was sampled (n = N).
    """
    if n <= 0 or sum_x <= 0:
        return Estimate(None, None, n, int(sum_x or 0))
    ratio = Decimal(sum_y) / Decimal(sum_x)
    per_capita = ratio.quantize(CENT, rounding=ROUND_HALF_UP)
    if n < 2:
        return Estimate(per_capita, None, n, int(sum_x))
    r = float(ratio)
    residual = float(sum_yy) - 2 * r * float(sum_xy) + r * r * float(sum_xx)
    residual = max(residual, 0.0)
    mean_x = float(sum_x) / n
    fpc = max(0.0, 1 - n / population) if population else 1.0
    variance = fpc / (n * mean_x * mean_x) * residual / (n - 1)
    se = Decimal(repr(math.sqrt(variance))).quantize(CENT, rounding=ROUND_HALF_UP)
    return Estimate(per_capita, se, n, int(sum_x))


def ratio_estimate(pairs: Iterable[tuple[Decimal, int]], population: int) -> Estimate:
    """The estimate from (net income, resident members) pairs of the responding households."""
    pairs = [(Decimal(y), Decimal(x)) for y, x in pairs]
    return ratio_estimate_from_sums(
        len(pairs), population,
        sum((y for y, _ in pairs), Decimal(0)), sum((x for _, x in pairs), Decimal(0)),
        sum((y * y for y, _ in pairs), Decimal(0)), sum((x * x for _, x in pairs), Decimal(0)),
        sum((x * y for y, x in pairs), Decimal(0)),
    )


FLAG_STANDARD_ERRORS = 3


def differs_from_registry(estimate: Decimal | None, standard_error: Decimal | None,
                          registry: Decimal | None) -> bool | None:
    """True when the survey estimate and the registry's figure differ by more than three standard
    errors (fabricated or mistyped data); None when one of them is missing (nothing to compare).

    With every household sampled (n = N) the standard error is 0 and any difference is flagged."""
    if estimate is None or standard_error is None or registry is None:
        return None
    return abs(Decimal(estimate) - Decimal(registry)) > FLAG_STANDARD_ERRORS * Decimal(standard_error)


def visit_positions(population: int, size: int, seed: int) -> tuple[int, ...]:
    """The households an inspection group visits (实地随机到户抽查): `size` distinct 0-based positions
    of the village's frame drawn at random without replacement from `seed`, in frame order.

    Re-derivable: the same (N, size, seed) always gives the same positions."""
    if size < 0 or population < 0:
        raise ValueError("样本量和总户数不能为负数")
    size = min(size, population)
    return tuple(sorted(random.Random(seed).sample(range(population), size)))
