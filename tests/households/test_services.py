from decimal import Decimal

import pytest

from households.models import Household
from households.services import HouseholdChanges, household_delete, household_save
from tests.factories import IncomeRecordFactory
from xixiang.core.errors import DomainError


def test_service_refuses_group_outside_the_actors_township(world):
    household = Household(number="61072410820101777", group=world.jiangbang_group, head_name="赵六",
                          head_id_number="11010519491231002X", resident_count=1, labour_count=1)
    with pytest.raises(DomainError) as caught:
        household_save(actor=world.users["clerk_chengguan"], household=household)
    assert caught.value.message == "您无权在该村民小组登记农户（不在您负责的乡镇）"
    assert not Household.objects.filter(number="61072410820101777").exists()


def test_service_refuses_to_change_a_household_number(world):
    household = Household.objects.get(pk=world.own_household.pk)
    household.number = "61072410020101999"
    with pytest.raises(DomainError, match="户编号一经使用不能修改"):
        household_save(actor=world.users["admin"], household=household)


def test_service_refuses_two_heads(world):
    from households.models import Member
    household = Household.objects.get(pk=world.own_household.pk)
    second = Member(name="另一户主", id_number="11010519491231002X", relation="head")
    with pytest.raises(DomainError, match="一户只能有一名户主"):
        household_save(actor=world.users["admin"], household=household,
                       changes=HouseholdChanges([second], [], [], []))
    assert household.members.count() == 1


def test_recategorise_uses_the_latest_year(world):
    household = world.own_household
    record = IncomeRecordFactory(household=household, year=2010, total_income=Decimal("3000"),
                                 business_expenses=Decimal("0"))
    household_save(actor=world.users["admin"], household=household, changes=HouseholdChanges([], [], [record], []))
    household.refresh_from_db()
    assert (household.latest_income_year, household.latest_per_capita_income, household.category) == (
        2010, Decimal("1000.00"), "needs_help")


def test_clerk_cannot_delete_household_of_other_township_through_the_service(world):
    with pytest.raises(DomainError, match="您无权删除该农户"):
        household_delete(actor=world.users["clerk_chengguan"], household=world.other_household)
    assert Household.objects.filter(pk=world.other_household.pk).exists()
