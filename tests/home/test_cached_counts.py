"""The checklist's and 待办's cached household counts (home.selectors.township_household_counts,
xixiang.core.figures): equal to the plain aggregate, and a write shows at once."""

import pytest
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from home import selectors, todo
from households import services as household_services
from households.models import Household, IncomeRecord
from villages.models import Township

from ..factories import HouseholdFactory, IncomeRecordFactory

pytestmark = pytest.mark.django_db


def plain(year: int, ids: list[int]) -> dict:
    has_income = Exists(IncomeRecord.objects.filter(household=OuterRef("pk"), year=year))
    return {row["township_id"]: row for row in Household.objects.filter(township_id__in=ids).annotate(
        has_income=has_income).values("township_id").annotate(
        total=Count("id"), missing=Count("id", filter=Q(has_income=False))).order_by()}


def test_the_cached_counts_equal_the_plain_aggregate(world):
    for group in (world.wufeng_group, world.wufeng_group, world.jiangbang_group):
        IncomeRecordFactory(household=HouseholdFactory(group=group), year=2009)
    HouseholdFactory(group=world.wufeng_group)
    ids = list(Township.objects.values_list("pk", flat=True))
    for year in (2009, 2008):
        expected = plain(year, ids)
        assert expected and selectors.township_household_counts(year, ids) == expected  # computed
        assert selectors.township_household_counts(year, ids) == expected  # stored
    assert selectors.township_household_counts(2009, ids[:1]) == plain(2009, ids[:1])


def _without_income(client) -> int:
    [item] = [i for i in client.get(reverse("home:dashboard")).context["items"] if i.key == "households-without-income"]
    return item.count


def test_a_clerks_new_household_income_record_and_deletion_show_on_the_home_at_once(world):
    client, clerk = world.client_for("clerk_chengguan"), world.users["clerk_chengguan"]
    start = _without_income(client)
    assert _without_income(client) == start  # from the cache
    household = HouseholdFactory(group=world.wufeng_group)
    assert _without_income(client) == start + 1
    IncomeRecordFactory(household=household, year=todo.working_cycle_and_year()[1])
    assert _without_income(client) == start
    other = HouseholdFactory(group=world.wufeng_group)
    assert _without_income(client) == start + 1
    household_services.household_delete(actor=clerk, household=other)
    assert _without_income(client) == start
