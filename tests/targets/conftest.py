"""Fixtures of the plan's tests: a private archive storage (commitments are filed in G3) and the plan."""

import pytest

from tests.assessment.conftest import departments, scorers, scoring_cycle, verification_cycle  # noqa: F401
from villages.models import VillageGrade

from .factories import PlanFactory


@pytest.fixture(autouse=True)
def archive_dir(settings, tmp_path):
    location = tmp_path / "archive-storage"
    settings.STORAGES = {
        **settings.STORAGES,
        "archives": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                     "OPTIONS": {"location": str(location), "base_url": None}},
    }
    return location


@pytest.fixture
def plan(db):
    return PlanFactory()


@pytest.fixture
def graded(world):
    """2008 grades: 五丰村 4, 江榜村 3."""
    VillageGrade.objects.create(village=world.wufeng, year=2008, grade=4)
    VillageGrade.objects.create(village=world.jiangbang, year=2008, grade=3)
    return world
