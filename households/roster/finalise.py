"""The import engine's last step: member counts and heads, categories that member rows or
non-adjacent rows changed, and the warnings about kept category overrides."""

from django.utils import timezone
from django.utils.translation import gettext as _

from xixiang.db.bulk import update_rows
from xixiang.db.history import CHANGED, record_history, versions_bump
from xixiang.db.history import CREATED as HISTORY_CREATED
from xixiang.db.keys import key_set
from xixiang.db.values import values_list

from .. import rules
from ..models import Household, IncomeRecord, Member
from .columns import CATEGORY_LABELS, HOUSEHOLD_SHEET, MEMBER_SHEET
from .model_columns import RESULT_FIELDS, SERIOUS_HEALTH
from .state import CREATED, id_key

CHUNK = 1000


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Finalise:
    def _finalise(self) -> None:
        self._check_member_counts()
        self._recategorise()
        self._write_creation_history()
        self._override_warnings()

    def _check_member_counts(self) -> None:
        """Members may not outnumber 家庭人口, and a household has at most one 户主."""
        candidates = [
            state
            for state in self.states.values()
            if state.result is not None
            and (
                state.new_members or (state.existed and state.stored is not None and state.result[0] < state.stored[0])
            )
        ]
        others = {}  # pk → [stored members not in the file, stored heads not in the file]
        stored_pks = [state.pk for state in candidates if state.existed]
        for pks in _chunks(stored_pks):
            for household_id, id_number, relation in Member.objects.filter(household_id__in=key_set(pks)).values_list(
                "household_id", "id_number", "relation"
            ):
                if id_key(id_number) in self.member_rows:
                    continue
                counts = others.setdefault(household_id, [0, 0])
                counts[0] += 1
                counts[1] += relation == "head"
        for state in candidates:
            extra_members, extra_heads = others.get(state.pk, (0, 0)) if state.existed else (0, 0)
            total, heads, residents = (
                state.member_count + extra_members,
                state.member_heads + extra_heads,
                state.result[0],
            )
            sheet, row = (
                (MEMBER_SHEET, state.last_member_row) if state.last_member_row else (HOUSEHOLD_SHEET, state.latest[3])
            )
            if (problem := rules.member_count_problem(total, residents)) is not None:
                self.log.error(sheet, row, "户编号", problem)
            if (problem := rules.head_count_problem(heads)) is not None:
                self.log.error(sheet, row, "与户主关系", problem)

    def _recategorise(self) -> None:
        finals = [state for state in self.states.values() if state.final and state.result is not None]
        for chunk in _chunks(finals):
            self._load_extra_details([s for s in chunk if not s.in_sheet])
            changed, created = {}, set()
            for state in chunk:
                serious = state.file_serious or any(id_key(i) not in self.member_rows for i in state.db_serious)
                wanted = self.desired(state, serious)
                if (problem := rules.labour_count_problem(state.values[3], wanted[0])) is not None:
                    self.log.error(HOUSEHOLD_SHEET, state.latest[3] if state.latest else None, "劳动力人数", problem)
                if wanted != state.result:
                    state.result = wanted
                    state.touch()
                    changed[state.pk] = wanted
                    if state.status == CREATED:
                        created.add(state.pk)
            if self.writing and changed:
                self._write_results(changed, created)
            self._done += len(chunk)
            self._report()

    def _load_extra_details(self, states) -> None:
        """Stored incomes and serious members of households only member rows named."""
        if not states:
            return
        by_pk = {state.pk: state for state in states}
        incomes, serious = {}, {}
        for household_id, year, per_capita in values_list(
            IncomeRecord.objects.filter(household_id__in=key_set(by_pk)),
            ("household_id", "year", "per_capita_net_income"),
        ):
            incomes.setdefault(household_id, []).append((year, per_capita))
        for household_id, id_number in Member.objects.filter(
            household_id__in=key_set(by_pk), health__in=SERIOUS_HEALTH
        ).values_list("household_id", "id_number"):
            serious.setdefault(household_id, []).append(id_number)
        for pk, state in by_pk.items():
            state.db_incomes = tuple(incomes.get(pk, ()))
            state.db_serious = tuple(serious.get(pk, ()))

    def _write_results(self, changed: dict, created: set) -> None:
        """Store re-derived values. A household this batch created gets its one "+" history
        entry afterwards, with these values (_write_creation_history). A stored household gets
        a "~" entry copied from the updated row."""
        now = timezone.now()
        fresh = {pk: values + (now,) for pk, values in changed.items() if pk in created}
        if fresh:
            update_rows(Household, "id", (*RESULT_FIELDS, "updated_at"), fresh)
        stored = {pk: values + (now,) for pk, values in changed.items() if pk not in created}
        if stored:
            update_rows(Household, "id", (*RESULT_FIELDS, "updated_at"), stored)
            versions_bump(Household, list(stored))
            record_history(Household, list(stored), history_type=CHANGED, **self.history_options())

    def _write_creation_history(self) -> None:
        """The "+" history rows of the households this batch created, copied from the rows as
        they now are, with the user, batch and date of the chunk that created them: the history
        is append-only, so they are written once the category can no longer change."""
        if self.writing:
            for pks, history in self.created_households:
                record_history(Household, pks, history_type=HISTORY_CREATED, **history)
        self.created_households = []

    def _override_warnings(self) -> None:
        for state in self.states.values():
            if not state.in_sheet or state.result is None:
                continue
            computed, override = state.result[3], state.result[4]
            if override and override != computed:
                self.log.warning(
                    HOUSEHOLD_SHEET,
                    state.first_row,
                    "户类别",
                    _("户类别“%(given)s”与按收入计算的“%(computed)s”不同，作为调整类别保存（理由：%(reason)s）")
                    % {
                        "given": CATEGORY_LABELS.get(override, override),
                        "computed": CATEGORY_LABELS.get(computed, _("无")),
                        "reason": state.result[5],
                    },
                )
