"""copy_rows stores what bulk_create stores: by COPY on PostgreSQL, by bulk_create elsewhere."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from assessment.models import Cycle, VillageResult
from tests.factories import VillageFactory
from xixiang.db.copy import copy_rows

pytestmark = pytest.mark.django_db

COLUMNS = ["cycle_id", "village_id", "total", "subtotals", "scores", "rank_county", "rank_township", "grade",
           "previous_grade", "change"]
CYCLE = {"grade1_min": Decimal("90.0"), "grade2_min": Decimal("80.0"), "grade3_min": Decimal("60.0"),
         "sample_rate": Decimal("0.100"), "sample_min": 10, "county_reward_amount": Decimal("10000.00"),
         "county_reward_count": 5, "township_reward_amount": Decimal("2000.00")}


@pytest.fixture
def cycles():
    return Cycle.objects.create(year=2009, **CYCLE), Cycle.objects.create(year=2010, **CYCLE)


@pytest.fixture
def villages(world):
    return [VillageFactory(township=world.chengguan, code=f"61072410090{n}") for n in range(3)]


def rows(cycle, villages) -> list[tuple]:
    """Result rows with decimals, JSON (Chinese text, nested lists, null), a NULL and choice text."""
    return [
        (cycle.pk, village.pk, Decimal("87.5") - n, {"产业发展": "20.5", "基础设施": "18.0"},
         {"A1": ["12000.00", "10", "9.5"], "B1": [None, "0", "0"]}, n + 1, n + 1, 2 + n % 2,
         None if n else 3, "new" if n else "up1")
        for n, village in enumerate(villages)
    ]


def stored(cycle) -> list[tuple]:
    return list(VillageResult.objects.filter(cycle=cycle).order_by("village_id").values_list(*COLUMNS[1:]))


def test_the_rows_are_those_bulk_create_stores(cycles, villages):
    ours, theirs = cycles
    with CaptureQueriesContext(connection) as queries:
        assert copy_rows(VillageResult, COLUMNS, rows(ours, villages)) == 3
    VillageResult.objects.bulk_create([VillageResult(**dict(zip(COLUMNS, row, strict=True)))
                                       for row in rows(theirs, villages)])
    assert stored(ours) == stored(theirs)
    assert stored(ours)[0][2:4] == ({"产业发展": "20.5", "基础设施": "18.0"},
                                    {"A1": ["12000.00", "10", "9.5"], "B1": [None, "0", "0"]})
    statements = [q["sql"].split(" ", 1)[0] for q in queries.captured_queries]
    assert statements == (["COPY"] if connection.vendor == "postgresql" else ["INSERT"])  # one statement either way
    if connection.vendor == "postgresql":
        assert queries.captured_queries[0]["sql"].endswith("FROM STDIN -- 3 rows")


def test_no_rows_write_nothing(cycles):
    assert copy_rows(VillageResult, COLUMNS, []) == 0
    assert not VillageResult.objects.exists()


def test_a_column_that_makes_its_value_on_save_goes_through_bulk_create(db):
    names = ["year", "opened_at", *CYCLE]
    with CaptureQueriesContext(connection) as queries:
        assert copy_rows(Cycle, names, [(2011, None, *CYCLE.values())]) == 1
    assert [q["sql"].split(" ", 1)[0] for q in queries.captured_queries] == ["INSERT"]
    assert Cycle.objects.get(year=2011).opened_at is not None  # auto_now_add, as bulk_create sets it


def test_a_refused_row_raises_djangos_integrity_error_as_bulk_create_does(cycles, villages):
    copy_rows(VillageResult, COLUMNS, rows(cycles[0], villages[:1]))
    with pytest.raises(IntegrityError), transaction.atomic():
        copy_rows(VillageResult, COLUMNS, rows(cycles[0], villages[:1]))  # one result per cycle and village
    assert VillageResult.objects.count() == 1
