"""The projects world: on top of `world`, 县交通运输局 with scorer_jiaotong, a 峡口镇 station
with its scorer, a 2009 road project of 县交通运输局 (1,000,000 yuan) with 400,000 yuan and
2 km allocated to 五丰村, and a 2009 water project of 县统计局's scorer's department."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from projects.choices import AllocationStatus, Level
from projects.models import Allocation, AllocationOutput, Direction, OutputKind, Project
from tests.factories import DepartmentFactory, UserFactory
from villages.choices import DepartmentKind
from xixiang.accounts.choices import Role


@dataclass
class Programme:
    road: Project
    water: Project
    wufeng_road: Allocation
    km: OutputKind
    biogas: OutputKind
    water_works: OutputKind


def make_project(name, department, *, year=2009, investment="1000000", level=Level.PROVINCE, direction="道路"):
    return Project.objects.create(name=name, year=year, level=level, department=department,
                                  direction=Direction.objects.get(name=direction), investment=Decimal(investment))


def make_allocation(project, village, amount, outputs=(), *, status=AllocationStatus.COMPLETED):
    allocation = Allocation.objects.create(
        project=project, village=village, township=village.township, year=project.year, amount=Decimal(amount),
        status=status, start_date=datetime.date(project.year, 4, 1),
        completion_date=datetime.date(project.year, 10, 1) if status == AllocationStatus.COMPLETED else None)
    for kind, quantity in outputs:
        AllocationOutput.objects.create(allocation=allocation, kind=kind, quantity=Decimal(quantity))
    return allocation


@pytest.fixture
def programme(world) -> Programme:
    jiaotong = DepartmentFactory(code="D005", name="县交通运输局")
    station = DepartmentFactory(code="S108", name="峡口镇农技站", kind=DepartmentKind.STATION, township=world.xiakou)
    world.users["scorer_jiaotong"] = UserFactory(username="scorer_jiaotong", role=Role.SCORER, department=jiaotong)
    world.users["scorer_station"] = UserFactory(username="scorer_station", role=Role.SCORER, department=station)
    km, biogas, water = (OutputKind.objects.get(name=n) for n in ("通村水泥路", "沼气池", "安全饮水工程"))
    road = make_project("通村水泥路建设", jiaotong)
    water_project = make_project("安全饮水工程", world.tongji, direction="水利", level=Level.COUNTY,
                                 investment="300000")
    wufeng_road = make_allocation(road, world.wufeng, "400000", [(km, "2")])
    return Programme(road, water_project, wufeng_road, km, biogas, water)
