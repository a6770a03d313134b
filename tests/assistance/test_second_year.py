"""The second year in the ledgers: pairings run on into 2010, each household's 2010 plan starts from
its 2009 measures (one at a time on the form, or all at once), and last year's result is asked for."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from assistance import selectors, services
from assistance.models import AssistanceRecord, HouseholdPairing, HouseholdPlan
from xixiang.core.errors import DomainError

from .factories import HouseholdPairingFactory

pytestmark = pytest.mark.django_db

PREPARE = reverse("assistance:plans_prepare")


@pytest.fixture
def plans_2009(world, assist):
    own = HouseholdPlan.objects.create(
        household=world.own_household, year=2009, target_income=Decimal("2600"), measure_industry="茶园 2 亩",
        measure_training="茶叶修剪培训", cadre=assist.helper_cadre, leader=assist.leader,
    )
    other = HouseholdPlan.objects.create(
        household=world.other_household, year=2009, target_income=Decimal("2200"), measure_migration="外出务工",
        result_income=Decimal("2350"),
    )
    return own, other


def test_a_2009_pairing_without_an_end_runs_on_into_2010(world, assist):
    ended = HouseholdPairingFactory(household=world.own_household, end_date=datetime.date(2009, 12, 31))
    listed = world.client_for("admin").get(reverse("assistance:pairing_list", args=["household"]), {"year": 2010})
    shown = {row.record.pk for row in listed.context["table"].page.object_list}
    assert shown == {assist.own_pairing.pk, assist.other_pairing.pk}
    assert ended.pk not in shown
    assert set(selectors.active_household_pairings(datetime.date(2010, 6, 1))) == {
        assist.own_pairing,
        assist.other_pairing,
    }


def test_a_2010_visit_on_a_2009_pairing_counts_in_2010(world, assist):
    services.visit_record(actor=world.users["helper1"], pairing=assist.own_pairing, date=datetime.date(2010, 3, 1))
    record = AssistanceRecord.objects.get(date=datetime.date(2010, 3, 1))
    assert (record.year, record.household_pairing) == (2010, assist.own_pairing)
    by_year = {row["year"]: row["visits"] for row in selectors.rollup(AssistanceRecord.objects.all(), "year")}
    assert by_year == {2009: 2, 2010: 1}


def test_the_2010_plan_form_starts_from_the_2009_measures(world, assist, plans_2009):
    plan = selectors.plan_for(world.own_household, 2010)
    assert plan.pk is None
    assert (plan.target_income, plan.measure_industry, plan.measure_training, plan.cadre, plan.leader) == (
        Decimal("2600.00"), "茶园 2 亩", "茶叶修剪培训", assist.helper_cadre, assist.leader,
    )
    assert plan.result_income is None


def test_the_plan_form_asks_for_last_years_result(world, assist, plans_2009):
    client = world.client_for("helper1")
    html = client.get(reverse("assistance:plan_edit", args=[world.own_household.number, 2010])).content.decode()
    assert 'id="previous-result-missing"' in html and "2009 年计划的年末实际人均纯收入尚未填写" in html
    assert reverse("assistance:plan_edit", args=[world.own_household.number, 2009]) in html
    assert 'value="茶园 2 亩"' in html and 'id="carried-from-last-year"' in html
    other = world.client_for("admin").get(reverse("assistance:plan_edit", args=[world.other_household.number, 2010]))
    assert 'id="previous-result-missing"' not in other.content.decode()  # 李明华's 2009 result is in


def test_the_household_page_asks_for_last_years_result_once_the_new_plan_exists(world, assist, plans_2009):
    services.plans_prepare_year(actor=world.users["admin"], year=2010)
    url = reverse("households:household_detail", args=[world.own_household.number])
    html = world.client_for("helper1").get(url).content.decode()
    assert 'data-result-missing="2009"' in html
    assert 'data-result-missing="2010"' not in html  # this year's result is not due yet


def test_preparing_2010_copies_every_2009_plan_and_keeps_what_was_entered(world, assist, plans_2009):
    kept = HouseholdPlan.objects.create(household=world.other_household, year=2010, target_income=Decimal("3000"))
    done = services.plans_prepare_year(actor=world.users["admin"], year=2010)
    assert (done.created, done.kept) == (1, 1)
    new = HouseholdPlan.objects.get(household=world.own_household, year=2010)
    assert (new.target_income, new.measures, new.cadre, new.result_income, new.version) == (
        Decimal("2600.00"), "茶园 2 亩；茶叶修剪培训", assist.helper_cadre, None, 1,
    )
    assert new.history.get().history_user == world.users["admin"]
    kept.refresh_from_db()
    assert kept.target_income == Decimal("3000.00")
    again = services.plans_prepare_year(actor=world.users["admin"], year=2010)
    assert (again.created, again.kept) == (0, 2)


def test_a_clerk_prepares_only_the_own_townships_plans(world, assist, plans_2009):
    done = services.plans_prepare_year(actor=world.users["clerk_xiakou"], year=2010)
    assert done.created == 1
    assert list(HouseholdPlan.objects.filter(year=2010).values_list("household__head_name", flat=True)) == ["李明华"]


def test_an_assisting_cadre_cannot_prepare_plans_in_bulk(world, assist, plans_2009):
    with pytest.raises(DomainError, match="您无权批量准备增收计划"):
        services.plans_prepare_year(actor=world.users["helper1"], year=2010)


@pytest.mark.parametrize("user, status", [("helper1", 403), ("leader", 403), ("inspector1", 403), ("anonymous", 302)])
def test_prepare_plans_permissions(world, assist, plans_2009, user, status):
    assert world.client_for(user).post(PREPARE, {"year": "2010"}).status_code == status
    assert HouseholdPlan.objects.filter(year=2010).count() == 0


def test_the_administrator_prepares_plans_from_the_dashboard(world, assist, plans_2009):
    client = world.client_for("admin")
    assert 'id="plans-prepare-form"' in client.get(reverse("assistance:dashboard")).content.decode()
    response = client.post(PREPARE, {"year": "2010"}, follow=True)
    assert "已按 2009 年计划准备 2010 年增收计划 2 户（已有计划 0 户未改动）" in response.content.decode()
    assert HouseholdPlan.objects.filter(year=2010).count() == 2
    assert client.post(PREPARE, {"year": "abc"}).status_code == 404
    assert HouseholdPairing.objects.count() == 2
