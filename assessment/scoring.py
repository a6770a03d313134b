"""Indicator scoring, totals, grades and ranks (domain.md §7; rewards in assessment.rewards). Pure functions.

Plain values in, plain values out: no models, no database. Amounts are Decimal.

- direct: the department enters 0..max points;
- linear: a measured value v → max × clamp((v − floor) / (target − floor), 0, 1);
- tiers: ordered thresholds, the highest one that v reaches gives its points, else 0;
- survey / registry / ballots: v is computed by the system, then mapped by linear or tiers.

An indicator score is kept to 0.01 (ROUND_HALF_UP); a village total is the sum of its final
indicator scores rounded to 0.1 (ROUND_HALF_UP). A missing value scores 0.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import NamedTuple

ZERO = Decimal("0")
HUNDRED = Decimal("100")
POINT = Decimal("0.01")
TENTH = Decimal("0.1")

# Where an indicator's value comes from.
DIRECT = "direct"  # the department enters points
VALUE = "value"  # the department enters a measured value
SURVEY = "survey"  # income-survey estimate (yuan per person)
REGISTRY = "registry"  # share (%) of the village's households with an income project
BALLOTS = "ballots"  # share (%) of 满意 + 基本满意 ballots
SOURCES = (DIRECT, VALUE, SURVEY, REGISTRY, BALLOTS)
COMPUTED_SOURCES = (SURVEY, REGISTRY, BALLOTS)

# How a value becomes points.
LINEAR = "linear"
TIERS = "tiers"
MAPPINGS = (LINEAR, TIERS)

# Change of grade against last year.
UP_TWO = "up2"
UP_ONE = "up1"
SAME = "same"
DOWN = "down"
NEW = "new"


class ScoringError(ValueError):
    """A value or parameter the rules refuse; str(exc) is a Chinese message."""


@dataclass(frozen=True)
class Rule:
    """The scoring parameters of one indicator in one cycle."""

    code: str
    max_points: Decimal
    source: str = DIRECT
    mapping: str = ""
    floor: Decimal | None = None
    target: Decimal | None = None
    tiers: tuple[tuple[Decimal, Decimal], ...] = ()
    dimension: str = ""

    @property
    def is_computed(self) -> bool:
        return self.source in COMPUTED_SOURCES


@dataclass(frozen=True)
class Thresholds:
    """Grade thresholds: grade 1 ≥ grade1_min, grade 2 ≥ grade2_min, grade 3 ≥ grade3_min."""

    grade1_min: Decimal = Decimal("85")
    grade2_min: Decimal = Decimal("70")
    grade3_min: Decimal = Decimal("55")


def to_decimal(raw: object) -> Decimal:
    """Parse a number typed into a cell or read from a spreadsheet; refuse anything else."""
    if isinstance(raw, bool) or raw is None:
        raise ScoringError("请输入数字")
    if isinstance(raw, Decimal):
        number = raw
    elif isinstance(raw, int):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(repr(raw))
    else:
        text = str(raw).strip().replace(",", "").replace("，", "")
        if text.endswith("%"):
            text = text[:-1].strip()
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise ScoringError(f"“{raw}”不是数字") from exc
    if not number.is_finite():
        raise ScoringError(f"“{raw}”不是数字")
    return number


def round_points(points: Decimal) -> Decimal:
    return points.quantize(POINT, rounding=ROUND_HALF_UP)


def round_total(total: Decimal) -> Decimal:
    return total.quantize(TENTH, rounding=ROUND_HALF_UP)


def check_points(points: Decimal, max_points: Decimal) -> Decimal:
    """Points entered directly (or by an adjustment) must lie in 0..max."""
    if points < ZERO or points > max_points:
        raise ScoringError(f"分数必须在 0 到 {format_number(max_points)} 之间")
    return points


def score_linear(value: Decimal, max_points: Decimal, floor: Decimal, target: Decimal) -> Decimal:
    """max × clamp((v − floor) / (target − floor), 0, 1), to 0.01."""
    if target == floor:
        raise ScoringError("线性计分的目标值不能等于起点值")
    share = (value - floor) / (target - floor)
    share = min(max(share, ZERO), Decimal(1))
    return round_points(max_points * share)


def score_tiers(value: Decimal, tiers: Iterable[tuple[Decimal, Decimal]]) -> Decimal:
    """The points of the highest threshold that `value` reaches (≥), else 0."""
    best = None
    for threshold, points in tiers:
        if value >= threshold and (best is None or threshold > best[0]):
            best = (threshold, points)
    return round_points(best[1]) if best else ZERO.quantize(POINT)


def score(rule: Rule, value: Decimal | None) -> Decimal:
    """The score of one indicator for one value (None → 0)."""
    if value is None:
        return ZERO.quantize(POINT)
    if rule.source == DIRECT:
        return round_points(check_points(value, rule.max_points))
    if rule.mapping == LINEAR:
        return score_linear(value, rule.max_points, rule.floor, rule.target)
    if rule.mapping == TIERS:
        return score_tiers(value, rule.tiers)
    raise ScoringError(f"指标 {rule.code} 的计分方法无效")


def share_percent(part: int, whole: int) -> Decimal | None:
    """100 × part / whole, to 0.01; None when there is nothing to divide by."""
    if whole <= 0:
        return None
    return round_points(Decimal(part) * HUNDRED / Decimal(whole))


def ballot_share(satisfied: int, basically: int, unsatisfied: int) -> Decimal | None:
    """Share (%) of 满意 + 基本满意 among all ballots."""
    return share_percent(satisfied + basically, satisfied + basically + unsatisfied)


def total(points: Iterable[Decimal]) -> Decimal:
    return round_total(sum(points, ZERO))


def grade(total_points: Decimal, thresholds: Thresholds) -> int:
    """Grade 1–4; a total exactly on a threshold reaches that grade."""
    if total_points >= thresholds.grade1_min:
        return 1
    if total_points >= thresholds.grade2_min:
        return 2
    if total_points >= thresholds.grade3_min:
        return 3
    return 4


def grade_change(previous: int | None, current: int) -> str:
    """up2 (two or more grades up), up1, same, down, or new (no grade last year)."""
    if previous is None:
        return NEW
    rise = previous - current
    if rise >= 2:
        return UP_TWO
    if rise == 1:
        return UP_ONE
    return SAME if rise == 0 else DOWN


def competition_ranks(totals: Mapping[object, Decimal]) -> dict[object, int]:
    """Rank by total, highest first; equal totals share a rank and the next rank skips (1, 2, 2, 4)."""
    ordered = sorted(totals.items(), key=lambda item: item[1], reverse=True)
    ranks, previous, rank = {}, None, 0
    for position, (key, value) in enumerate(ordered, start=1):
        if value != previous:
            rank, previous = position, value
        ranks[key] = rank
    return ranks


def check_catalogue(maxima: Sequence[Decimal]) -> None:
    """The indicator maxima must add up to exactly 100 points."""
    added = sum(maxima, ZERO)
    if added != HUNDRED:
        raise ScoringError(f"各指标满分合计为 {format_number(added)} 分，应为 100 分")


def check_thresholds(thresholds: Thresholds) -> None:
    """0 < grade 3 < grade 2 < grade 1 ≤ 100."""
    t = thresholds
    if not (ZERO < t.grade3_min < t.grade2_min < t.grade1_min <= HUNDRED):
        raise ScoringError("级类分数线必须满足 0 < 三类 < 二类 < 一类 ≤ 100")


def check_rule(rule: Rule) -> None:
    """Parameters that make sense for the rule's source and mapping."""
    if rule.max_points <= ZERO:
        raise ScoringError(f"指标 {rule.code} 的满分必须大于 0")
    if rule.source not in SOURCES:
        raise ScoringError(f"指标 {rule.code} 的数据来源无效")
    if rule.source == DIRECT:
        return
    if rule.mapping == LINEAR:
        if rule.floor is None or rule.target is None:
            raise ScoringError(f"指标 {rule.code} 线性计分需要起点值和目标值")
        if rule.floor == rule.target:
            raise ScoringError(f"指标 {rule.code} 线性计分的目标值不能等于起点值")
    elif rule.mapping == TIERS:
        if not rule.tiers:
            raise ScoringError(f"指标 {rule.code} 分档计分至少需要一档")
        thresholds = [t for t, _ in rule.tiers]
        if len(set(thresholds)) != len(thresholds):
            raise ScoringError(f"指标 {rule.code} 的分档门槛不能重复")
        for _, points in rule.tiers:
            if points < ZERO or points > rule.max_points:
                raise ScoringError(f"指标 {rule.code} 每档得分必须在 0 到满分之间")
    else:
        raise ScoringError(f"指标 {rule.code} 需要选择线性或分档计分")


