"""values_list gives what queryset.values_list gives, decimal places included."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from households.models import Household, IncomeRecord
from tests.factories import HouseholdFactory
from xixiang.db.values import values_list

pytestmark = pytest.mark.django_db

COLUMNS = ("id", "household_id", "year", "total_income", "business_expenses", "taxes_and_fees", "depreciation",
           "gifts_outside", "resident_members", "per_capita_net_income")


@pytest.fixture
def household(world):
    household = HouseholdFactory(group=world.wufeng_group)
    amounts = [Decimal("78.00"), Decimal("11824.75"), Decimal("0.10"), Decimal("9999999999.99")]
    for year, amount in enumerate(amounts, start=2006):
        IncomeRecord.objects.create(household=household, year=year, total_income=amount, business_expenses=amount,
                                    resident_members=3, net_income=Decimal("5.00"),
                                    per_capita_net_income=Decimal("1.67"))
    return household


def test_decimal_columns_are_those_of_values_list_with_the_same_places(household):
    queryset = IncomeRecord.objects.filter(household=household).order_by("year")
    with CaptureQueriesContext(connection) as queries:
        ours = list(values_list(queryset, COLUMNS))
    django = list(queryset.values_list(*COLUMNS))
    assert ours == django
    assert [str(row[3]) for row in ours] == ["78.00", "11824.75", "0.10", "9999999999.99"]  # the places, too
    printed = "printf(" in queries.captured_queries[0]["sql"]
    assert printed is (connection.vendor == "sqlite")  # PostgreSQL reads numerics exactly: values_list itself


def test_a_null_decimal_stays_none(household):
    Household.objects.filter(pk=household.pk).update(latest_per_capita_income=None)
    households = Household.objects.filter(pk=household.pk)
    assert list(values_list(households, ("number", "latest_per_capita_income"))) == [(household.number, None)]
    Household.objects.filter(pk=household.pk).update(latest_per_capita_income=Decimal("1234.50"))
    assert list(values_list(households, ("number", "latest_per_capita_income"))) == list(
        households.values_list("number", "latest_per_capita_income")) == [(household.number, Decimal("1234.50"))]


def test_columns_without_decimals_are_values_list_itself(household):
    queryset = IncomeRecord.objects.filter(household=household).order_by("year")
    assert list(values_list(queryset, ("year", "resident_members"))) == [(2006, 3), (2007, 3), (2008, 3), (2009, 3)]
