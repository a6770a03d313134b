"""The village targets list's body template (targets/target_table.html) renders exactly what
django-tables2's cells render: a planned and an unplanned village, a draft, the year's grade."""

from targets import scope as target_scope
from targets import selectors
from targets.choices import PlanStatus
from targets.tables import VillageTargetTable
from tests.fast_tables import both_ways
from villages.models import Village, VillageGrade

from .factories import plan_village


def test_the_target_table_renders_the_same_cells_as_django_tables2(graded, plan):
    world = graded
    plan_village(world.wufeng, {2009: 3, 2010: 2, 2011: 1})
    VillageGrade.objects.create(village=world.wufeng, year=2009, grade=3)
    admin = world.users["admin"]

    def table():
        rows = selectors.target_rows(target_scope.villages(admin), plan, 2009).select_related("township")
        return VillageTargetTable(rows.order_by("code"), years=plan.years)

    fast, plain = both_ways(table, admin)
    assert len(fast) == Village.objects.count() == 2 and len(fast[0]) == 7 + len(plan.years)
    assert fast == plain
    assert [cell for _attrs, cell in fast[0]][3] == "已审定" and [c for _a, c in fast[1]][3] == "未制定"


def test_a_draft_plan_reads_the_same_both_ways(graded, plan):
    world = graded
    plan_village(world.jiangbang, {2009: 2}, status=PlanStatus.DRAFT)
    admin = world.users["admin"]

    def table():
        rows = selectors.target_rows(target_scope.villages(admin), plan, 2009).select_related("township")
        return VillageTargetTable(rows.order_by("code"), years=plan.years)

    fast, plain = both_ways(table, admin)
    assert fast == plain and "草稿" in [cell for row in fast for _attrs, cell in row]
