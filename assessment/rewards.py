"""Reward eligibility and the reward ranking with its tie-break (domain.md §7). Pure functions.

County reward: among the villages *promoted* to grade 1 this year (grade 1 now, not grade 1
last year) or that rose two grades or more, the `count` highest totals. Township reward: in each
township, the village ranked first. Exactly `count` and exactly one: villages tied on the total
are ordered by A1's final points, then by the dimension subtotals A, B, C, D, E, then by village
code (the lower code first), and every place where two tied villages were told apart is
reported with the key that did it.

Rows are plain dicts with keys code, village (name), total, grade, previous_grade, township_id,
points (indicator code → final points) and subtotals (dimension → points); numbers may be
Decimal or strings of decimals.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from . import scoring

#: The tie-break keys after the total, in order (an indicator, the five dimensions, the code).
TIE_KEYS = ("A1", "A", "B", "C", "D", "E", "code")


def _number(raw) -> Decimal:
    return Decimal(str(raw)) if raw not in (None, "") else scoring.ZERO


def key_values(row: dict) -> tuple:
    """(total, A1, A, B, C, D, E) of a row as Decimals, then its code."""
    subtotals = row.get("subtotals") or {}
    return (
        _number(row["total"]),
        _number((row.get("points") or {}).get("A1")),
        *(_number(subtotals.get(d)) for d in "ABCDE"),
        row["code"],
    )


def sort_key(row: dict) -> tuple:
    """Highest total first, then highest A1, A … E; the lower village code last of all."""
    values = key_values(row)
    return (*(-v for v in values[:-1]), values[-1])


def deciding_key(first: dict, second: dict) -> str:
    """The tie-break key (TIE_KEYS) that puts `first` before `second` when their totals are equal."""
    a, b = key_values(first)[1:], key_values(second)[1:]
    return next(key for key, x, y in zip(TIE_KEYS, a, b, strict=True) if x != y)


def is_county_eligible(row: dict) -> bool:
    """Promoted to grade 1 this year (not grade 1 last year, including no grade last year) or
    risen two grades or more."""
    previous, grade = row.get("previous_grade"), row["grade"]
    promoted = grade == 1 and previous != 1
    return promoted or scoring.grade_change(previous, grade) == scoring.UP_TWO


@dataclass(frozen=True)
class TieBreak:
    """Two villages with equal totals, told apart by `key`; `at_cut` when the tie decided who is
    in the list (the first is the last one in, the second the first one out)."""

    codes: tuple[str, str]
    names: tuple[str, str]
    total: Decimal
    key: str
    at_cut: bool


@dataclass(frozen=True)
class Ranking:
    chosen: list[dict]  # the rows in, each with reward_rank 1..count
    ties: list[TieBreak]


def top(rows: Iterable[dict], count: int) -> Ranking:
    """The `count` best rows (exactly `count` when there are as many) in the reward order, with
    every tie broken among them and at the cut."""
    ordered = sorted(rows, key=sort_key)
    chosen = [dict(r, reward_rank=i) for i, r in enumerate(ordered[:count], start=1)]
    ties = []
    for i in range(min(count, len(ordered) - 1)):
        first, second = ordered[i], ordered[i + 1]
        if _number(first["total"]) == _number(second["total"]):
            ties.append(
                TieBreak(
                    (first["code"], second["code"]),
                    (first.get("village", ""), second.get("village", "")),
                    _number(first["total"]),
                    deciding_key(first, second),
                    at_cut=i + 1 == count,
                )
            )
    return Ranking(chosen, ties)


def county_rewards(rows: Sequence[dict], count: int) -> Ranking:
    """The county list: the `count` best of the eligible villages."""
    return top([r for r in rows if is_county_eligible(r)], count)


def township_rewards(rows: Sequence[dict]) -> list[Ranking]:
    """One Ranking of one village per township, in the order of the township ids' first rows
    sorted by code (the township's code is the first 9 digits of its villages' codes)."""
    by_township: dict[object, list[dict]] = {}
    for row in sorted(rows, key=lambda r: r["code"]):
        by_township.setdefault(row["township_id"], []).append(row)
    return [top(members, 1) for members in by_township.values()]
