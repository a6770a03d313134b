"""Planning the demo's 2009 indicator values (pure: plain values in, plain values out).

The demo must make the real engine produce the article's 2009 result (1 / 12 / 133 / 121
villages in grades 1–4). This module decides, village by village, a target grade and a
target total, then chooses what departments, surveyors and inspection teams would enter
(measured values, direct points, survey responses, ballots) so that the engine's own
scoring functions land the total in that grade's band. Values the demo does not choose
(the registry share of households with an income project) are read and taken as given.
The survey responses are derived from the sampled households' registry records for the year
(survey_rows: a small recall error), except in a few villages whose answers are made up
(FABRICATED), which the survey report (数据比对) flags.
The prediction uses the same pure functions as the engine, so it cannot drift from it.
"""

import random
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from . import sampling, scoring

TARGET_COUNTS = {1: 1, 2: 12, 3: 133, 4: 121}  # article, 2009
DEMONSTRATION = [
    ("城关镇", "五丰村"),
    ("城关镇", "余家山村"),
    ("杨河镇", "李河村"),
    ("峡口镇", "江榜村"),
    ("沙河镇", "枣园村"),
]
# Target totals per grade, kept clear of the thresholds (85 / 70 / 55).
BANDS = {1: (86.5, 90.0), 2: (71.0, 83.5), 3: (56.0, 68.5), 4: (36.0, 53.5)}
# How much a village's survey income (yuan per person above or below 3,000) weighs in its place in
# the queue for the better grades, against terrain (0–1.6), poverty (0.8) and chance (0–1.6).
INCOME_WEIGHT = Decimal("0.0008")
INCOME_CENTRE = Decimal(3000)
# Share (%) of 满意 + 基本满意 ballots by grade.
SATISFACTION = {1: (94, 99), 2: (86, 95), 3: (76, 90), 4: (62, 82)}
TENTH = Decimal("0.1")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class VillageFacts:
    pk: int
    township: str
    name: str
    terrain: str
    is_poor: bool
    grade_2008: int | None


def assign_grades(villages: list[VillageFacts], rng: random.Random,
                  incomes: dict[int, Decimal | None] | None = None) -> dict[int, int]:
    """Target 2009 grade per village: 五丰村 grade 1; the other demonstration villages and the
    2008 grade-3 villages next; then plain, non-poor and better-off villages (`incomes`: the
    survey's per-capita income, which the survey derives from the registry) before hill, mountain
    and poorer ones."""
    incomes = incomes or {}
    demo_rank = {key: index for index, key in enumerate(DEMONSTRATION)}
    terrain = {"plain": 0.0, "hill": 1.0, "mountain": 1.6}

    def key(v: VillageFacts):
        named = demo_rank.get((v.township, v.name))
        if named is not None:
            return (0, named, 0.0)
        if v.grade_2008 == 3:
            return (1, 0, rng.random())
        income = incomes.get(v.pk)
        richer = float((income - INCOME_CENTRE) * INCOME_WEIGHT) if income is not None else 0.0
        return (2, 0, terrain.get(v.terrain, 1.0) + (0.8 if v.is_poor else 0.0) + rng.uniform(0, 1.6) - richer)

    ordered = sorted(villages, key=key)
    grades, start = {}, 0
    for grade, count in TARGET_COUNTS.items():
        for village in ordered[start : start + count]:
            grades[village.pk] = grade
        start += count
    for village in ordered[start:]:
        grades[village.pk] = 4
    return grades


@dataclass
class Plan:
    """What is entered for one village, and the grade the engine will give it."""

    grade: int
    values: dict[str, Decimal] = field(default_factory=dict)  # final department cells (value or points)
    first_entries: dict[str, Decimal] = field(default_factory=dict)  # entries later corrected by inspection
    responses: list[dict] = field(default_factory=list)  # survey rows
    ballots: tuple[int, int, int] = (0, 0, 0)
    predicted_total: Decimal = Decimal(0)


