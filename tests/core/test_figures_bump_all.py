"""figures.bump_all (the demo seeder's reset and seed call it): every model a cached figure reads
goes out of date, so a figure stored before a reseed is not served after it."""

import pytest

from households.models import Household, IncomeRecord
from xixiang.core import figures

pytestmark = pytest.mark.django_db


def test_bump_all_raises_the_generation_of_every_model_a_figure_depends_on():
    from django.apps import apps

    models = [apps.get_model(label) for label in sorted(figures._connected)]
    assert {Household, IncomeRecord} <= set(models)
    start = figures.generations(models)
    figures.bump_all()
    assert figures.generations(models) == tuple(n + 1 for n in start)


def test_a_figure_stored_before_a_bulk_write_is_recomputed_after_bump_all(world):
    care = Household.objects.filter(category="care")
    before = figures.cached_count("t", care, [Household])
    Household.objects.filter(pk=world.own_household.pk).exclude(category="care").update(category="care")
    assert figures.cached_count("t", care, [Household]) == before  # a bulk write sends no signal
    figures.bump_all()
    assert figures.cached_count("t", care, [Household]) == before + 1 == care.count()
