"""Allocations and projects through the services: the investment ceiling, scope, bad amounts."""

import datetime
from decimal import Decimal

import pytest

from archives.models import ArchiveCategory, ArchiveMedium, ArchiveRecord
from projects import services
from projects.choices import AllocationStatus
from projects.models import Allocation, AllocationOutput, Project
from xixiang.core.errors import DomainError


def new_allocation(project, village, amount, **fields):
    return Allocation(project=project, village=village, amount=None if amount is None else Decimal(amount), **fields)


def test_an_allocation_within_the_investment_is_stored_with_its_outputs(world, programme):
    allocation = services.allocation_save(
        actor=world.users["scorer_jiaotong"], allocation=new_allocation(programme.road, world.jiangbang, "600000"),
        outputs=[(programme.km, Decimal("3.5"))])
    assert (allocation.year, allocation.township_id) == (2009, world.xiakou.pk)
    assert list(allocation.outputs.values_list("kind__name", "quantity")) == [("通村水泥路", Decimal("3.50"))]


def test_an_allocation_above_the_investment_is_refused_with_the_figures(world, programme):
    with pytest.raises(DomainError) as refused:
        services.allocation_save(actor=world.users["admin"],
                                 allocation=new_allocation(programme.road, world.jiangbang, "600000.01"))
    assert refused.value.message == (
        "项目“通村水泥路建设”总投资 1000000.00 元，已安排 400000.00 元，本次 600000.01 元将超出 0.01 元")
    assert refused.value.field == "amount"
    assert Allocation.objects.filter(project=programme.road).count() == 1


def test_raising_an_allocation_counts_the_others_but_not_itself(world, programme):
    allocation = programme.wufeng_road
    allocation.amount = Decimal("1000000")
    services.allocation_save(actor=world.users["admin"], allocation=allocation)
    allocation.refresh_from_db()
    assert allocation.amount == Decimal("1000000.00")


def test_a_negative_amount_is_refused(world, programme):
    with pytest.raises(DomainError) as refused:
        services.allocation_save(actor=world.users["admin"],
                                 allocation=new_allocation(programme.road, world.jiangbang, "-1"))
    assert refused.value.message == "安排资金不能为负数"


def test_a_negative_output_quantity_is_refused_and_nothing_is_stored(world, programme):
    with pytest.raises(DomainError) as refused:
        services.allocation_save(actor=world.users["admin"],
                                 allocation=new_allocation(programme.road, world.jiangbang, "1"),
                                 outputs=[(programme.km, "-2")])
    assert refused.value.message == "通村水泥路数量不能为负数"
    assert not Allocation.objects.filter(village=world.jiangbang).exists()


def test_a_non_numeric_quantity_is_refused(world, programme):
    with pytest.raises(DomainError) as refused:
        services.allocation_save(actor=world.users["admin"],
                                 allocation=new_allocation(programme.road, world.jiangbang, "1"),
                                 outputs=[(programme.biogas, "十口")])
    assert refused.value.message == "沼气池数量“十口”不是数字"


def test_a_township_station_may_not_allocate_outside_its_township(world, programme):
    station_project = Project.objects.create(
        name="农技推广", year=2009, level="county", department=world.users["scorer_station"].department,
        direction=programme.road.direction, investment=Decimal("50000"))
    with pytest.raises(DomainError) as refused:
        services.allocation_save(actor=world.users["scorer_station"],
                                 allocation=new_allocation(station_project, world.wufeng, "100"))
    assert refused.value.message == "行政村“五丰村”不在您的管辖范围内"
    services.allocation_save(actor=world.users["scorer_station"],
                             allocation=new_allocation(station_project, world.jiangbang, "100"))


def test_a_scorer_may_not_allocate_another_departments_project(world, programme):
    with pytest.raises(DomainError) as refused:
        services.allocation_save(actor=world.users["scorer_tongji"],
                                 allocation=new_allocation(programme.road, world.jiangbang, "100"))
    assert refused.value.message == "您无权为该项目安排资金"


@pytest.mark.parametrize("user", ["clerk_chengguan", "leader", "cadre_wufeng", "inspector1"])
def test_other_roles_may_not_allocate(world, programme, user):
    with pytest.raises(DomainError):
        services.allocation_save(actor=world.users[user],
                                 allocation=new_allocation(programme.road, world.wufeng, "100"))


def test_the_investment_may_not_fall_below_what_is_allocated(world, programme):
    project = programme.road
    project.investment = Decimal("399999.99")
    with pytest.raises(DomainError) as refused:
        services.project_save(actor=world.users["scorer_jiaotong"], project=project)
    assert refused.value.message == "该项目已安排资金 400000.00 元，总投资不能少于已安排资金"


def test_a_scorer_keeps_only_their_departments_projects(world, programme):
    project = Project(name="统计监测", year=2009, level="county", department=programme.road.department,
                      direction=programme.road.direction, investment=Decimal("1"))
    with pytest.raises(DomainError) as refused:
        services.project_save(actor=world.users["scorer_tongji"], project=project)
    assert refused.value.message == "只能维护本部门的项目"


def test_a_negative_investment_is_refused(world, programme):
    project = Project(name="统计监测", year=2009, level="county", department=world.tongji,
                      direction=programme.road.direction, investment=Decimal("-5"))
    with pytest.raises(DomainError) as refused:
        services.project_save(actor=world.users["scorer_tongji"], project=project)
    assert refused.value.message == "总投资不能为负数"


def test_a_completed_allocation_needs_its_completion_date(world, programme):
    with pytest.raises(DomainError) as refused:
        services.allocation_save(actor=world.users["admin"], allocation=new_allocation(
            programme.road, world.jiangbang, "1", status=AllocationStatus.COMPLETED))
    assert refused.value.message == "已完成的项目安排须填写完工日期"


def _record(world, village, code):
    return ArchiveRecord.objects.create(
        village=village, year=2009, category=ArchiveCategory.objects.get(code=code),
        medium=ArchiveMedium.objects.first(), title="项目验收资料", uploaded_by=world.users["admin"])


def test_evidence_must_be_a_g4_record_of_the_same_village(world, programme):
    allocation = new_allocation(programme.road, world.jiangbang, "1", evidence=_record(world, world.jiangbang, "G1"))
    with pytest.raises(DomainError) as refused:
        services.allocation_save(actor=world.users["admin"], allocation=allocation)
    assert refused.value.message == "佐证档案必须属于“G4 项目建设”类别"
    allocation = new_allocation(programme.road, world.jiangbang, "1", evidence=_record(world, world.wufeng, "G4"))
    with pytest.raises(DomainError) as refused:
        services.allocation_save(actor=world.users["admin"], allocation=allocation)
    assert refused.value.message == "佐证档案必须是该村的档案记录"
    allocation = new_allocation(programme.road, world.jiangbang, "1", evidence=_record(world, world.jiangbang, "G4"))
    services.allocation_save(actor=world.users["admin"], allocation=allocation)


def test_deleting_an_allocation_removes_its_outputs(world, programme):
    services.allocation_delete(actor=world.users["scorer_jiaotong"], allocation=programme.wufeng_road)
    assert not AllocationOutput.objects.exists()
    assert programme.wufeng_road.start_date == datetime.date(2009, 4, 1)
