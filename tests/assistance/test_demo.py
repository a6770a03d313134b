import pytest
from django.core.management import call_command

from assistance import selectors
from assistance.models import AssistanceRecord, Cadre, HouseholdPairing, LeaderPairing, UnitPairing
from home import demo as county_demo
from households.models import Household
from villages.models import Department, Village


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", "--scale", "tiny", stdout=open("/dev/null", "w"))
        yield
        county_demo.reset(county_demo.DemoContext(scale="tiny", write=lambda *_: None))


pytestmark = pytest.mark.django_db


def test_the_demo_has_the_articles_leader_contact_points_at_every_scale(demo):
    active = LeaderPairing.objects.filter(end_date__isnull=True)
    assert (active.filter(level="county").count(), active.filter(level="section").count()) == (39, 228)


def test_the_demo_pairs_178_units_and_82_stations_with_the_153_poor_villages(demo):
    active = UnitPairing.objects.filter(end_date__isnull=True)
    assert active.exclude(unit__kind="station").values("unit").distinct().count() == 178
    assert active.filter(unit__kind="station").values("unit").distinct().count() == 82
    assert active.values("village").distinct().count() == 153
    assert Village.objects.filter(is_poor=True).count() == 153
    assert Department.objects.filter(kind="station").count() == 82


def test_the_demo_has_deliberate_breaches_for_every_rule(demo):
    assert selectors.key_households_without_cadre(Household.objects.all()).count() >= 3
    assert selectors.cadres_below_minimum(Cadre.objects.all()).filter(household_count=1).exists()
    for model in (LeaderPairing, UnitPairing, HouseholdPairing):
        assert selectors.ended_without_successor(model.objects.all()).count() >= 1


def test_helper1_is_a_cadre_paired_with_households_of_wufeng(demo):
    cadre = Cadre.objects.get(user__username="helper1")
    villages = set(HouseholdPairing.objects.filter(cadre=cadre).values_list("village__name", flat=True))
    assert villages == {"五丰村"} and cadre.household_pairings.count() >= 2


def test_the_demo_records_cover_every_kind(demo):
    kinds = set(AssistanceRecord.objects.values_list("kind", flat=True))
    assert kinds == {"visit", "money", "goods", "training", "project_funds", "income_card"}