@dataclass(frozen=True)
class RegistryIncome:
    """A household's registry record for the survey year (households.IncomeRecord)."""

    net_income: Decimal
    resident_members: int
    business_expenses: Decimal
    taxes_and_fees: Decimal
    depreciation: Decimal
    gifts_outside: Decimal


# A surveyed household's recall error against its registry record: net income × (1 + e), e ~ N(−1 %, 3 %)
# within ±8 %; expenses within ±10 %, the small items within ±20 %.
RECALL_MEAN, RECALL_SD, RECALL_LIMIT = -0.01, 0.03, 0.08
# A fabricated survey: every household put at about one figure per person, 1.5–1.8 × what the registry
# says, varying by only ±7 % (made-up data is too even), so it lies well beyond three standard errors.
FABRICATED = (1.5, 1.8)
FABRICATED_SPREAD = 0.07
FABRICATED_VILLAGES = 3


def _yuan(value) -> Decimal:
    return Decimal(str(round(value, 2))).quantize(CENT)


def survey_rows(numbers: list[str], registry: dict[str, RegistryIncome], rng: random.Random,
                fabricated: bool = False) -> list[dict]:
    """Income items the surveyor records for every sampled household, derived from its registry
    record for the year: the same resident members, the net income off by a small recall error
    and the items split a little differently (survey and registry agree within noise).

    `fabricated`: the answers are made up instead (see FABRICATED): the survey report flags them."""
    centre = None
    if fabricated:
        people = sum(registry[n].resident_members for n in numbers)
        centre = float(sum(registry[n].net_income for n in numbers)) / people * rng.uniform(*FABRICATED)
    rows = []
    for number in numbers:
        record = registry[number]
        people = record.resident_members
        if fabricated:
            net = _yuan(centre * rng.uniform(1 - FABRICATED_SPREAD, 1 + FABRICATED_SPREAD) * people)
        else:
            error = min(max(rng.gauss(RECALL_MEAN, RECALL_SD), -RECALL_LIMIT), RECALL_LIMIT)
            net = _yuan(float(record.net_income) * (1 + error))
        expenses = _yuan(float(record.business_expenses) * rng.uniform(0.9, 1.1))
        taxes, depreciation, gifts = (
            Decimal(round(float(amount) * rng.uniform(0.8, 1.2))) for amount in
            (record.taxes_and_fees, record.depreciation, record.gifts_outside)
        )
        total = net + expenses + taxes + depreciation + gifts
        rows.append(
            {
                "household_number": number,
                "total_income": total,
                "business_expenses": expenses,
                "taxes_and_fees": taxes,
                "depreciation": depreciation,
                "gifts_outside": gifts,
                "resident_members": people,
                "net_income": net,
            }
        )
    return rows


def survey_estimate(rows: list[dict], population: int) -> Decimal | None:
    """The engine's A1 value for these survey rows (the ratio estimate)."""
    return sampling.ratio_estimate([(r["net_income"], r["resident_members"]) for r in rows], population).per_capita


def _ballots(grade: int, rng: random.Random) -> tuple[int, int, int]:
    voters = rng.randint(30, 60)
    happy = round(voters * rng.uniform(*SATISFACTION[grade]) / 100)
    satisfied = round(happy * rng.uniform(0.5, 0.8))
    return satisfied, happy - satisfied, voters - happy


def _invert(rule: scoring.Rule, points: Decimal, unit: str, rng: random.Random) -> Decimal:
    """A measured value that scores about `points` under `rule`."""
    if rule.mapping == scoring.LINEAR:
        share = points / rule.max_points
        value = rule.floor + share * (rule.target - rule.floor)
        if share >= 1:
            value = rule.target + Decimal(str(round(rng.uniform(0, 3), 1)))
        elif share <= 0:
            value = rule.floor - Decimal(str(round(rng.uniform(0, 10), 1)))
        value = value.quantize(TENTH, rounding=ROUND_DOWN) + TENTH if 0 < share < 1 else value
        if unit == "%":
            value = min(max(value, Decimal(0)), Decimal(100))
        return value.quantize(TENTH)
    tiers = sorted(rule.tiers, key=lambda t: t[0])
    chosen = None
    for threshold, tier_points in tiers:
        if tier_points <= points:
            chosen = (threshold, tier_points)
    if chosen is None:
        return Decimal(rng.randrange(500, int(tiers[0][0])))
    higher = [t for t, _ in tiers if t > chosen[0]]
    ceiling = higher[0] if higher else chosen[0] * 2
    return Decimal(rng.randrange(int(chosen[0]), int(ceiling)))


