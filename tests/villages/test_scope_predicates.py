"""The query-free predicates of the scope modules answer exactly what their querysets hold:
`is_responsible_for` ⇔ `responsible_villages`, `can_edit_village` ⇔ `editable_villages`, and the
archives' and targets' predicates built on them (the village page asks them without a query)."""

import pytest

from archives import scope as archive_scope
from targets import scope as target_scope
from villages import scope as village_scope

pytestmark = pytest.mark.django_db

USERS = ["admin", "leader", "clerk_chengguan", "clerk_xiakou", "cadre_wufeng", "scorer_tongji",
         "inspector1", "surveyor1", "helper1"]


@pytest.mark.parametrize("name", USERS)
def test_each_predicate_answers_what_its_queryset_holds(world, name):
    user = world.users[name]
    pairs = [
        (village_scope.is_responsible_for, village_scope.responsible_villages),
        (village_scope.can_edit_village, village_scope.editable_villages),
        (archive_scope.can_upload_to, archive_scope.upload_villages),
        (target_scope.can_sign_for, target_scope.signable_villages),
        (target_scope.can_edit_village_plan, target_scope.editable_villages),
    ]
    for predicate, queryset in pairs:
        held = set(queryset(user).values_list("pk", flat=True))
        for village in (world.wufeng, world.jiangbang):
            assert predicate(user, village) is (village.pk in held), (predicate.__name__, name, village.name)


@pytest.mark.parametrize("name, villages", [
    ("admin", {"五丰村", "江榜村"}), ("clerk_chengguan", {"五丰村"}), ("clerk_xiakou", {"江榜村"}),
    ("cadre_wufeng", {"五丰村"}), ("leader", set()), ("inspector1", set()), ("helper1", set()),
])
def test_responsible_villages_by_role(world, name, villages):
    assert {v.name for v in village_scope.responsible_villages(world.users[name])} == villages


def test_the_predicates_read_nothing(world, django_assert_num_queries):
    clerk = world.users["clerk_chengguan"]
    with django_assert_num_queries(0):
        assert village_scope.is_responsible_for(clerk, world.wufeng)
        assert not target_scope.can_sign_for(clerk, world.jiangbang)
        assert target_scope.can_edit_village_plan(clerk, world.wufeng)
        assert not archive_scope.can_upload_to(clerk, world.jiangbang)
