"""The roster import engine: one streaming pass over the workbook, for a dry run or a commit.

Both modes run the same code. Rows are checked on their own in blocks of 1,000 (block_checks.py,
falling back to validation.py row by row), then in chunks of about ROSTER_CHUNK_ROWS rows
against the other rows (compact per-household state, state.py) and against the database (a
few queries per chunk, never one per row). A commit writes each chunk with
xixiang.db.bulk.insert_objects / bulk_update inside one transaction, which is rolled back if
any error is found anywhere in the file: all or nothing. The history rows are copied from the written
rows by the database (xixiang.db.history, one INSERT … SELECT per 1000 rows), each carrying
the batch ("导入批次 #12") and the importing user; they are never updated afterwards (the
"+" rows of the households a batch creates are written by the final step).

Sheet 农户 is read first (households and income records), then 家庭成员 (members), then a
final step re-derives the category of the households whose members or non-adjacent rows
changed what the first look decided, and checks member counts and heads.

The process-wide memory steps (the cycle collector paused, freed memory handed back between
the sheets) happen only inside a worker's task, which wraps the service call in
`batch_memory()` (households/roster/tasks.py); anywhere else `release_memory()` does nothing
(xixiang.core.batch_memory).
"""

import datetime
import time
from types import SimpleNamespace

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from villages import scope as village_scope
from villages.models import Group
from xixiang.core import figures
from xixiang.core.batch_memory import release_memory
from xixiang.lib.xlsx_container import UnreadableWorkbook

from .. import selectors
from ..models import Household, IncomeRecord
from ..services import household_categorise
from . import conf
from .columns import HOUSEHOLD_SHEET, MEMBER_SHEET
from .finalise import Finalise
from .household_pass import HouseholdPass
from .member_pass import MemberPass
from .reader import Workbook
from .state import Outcome, ProblemLog

OVERRIDE_REASON = "导入时指定"
_SERIOUS_MEMBER = SimpleNamespace(health="serious")


class _Rollback(Exception):
    """Raised inside the commit transaction when the file has errors."""


class _Target:
    """What household_categorise reads and sets, without building a Household per row."""

    __slots__ = ("hardship", "has_income_project", "labour_count", "category_override",
                 "latest_income_year", "latest_per_capita_income", "computed_category", "category")

    # The same rule inputs as a Household (hardship, project, labour): reuse its method.
    category_for = Household.category_for

    def __init__(self, hardship, has_income_project, labour_count):
        self.hardship = hardship
        self.has_income_project = has_income_project
        self.labour_count = labour_count
        self.category_override = ""


class _Latest:
    __slots__ = ("year", "per_capita_net_income")

    def __init__(self, year, per_capita):
        self.year = year
        self.per_capita_net_income = per_capita


