"""Writes to the household registry. Each service is atomic, checks scope and rules, and
raises DomainError with a Chinese message that the view shows next to the field."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from xixiang.accounts import scope
from xixiang.core.errors import DomainError
from xixiang.core.errors import full_clean_or_raise as _full_clean

from . import categories
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
    if not scope.editable_groups(actor).filter(pk=household.group_id).exists():
        raise DomainError(_("您无权在该村民小组登记农户（不在您负责的乡镇）"), field="group")


def _check_override(household: Household) -> None:
    if household.category_override and not household.category_override_reason.strip():
        raise DomainError(_("调整户类别必须写明理由"), field="category_override_reason")
    if not household.category_override:
        household.category_override_reason = ""




@transaction.atomic
def household_save(*, actor, household: Household, changes: HouseholdChanges | None = None) -> Household:
    """Create or update a household with its members and income records in one transaction.

    Refuses a group outside the actor's townships (also for the group a household is moved
    away from), an override without a reason, and duplicate ID numbers.
    """
    changes = changes or HouseholdChanges([], [], [], [])
    if household.pk:
        stored = Household.objects.select_for_update().get(pk=household.pk)
        if not scope.can_edit_household(actor, stored):
            raise DomainError(_("您无权修改该农户"))
        if stored.number != household.number:
            raise DomainError(_("户编号一经使用不能修改"), field="number")
    _check_scope(actor, household)
    _check_override(household)
    household_place(household)
    _full_clean(household, exclude=["village", "township"])
    household.save()

    for member in changes.members_to_delete:
        if member.pk:
            member.delete()
    for member in changes.members_to_save:
        member.household = household
        _full_clean(member)
        member.save()
    for record in changes.income_records_to_delete:
        if record.pk:
            record.delete()
    for record in changes.income_records_to_save:
        record.household = household
        if not record.resident_members:
            record.resident_members = household.resident_count
        income_record_compute(record)
        _full_clean(record)
        record.save()
    _check_members(household)
    household_recategorise(household)
    return household


def _check_members(household: Household) -> None:
    members = list(household.members.all())
    heads = [m for m in members if m.relation == Relation.HEAD]
    if len(heads) > 1:
        raise DomainError(_("一户只能有一名户主"), field="members")
    if len(members) > household.resident_count:
        raise DomainError(
            _("登记的家庭成员（%(m)s 人）多于家庭人口（%(n)s 人）") % {"m": len(members), "n": household.resident_count},
            field="resident_count",
        )
    ids = {m.id_number for m in members}
    if household.head_id_number not in ids and Member.objects.filter(id_number=household.head_id_number).exists():
        raise DomainError(_("户主身份证号已登记为其他户的家庭成员"), field="head_id_number")


def household_recategorise(household: Household) -> None:
    """Recompute the category from the latest income record and save the result fields."""
    latest = household.income_records.order_by("-year").first()
    household_categorise(household, latest, members=household.members.all())
    household.save(update_fields=[
        "latest_income_year", "latest_per_capita_income", "computed_category", "category",
        "category_override_reason",
    ])


@transaction.atomic
def household_delete(*, actor, household: Household) -> None:
    """Delete a household, its members and income records (history keeps them)."""
    if not scope.can_edit_household(actor, household):
        raise DomainError(_("您无权删除该农户"))
    household.delete()
