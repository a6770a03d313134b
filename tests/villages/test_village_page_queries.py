"""The village page and its sections (targets, projects, archives, …) run a fixed number of queries
whatever the village's groups, households, grades, targets, commitments and allocations; and the
targets section shows the same targets, grades, commitments and plan as the village's targets page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import OutputKind
from tests.factories import DepartmentFactory, GroupFactory, HouseholdFactory
from tests.projects.conftest import make_allocation, make_project
from tests.targets.factories import CommitmentFactory, PlanFactory, plan_village

#: The session and the user (2), the village with its grades (2: prefetched, the targets section
#: reads them too), households' totals and categories (2 when computed, after the data changed: the
#: generation and the scan; 1 when stored), groups (1), then each section's: archives,
#: the working year, targets (current plan, targets with their plan, commitments in one query; who
#: may edit, sign or upload is answered without a query), projects (rows and yearly totals from the
#: same two queries), the notice board's. On the full county (bench/pages.py) this was 31 / 31 / 28,
#: then 23 / 23 / 20 with the may-edit, may-sign and may-upload checks as queries.
QUERIES = {"admin": 20, "clerk_chengguan": 20, "leader": 20}


def _village_data(world, n: int, plan):
    for i in range(n):
        group = GroupFactory(village=world.wufeng)
        for _ in range(2):
            HouseholdFactory(group=group)
        world.wufeng.grades.create(year=2000 + len(world.wufeng.grades.all()) + i, grade=3)
    department = DepartmentFactory(code=f"D9{n:02d}", name=f"县第{n}局")
    km = OutputKind.objects.get(name="通村水泥路")
    for year in (2009, 2010):
        project = make_project(f"{year} 年项目 {n}", department, year=year)
        make_allocation(project, world.wufeng, "1000", [(km, "1")])


@pytest.mark.parametrize("name", list(QUERIES))
def test_the_village_page_runs_a_fixed_number_of_queries_whatever_the_data(world, name):
    plan = PlanFactory()
    plan_village(world.wufeng, {2009: 3, 2010: 2})
    CommitmentFactory(village=world.wufeng, year=2009)
    CommitmentFactory(village=None, township=world.chengguan, year=2009)
    client = world.client_for(name)
    url = reverse("villages:village_detail", args=[world.wufeng.code])
    counts = []
    for n in (1, 4):
        _village_data(world, n, plan)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    with CaptureQueriesContext(connection) as stored:
        assert client.get(url).status_code == 200
    assert counts == [QUERIES[name], QUERIES[name]] and len(stored) == QUERIES[name] - 1


def test_the_targets_section_shows_what_the_targets_page_shows(world):
    plan = PlanFactory()
    village_plan = plan_village(world.wufeng, {2009: 3, 2010: 2})
    world.wufeng.grades.create(year=2008, grade=4)
    world.wufeng.grades.create(year=2009, grade=3)
    signed = CommitmentFactory(village=world.wufeng, year=2009)
    township = CommitmentFactory(village=None, township=world.chengguan, year=2010)
    client = world.client_for("clerk_chengguan")
    page = client.get(reverse("villages:village_detail", args=[world.wufeng.code]))
    (section,) = [s.context for s in page.context["sections"] if s.template == "targets/village_section.html"]
    targets_page = client.get(reverse("targets:village", args=[world.wufeng.code])).context["section"]
    assert section["village_plan"] == targets_page["village_plan"] == village_plan
    assert section["rows"] == targets_page["rows"]
    assert [(r["year"], r["target"].grade if r["target"] else None, r["grade"], r["reached"], r["commitment"],
             r["township_commitment"]) for r in section["rows"]] == [
        (2009, 3, 3, True, signed, None), (2010, 2, None, None, None, township), (2011, None, None, None, None, None)]
    assert [(g.year, g.grade) for g in page.context["grades"]] == [(2009, 3), (2008, 4)]
    assert plan.years == [2009, 2010, 2011]
