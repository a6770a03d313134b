"""The demo county's projects (seed_demo --scale tiny): the article's 2009 figures as sums
over allocations, and the programme figures in a fixed number of queries."""

from decimal import Decimal

import pytest

from projects import selectors
from projects.demo import DEMONSTRATION
from projects.models import Allocation, Project
from villages.models import Village


@pytest.fixture
def demo(demo_county, db):
    """The demo county seeded once for the run (`demo_county` in tests/conftest.py)."""
    return demo_county


def test_the_2009_outputs_are_the_articles(demo):
    figures = selectors.programme_figures(2009)
    assert {name: figures["outputs"][name] for name in ("通村水泥路", "沼气池", "安全饮水工程")} == {
        "通村水泥路": {"unit": "公里", "quantity": "242"},
        "沼气池": {"unit": "口", "quantity": "2854"},
        "安全饮水工程": {"unit": "处", "quantity": "56"},
    }


def test_the_three_year_tasks_of_the_31_villages_are_60_percent_done_after_2009(demo):
    tasks = selectors.programme_figures(2009)["construction_task"]
    assert tasks["villages"] == 31
    assert tasks["progress"] == 0.6
    assert tasks["planned"] == {"通村水泥路": "155", "沼气池": "1240", "安全饮水工程": "50"}
    assert tasks["completed"] == {"通村水泥路": "93", "沼气池": "744", "安全饮水工程": "30"}
    assert selectors.programme_figures(2010)["construction_task"]["progress"] > 0.6


def test_the_five_demonstration_villages_have_nearly_100_projects_and_over_74_million(demo):
    villages = [Village.objects.get(township__name=t, name=n).pk for t, n, _count in DEMONSTRATION]
    figures = selectors.village_figures(villages, 2009)
    assert sum(f["projects"] for f in figures.values()) == 98
    assert sum(f["allocated_yuan"] for f in figures.values()) == Decimal("74380000")


def test_no_project_is_allocated_above_its_investment(demo):
    for project in Project.objects.all():
        allocated = sum(a.amount for a in Allocation.objects.filter(project=project))
        assert allocated <= project.investment, project.name


def test_the_funds_lean_toward_the_villages_targeted_to_upgrade(demo):
    tilt = selectors.programme_figures(2009)["tilt"]
    assert tilt["targeted_share_of_funds"] > 2 * tilt["targeted_share_of_villages"]


def test_programme_figures_read_in_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        figures = selectors.programme_figures(2009)
    assert figures["projects"] == 103
    assert set(figures) == {"year", "projects", "allocated_yuan", "outputs", "tilt", "construction_task"}
