"""Sheet 农户 of the import engine: households and their income records, chunk by chunk."""

from django.db import reset_queries
from django.utils import timezone
from django.utils.translation import gettext as _

from xixiang.db.bulk import insert_objects
from xixiang.db.history import create_with_history, update_with_history
from xixiang.db.keys import key_set, select_by_keys
from xixiang.db.values import values_list

from .. import rules
from ..models import Household, IncomeRecord, Member
from ..services import household_place, income_record_compute
from .block_checks import parse_household_block
from .columns import HOUSEHOLD_COLUMNS, HOUSEHOLD_SHEET
from .model_columns import (
    BATCH,
    COMPARED_AT,
    COMPARED_FIELDS,
    HOUSEHOLD_COLUMNS_DB,
    INCOME_COLUMNS_DB,
    INCOME_ITEM_AT,
    INCOME_ITEMS,
    INCOME_PER_CAPITA_AT,
    INCOME_UPDATE_FIELDS,
    INDUSTRY_ORDER,
    PRODUCER_AT,
    SERIOUS_HEALTH,
    IncomeFigures,
    new_instance,
)
from .reader import NO_VALUE_MESSAGE
from .state import CREATED, UPDATED, HouseholdState, id_key
from .validation import HOUSEHOLD_VALUE_HEADERS, cell_text

SHEET = HOUSEHOLD_SHEET
H_NUMBER, H_HEAD_ID, H_LABOUR, H_YEAR = "户编号", "户主身份证号", "劳动力人数", "年度"


