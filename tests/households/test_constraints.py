"""Invariants the database itself enforces, whatever code writes the row."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from households.models import CategoryThresholds, Household, IncomeRecord
from tests.factories import GroupFactory, HouseholdFactory, IncomeRecordFactory, MemberFactory
from villages.models import Group, Village, VillageGrade


def refused(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_household_number_is_unique(world):
    refused(lambda: HouseholdFactory(group=world.wufeng_group, number=world.own_household.number))


def test_head_id_number_is_unique(world):
    refused(lambda: HouseholdFactory(group=world.wufeng_group, head_id_number=world.other_household.head_id_number))


def test_member_id_number_is_unique(world):
    existing = world.own_household.members.get().id_number
    refused(lambda: MemberFactory(household=world.other_household, id_number=existing))


def test_household_needs_at_least_one_resident(world):
    refused(lambda: HouseholdFactory(group=world.wufeng_group, resident_count=0, labour_count=0))


def test_labour_cannot_exceed_residents(world):
    refused(lambda: HouseholdFactory(group=world.wufeng_group, resident_count=2, labour_count=3))


def test_household_number_must_be_17_digits(world):
    refused(lambda: HouseholdFactory(group=world.wufeng_group, number="6107241002010100A"))


def test_override_without_reason_is_refused(world):
    refused(
        lambda: Household.objects.filter(pk=world.own_household.pk).update(
            category_override="care", category_override_reason=""
        )
    )


def test_income_money_cannot_be_negative(world):
    refused(lambda: IncomeRecordFactory(household=world.own_household, year=2008, total_income=Decimal("-1")))


def test_one_income_record_per_household_and_year(world):
    refused(lambda: IncomeRecordFactory(household=world.own_household, year=2009))


def test_village_code_is_unique_and_12_digits(world):
    refused(lambda: Village.objects.create(township=world.chengguan, code=world.wufeng.code, name="重复村"))
    refused(lambda: Village.objects.create(township=world.chengguan, code="61072410020", name="短码村"))


def test_group_name_is_unique_in_its_village(world):
    refused(lambda: GroupFactory(village=world.wufeng, name="一组"))


def test_one_grade_per_village_and_year(world):
    VillageGrade.objects.create(village=world.wufeng, year=2008, grade=4)
    refused(lambda: VillageGrade.objects.create(village=world.wufeng, year=2008, grade=3))


def test_grade_is_between_1_and_4(world):
    refused(lambda: VillageGrade.objects.create(village=world.wufeng, year=2009, grade=5))


def test_category_thresholds_must_be_in_order(db):
    refused(
        lambda: CategoryThresholds.objects.create(
            year=2030, subsistence_min=Decimal("4000"), well_off_min=Decimal("3000")
        )
    )


def test_default_thresholds_are_data(db):
    row = CategoryThresholds.objects.get(year=2009)
    assert (row.demonstration_min, row.well_off_min, row.subsistence_min, row.care_max) == (
        Decimal("5000.00"),
        Decimal("3000.00"),
        Decimal("1196.00"),
        Decimal("3000.00"),
    )


def test_group_of_a_household_cannot_be_deleted_while_used(world):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        Group.objects.filter(pk=world.wufeng_group.pk).delete()
    assert IncomeRecord.objects.count() == 2
