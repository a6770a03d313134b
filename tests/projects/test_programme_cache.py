"""The cached programme figures (projects.selectors.cached_programme_figures, read by the county
summary) are the plain ones, stored in one query, and every kind of write shows up at once: an
allocation through the service, a project's year change (a bulk update), the workbook import (bulk
inserts), a construction task (saved as the admin would), and a deleted allocation."""

from decimal import Decimal

from projects import selectors, services
from projects.models import Allocation, ConstructionTask, ConstructionTaskItem
from projects.workbook import projects_import

from .test_workbook import allocation_row, project_row, workbook


def _cached(year=2009) -> dict:
    return selectors.cached_programme_figures(year)


def test_the_cached_figures_are_the_plain_ones_and_read_one_query_when_stored(
        world, programme, django_assert_num_queries):
    plain = selectors.programme_figures(2009)
    assert plain["allocated_yuan"] == "400000.00"
    assert _cached() == plain  # computed
    with django_assert_num_queries(1):
        assert _cached() == plain  # stored: the generations only


def test_a_new_allocation_shows_at_once(world, programme):
    assert _cached()["allocated_yuan"] == "400000.00"
    services.allocation_save(actor=world.users["admin"],
                             allocation=Allocation(project=programme.road, village=world.jiangbang,
                                                   amount=Decimal("250000")),
                             outputs=[(programme.km, Decimal("1.5"))])
    figures = _cached()
    assert figures["allocated_yuan"] == "650000.00"
    assert figures["outputs"]["通村水泥路"]["quantity"] == "3.5"
    assert figures == selectors.programme_figures(2009)


def test_a_deleted_allocation_shows_at_once(world, programme):
    assert _cached()["outputs"]["通村水泥路"]["quantity"] == "2"
    services.allocation_delete(actor=world.users["admin"], allocation=programme.wufeng_road)
    figures = _cached()
    assert (figures["allocated_yuan"], figures["outputs"]) == ("0.00", {})


def test_moving_a_project_to_another_year_moves_its_allocations_at_once(world, programme):
    assert (_cached(2009)["allocated_yuan"], _cached(2010)["allocated_yuan"]) == ("400000.00", "0.00")
    road = programme.road
    road.year = 2010
    services.project_save(actor=world.users["admin"], project=road)
    assert (_cached(2009)["allocated_yuan"], _cached(2010)["allocated_yuan"]) == ("0.00", "400000.00")


def test_an_imported_workbook_shows_at_once(world, programme):
    assert _cached()["projects"] == 2
    projects_import(actor=world.users["admin"],
                    data=workbook([project_row()], [allocation_row("610724100201", 300000, biogas=200)]))
    figures = _cached()
    assert (figures["projects"], figures["allocated_yuan"]) == (3, "700000.00")
    assert figures["outputs"]["沼气池"]["quantity"] == "200"


def test_a_dry_run_import_leaves_the_figures_as_they_were(world, programme):
    before = _cached()
    projects_import(actor=world.users["admin"], dry_run=True,
                    data=workbook([project_row()], [allocation_row("610724100201", 300000, biogas=200)]))
    assert _cached() == before == selectors.programme_figures(2009)


def test_a_new_construction_task_shows_at_once(world, programme):
    assert _cached()["construction_task"]["villages"] == 0
    task = ConstructionTask.objects.create(village=world.wufeng, programme="new_countryside")
    assert _cached()["construction_task"]["villages"] == 1
    ConstructionTaskItem.objects.create(task=task, kind=programme.km, planned=Decimal("4"))
    task_figures = _cached()["construction_task"]
    assert (task_figures["planned"], task_figures["completed"]) == ({"通村水泥路": "4"}, {"通村水泥路": "2"})
