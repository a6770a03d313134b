"""The demo's assistance ledgers: the article's pairings, deliberate breaches, every kind of record."""

import datetime

import pytest

from assistance import selectors
from assistance.models import AssistanceRecord, Cadre, HouseholdPairing, LeaderPairing, UnitPairing
from households.models import Household
from villages.models import Department, Village

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_county, db):
    """The demo county seeded once for the run (`demo_county` in tests/conftest.py)."""
    return demo_county


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
    unpaired = selectors.key_households_without_cadre(Household.objects.all())
    assert sorted(unpaired.values_list("head_name", "category")) == [
        ("何兰刚", "subsistence"), ("林珍华", "subsistence"), ("胡志建", "care"), ("袁海秀", "needs_help"),
        ("高明海", "care"), ("黄德英", "needs_help")]
    below = selectors.cadres_below_minimum(Cadre.objects.all())
    assert (below.count(), sorted(below.filter(household_count=1).values_list("name", flat=True))) == (
        258, ["蔡兰珍", "赵秀凤"])
    ended = {model.__name__: sorted(selectors.ended_without_successor(model.objects.all())
                                    .values_list("village__name", "end_date"))
             for model in (LeaderPairing, UnitPairing, HouseholdPairing)}
    assert ended == {
        "LeaderPairing": [("方家河村", datetime.date(2009, 8, 31))],
        "UnitPairing": [("松树湾村", datetime.date(2009, 6, 30))],
        "HouseholdPairing": [("三坪村", datetime.date(2009, 10, 31)), ("杉树湾村", datetime.date(2009, 10, 31)),
                             ("竹园坪村", datetime.date(2009, 10, 31))],
    }


def test_helper1_is_a_cadre_paired_with_households_of_wufeng(demo):
    cadre = Cadre.objects.get(user__username="helper1")
    villages = set(HouseholdPairing.objects.filter(cadre=cadre).values_list("village__name", flat=True))
    assert villages == {"五丰村"}
    assert sorted(cadre.household_pairings.values_list("household__head_name", flat=True)) == ["李海芳", "赵俊俊"]


def test_the_demo_records_cover_every_kind(demo):
    kinds = set(AssistanceRecord.objects.values_list("kind", flat=True))
    assert kinds == {"visit", "money", "goods", "training", "project_funds", "income_card"}
