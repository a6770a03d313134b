"""Sheet 家庭成员 of the import engine: members, chunk by chunk."""

from django.db import reset_queries
from django.utils.translation import gettext as _

from xixiang.db.history import create_with_history, update_with_history
from xixiang.db.keys import key_set, select_by_keys

from ..models import Household, Member
from .block_checks import parse_member_block
from .columns import MEMBER_COLUMNS, MEMBER_SHEET
from .model_columns import (
    BATCH,
    INDUSTRY_ORDER,
    MEMBER_COLUMNS_DB,
    MEMBER_COMPARED,
    MEMBER_COMPARED_AT,
    MEMBER_UPDATE_FIELDS,
    SERIOUS_HEALTH,
    new_instance,
)
from .reader import NO_VALUE_MESSAGE
from .state import CREATED, UNCHANGED, UPDATED, HouseholdState, id_key

SHEET = MEMBER_SHEET
M_NUMBER, M_ID, M_RELATION = "户编号", "身份证号", "与户主关系"
HEAD = "head"
#: Stored household columns an extra household (named only by member rows) needs.
EXTRA_COLUMNS = (
    "number",
    "id",
    "head_name",
    "head_id_number",
    "phone",
    "labour_count",
    "industry_tea",
    "industry_pigs",
    "industry_tobacco",
    "industry_migration",
    "industry_other",
    "has_income_project",
    "hardship",
    "category_override",
    "category_override_reason",
    "resident_count",
    "latest_income_year",
    "latest_per_capita_income",
    "computed_category",
    "category",
)


