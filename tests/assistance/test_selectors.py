import datetime
from decimal import Decimal

from assessment.models import Cycle
from assistance import scope as assistance_scope
from assistance import selectors
from assistance.models import Cadre, HouseholdPairing, HouseholdPlan, UnitPairing
from households.models import Household
from villages.models import Village

from .factories import (
    CadreFactory,
    HouseholdPairingFactory,
    HouseholdRecordFactory,
    UnitPairingFactory,
    UnitRecordFactory,
)

D = datetime.date


def test_a_party_cadre_holding_one_household_breaks_the_rule(world, assist):
    below = selectors.cadres_below_minimum(Cadre.objects.all())
    assert sorted(below.values_list("name", "household_count")) == [
        ("张志强", 1),
        ("李卫东", 1),
        ("赵县长", 0),
        ("钱科长", 0),
    ]


def test_a_cadre_with_two_households_keeps_the_rule(world, assist):
    from tests.factories import HouseholdFactory

    HouseholdPairingFactory(cadre=assist.helper_cadre, household=HouseholdFactory(group=world.wufeng_group))
    assert "张志强" not in selectors.cadres_below_minimum(Cadre.objects.all()).values_list("name", flat=True)


def test_village_cadres_are_not_bound_by_the_two_household_rule(world, assist):
    CadreFactory(name="村干部甲", level="village", unit=None, village=world.wufeng)
    assert "村干部甲" not in selectors.cadres_below_minimum(Cadre.objects.all()).values_list("name", flat=True)


def test_a_key_household_without_an_active_pairing_is_listed(world, assist):
    Household.objects.filter(pk__in=[world.own_household.pk, world.other_household.pk]).update(category="needs_help")
    assist.other_pairing.end_date = D(2009, 6, 30)
    assist.other_pairing.save()
    listed = selectors.key_households_without_cadre(Household.objects.all())
    assert list(listed.values_list("head_name", flat=True)) == ["李明华"]


def test_a_poor_village_whose_only_unit_left_is_listed(world, assist):
    UnitPairing.objects.filter(pk=assist.other_unit_pairing.pk).update(end_date=D(2009, 9, 30))
    assert list(selectors.poor_villages_without_unit(Village.objects.all()).values_list("name", flat=True)) == [
        "江榜村"
    ]


def test_an_ended_pairing_without_a_later_line_is_listed_and_a_handed_over_one_is_not(world, assist):
    HouseholdPairing.objects.filter(pk=assist.own_pairing.pk).update(end_date=D(2009, 6, 30))
    HouseholdPairingFactory(household=world.own_household, start_date=D(2009, 7, 1))
    HouseholdPairing.objects.filter(pk=assist.other_pairing.pk).update(end_date=D(2009, 6, 30))
    listed = selectors.ended_without_successor(HouseholdPairing.objects.all())
    assert list(listed.values_list("household__head_name", flat=True)) == ["李明华"]


def test_headline_figures_add_up_each_kind(world, assist):
    HouseholdRecordFactory(household_pairing=assist.own_pairing, kind="money", amount=Decimal("500"))
    HouseholdRecordFactory(
        household_pairing=assist.own_pairing, kind="income_card", quantity=Decimal("1"), quantity_unit="张"
    )
    UnitRecordFactory(
        unit_pairing=assist.own_unit_pairing,
        kind="goods",
        amount=Decimal("12000"),
        quantity=Decimal("600000"),
        quantity_unit="株",
    )
    UnitRecordFactory(unit_pairing=assist.own_unit_pairing, kind="training", amount=Decimal("0"), people_trained=45)
    UnitRecordFactory(unit_pairing=assist.other_unit_pairing, amount=Decimal("2000000"))
    figures = selectors.headline_figures(assistance_scope.records(world.users["admin"]))
    assert figures == {
        "income_cards": Decimal("1"),
        "money": Decimal("500"),
        "goods": Decimal("12000"),
        "project_funds": Decimal("2000000"),
        "trained": 45,
        "visits": 2,
    }


