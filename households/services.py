"""Writes to the household registry. Each service is atomic, checks scope and rules, and
raises DomainError with a Chinese message that the view shows next to the field."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from households import scope as household_scope
from villages import scope as village_scope
from xixiang.core.concurrency import changed_fields, version_claims
from xixiang.core.errors import DomainError, full_clean_or_raise

from . import categories, rules
from .choices import Relation
from .models import Household, IncomeRecord, Member
from .selectors import thresholds_for_year


@dataclass
class HouseholdChanges:
    """Members and income records edited together with a household (already validated)."""

    members_to_save: list[Member]
    members_to_delete: list[Member]
    income_records_to_save: list[IncomeRecord]
    income_records_to_delete: list[IncomeRecord]


def household_place(household: Household) -> None:
    """Copy village and township from the household's group (the denormalised columns)."""
    household.village_id = household.group.village_id
    household.township_id = household.group.village.township_id


def household_categorise(household: Household, latest: IncomeRecord | None, *,
                         members: Iterable[Member] = (),
                         thresholds: categories.Thresholds | None = None) -> None:
    """Set the latest income figures, the computed category and the effective category.

    `thresholds` are those of `latest.year`, looked up when not given (the roster import
    passes them to avoid a query per household).
    """
    if latest is None:
        household.latest_income_year = None
        household.latest_per_capita_income = None
        household.computed_category = ""
    else:
        household.latest_income_year = latest.year
        household.latest_per_capita_income = latest.per_capita_net_income
        household.computed_category = household.category_for(
            latest.per_capita_net_income, thresholds or thresholds_for_year(latest.year), members=members
        )
    household.category = household.category_override or household.computed_category


def income_record_compute(record: IncomeRecord) -> None:
    """Fill the net and per-capita figures of an income record from its items."""
    record.net_income = categories.net_income(record.items())
    record.per_capita_net_income = categories.per_capita_of(record.net_income, record.resident_members)


def _check_scope(actor, household: Household) -> None:
    if not village_scope.editable_groups(actor).filter(pk=household.group_id).exists():
        raise DomainError(_("您无权在该村民小组登记农户（不在您负责的乡镇）"), field="group")


def _check_override(household: Household) -> None:
    problem = rules.override_reason_problem(household.category_override, household.category_override_reason)
    if problem is not None:
        raise DomainError(problem, field="category_override_reason")
    if not household.category_override:
        household.category_override_reason = ""




@transaction.atomic
def household_save(*, actor, household: Household, changes: HouseholdChanges | None = None) -> Household:
    """Create or update a household with its members and income records in one transaction.

    Refuses a group outside the actor's townships (also for the group a household is moved
    away from), an override without a reason, and duplicate ID numbers. Stored rows are saved
    only when they changed, each after claiming its next version (xixiang.core.concurrency):
    if the household or any member or income record changed since the form was opened
    (`version`), the whole save is refused with a ConcurrentEditError and nothing is stored.
    The category is computed before the household is written, so one save writes one history
    row per changed row.
    """
    changes = changes or HouseholdChanges([], [], [], [])
    stored = None
    if household.pk:
        stored = Household.objects.select_for_update().get(pk=household.pk)
        if not household_scope.can_edit_household(actor, stored):
            raise DomainError(_("您无权修改该农户"))
        if stored.number != household.number:
            raise DomainError(_("户编号一经使用不能修改"), field="number")
    _check_scope(actor, household)
    _check_override(household)
    household_place(household)
    for record in changes.income_records_to_save:
        if not record.resident_members:
            record.resident_members = household.resident_count
        income_record_compute(record)
    members, records = _rows_after(household, stored, changes)
    household_categorise(household, max(records, key=lambda r: r.year, default=None), members=members)
    full_clean_or_raise(household, exclude=["village", "township"])
    household._history_user = actor
    deleted = [row for row in [*changes.members_to_delete, *changes.income_records_to_delete] if row.pk]
    saved = [*changes.members_to_save, *changes.income_records_to_save]
    household_changed = stored is not None and bool(changed_fields(stored, household))
    version_claims([*([household] if household_changed else []), *deleted, *saved])
    if stored is None:
        household.version = 1
    if stored is None or household_changed:
        household.save()
    for row in deleted:
        row._history_user = actor
        row.delete()
    for row in saved:
        row.household = household
        if not row.pk:
            row.version = 1
        full_clean_or_raise(row)
        row._history_user = actor
        row.save()
    _check_members(household)
    return household


def _rows_after(household: Household, stored: Household | None, changes: HouseholdChanges):
    """The members and income records the household will have once `changes` are written."""
    def after(existing, saved, deleted):
        gone = {row.pk for row in deleted if row.pk}
        replaced = {row.pk: row for row in saved if row.pk}
        kept = [replaced.get(row.pk, row) for row in existing if row.pk not in gone]
        return kept + [row for row in saved if not row.pk]

    members = stored.members.all() if stored else []
    records = stored.income_records.all() if stored else []
    return (after(members, changes.members_to_save, changes.members_to_delete),
            after(records, changes.income_records_to_save, changes.income_records_to_delete))


def _check_members(household: Household) -> None:
    """The rules over all members (households.rules), once they are stored."""
    members = list(household.members.all())
    problem = rules.head_count_problem(sum(m.relation == Relation.HEAD for m in members))
    if problem is not None:
        raise DomainError(problem, field="members")
    problem = rules.member_count_problem(len(members), household.resident_count)
    if problem is not None:
        raise DomainError(problem, field="resident_count")
    ids = {m.id_number for m in members}
    if household.head_id_number not in ids and Member.objects.filter(id_number=household.head_id_number).exists():
        raise DomainError(_("户主身份证号已登记为其他户的家庭成员"), field="head_id_number")


@transaction.atomic
def household_delete(*, actor, household: Household) -> None:
    """Delete a household, its members and income records (history keeps them)."""
    if not household_scope.can_edit_household(actor, household):
        raise DomainError(_("您无权删除该农户"))
    household.delete()
