import datetime

from assistance import scope as assistance_scope
from assistance.models import HouseholdPairing
from households import scope as household_scope
from villages import scope as village_scope


def test_a_helper_sees_the_households_of_their_active_pairings(world, assist):
    assert list(household_scope.households(world.users["helper1"])) == [world.own_household]


def test_a_helper_no_longer_sees_a_household_once_the_pairing_ended(world, assist):
    HouseholdPairing.objects.filter(pk=assist.own_pairing.pk).update(end_date=datetime.date(2009, 6, 30))
    assert list(household_scope.households(world.users["helper1"])) == []


def test_a_helper_sees_only_records_on_their_own_pairings(world, assist):
    assert [r.household for r in assistance_scope.records(world.users["helper1"])] == [world.own_household]


def test_a_helper_sees_the_township_and_village_of_their_households(world, assist):
    helper = world.users["helper1"]
    assert (list(village_scope.townships(helper)), list(village_scope.villages(helper))) == (
        [world.chengguan],
        [world.wufeng],
    )


def test_a_clerk_sees_and_changes_only_their_townships_pairings(world, assist):
    clerk = world.users["clerk_xiakou"]
    assert list(assistance_scope.household_pairings(clerk)) == [assist.other_pairing]
    assert list(assistance_scope.editable_unit_pairings(clerk)) == [assist.other_unit_pairing]
    assert list(assistance_scope.leader_pairings(clerk)) == [assist.other_leader_pairing]


def test_the_leader_reads_every_pairing_but_changes_none(world, assist):
    leader = world.users["leader"]
    assert assistance_scope.household_pairings(leader).count() == 2
    assert assistance_scope.editable_household_pairings(leader).count() == 0
    assert assistance_scope.can_manage_pairings(leader) is False


def test_other_roles_see_no_pairings(world, assist):
    for name in ("cadre_wufeng", "scorer_tongji", "inspector1", "surveyor1"):
        user = world.users[name]
        assert (assistance_scope.household_pairings(user).count(), assistance_scope.records(user).count()) == (0, 0)


def test_a_clerks_rule_check_cadres_are_those_of_their_township(world, assist):
    names = set(assistance_scope.township_cadres(world.users["clerk_chengguan"]).values_list("name", flat=True))
    assert names == {"张志强"}


def test_plans_are_written_by_the_households_clerk_admin_and_own_helper(world, assist):
    own, other = world.own_household, world.other_household
    can_plan = assistance_scope.can_plan
    may = {
        name: (can_plan(world.users[name], own), can_plan(world.users[name], other))
        for name in ["admin", "clerk_chengguan", "helper1", "leader", "cadre_wufeng"]
    }
    assert may == {
        "admin": (True, True),
        "clerk_chengguan": (True, False),
        "helper1": (True, False),
        "leader": (False, False),
        "cadre_wufeng": (False, False),
    }
