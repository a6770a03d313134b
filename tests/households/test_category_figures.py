"""The household totals and category counts of the overview, township and village pages
(households.selectors, cached by xixiang.core.figures): equal to the plain aggregates, and a
write shows at once."""

import pytest
from django.db.models import Count, Sum
from django.urls import reverse

from households import scope, selectors
from households import services as household_services
from households.choices import Category
from households.models import Household

from ..factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def plain(households) -> tuple[dict, dict]:
    totals = households.aggregate(households=Count("id"), people=Sum("resident_count"))
    counts = dict(households.values_list("category").annotate(n=Count("id")).order_by())
    return ({"households": totals["households"], "people": totals["people"] or 0},
            {code: counts.get(code, 0) for code, _label in Category.choices})


def cached(households) -> tuple[dict, dict]:
    return (selectors.household_totals(households),
            {code: n for code, _label, n in selectors.category_counts(households)})


def test_the_cached_figures_equal_the_plain_aggregates_for_each_scope(world, django_assert_num_queries):
    HouseholdFactory(group=world.wufeng_group, category=Category.NEEDS_HELP, resident_count=5)
    HouseholdFactory(group=world.wufeng_group, category=Category.WELL_OFF, resident_count=2)
    HouseholdFactory(group=world.jiangbang_group, category=Category.NEEDS_HELP, resident_count=4)
    for name in ("admin", "clerk_chengguan"):
        households = scope.households(world.users[name])
        expected = plain(households)
        assert expected[0]["households"] > 0 and cached(households) == expected  # computed
        with django_assert_num_queries(2):  # stored: one read of the generations per call
            assert cached(households) == expected
    assert plain(scope.households(world.users["clerk_chengguan"])) != plain(scope.households(world.users["admin"]))


def test_a_new_household_a_changed_category_and_a_deletion_show_on_the_overview_at_once(world):
    client, admin = world.client_for("admin"), world.users["admin"]

    def figures():
        context = client.get(reverse("home:overview")).context
        return context["totals"], dict((code, n) for code, _label, n in context["category_counts"])

    totals, counts = figures()
    assert figures() == (totals, counts)  # from the cache
    household = HouseholdFactory(group=world.wufeng_group, category=Category.NEEDS_HELP, resident_count=6)
    after = figures()
    assert after[0] == {"households": totals["households"] + 1, "people": totals["people"] + 6}
    assert after[1][Category.NEEDS_HELP] == counts[Category.NEEDS_HELP] + 1
    household.category = Category.WELL_OFF
    household.save()
    assert figures()[1][Category.NEEDS_HELP] == counts[Category.NEEDS_HELP]
    assert figures()[1][Category.WELL_OFF] == counts[Category.WELL_OFF] + 1
    household_services.household_delete(actor=admin, household=Household.objects.get(pk=household.pk))
    assert figures() == (totals, counts)


def test_a_scope_of_no_households_has_empty_figures(world, django_assert_num_queries):
    """A role that sees no households gets `.none()`, a queryset without SQL (the scorer's village page)."""
    nothing = Household.objects.none()
    with django_assert_num_queries(1):  # the generations only
        assert selectors.household_totals(nothing) == {"households": 0, "people": 0}
    assert selectors.category_counts(Household.objects.filter(pk__in=[])) == [
        (code, label, 0) for code, label in Category.choices]
