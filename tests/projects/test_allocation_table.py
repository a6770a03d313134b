"""The allocation list's body template (projects/allocation_table.html) renders exactly what
django-tables2's cells render: amounts, statuses, dates and the empty completion date."""

import pytest

from projects import scope as project_scope
from projects.choices import AllocationStatus
from projects.tables import AllocationTable
from tests.factories import DepartmentFactory
from tests.fast_tables import both_ways

from .conftest import make_allocation, make_project

pytestmark = pytest.mark.django_db


def test_the_allocation_table_renders_the_same_cells_as_django_tables2(world):
    department = DepartmentFactory(code="D901", name="县交通运输局")
    make_allocation(make_project("通村水泥路 & 桥", department), world.wufeng, "15926000.50")
    make_allocation(make_project("安全饮水", department, year=2010), world.jiangbang, "300000",
                    status=AllocationStatus.UNDER_WAY)
    admin = world.users["admin"]

    def table():
        rows = project_scope.allocations(admin).select_related("project", "township", "village")
        return AllocationTable(rows.order_by("-year", "village__code"))

    fast, plain = both_ways(table, admin)
    assert len(fast) == 2 and len(fast[0]) == 8
    assert fast == plain
    assert any("15926000.50" in cell for _attrs, cell in fast[1]) and any(cell == "—" for _attrs, cell in fast[0])