class MemberPass:
    member_columns = MEMBER_COLUMNS

    def _member_sheet(self, stream) -> None:
        buffer = []
        for row_no, _cells, (row, problems) in stream.checked_rows(parse_member_block, self.today, self._advance):
            if stream.holes and (missing := stream.missing_values(row_no)):
                for header in missing:
                    self.log.error(SHEET, row_no, header, str(NO_VALUE_MESSAGE))
                continue
            if problems:
                for header, message in problems:
                    self.log.error(SHEET, row_no, header, message)
            # A row with errors stays in the buffer, in its place, for the duplicate checks only.
            buffer.append((row_no, row, not problems))
            if len(buffer) >= self.chunk_rows:
                self._flush_members(buffer)
                buffer = []
        if buffer:
            self._flush_members(buffer)

    def _flush_members(self, buffer) -> None:
        self._load_extra_households({row.number for _n, row, valid in buffer if valid})
        accepted = []
        for row_no, row, valid in buffer:
            if not valid:
                self._check_broken_member_row(row_no, row)
                continue
            state = self._accept_member_row(row_no, row)
            if state is not None:
                accepted.append((row_no, row, state))
        pks = list({state.pk for _n, _r, state in accepted if state.existed})
        stored = {}
        if pks:
            id_at = MEMBER_COLUMNS_DB.index("id_number")
            for values in Member.objects.filter(household_id__in=key_set(pks)).values_list(*MEMBER_COLUMNS_DB):
                stored[values[id_at]] = values
        self._check_member_ids(accepted, stored)
        new, changed = [], []
        for row_no, row, state in accepted:
            self._plan_member(row_no, row, state, stored.get(row.id_number), new, changed)
        if self.writing:
            history = self.history_options()
            if new:
                members = []
                for state, member in new:
                    member.household_id = state.pk
                    members.append(member)
                create_with_history(Member, members, batch_size=BATCH, **history)
            if changed:
                update_with_history(Member, changed, MEMBER_UPDATE_FIELDS, batch_size=BATCH, **history)
        reset_queries()

    def _load_extra_households(self, numbers: set[str]) -> None:
        """States for stored households that only member rows name; record the missing ones."""
        unknown = [n for n in numbers if n not in self.states and n not in self.broken and n not in self.missing]
        if not unknown:
            return
        found = set()
        for values in Household.objects.filter(number__in=key_set(unknown)).values_list(*EXTRA_COLUMNS):
            number, pk, head_name, head_id, phone, labour = values[:6]
            industries = tuple(code for code, flag in zip(INDUSTRY_ORDER, values[6:11], strict=True) if flag)
            project, hardship, override, reason = values[11:15]
            state = HouseholdState(
                number,
                in_sheet=False,
                values=(head_name, head_id, phone, labour, industries, project, hardship, override),
            )
            state.pk, state.existed, state.flushed = pk, True, True
            state.stored = (values[15], override, reason)
            state.result = values[15:16] + values[16:19] + (override, reason, values[19])
            self.states[number] = state
            found.add(number)
        self.missing.update(n for n in unknown if n not in found)

    def _accept_member_row(self, row_no: int, row) -> HouseholdState | None:
        number = row.number
        key = id_key(row.id_number)
        previous = self.member_rows.get(key)
        if previous is not None:
            self.log.error(SHEET, row_no, M_ID, _("身份证号与第 %(row)s 行重复") % {"row": previous})
            return None
        self.member_rows[key] = row_no
        if number in self.broken:
            return None
        if number in self.missing:
            self.log.error(
                SHEET, row_no, M_NUMBER, _("户编号“%(number)s”在“农户”表和系统中都找不到") % {"number": number}
            )
            return None
        message = self.township_error(number)
        if message:
            self.log.error(SHEET, row_no, M_NUMBER, message)
            return None
        state = self.states[number]
        if self._head_elsewhere(row_no, row):
            return None
        if row.relation == HEAD and row.id_number != state.values[1]:
            self.log.error(SHEET, row_no, M_RELATION, _("与户主关系为“户主”，但身份证号与该户的户主身份证号不一致"))
            return None
        return state

    def _check_broken_member_row(self, row_no: int, row) -> None:
        """The duplicate checks of a row with field errors, when its ID number is valid: against
        the member rows above it and the heads of sheet 农户."""
        if not row.id_number:
            return
        key = id_key(row.id_number)
        previous = self.member_rows.get(key)
        if previous is not None:
            self.log.error(SHEET, row_no, M_ID, _("身份证号与第 %(row)s 行重复") % {"row": previous})
            return
        self.member_rows[key] = row_no
        if row.number:
            self._head_elsewhere(row_no, row)

    def _head_elsewhere(self, row_no: int, row) -> bool:
        """Log and say whether the member's ID number is the head's of another household of sheet
        农户 (a valid row's, or one with errors)."""
        key = id_key(row.id_number)
        owner = self.id_owner.get(key)
        if owner is not None:
            first_row = self.states[owner].first_row
        elif key in self.broken_heads:
            first_row, owner = self.broken_heads[key]
        if owner is None or owner == row.number:
            return False
        self.log.error(
            SHEET,
            row_no,
            M_ID,
            _("该身份证号是“农户”表第 %(row)s 行户编号 %(number)s 的户主") % {"row": first_row, "number": owner},
        )
        return True

    def _check_member_ids(self, accepted, stored: dict) -> None:
        """An ID number not among the household's stored members may not be anyone else's."""
        rest = {row.id_number: (row_no, row) for row_no, row, _s in accepted if row.id_number not in stored}
        if not rest:
            return
        ids = list(rest)
        foreign = select_by_keys(Member, "id_number", ids, ("id_number", "household_id"))
        numbers = dict(select_by_keys(Household, "id", list({h for _i, h in foreign}), ("id", "number")))
        for id_number, household_id in foreign:
            self.log.error(
                SHEET,
                rest[id_number][0],
                M_ID,
                _("该身份证号已登记为系统中户编号 %(number)s 的家庭成员") % {"number": numbers.get(household_id, "?")},
            )
        for id_number, number in select_by_keys(Household, "head_id_number", ids, ("head_id_number", "number")):
            row_no, row = rest[id_number]
            if number != row.number and self.id_owner.get(id_key(id_number)) != row.number:
                self.log.error(
                    SHEET, row_no, M_ID, _("该身份证号已是系统中户编号 %(number)s 的户主") % {"number": number}
                )

    def _plan_member(self, row_no: int, row, state, old, new: list, changed: list) -> None:
        """Create or update one member. A blank 性别 keeps the stored one (a new member gets the
        one of the ID number); the birth date of a new member comes from the ID number."""
        counts = self.outcome.counts["members"]
        serious = row.health in SERIOUS_HEALTH
        if old is None:
            if self.commit:
                new.append(
                    (
                        state,
                        new_instance(
                            Member,
                            {
                                "name": row.name,
                                "id_number": row.id_number,
                                "relation": row.relation,
                                "sex": row.sex or row.id_sex,
                                "birth_date": row.birth_date,
                                "labour_ability": row.labour_ability,
                                "health": row.health,
                            },
                        ),
                    )
                )
            counts[CREATED] += 1
            state.new_members = True
            state.touch()
            if serious:
                state.final = True
        else:
            current = tuple(old[i] for i in MEMBER_COMPARED_AT)
            wanted = (row.name, row.relation, row.sex or current[2], row.labour_ability, row.health)
            if current != wanted:
                member = Member.from_db(None, MEMBER_COLUMNS_DB, old)
                for name, value in zip(MEMBER_COMPARED, wanted, strict=True):
                    setattr(member, name, value)
                changed.append(member)
                counts[UPDATED] += 1
                state.touch()
                if (current[4] in SERIOUS_HEALTH) != serious:
                    state.final = True
                if (current[1] == HEAD) != (row.relation == HEAD):
                    state.new_members = True
            else:
                counts[UNCHANGED] += 1
        state.member_count += 1
        state.member_heads += row.relation == HEAD
        state.file_serious = state.file_serious or serious
        state.last_member_row = row_no