class RosterImport(HouseholdPass, MemberPass, Finalise):
    """Run one import: `RosterImport(path, actor=..., commit=..., batch_id=...).run()` → Outcome.

    `actor` None means a system import (management command without --as): every township.
    `progress(phase, done, total)` is called now and then with the rows read so far.
    """

    def __init__(self, path, *, actor=None, commit: bool = False, batch_id: int | None = None,
                 progress=None, today: datetime.date | None = None):
        self.path = path
        self.actor = actor
        self.commit = commit
        self.reason = _("导入批次 #%(id)s") % {"id": batch_id} if batch_id else _("导入农户信息表")
        self.history_user = actor
        self.progress = progress
        self.today = today or datetime.date.today()
        self.chunk_rows = conf.get("ROSTER_CHUNK_ROWS")
        self.log = ProblemLog()
        self.outcome = Outcome(problems=self.log)
        self.states = {}  # household number → HouseholdState
        self.id_owner = {}  # id_key(head ID number) → household number (sheet 农户)
        self.member_rows = {}  # id_key(member ID number) → Excel row (sheet 家庭成员)
        self.broken = set()  # household numbers whose rows had errors (no follow-up errors)
        # Rows with a field error still take part in the duplicate checks (sheet 农户):
        self.broken_heads = {}  # id_key(head ID number) → (Excel row, household number)
        self.broken_years = {}  # (household number, year) → Excel row
        self.missing = set()  # household numbers named by members that exist nowhere
        self.created_households = []  # ([pk, …], history options) per chunk: their "+" rows wait for the end
        self._thresholds = {}
        self._phase = ""
        self._done = 0
        self._total = 0
        self._last_report = 0.0

    # --- running ---------------------------------------------------------------------

    def run(self) -> Outcome:
        try:
            with Workbook(self.path, sheets=(HOUSEHOLD_SHEET, MEMBER_SHEET)) as workbook:
                if self.commit:
                    try:
                        with transaction.atomic():
                            self._run(workbook)
                            if not self.outcome.ok:
                                raise _Rollback
                            # bulk writes send no signals: the cached figures over households
                            # (xixiang.core.figures) go out of date with this commit, at its end so
                            # that the generation rows stay locked only briefly
                            figures.bump(Household, IncomeRecord, Group)
                            self.outcome.committed = True
                    except _Rollback:
                        self.outcome.committed = False
                    except DatabaseError as exc:
                        self.outcome.committed = False
                        self.log.error("", None, "", _("数据库拒绝保存，全部未导入：%(error)s") % {"error": exc})
                else:
                    self._run(workbook)
        except UnreadableWorkbook as exc:
            self.outcome.fatal = str(exc)
        self.log.sort((HOUSEHOLD_SHEET, MEMBER_SHEET))
        return self.outcome

    @property
    def writing(self) -> bool:
        """Writes stop at the first error: the transaction will be rolled back anyway."""
        return self.commit and self.log.error_count == 0

    def _run(self, workbook: Workbook) -> None:
        self._prepare()
        if HOUSEHOLD_SHEET not in workbook.sheet_names:
            self.log.error(HOUSEHOLD_SHEET, None, "", _("找不到工作表“农户”（工作簿中的工作表：%(names)s）")
                           % {"names": "、".join(workbook.sheet_names)})
            return
        has_members = MEMBER_SHEET in workbook.sheet_names
        stream = workbook.sheet(HOUSEHOLD_SHEET, self.household_columns)
        self._sheet_problems(stream)
        self._start(_("检查“农户”表") if not self.commit else _("导入“农户”表"), lambda: stream.data_rows)
        self._household_sheet(stream)
        self._sheet_problems(stream)  # a sheet over the row cap is noticed while it is read
        stream.close()
        del stream
        for state in self.states.values():
            state.compact()
        release_memory()
        if has_members:
            stream = workbook.sheet(MEMBER_SHEET, self.member_columns)
            self._sheet_problems(stream)
            self._start(_("检查“家庭成员”表") if not self.commit else _("导入“家庭成员”表"), lambda: stream.data_rows)
            self._member_sheet(stream)
            self._sheet_problems(stream)
            stream.close()
            del stream
        self._start(_("核对类别与人数"), sum(1 for state in self.states.values() if state.final))
        self._finalise()
        self._count()

    def _prepare(self) -> None:
        groups = Group.objects.select_related("village__township").only(
            "id", "code", "village_id", "village__id", "village__township_id", "village__township__code",
            "village__township__name",
        )
        self.groups = {group.code: group for group in groups}
        self.township_names = {g.village.township.code: g.village.township.name for g in self.groups.values()}
        if self.actor is None:
            self.allowed = None
        else:
            self.allowed = set(village_scope.editable_townships(self.actor).values_list("code", flat=True))

    def _sheet_problems(self, stream) -> None:
        """Log the sheet's own problems and warnings found so far (each once)."""
        for problem in stream.problems:
            self.log.error(*problem)
        for warning in stream.warnings:
            self.log.warning(*warning)
        stream.problems.clear()
        stream.warnings.clear()

    def _start(self, phase: str, total) -> None:
        """Begin a phase; `total` is a row count or, while a sheet is still being read, a
        function that estimates it."""
        self._phase, self._done, self._total = phase, 0, total
        self._report(force=True)

    def _advance(self, rows: int) -> None:
        """`rows` more rows of a sheet have been read (called once per block of rows)."""
        self._done += rows
        self.outcome.rows += rows
        self._report()

    def _report(self, force: bool = False) -> None:
        if self.progress is None:
            return
        now = time.monotonic()
        if force or now - self._last_report >= 0.5:
            self._last_report = now
            total = self._total() if callable(self._total) else self._total
            self.progress(self._phase, self._done, max(total, self._done))

    def _count(self) -> None:
        counts = self.outcome.counts
        for state in self.states.values():
            counts["households"][state.status] += 1
        self._report(force=True)

    # --- shared rules ----------------------------------------------------------------

    def history_options(self) -> dict:
        """Who, why and when for the history rows this import writes (one date per chunk):
        keyword arguments of xixiang.db.history's create_with_history and update_with_history."""
        return {"user": self.history_user, "reason": self.reason, "date": timezone.now()}

    def thresholds(self, year: int):
        if year not in self._thresholds:
            self._thresholds[year] = selectors.thresholds_for_year(year)
        return self._thresholds[year]

    def township_error(self, number: str) -> str | None:
        """The message for a household outside the actor's townships, else None."""
        if self.allowed is None or number[:9] in self.allowed:
            return None
        names = "、".join(sorted(self.township_names.get(code, code) for code in self.allowed)) or _("无")
        return _("户编号“%(number)s”属于%(township)s，您只能导入本乡镇（%(own)s）的农户") % {
            "number": number, "township": self.township_names.get(number[:9], number[:9]), "own": names,
        }

    def desired(self, state, serious: bool) -> tuple:
        """The category-related values (RESULT_FIELDS) the household gets from what is known.

        The latest income year wins, file rows replacing stored records of the same year; the
        household's 家庭人口 follows the latest row of the file unless a stored record is later.
        """
        _name, _head_id, _phone, labour, _industries, project, hardship, given = state.values
        stored = state.stored  # (resident_count, category_override, reason) before the import
        file_latest = state.latest
        file_years = state.years[::2]
        db_other = [pair for pair in state.db_incomes if pair[0] not in file_years]
        db_latest = max(db_other) if db_other else None
        if file_latest is not None and (db_latest is None or file_latest[0] >= db_latest[0]):
            residents, latest = file_latest[2], _Latest(file_latest[0], file_latest[1])
        else:
            residents = stored[0]
            latest = _Latest(*db_latest) if db_latest else None
        target = _Target(hardship, project, labour)
        household_categorise(
            target, latest, members=(_SERIOUS_MEMBER,) if serious else (),
            thresholds=self.thresholds(latest.year) if latest else None,
        )
        computed = target.computed_category
        if not given:
            override, reason = "", ""
        elif stored is not None and given == stored[1]:
            override, reason = stored[1], stored[2]
        elif given == computed:
            override, reason = "", ""
        else:
            override, reason = given, OVERRIDE_REASON
        return (residents, target.latest_income_year, target.latest_per_capita_income, computed,
                override, reason, override or computed)
