"""The demo plan (demo-data.md): every village's 2009–2011 targets, approved, with people; township
plans; commitments of 2009 and 2010; 产业大户 in the registry."""

from households.models import Household
from targets import selectors
from targets.choices import PlanStatus
from targets.models import Commitment, TownshipPlan, VillagePlan, VillageTarget
from villages.models import Village


def test_the_demo_plan_covers_every_village_approved_with_measures_and_people(demo_county, db):
    assert VillagePlan.objects.count() == 267
    assert VillagePlan.objects.filter(status=PlanStatus.APPROVED).count() == 267
    assert not VillagePlan.objects.filter(measures="").exists()
    assert not VillagePlan.objects.filter(party_secretary="").exists()
    assert VillagePlan.objects.exclude(contact_leader="").count() >= 39
    assert TownshipPlan.objects.count() == 23
    assert set(VillageTarget.objects.values_list("year", flat=True)) == {2009, 2010, 2011}


def test_the_2009_targets_are_ambitious_and_mostly_not_all_reached(demo_county, db):
    planned = list(selectors.villages_targeted_to_upgrade(2009).values_list("pk", "target_grade"))
    grades = dict(Village.objects.filter(grades__year=2009).values_list("pk", "grades__grade"))
    reached = sum(1 for pk, target in planned if grades[pk] <= target)
    assert 150 <= len(planned) <= 240
    assert 0.45 <= reached / len(planned) <= 0.8


def test_townships_and_villages_have_commitments_for_2009_and_2010(demo_county, db):
    for year in (2009, 2010):
        assert Commitment.objects.filter(year=year, village__isnull=False).count() == 267
        assert Commitment.objects.filter(year=year, village__isnull=True).count() == 23
    wufeng = Village.objects.get(township__code="610724100", name="五丰村")
    commitment = selectors.commitment_for(wufeng, 2010)
    assert commitment.archive_record.category.code == "G3"
    assert commitment.archive_record.files.get().content_type == "application/pdf"


def test_the_registry_has_large_producers_with_their_scale(demo_county, db):
    producers = Household.objects.filter(is_large_producer=True)
    assert producers.exists()
    assert not producers.filter(large_producer_scale="").exists()
    assert not Household.objects.filter(is_large_producer=False).exclude(large_producer_scale="").exists()