def parse_tiers(text: str) -> tuple[tuple[Decimal, Decimal], ...]:
    """'4500:20, 3500:16' → ((4500, 20), (3500, 16)), highest threshold first."""
    tiers = []
    for part in text.replace("，", ",").replace("；", ",").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        threshold, sep, points = part.replace("：", ":").partition(":")
        if not sep:
            raise ScoringError(f"分档“{part}”应写成 门槛:得分")
        tiers.append((to_decimal(threshold), to_decimal(points)))
    return tuple(sorted(tiers, key=lambda t: t[0], reverse=True))


def format_tiers(tiers: Iterable[Sequence]) -> str:
    return ", ".join(f"{format_number(Decimal(str(t)))}:{format_number(Decimal(str(p)))}" for t, p in tiers)


def format_number(value: Decimal) -> str:
    """12.50 → '12.5', 20.00 → '20', without exponent notation."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass
class VillageScores:
    """One village's inputs to the engine (values per indicator code, adjusted points)."""

    values: dict[str, Decimal | None] = field(default_factory=dict)
    adjusted: dict[str, Decimal] = field(default_factory=dict)


class IndicatorOutcome(NamedTuple):
    value: Decimal | None
    original: Decimal
    final: Decimal


def score_village(
    rules: Sequence[Rule], inputs: VillageScores
) -> tuple[dict[str, IndicatorOutcome], Decimal, dict[str, Decimal]]:
    """Per-indicator outcomes, the total (to 0.1) and the dimension subtotals (to 0.01)."""
    outcomes, subtotals = {}, {}
    values, adjusted = inputs.values, inputs.adjusted
    added = ZERO
    for rule in rules:
        value = values.get(rule.code)
        original = score(rule, value)
        final = adjusted.get(rule.code, original) if adjusted else original
        outcomes[rule.code] = IndicatorOutcome(value, original, final)
        subtotals[rule.dimension] = subtotals.get(rule.dimension, ZERO) + final
        added += final
    return outcomes, round_total(added), subtotals


def whatif_grades(
    rows: Sequence[dict], rules: Sequence[Rule], new_maxima: Mapping[str, Decimal], thresholds: Thresholds
) -> list[dict]:
    """Regrade with other maxima (each indicator's final score scaled by new/old maximum)
    and other thresholds. Rows need keys code, grade and points (code → final points);
    returns rows with new_total and new_grade added."""
    factors = {r.code: new_maxima.get(r.code, r.max_points) / r.max_points for r in rules}
    result = []
    for row in rows:
        new_total = total(
            round_points(Decimal(str(p)) * factors.get(code, Decimal(1))) for code, p in row["points"].items()
        )
        result.append(dict(row, new_total=new_total, new_grade=grade(new_total, thresholds)))
    return result
