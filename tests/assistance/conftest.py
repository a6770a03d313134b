"""The assistance world: 帮扶干部 张志强 (县统计局, linked to helper1) paired with 城关镇 五丰村's
household 王建国; 李卫东 (峡口镇 station cadre) paired with 峡口镇 江榜村's 李明华; both villages
poor, each with a unit and a leader contact point; a visit on each household pairing."""

import datetime
from dataclasses import dataclass

import pytest

from assistance.models import Cadre, HouseholdPairing, LeaderPairing, UnitPairing
from tests.factories import DepartmentFactory

from .factories import (
    CadreFactory,
    HouseholdPairingFactory,
    HouseholdRecordFactory,
    LeaderPairingFactory,
    UnitPairingFactory,
)


@dataclass
class Assist:
    helper_cadre: Cadre
    other_cadre: Cadre
    leader: Cadre
    own_pairing: HouseholdPairing
    other_pairing: HouseholdPairing
    own_unit_pairing: UnitPairing
    other_unit_pairing: UnitPairing
    own_leader_pairing: LeaderPairing
    other_leader_pairing: LeaderPairing


@pytest.fixture
def assist(world) -> Assist:
    for village in (world.wufeng, world.jiangbang):
        village.is_poor = True
        village.save()
    helper_cadre = CadreFactory(name="张志强", unit=world.tongji, user=world.users["helper1"], phone="13909160001")
    other_cadre = CadreFactory(name="李卫东", phone="13909160002")
    leader = CadreFactory(name="赵县长", level="county", unit=DepartmentFactory(name="县人民政府"))
    own = HouseholdPairingFactory(cadre=helper_cadre, household=world.own_household)
    other = HouseholdPairingFactory(cadre=other_cadre, household=world.other_household)
    HouseholdRecordFactory(household_pairing=own, date=datetime.date(2009, 3, 2), note="了解生产情况")
    HouseholdRecordFactory(household_pairing=other, date=datetime.date(2009, 4, 2))
    return Assist(
        helper_cadre=helper_cadre,
        other_cadre=other_cadre,
        leader=leader,
        own_pairing=own,
        other_pairing=other,
        own_unit_pairing=UnitPairingFactory(unit=world.tongji, village=world.wufeng),
        other_unit_pairing=UnitPairingFactory(unit=DepartmentFactory(name="县水利局"), village=world.jiangbang),
        own_leader_pairing=LeaderPairingFactory(leader=leader, village=world.wufeng),
        other_leader_pairing=LeaderPairingFactory(
            leader=CadreFactory(name="钱科长", level="section"), village=world.jiangbang
        ),
    )
