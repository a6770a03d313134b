"""The working year: the open assessment cycle's year, which pages offer by default."""

from decimal import Decimal

from django.utils import timezone

from assessment.models import Cycle
from xixiang.core import working_year


def cycle(year, status):
    return Cycle.objects.create(year=year, status=status, grade1_min=85, grade2_min=70, grade3_min=55,
                                sample_rate=Decimal("0.1"), sample_min=10, county_reward_amount=29000,
                                county_reward_count=5, township_reward_amount=23000)


def test_without_cycles_the_working_year_is_this_year(db):
    assert working_year.current() == timezone.localdate().year


def test_the_open_cycles_year_is_the_working_year(db):
    cycle(2009, "finalised")
    cycle(2010, "scoring")
    assert working_year.current() == 2010


def test_after_the_last_cycle_closed_the_working_year_is_the_next_one(db):
    cycle(2009, "published")
    assert working_year.current() == 2010
