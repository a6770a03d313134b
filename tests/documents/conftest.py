"""Notice-board fixtures: over the `world` (城关镇 五丰村, 峡口镇 江榜村), a finalised 2009 cycle
with 五丰村's result, its 2010 target and commitment, its pairings and a 2009 project."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from assessment import services as assessment_services
from assessment.choices import CycleStatus
from assessment.models import Cycle, VillageResult
from demonstration.models import DemonstrationType, Designation, ResidentCadre
from projects.models import Allocation, AllocationOutput, Direction, OutputKind, Project
from tests.assessment.conftest import departments  # noqa: F401  (a fixture used below)
from tests.assistance.factories import CadreFactory, HouseholdPairingFactory, LeaderPairingFactory, UnitPairingFactory
from tests.targets.factories import CommitmentFactory, plan_village
from villages.models import VillageGrade

SUBTOTALS = {"A": "30.95", "B": "18.20", "C": "12.45", "D": "12.75", "E": "13.50"}
PUBLISHED = datetime.date(2010, 1, 5)


@dataclass
class Boards:
    world: object
    cycle: Cycle
    helper_phone: str

    def __getattr__(self, name):
        return getattr(self.world, name)


def result(cycle, village, *, total="87.9", grade=2, previous=4, subtotals=SUBTOTALS):
    return VillageResult.objects.create(cycle=cycle, village=village, total=Decimal(total), subtotals=subtotals,
                                        scores={}, rank_county=1, rank_township=1, grade=grade,
                                        previous_grade=previous, change="up")


@pytest.fixture
def boards(world, departments) -> Boards:  # noqa: F811
    cycle = assessment_services.cycle_open(actor=world.users["admin"], year=2009)
    Cycle.objects.filter(pk=cycle.pk).update(status=CycleStatus.FINALISED)
    cycle.refresh_from_db()
    VillageGrade.objects.create(village=world.wufeng, year=2008, grade=4, source="2008 年摸底评定")
    result(cycle, world.wufeng)
    plan_village(world.wufeng, {2009: 3, 2010: 1}, measures="发展生猪养殖，硬化通组道路 3 公里",
                 township_leader="陈副镇长", party_secretary="刘书记", contact_leader="赵县长")
    CommitmentFactory(village=world.wufeng, year=2010, target_grade=1, text="确保 2010 年晋升一类村，生猪出栏翻番",
                      signer="刘书记", signed_on=datetime.date(2010, 1, 2), income_per_capita=Decimal("4200"),
                      road_km=Decimal("3.50"))
    helper = CadreFactory(name="张志强", unit=world.tongji, phone="13909160001")
    HouseholdPairingFactory(cadre=helper, household=world.own_household, start_date=datetime.date(2009, 1, 1))
    UnitPairingFactory(unit=world.tongji, village=world.wufeng, start_date=datetime.date(2009, 1, 1))
    LeaderPairingFactory(leader=CadreFactory(name="赵县长", level="county"), village=world.wufeng,
                         start_date=datetime.date(2009, 1, 1))
    project = Project.objects.create(name="通村水泥路建设", level="county", department=world.tongji,
                                     direction=Direction.objects.order_by("order").first(), year=2009,
                                     investment=Decimal("500000"))
    allocation = Allocation.objects.create(project=project, village=world.wufeng, township=world.chengguan,
                                           year=2009, amount=Decimal("360000"))
    AllocationOutput.objects.create(allocation=allocation, kind=OutputKind.objects.get(name="通村水泥路"),
                                    quantity=Decimal("3.5"))
    designation = Designation.objects.create(village=world.wufeng, township=world.chengguan, year=2009,
                                             kind=DemonstrationType.objects.order_by("id").first())
    ResidentCadre.objects.create(designation=designation, name="周驻村", unit="县农业局副局长",
                                 start_date=datetime.date(2009, 2, 1))
    ResidentCadre.objects.create(designation=designation, name="吴已离", unit="县林业局",
                                 start_date=datetime.date(2008, 2, 1), end_date=datetime.date(2008, 12, 1))
    return Boards(world, cycle, helper.phone)
