"""Before finalising (domain.md §7): which scores a cycle still lacks, and what finalising would
change. Pure functions: plain values in, plain values out.

A village lacks a score for an indicator when the indicator is not computed by the system
(survey, registry, ballots are) and neither its department entered a value nor an inspection
team set its points.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from . import scoring

GRADES = (1, 2, 3, 4)


class VillageRef(NamedTuple):
    code: str
    name: str
    township: str


class IndicatorRef(NamedTuple):
    code: str
    name: str
    department: str  # the lead department, who must enter it
    is_computed: bool


class Missing(NamedTuple):
    department: str
    indicator: IndicatorRef
    village: VillageRef


def missing_scores(
    villages: Sequence[VillageRef], indicators: Sequence[IndicatorRef], entered: set[tuple[str, str]]
) -> list[Missing]:
    """Every (village, non-computed indicator) without an entry; `entered` holds (village code,
    indicator code) pairs that have one. In indicator order, then village code."""
    ordered = sorted(villages, key=lambda v: v.code)
    return [
        Missing(indicator.department, indicator, village)
        for indicator in indicators
        if not indicator.is_computed
        for village in ordered
        if (village.code, indicator.code) not in entered
    ]


class IndicatorGap(NamedTuple):
    indicator: IndicatorRef
    villages: list[VillageRef]


class DepartmentGaps(NamedTuple):
    department: str
    indicators: list[IndicatorGap]

    @property
    def count(self) -> int:
        return sum(len(gap.villages) for gap in self.indicators)


def by_department(missing: Iterable[Missing]) -> list[DepartmentGaps]:
    """The missing scores grouped by department (in order of first appearance), then indicator."""
    grouped: dict[str, dict[str, IndicatorGap]] = {}
    for item in missing:
        gaps = grouped.setdefault(item.department, {})
        gap = gaps.setdefault(item.indicator.code, IndicatorGap(item.indicator, []))
        gap.villages.append(item.village)
    return [DepartmentGaps(department, list(gaps.values())) for department, gaps in grouped.items()]


def change_summary(grades_and_changes: Iterable[tuple[int, str]]) -> dict:
    """What finalising writes: villages per grade, and how many go up, stay, go down against last
    year, or have no grade last year."""
    grades, moves = Counter(), Counter()
    for grade, change in grades_and_changes:
        grades[grade] += 1
        moves[change] += 1
    return {
        "grades": {g: grades.get(g, 0) for g in GRADES},
        "up": moves[scoring.UP_ONE] + moves[scoring.UP_TWO],
        "same": moves[scoring.SAME],
        "down": moves[scoring.DOWN],
        "new": moves[scoring.NEW],
        "villages": sum(grades.values()),
    }


def missing_lines(groups: Sequence[DepartmentGaps]) -> list[str]:
    """The missing scores as text lines (the command prints them): a department, then one line
    per indicator with its villages."""
    lines = []
    for group in groups:
        lines.append(f"{group.department}（{group.count} 项）：")
        for gap in group.indicators:
            names = "、".join(f"{v.township}{v.name}" for v in gap.villages)
            lines.append(f"  {gap.indicator.code} {gap.indicator.name}（{len(gap.villages)} 个村）：{names}")
    return lines
