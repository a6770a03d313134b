"""Shared fixtures: a small two-township world and the named users of design.md.

`world` holds 城关镇 (610724100) with 五丰村 and 峡口镇 (610724108) with 江榜村, one group and
one household (with a member and a 2009 income record) in each, and one user per role.
"""

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation

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
from .s3_server import moto_endpoint  # noqa: F401  (a fixture: one moto S3 server for the session)

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def empty_figure_cache():
    """Each test starts with an empty cache: cached figures are keyed by generations that the
    test database's rollback sets back (xixiang/core/figures.py)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language (zh-hans): a request in English before it leaves
    English active in the thread, and strings a test compares would follow it."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


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


# --- the demo county, seeded once per run -----------------------------------------------------

DEMO_FIXTURE = "demo_county"


@dataclass
class DemoCounty:
    archive_dir: Path  # where the seed stored its archive files (copy it before deleting any)
    seeded: object = None  # the open transaction.atomic() that holds the seed, None once rolled back
    blocker: object = None  # pytest-django's django_db_blocker
    output: str = ""  # what seed_demo printed


_demo: DemoCounty | None = None


@pytest.fixture(scope="session")
def demo_county(django_db_setup, django_db_blocker, tmp_path_factory) -> DemoCounty:
    """The tiny demo county (`seed_demo --scale tiny`), seeded once for every test that asks for it.

    The seed is held in one transaction; each test runs in a savepoint inside it (pytest-django's
    `db`), so what a test writes is undone after it. The tests that use this fixture run one after
    the other (`pytest_collection_modifyitems` below) and the seed is rolled back after the last of
    them (`pytest_runtest_teardown`), before any other test; a test set up inside it fails loudly.
    """
    global _demo
    archive_dir = tmp_path_factory.mktemp("demo") / "archive-storage"
    storages = {**django_settings.STORAGES, "archives": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(archive_dir), "base_url": None}}}
    with django_db_blocker.unblock():
        _demo = DemoCounty(archive_dir=archive_dir, seeded=transaction.atomic(), blocker=django_db_blocker)
        _demo.seeded.__enter__()
        try:
            # the hasher of `fast_password_hashing`, or the demo users' passwords would not check
            with override_settings(STORAGES=storages, PASSWORD_HASHERS=FAST_HASHERS):
                out = io.StringIO()
                call_command("seed_demo", "--scale", "tiny", stdout=out)
                _demo.output = out.getvalue()
        except BaseException:
            _close_demo()
            raise
    yield _demo
    with django_db_blocker.unblock():
        _close_demo()


def _close_demo() -> None:
    if _demo is not None and _demo.seeded is not None:
        transaction.set_rollback(True)
        _demo.seeded.__exit__(None, None, None)
        _demo.seeded = None


def _uses_demo(item) -> bool:
    return DEMO_FIXTURE in getattr(item, "fixturenames", ())


def _in_a_test_transaction(item) -> bool:
    """In pytest-django's first group: the tests it runs inside a TestCase transaction, before the
    transactional tests (whose flush also empties the data-migration catalogues) and the tests
    without a database."""
    fixtures = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    transactional = "transactional_db" in fixtures or "live_server" in fixtures or bool(
        marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
    return not transactional and (marker is not None or "db" in fixtures)


def _deselect_services_without_postgres(config, items):
    """Tests marked `services` (several processes sharing one database) need PostgreSQL: on
    SQLite (whose test database lives in this process's memory) they are deselected, not skipped."""
    import os

    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return
    deselected = [item for item in items if item.get_closest_marker("services")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("services")]


def pytest_collection_modifyitems(config, items):
    """The tests on the shared demo county run together, as the last of pytest-django's first
    group (it has already sorted the items: in a test transaction, transactional, no database).
    Tests marked `services` run only on PostgreSQL."""
    _deselect_services_without_postgres(config, items)
    _require_serialized_rollback(items)
    demo = [item for item in items if _uses_demo(item)]
    if not demo:
        return
    others = [item for item in items if not _uses_demo(item)]
    at = next((index for index, item in enumerate(others) if not _in_a_test_transaction(item)), len(others))
    items[:] = others[:at] + demo + others[at:]


def pytest_runtest_setup(item):
    if _demo is None:
        return
    if _demo.seeded is not None and not _uses_demo(item):
        pytest.fail(f"{item.nodeid} would run inside the demo county's transaction", pytrace=False)
    if _demo.seeded is None and _uses_demo(item):
        pytest.fail(f"{item.nodeid}: the demo county was already rolled back; demo tests must run together",
                    pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last demo test (and its own fixtures), roll the demo county back."""
    result = yield
    if _demo is not None and _demo.seeded is not None and (nextitem is None or not _uses_demo(nextitem)):
        with _demo.blocker.unblock():
            _close_demo()
    return result


@pytest.fixture(scope="session")
def twenty_million_cells(tmp_path_factory):
    """A ~1.7 MB xlsx whose one sheet holds 20,000,000 number cells (300 MB of XML)."""
    from .hostile_workbooks import many_cells

    return many_cells(tmp_path_factory.mktemp("hostile") / "cells.xlsx", rows=20_000, columns=1_000, level=1)


def _require_serialized_rollback(items):
    """Every test that commits (`transaction=True`) also restores the serialized database
    (`serialized_rollback=True`). A committing test without it ends with a flush that re-creates
    the content types under new ids, and the next restoring test then collides with them
    (UNIQUE constraint failed: django_content_type…), depending on the order tests run in."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(
                f"{item.nodeid}: transaction=True needs serialized_rollback=True (tests/conftest.py)")
