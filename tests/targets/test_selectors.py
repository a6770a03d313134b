from django.db import connection
from django.test.utils import CaptureQueriesContext

from targets import selectors
from targets.choices import PlanStatus
from tests.factories import VillageFactory
from villages.models import VillageGrade

from .factories import CommitmentFactory, plan_village


def _grade(village, year, grade):
    VillageGrade.objects.create(village=village, year=year, grade=grade)


def test_villages_targeted_to_upgrade_are_those_whose_target_beats_last_years_grade(world):
    up, same = world.wufeng, world.jiangbang
    _grade(up, 2008, 4)
    _grade(same, 2008, 3)
    plan_village(up, {2009: 3, 2010: 2})
    plan_village(same, {2009: 3, 2010: 3})
    assert list(selectors.villages_targeted_to_upgrade(2009)) == [up]
    # 2010: no 2009 grade yet, so each starts from its 2009 target: 五丰 3 → 2, 江榜 3 → 3.
    assert list(selectors.villages_targeted_to_upgrade(2010)) == [up]


def test_the_year_before_counts_its_finalised_grade_over_its_target(world):
    village = world.wufeng
    _grade(village, 2008, 4)
    _grade(village, 2009, 2)  # overshot its 2009 target of 3
    plan_village(village, {2009: 3, 2010: 2})
    assert list(selectors.villages_targeted_to_upgrade(2010)) == []
    row = selectors.villages_targeted_to_upgrade(2009).get()
    assert (row.target_grade, row.baseline_grade) == (3, 4)


def test_draft_plans_are_not_yet_the_plan(world):
    _grade(world.wufeng, 2008, 4)
    plan_village(world.wufeng, {2009: 3}, status=PlanStatus.DRAFT)
    assert list(selectors.villages_targeted_to_upgrade(2009)) == []
    assert selectors.village_target(world.wufeng, 2009).status == PlanStatus.DRAFT


def test_villages_targeted_to_upgrade_is_one_query_whatever_the_villages(world):
    for _ in range(5):
        village = VillageFactory(township=world.chengguan)
        _grade(village, 2008, 4)
        plan_village(village, {2009: 3})
    with CaptureQueriesContext(connection) as queries:
        assert len(list(selectors.villages_targeted_to_upgrade(2009))) == 5
    assert len(queries) == 2  # the plan, the villages


def test_village_target_names_the_measures_and_the_responsible_people(world):
    _grade(world.wufeng, 2008, 4)
    plan_village(world.wufeng, {2009: 3, 2011: 2}, measures="发展生猪", township_leader="甲", party_secretary="乙",
                 contact_leader="丙")
    row = selectors.village_target(world.wufeng, 2011)
    assert (row.grade, row.baseline, row.is_upgrade) == (2, 3, True)
    people = (row.measures, row.township_leader, row.party_secretary, row.contact_leader)
    assert people == ("发展生猪", "甲", "乙", "丙")
    assert selectors.village_target(world.wufeng, 2010) is None
    assert sorted(selectors.village_targets(world.wufeng)) == [2009, 2011]


def test_commitments_of_a_village_and_of_its_township_are_told_apart(world):
    village_commitment = CommitmentFactory(village=world.wufeng, year=2009)
    township_commitment = CommitmentFactory(village=None, township=world.chengguan, year=2009, target_grade=None)
    assert selectors.commitment_for(world.wufeng, 2009) == village_commitment
    assert selectors.township_commitment_for(world.chengguan, 2009) == township_commitment
    assert selectors.commitment_for(world.wufeng, 2010) is None
    assert selectors.township_commitment_for(world.xiakou, 2009) is None


def test_commitments_for_reads_the_villages_commitments_of_the_years_asked_in_one_query(
        world, django_assert_num_queries):
    first = CommitmentFactory(village=world.wufeng, year=2009)
    second = CommitmentFactory(village=world.wufeng, year=2011)
    CommitmentFactory(village=world.jiangbang, township=world.xiakou, year=2010)
    with django_assert_num_queries(1):
        found = selectors.commitments_for(world.wufeng, (2009, 2010, 2011))
        assert found == {2009: first, 2011: second} and found[2009].village.name == "五丰村"
    assert selectors.commitments_for(world.wufeng, (2010,)) == {}
