"""What the import engine remembers between chunks: compact per-household state (never the
rows' model objects), the problems found so far and the counts. Pure; no models."""

from dataclasses import dataclass, field

from . import conf

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
KINDS = ("households", "income_records", "members")

#: Problem = (sheet, Excel row or None, header, Chinese message)
Problem = tuple[str, int | None, str, str]


def id_key(id_number: str) -> int:
    """A valid ID number as a small int (its check character follows from the first 17 digits):
    the importer remembers ~450,000 of them."""
    return int(id_number[:17])


class ProblemLog:
    """Errors and warnings: all are counted, the first `limit` of each are kept."""

    def __init__(self, limit: int | None = None):
        self.limit = limit if limit is not None else conf.get("ROSTER_MAX_REPORTED_PROBLEMS")
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.error_count = 0
        self.warning_count = 0

    def error(self, sheet: str, row: int | None, header: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < self.limit:
            self.errors.append((sheet, row, header, message))

    def warning(self, sheet: str, row: int | None, header: str, message: str) -> None:
        self.warning_count += 1
        if len(self.warnings) < self.limit:
            self.warnings.append((sheet, row, header, message))

    def sort(self, sheets: tuple[str, ...]) -> None:
        """Order the kept problems by sheet (problems of the whole file first, then `sheets` in
        their order, then any other) and Excel row (a sheet's own problems first); problems of
        one row keep the order they were found in."""
        rank = {"": 0, **{name: index for index, name in enumerate(sheets, start=1)}}

        def key(problem):
            return rank.get(problem[0], len(rank)), problem[1] or 0

        self.errors.sort(key=key)
        self.warnings.sort(key=key)


class HouseholdState:
    """One household of the file (or one only named by member rows), kept for the whole run.

    `values` are the household values every row repeats; `years` is (year, Excel row, year, row…)
    of its rows (a flat tuple: a county holds ~100,000 of these);
    `latest` is (year, per-capita net income, residents, Excel row) of the latest row;
    `db_incomes` holds (year, per-capita) of the stored income records before the import;
    `result` holds the category-related values decided so far (see engine.RESULT_FIELDS).
    """

    __slots__ = (
        "number", "in_sheet", "first_row", "values", "years", "latest", "pk", "existed", "flushed",
        "status", "final", "db_incomes", "db_serious", "result", "file_serious", "member_count",
        "member_heads", "new_members", "last_member_row", "stored", "producer",
    )

    def __init__(self, number: str, *, in_sheet: bool, first_row: int | None = None, values: tuple = ()):
        self.number = number
        self.in_sheet = in_sheet
        self.first_row = first_row
        self.values = values
        self.years: tuple = ()
        self.latest: tuple | None = None
        self.pk: int | None = None
        self.existed = False
        self.flushed = False
        self.status = UNCHANGED
        self.final = False
        self.db_incomes: tuple = ()
        self.db_serious: tuple = ()
        self.result: tuple | None = None
        self.file_serious = False
        self.member_count = 0
        self.member_heads = 0
        self.new_members = False
        self.last_member_row: int | None = None
        self.stored: tuple | None = None
        self.producer: tuple = (None, "")  # (产业大户 as given, None: keep the stored one; its scale)

    def row_of_year(self, year: int) -> int | None:
        years = self.years
        for index in range(0, len(years), 2):
            if years[index] == year:
                return years[index + 1]
        return None

    def compact(self) -> None:
        """Once sheet 农户 is read only the latest stored record of a year not in the file matters."""
        file_years = self.years[::2]
        others = [pair for pair in self.db_incomes if pair[0] not in file_years]
        self.db_incomes = (max(others),) if others else ()

    def touch(self) -> None:
        """Something of this household changes: created stays created, else updated."""
        if self.status == UNCHANGED:
            self.status = UPDATED


@dataclass
class Outcome:
    """The result of one run: counts per kind, problems, and whether it was stored."""

    counts: dict = field(default_factory=lambda: {kind: {CREATED: 0, UPDATED: 0, UNCHANGED: 0} for kind in KINDS})
    problems: ProblemLog = field(default_factory=ProblemLog)
    committed: bool = False
    fatal: str = ""
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.fatal and self.problems.error_count == 0

    def as_json(self) -> dict:
        def rows(items):
            return [{"sheet": s, "row": r, "header": h, "message": m} for s, r, h, m in items]

        return {
            "counts": self.counts,
            "errors": rows(self.problems.errors),
            "warnings": rows(self.problems.warnings),
            "error_count": self.problems.error_count + (1 if self.fatal else 0),
            "warning_count": self.problems.warning_count,
            "fatal": self.fatal,
            "committed": self.committed,
            "rows": self.rows,
        }