def plan_village(
    rules: list[scoring.Rule],
    units: dict[str, str],
    grade: int,
    thresholds: scoring.Thresholds,
    survey: list[dict],
    population: int,
    registry_share: Decimal | None,
    rng: random.Random,
) -> Plan:
    """Choose the entries of one village so that the engine gives it `grade`."""
    plan = Plan(grade=grade, responses=survey, ballots=_ballots(grade, rng))
    fixed = scoring.VillageScores()
    by_source = {r.source: r for r in rules}
    if scoring.SURVEY in by_source:
        estimate = sampling.ratio_estimate([(r["net_income"], r["resident_members"]) for r in survey], population)
        fixed.values[by_source[scoring.SURVEY].code] = estimate.per_capita
    if scoring.REGISTRY in by_source and registry_share is not None:
        fixed.values[by_source[scoring.REGISTRY].code] = registry_share
    if scoring.BALLOTS in by_source:
        fixed.values[by_source[scoring.BALLOTS].code] = scoring.ballot_share(*plan.ballots)
    computed_points = sum((scoring.score(r, fixed.values.get(r.code)) for r in rules if r.is_computed), Decimal(0))
    target = Decimal(str(round(rng.uniform(*BANDS[grade]), 1)))
    entered = [r for r in rules if not r.is_computed]
    room = sum((r.max_points for r in entered), Decimal(0))
    remaining = target - computed_points
    share = min(max(remaining / room, Decimal(0)), Decimal(1)) if room else Decimal(0)

    values, value_points = {}, Decimal(0)
    for rule in [r for r in entered if r.source == scoring.VALUE]:
        wanted = min(
            rule.max_points, max(Decimal(0), rule.max_points * share * Decimal(str(round(rng.uniform(0.9, 1.1), 2))))
        )
        values[rule.code] = _invert(rule, wanted, units.get(rule.code, ""), rng)
        value_points += scoring.score(rule, values[rule.code])
    direct = [r for r in entered if r.source == scoring.DIRECT]
    direct_room = sum((r.max_points for r in direct), Decimal(0))
    left = min(max(remaining - value_points, Decimal(0)), direct_room)
    for rule in direct:
        values[rule.code] = (
            (left * rule.max_points / direct_room).quantize(TENTH, rounding=ROUND_DOWN) if direct_room else Decimal(0)
        )
    _settle(rules, values, fixed, grade, thresholds, direct)
    plan.values = values
    inputs = scoring.VillageScores(values={**fixed.values, **values})
    plan.predicted_total = scoring.score_village(rules, inputs)[1]
    return plan


def _settle(rules, values, fixed, grade, thresholds, direct) -> None:
    """Nudge the direct points by tenths until the predicted grade is the planned one."""
    for _ in range(400):
        inputs = scoring.VillageScores(values={**fixed.values, **values})
        total = scoring.score_village(rules, inputs)[1]
        got = scoring.grade(total, thresholds)
        if got == grade:
            return
        step = TENTH if got > grade else -TENTH  # a larger grade number means too few points
        movable = [r for r in direct if Decimal(0) <= values[r.code] + step <= r.max_points]
        if not movable:
            break
        rule = max(movable, key=lambda r: (r.max_points - values[r.code]) if step > 0 else values[r.code])
        values[rule.code] += step
    raise RuntimeError(f"演示数据无法达到目标级类 {grade}")