class HouseholdPass:
    household_columns = HOUSEHOLD_COLUMNS

    def _household_sheet(self, stream) -> None:
        buffer = []
        for row_no, cells, (row, problems) in stream.checked_rows(parse_household_block, self.today, self._advance):
            if stream.holes and (missing := stream.missing_values(row_no)):
                for header in missing:
                    self.log.error(SHEET, row_no, header, str(NO_VALUE_MESSAGE))
                self.broken.add(cell_text(cells[0]))
                continue
            if problems:
                for header, message in problems:
                    self.log.error(SHEET, row_no, header, message)
                if row.number:
                    self.broken.add(row.number)
            if len(buffer) >= self.chunk_rows and buffer[-1][1].number != row.number:
                self._flush_households(buffer)
                buffer = []
            # A row with errors stays in the buffer, in its place, for the duplicate checks only.
            buffer.append((row_no, row, not problems))
        if buffer:
            self._flush_households(buffer)

    # --- one chunk -------------------------------------------------------------------

    def _flush_households(self, buffer) -> None:
        fresh = {}  # number → (state, [(row_no, row)]) first seen in this chunk
        late = []  # (row_no, row, state) of households already written by an earlier chunk
        for row_no, row, valid in buffer:
            if not valid:
                self._check_broken_household_row(row_no, row)
                continue
            state = self._accept_household_row(row_no, row)
            if state is None:
                continue
            if state.flushed:
                late.append((row_no, row, state))
            else:
                fresh.setdefault(row.number, (state, []))[1].append((row_no, row))
        db_rows = self._load_households(fresh)
        self._check_head_ids(fresh, db_rows)
        pks = [state.pk for state, _rows in fresh.values() if state.pk] + [s.pk for _r, _w, s in late if s.pk]
        incomes = self._load_incomes(pks)
        self._load_serious(fresh, incomes)
        plan = _Plan()
        for number, (state, rows) in fresh.items():
            for row_no, row in rows:
                self._plan_income(plan, state, row_no, row, incomes)
            self._plan_household(plan, state, rows, db_rows.get(number))
        for row_no, row, state in late:
            self._plan_income(plan, state, row_no, row, incomes)
            state.final = True
        if self.writing:
            self._write_households(plan)
        reset_queries()  # with DEBUG on, Django keeps every query's SQL: not for 100,000s of rows

    def _accept_household_row(self, row_no: int, row) -> HouseholdState | None:
        """Cross-row and hierarchy checks; the household's state, or None after an error."""
        number = row.number
        if number[:14] not in self.groups:
            self.log.error(
                SHEET,
                row_no,
                H_NUMBER,
                _("户编号“%(number)s”的前 14 位“%(group)s”不是系统中的村民小组")
                % {"number": number, "group": number[:14]},
            )
            self.broken.add(number)
            return None
        message = self.township_error(number)
        if message:
            self.log.error(SHEET, row_no, H_NUMBER, message)
            self.broken.add(number)
            return None
        state = self.states.get(number)
        values = row.household_values()
        if self.broken_years:
            earlier = self.broken_years.get((number, row.year))
            if earlier is not None:
                self._duplicate_year(row_no, number, row.year, earlier)
                return None
        if state is None:
            owner = self.id_owner.get(id_key(row.head_id_number))
            if owner is not None:
                self._duplicate_head(row_no, self.states[owner].first_row, owner)
                self.broken.add(number)
                return None
            earlier = self.broken_heads.get(id_key(row.head_id_number)) if self.broken_heads else None
            if earlier is not None and earlier[1] != number:
                self._duplicate_head(row_no, *earlier)
                self.broken.add(number)
                return None
            state = HouseholdState(number, in_sheet=True, first_row=row_no, values=values)
            state.producer = (row.large_producer, row.large_producer_scale)
            self.states[number] = state
            self.id_owner[id_key(row.head_id_number)] = number
        else:
            if state.values != values:
                differing = [h for h, a, b in zip(HOUSEHOLD_VALUE_HEADERS, state.values, values, strict=True) if a != b]
                self.log.error(
                    SHEET,
                    row_no,
                    differing[0],
                    _("与第 %(row)s 行（同一户编号）的%(headers)s不一致；同一户的各行必须相同")
                    % {"row": state.first_row, "headers": "、".join(differing)},
                )
                return None
            earlier = state.row_of_year(row.year)
            if earlier is not None:
                self._duplicate_year(row_no, number, row.year, earlier)
                return None
        state.years += (row.year, row_no)
        if state.latest is None or row.year > state.latest[0]:
            state.latest = (row.year, None, row.resident_count, row_no)
        return state

    def _check_broken_household_row(self, row_no: int, row) -> None:
        """The duplicate checks of a row with field errors: its head's ID number and its year,
        when those cells are valid, against the rows above it (valid or not)."""
        number = row.number
        if not number:
            return
        if row.head_id_number:
            key = id_key(row.head_id_number)
            owner = self.id_owner.get(key)
            earlier = self.broken_heads.get(key)
            if owner is not None and owner != number:
                self._duplicate_head(row_no, self.states[owner].first_row, owner)
            elif earlier is not None and earlier[1] != number:
                self._duplicate_head(row_no, *earlier)
            elif owner is None and earlier is None:
                self.broken_heads[key] = (row_no, number)
        if row.year is not None:
            state = self.states.get(number)
            earlier = state.row_of_year(row.year) if state is not None else None
            if earlier is None:
                earlier = self.broken_years.get((number, row.year))
            if earlier is not None:
                self._duplicate_year(row_no, number, row.year, earlier)
            else:
                self.broken_years[(number, row.year)] = row_no

    def _duplicate_head(self, row_no: int, earlier_row: int, earlier_number: str) -> None:
        self.log.error(
            SHEET,
            row_no,
            H_HEAD_ID,
            _("户主身份证号与第 %(row)s 行（户编号 %(number)s）的户主重复")
            % {"row": earlier_row, "number": earlier_number},
        )

    def _duplicate_year(self, row_no: int, number: str, year: int, earlier_row: int) -> None:
        self.log.error(
            SHEET,
            row_no,
            H_YEAR,
            _("户编号 %(number)s 的 %(year)s 年度已在第 %(row)s 行填写")
            % {"number": number, "year": year, "row": earlier_row},
        )

    def _load_households(self, fresh) -> dict:
        if not fresh:
            return {}
        number_at = HOUSEHOLD_COLUMNS_DB.index("number")
        rows = Household.objects.filter(number__in=key_set(fresh)).values_list(*HOUSEHOLD_COLUMNS_DB)
        db_rows = {values[number_at]: values for values in rows}
        at = {
            name: HOUSEHOLD_COLUMNS_DB.index(name)
            for name in ("id", "resident_count", "category_override", "category_override_reason")
        }
        for number, values in db_rows.items():
            state = fresh[number][0]
            state.pk = values[at["id"]]
            state.existed = True
            state.stored = (
                values[at["resident_count"]],
                values[at["category_override"]],
                values[at["category_override_reason"]],
            )
        return db_rows

    def _check_head_ids(self, fresh, db_rows) -> None:
        """A head's ID number may not belong to another stored household or member."""
        head_at = HOUSEHOLD_COLUMNS_DB.index("head_id_number")
        to_check = {}
        for number, (state, _rows) in fresh.items():
            db = db_rows.get(number)
            if db is None or db[head_at] != state.values[1]:
                to_check[state.values[1]] = state
        if not to_check:
            return
        ids = list(to_check)
        for head_id, number in select_by_keys(Household, "head_id_number", ids, ("head_id_number", "number")):
            state = to_check[head_id]
            if number != state.number:
                self.log.error(
                    SHEET,
                    state.first_row,
                    H_HEAD_ID,
                    _("该身份证号已是系统中户编号 %(number)s 的户主") % {"number": number},
                )
        foreign = [
            (i, h)
            for i, h in select_by_keys(Member, "id_number", ids, ("id_number", "household_id"))
            if h != to_check[i].pk
        ]
        numbers = dict(select_by_keys(Household, "id", list({h for _i, h in foreign}), ("id", "number")))
        for id_number, household_id in foreign:
            self.log.error(
                SHEET,
                to_check[id_number].first_row,
                H_HEAD_ID,
                _("该身份证号已登记为系统中户编号 %(number)s 的家庭成员") % {"number": numbers.get(household_id, "?")},
            )

    def _load_incomes(self, pks) -> dict:
        """Stored income records of the chunk's households by (household, year)."""
        if not pks:
            return {}
        household_at, year_at = INCOME_COLUMNS_DB.index("household_id"), INCOME_COLUMNS_DB.index("year")
        rows = values_list(IncomeRecord.objects.filter(household_id__in=key_set(pks)), INCOME_COLUMNS_DB)
        return {(values[household_at], values[year_at]): values for values in rows}

    def _load_serious(self, fresh, incomes: dict) -> None:
        """Stored income (year, per-capita) of years not in the file and serious-health members
        of stored households."""
        by_pk = {state.pk: state for state, _rows in fresh.values() if state.pk}
        if not by_pk:
            return
        pairs = {}  # only records of years the file does not give: none in a re-import
        for (household_id, year), values in incomes.items():
            state = by_pk.get(household_id)
            if state is not None and state.row_of_year(year) is None:
                pairs.setdefault(household_id, []).append((year, values[INCOME_PER_CAPITA_AT]))
        for pk, items in pairs.items():
            by_pk[pk].db_incomes = tuple(items)
        serious = {}
        for household_id, id_number in Member.objects.filter(
            household_id__in=key_set(by_pk), health__in=SERIOUS_HEALTH
        ).values_list("household_id", "id_number"):
            serious.setdefault(household_id, []).append(id_number)
        for pk, ids in serious.items():
            by_pk[pk].db_serious = tuple(ids)

    # --- deciding --------------------------------------------------------------------

    def _plan_income(self, plan, state, row_no: int, row, incomes: dict) -> None:
        counts = self.outcome.counts["income_records"]
        items = (
            row.total_income,
            row.business_expenses,
            row.taxes_and_fees,
            row.depreciation,
            row.gifts_outside,
            row.resident_count,
        )
        old = incomes.get((state.pk, row.year)) if state.pk else None
        if old is None:
            if self.commit:
                record = new_instance(IncomeRecord, dict(zip(INCOME_ITEMS, items, strict=True), year=row.year))
                plan.new_incomes.append((state, record))
            else:
                record = IncomeFigures(*items)
            income_record_compute(record)
            per_capita = record.per_capita_net_income
            counts[CREATED] += 1
            state.touch()
        elif tuple(old[i] for i in INCOME_ITEM_AT) != items:
            record = IncomeRecord.from_db(None, INCOME_COLUMNS_DB, old)
            for name, value in zip(INCOME_ITEMS, items, strict=True):
                setattr(record, name, value)
            income_record_compute(record)
            plan.changed_incomes.append(record)
            per_capita = record.per_capita_net_income
            counts[UPDATED] += 1
            state.touch()
        else:
            per_capita = old[INCOME_PER_CAPITA_AT]
            counts["unchanged"] += 1
        if state.latest[0] == row.year:
            state.latest = (row.year, per_capita, row.resident_count, row_no)

    def _plan_household(self, plan, state, rows, db) -> None:
        state.flushed = True
        result = self.desired(state, serious=bool(state.db_serious))
        state.result = result
        problem = rules.labour_count_problem(state.values[3], result[0])
        if problem is not None:
            self.log.error(SHEET, state.latest[3], H_LABOUR, problem)
        head_name, head_id, phone, labour, industries, project, hardship, _given = state.values
        flags = tuple(code in industries for code in INDUSTRY_ORDER)
        producer, scale = state.producer
        if producer is None:  # blank: the stored value stays
            producer, scale = (db[PRODUCER_AT], db[PRODUCER_AT + 1]) if db is not None else (False, "")
        wanted = (head_name, head_id, phone, labour, *flags, project, hardship, producer, scale, *result)
        if db is None:
            state.status = CREATED
            if self.commit:
                household = new_instance(
                    Household, dict(zip(COMPARED_FIELDS, wanted, strict=True), number=state.number)
                )
                household.group = self.groups[state.number[:14]]
                household_place(household)
                plan.new_households.append((state, household))
            return
        current = tuple(db[i] for i in COMPARED_AT)
        if current == wanted:
            return
        household = Household.from_db(None, HOUSEHOLD_COLUMNS_DB, db)
        for name, old, new in zip(COMPARED_FIELDS, current, wanted, strict=True):
            if old != new:
                setattr(household, name, new)
                plan.household_fields.add(name)
        plan.changed_households.append(household)
        state.touch()

    # --- writing ---------------------------------------------------------------------

    def _write_households(self, plan) -> None:
        history = self.history_options()
        if plan.new_households:
            # Their "+" history rows wait for the final step, which may still re-derive their
            # category: the history is append-only (Finalise._write_creation_history).
            insert_objects(Household, [h for _s, h in plan.new_households], batch_size=BATCH)
            for state, household in plan.new_households:
                state.pk = household.pk
            self.created_households.append(([h.pk for _s, h in plan.new_households], history))
        if plan.changed_households:
            now = timezone.now()
            for household in plan.changed_households:
                household.updated_at = now
            update_with_history(
                Household,
                plan.changed_households,
                sorted(plan.household_fields) + ["updated_at"],
                batch_size=BATCH,
                **history,
            )
        if plan.new_incomes:
            records = []
            for state, record in plan.new_incomes:
                record.household_id = state.pk
                records.append(record)
            create_with_history(IncomeRecord, records, batch_size=BATCH, **history)
        if plan.changed_incomes:
            update_with_history(IncomeRecord, plan.changed_incomes, INCOME_UPDATE_FIELDS, batch_size=BATCH, **history)


class _Plan:
    """What one chunk creates and updates."""

    def __init__(self):
        self.new_households = []
        self.changed_households = []
        self.household_fields = set()
        self.new_incomes = []
        self.changed_incomes = []