def test_a_clerks_figures_cover_only_their_township(world, assist):
    UnitRecordFactory(unit_pairing=assist.own_unit_pairing, amount=Decimal("100"))
    UnitRecordFactory(unit_pairing=assist.other_unit_pairing, amount=Decimal("2000000"))
    figures = selectors.headline_figures(assistance_scope.records(world.users["clerk_chengguan"]))
    assert (figures["project_funds"], figures["visits"]) == (Decimal("100"), 1)


def test_rollup_by_township_gives_one_row_per_township(world, assist):
    UnitRecordFactory(unit_pairing=assist.other_unit_pairing, amount=Decimal("2000000"))
    rows = list(selectors.rollup(assistance_scope.records(world.users["leader"]), "township"))
    assert [(r["township__name"], r["visits"], r["project_funds"]) for r in rows] == [
        ("城关镇", 1, None),
        ("峡口镇", 1, Decimal("2000000")),
    ]


def test_household_assistance_reads_in_four_queries(world, assist, django_assert_num_queries):
    with django_assert_num_queries(4):
        info = selectors.household_assistance(world.own_household)
    assert ([c.name for c in info.cadres], info.last_visit, [p.leader.name for p in info.village_leaders]) == (
        ["张志强"],
        D(2009, 3, 2),
        ["赵县长"],
    )


def test_unit_factory_default_village_is_poor(db):
    assert UnitPairingFactory().village.is_poor is True


def test_the_card_year_is_the_chosen_one_else_the_latest_plan_else_this_year(world, assist):
    plans = HouseholdPlan.objects.all()
    assert selectors.card_year(plans) == selectors.today().year
    HouseholdPlan.objects.create(household=world.own_household, year=2010, target_income=Decimal("3000"))
    HouseholdPlan.objects.create(household=world.own_household, year=2011, target_income=Decimal("3000"))
    assert (selectors.card_year(plans), selectors.card_year(plans, 2009)) == (2011, 2009)


def test_a_household_without_plans_is_offered_a_plan_for_the_working_year_not_this_year(world, assist):
    Cycle.objects.create(year=2010, status="scoring", grade1_min=85, grade2_min=70, grade3_min=55,
                         sample_rate=Decimal("0.1"), sample_min=10, county_reward_amount=29000,
                         county_reward_count=5, township_reward_amount=23000)
    assert selectors.household_section(world.own_household, can_plan=True)["next_year"] == 2010


def test_the_household_section_names_the_next_plan_year_after_the_latest(world, assist):
    empty = selectors.household_section(world.own_household, can_plan=True)
    assert (empty["next_year"], empty["can_plan"], empty["info"].plans) == (selectors.today().year, True, [])
    HouseholdPlan.objects.create(household=world.own_household, year=2010, target_income=Decimal("3000"))
    section = selectors.household_section(world.own_household, can_plan=False)
    assert (section["next_year"], section["can_plan"]) == (2011, False)
    done = {
        name: {item.key: item.done for item in part["six"]} for name, part in [("empty", empty), ("planned", section)]
    }
    assert (done["empty"]["pairing"], done["empty"]["target"], done["planned"]["target"]) == (True, False, True)


def test_the_cadres_rows_carry_the_latest_plan_and_last_visit_in_three_queries(
    world, assist, django_assert_num_queries
):
    HouseholdPlan.objects.create(household=world.own_household, year=2010, target_income=Decimal("3000"))
    latest = HouseholdPlan.objects.create(household=world.own_household, year=2011, target_income=Decimal("3000"))
    pairings = HouseholdPairing.objects.filter(cadre=assist.helper_cadre)
    with django_assert_num_queries(3):
        rows = selectors.cadre_households(pairings, HouseholdPlan.objects.all())
    assert rows == [(assist.own_pairing, latest, D(2009, 3, 2))]
