"""Archive completeness (档案完整率) as pure arithmetic over plain values.

A cell is a (village, category) pair for one year; it is present when the village has at
least one record in that category. A village's rate is present cells / categories; a
township's and the county's rates are the present cells over all their cells.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class CategoryColumn:
    id: int
    code: str
    name: str
    class_name: str


@dataclass(frozen=True)
class VillageInfo:
    id: int
    code: str
    name: str
    township_code: str
    township_name: str


@dataclass
class VillageRow:
    village: VillageInfo
    counts: list[int]
    categories: list[CategoryColumn] = field(default_factory=list)

    @property
    def cells(self) -> list[tuple[CategoryColumn, int]]:
        """Each category with the village's count in it (the matrix links a missing one to the upload form)."""
        return list(zip(self.categories, self.counts, strict=True))

    @property
    def present(self) -> int:
        return sum(1 for n in self.counts if n)

    @property
    def missing(self) -> int:
        return len(self.counts) - self.present

    @property
    def rate(self) -> Decimal | None:
        return rate(self.present, len(self.counts))


@dataclass
class Summary:
    """Completeness of a set of villages (one township, or all of them)."""

    code: str
    name: str
    villages: int = 0
    present: int = 0
    cells: int = 0
    complete_villages: int = 0

    @property
    def rate(self) -> Decimal | None:
        return rate(self.present, self.cells)

    def add(self, row: VillageRow) -> None:
        self.villages += 1
        self.present += row.present
        self.cells += len(row.counts)
        self.complete_villages += 1 if row.counts and row.missing == 0 else 0


@dataclass
class Matrix:
    year: int
    categories: list[CategoryColumn]
    rows: list[VillageRow]
    townships: list[Summary]
    total: Summary
    class_spans: list[tuple[str, int]] = field(default_factory=list)


def rate(present: int, cells: int) -> Decimal | None:
    """Percentage with one decimal, or None when there is nothing to count."""
    if not cells:
        return None
    return (Decimal(present) * 100 / Decimal(cells)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def class_spans(categories: list[CategoryColumn]) -> list[tuple[str, int]]:
    """(class name, number of consecutive categories) for the table's two-row header."""
    spans: list[tuple[str, int]] = []
    for column in categories:
        if spans and spans[-1][0] == column.class_name:
            spans[-1] = (column.class_name, spans[-1][1] + 1)
        else:
            spans.append((column.class_name, 1))
    return spans


def build_matrix(year: int, categories: list[CategoryColumn], villages: list[VillageInfo],
                 counts: dict[tuple[int, int], int], *, total_name: str = "") -> Matrix:
    """The matrix of `villages` (in the given order) × `categories`, with roll-ups."""
    rows = [
        VillageRow(village, [counts.get((village.id, column.id), 0) for column in categories], categories)
        for village in villages
    ]
    townships: dict[str, Summary] = {}
    total = Summary(code="", name=total_name)
    for row in rows:
        key = row.village.township_code
        if key not in townships:
            townships[key] = Summary(code=key, name=row.village.township_name)
        townships[key].add(row)
        total.add(row)
    return Matrix(
        year=year, categories=categories, rows=rows,
        townships=sorted(townships.values(), key=lambda s: s.code), total=total,
        class_spans=class_spans(categories),
    )
