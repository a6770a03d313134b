"""Shared fixtures: a small two-township world and the named users of design.md.

`world` holds 城关镇 (610724100) with 五丰村 and 峡口镇 (610724108) with 江榜村, one group and
one household (with a member and a 2009 income record) in each, and one user per role.
"""

from dataclasses import dataclass

import pytest
from django.test import Client

from households.models import Household
from households.services import household_categorise
from villages.models import Department, Group, Township, Village
from xixiang.accounts.choices import Role
from xixiang.accounts.models import User

from .factories import (
    DepartmentFactory,
    GroupFactory,
    HouseholdFactory,
    IncomeRecordFactory,
    MemberFactory,
    TownshipFactory,
    UserFactory,
    VillageFactory,
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    chengguan: Township
    xiakou: Township
    wufeng: Village
    jiangbang: Village
    wufeng_group: Group
    jiangbang_group: Group
    own_household: Household  # in 城关镇 五丰村
    other_household: Household  # in 峡口镇 江榜村
    tongji: Department
    users: dict[str, User]

    def client_for(self, name: str) -> Client:
        client = Client()
        if name != "anonymous":
            client.force_login(self.users[name])
        return client


def _household(group: Group, head: str) -> Household:
    household = HouseholdFactory(group=group, head_name=head)
    MemberFactory(household=household, name=head, id_number=household.head_id_number, relation="head")
    IncomeRecordFactory(household=household)
    household_categorise(household, household.income_records.order_by("-year").first(), members=household.members.all())
    household.save()
    return household


@pytest.fixture
def world(db) -> World:
    chengguan = TownshipFactory(code="610724100", name="城关镇")
    xiakou = TownshipFactory(code="610724108", name="峡口镇")
    wufeng = VillageFactory(township=chengguan, code="610724100201", name="五丰村")
    jiangbang = VillageFactory(township=xiakou, code="610724108201", name="江榜村")
    wufeng_group = GroupFactory(village=wufeng, code="61072410020101", name="一组")
    jiangbang_group = GroupFactory(village=jiangbang, code="61072410820101", name="一组")
    tongji = DepartmentFactory(code="D001", name="县统计局")
    users = {
        "admin": UserFactory(username="admin", role=Role.ADMIN),
        "leader": UserFactory(username="leader", role=Role.LEADER),
        "clerk_chengguan": UserFactory(username="clerk_chengguan", role=Role.CLERK, township=chengguan),
        "clerk_xiakou": UserFactory(username="clerk_xiakou", role=Role.CLERK, township=xiakou),
        "cadre_wufeng": UserFactory(username="cadre_wufeng", role=Role.VILLAGE_CADRE, village=wufeng),
        "scorer_tongji": UserFactory(username="scorer_tongji", role=Role.SCORER, department=tongji),
        "inspector1": UserFactory(username="inspector1", role=Role.INSPECTOR),
        "surveyor1": UserFactory(username="surveyor1", role=Role.SURVEYOR),
        "helper1": UserFactory(username="helper1", role=Role.HELPER),
    }
    users["inspector1"].assigned_villages.set([wufeng])
    users["surveyor1"].assigned_villages.set([wufeng])
    return World(
        chengguan=chengguan, xiakou=xiakou, wufeng=wufeng, jiangbang=jiangbang,
        wufeng_group=wufeng_group, jiangbang_group=jiangbang_group,
        own_household=_household(wufeng_group, "王建国"),
        other_household=_household(jiangbang_group, "李明华"),
        tongji=tongji, users=users,
    )




@pytest.fixture(scope="session")
def twenty_million_cells(tmp_path_factory):
    """A ~1.7 MB xlsx whose one sheet holds 20,000,000 number cells (300 MB of XML)."""
    from .hostile_workbooks import many_cells

    return many_cells(tmp_path_factory.mktemp("hostile") / "cells.xlsx", rows=20_000, columns=1_000, level=1)


def pytest_collection_modifyitems(items):
    """Every test that commits (`transaction=True`) also restores the serialized database
    (`serialized_rollback=True`). A committing test without it ends with a flush that re-creates
    the content types under new ids, and the next restoring test then collides with them
    (UNIQUE constraint failed: django_content_type…), depending on the order tests run in."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(
                f"{item.nodeid}: transaction=True needs serialized_rollback=True (tests/conftest.py)")
