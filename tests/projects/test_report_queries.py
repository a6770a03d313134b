"""The funds report and the programme figures read a fixed number of queries, pinned exactly,
with a year or all years, whatever the data (the speed is measured in bench/programme.py)."""

import pytest

from demonstration.management.commands.programme_report import report
from projects import selectors

from .conftest import make_allocation, make_project


def _more_data(world, programme, n):
    for i in range(n):
        project = make_project(f"项目{i}", world.tongji, investment="10000", direction="水利", year=2008 + i % 2)
        make_allocation(project, world.jiangbang if i % 2 else world.wufeng, "100", [(programme.water_works, "1")])


@pytest.mark.parametrize("year", [2009, None])
@pytest.mark.parametrize("by", selectors.DIMENSIONS)
def test_the_funds_report_reads_three_queries(world, programme, django_assert_num_queries, by, year):
    with django_assert_num_queries(3):
        selectors.funds_report(year, by)
    _more_data(world, programme, 6)
    with django_assert_num_queries(3):
        report_ = selectors.funds_report(year, by)
    assert report_["total"]["allocations"] == (4 if year else 7)


def test_the_programme_report_reads_a_fixed_number_of_queries(world, programme, django_assert_num_queries):
    with django_assert_num_queries(8):
        report(2009)
    _more_data(world, programme, 6)
    with django_assert_num_queries(8):
        data = report(2009)
    assert data["projects"] == 5
