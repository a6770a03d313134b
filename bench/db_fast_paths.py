"""Benchmark: each fast path of xixiang/db against the plain ORM way it replaces. Prints figures.

    .venv/bin/python bench/db_fast_paths.py                      # SQLite, in a temporary directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xixiang_bench_db .venv/bin/python bench/db_fast_paths.py

The PostgreSQL database of DATABASE_URL is created when missing and its registry tables are
emptied. Synthetic rows (one township, 30 groups, 20,000 households with a member and an income
record each; 30,000 villages for the results) are made once; every measured step runs in a
transaction that is rolled back, `--runs` times (median), after one warm-up. DEBUG is off.
Not a test: tests/db/ checks that both ways store or find the same rows.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOUSEHOLDS = 20_000
KEYS = 2_000
VILLAGES = 30_000


def setup() -> None:
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='xixiang-bench-db-')}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xixiang.settings")
    os.environ.setdefault("DJANGO_TASKS_BACKEND", "immediate")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    from bench._setup import create_database

    create_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


class Rolledback(Exception):
    pass


def timed(fn, runs: int) -> float:
    """Median seconds of fn() inside a transaction that is rolled back (one warm-up first)."""
    from django.db import transaction

    samples = []
    for run in range(runs + 1):
        try:
            with transaction.atomic():
                started = time.perf_counter()
                fn()
                if run:
                    samples.append(time.perf_counter() - started)
                raise Rolledback
        except Rolledback:
            pass
    return statistics.median(samples)


def build():
    """The synthetic registry; → (households, a cycle)."""
    from assessment.models import Cycle, VillageResult
    from households.models import Household, IncomeRecord, Member
    from villages.models import County, Group, Township, Village
    from xixiang.lib.id_numbers import make_id_number

    for model in (VillageResult, Cycle, Member.history.model, IncomeRecord.history.model, Household.history.model,
                  Member, IncomeRecord, Household, Group, Village, Township, County):
        model._base_manager.all()._raw_delete(model._base_manager.db)
    county = County.objects.create(code="610724", name="西乡县")
    townships = Township.objects.bulk_create(
        [Township(county=county, code=f"610724{300 + n:03d}", name=f"测试乡{n}") for n in range(VILLAGES // 1000)])
    villages = Village.objects.bulk_create([Village(township=t, code=f"{t.code}{n:03d}", name=f"{t.code}村{n}")
                                            for t in townships for n in range(1000)], batch_size=5000)
    village = villages[0]
    groups = Group.objects.bulk_create([Group(village=village, code=f"{village.code}{n:02d}", name=f"{n}组")
                                        for n in range(HOUSEHOLDS // 1000)])
    birth = datetime.date(1950, 1, 1)
    households = Household.objects.bulk_create([
        Household(number=f"{g.code}{n:03d}", group=g, village=village, township_id=village.township_id,
                  head_name=f"王{n}", head_id_number=make_id_number("610724", birth + datetime.timedelta(days=i // 400),
                                                                  (i % 400) * 2 + 1),
                  resident_count=3, labour_count=2)
        for i, (g, n) in enumerate((g, n) for g in groups for n in range(1000))], batch_size=2000)
    Member.objects.bulk_create([Member(household=h, name=h.head_name, id_number=h.head_id_number, relation="head")
                                for h in households], batch_size=2000)
    IncomeRecord.objects.bulk_create([
        IncomeRecord(household=h, year=2009, total_income=Decimal("12000.50"), business_expenses=Decimal("3000.25"),
                     resident_members=3, net_income=Decimal("9000.25"), per_capita_net_income=Decimal("3000.08"))
        for h in households], batch_size=2000)
    cycle = Cycle.objects.create(year=2009, grade1_min=90, grade2_min=80, grade3_min=60, sample_rate=Decimal("0.1"),
                                 sample_min=10, county_reward_amount=10000, county_reward_count=5,
                                 township_reward_amount=2000)
    return households, villages, cycle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    setup()
    from django.db import connection
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from assessment.models import VillageResult
    from households.models import Household, IncomeRecord, Member
    from xixiang.db.bulk import insert_objects, update_rows
    from xixiang.db.copy import copy_rows
    from xixiang.db.history import create_with_history
    from xixiang.db.keys import key_set, select_by_keys
    from xixiang.db.values import values_list

    households, villages, cycle = build()
    print(f"database: {connection.vendor}; {len(households):,} households, {len(villages):,} villages; "
          f"median of {runs} runs, seconds")
    figures = []

    def compare(name, plain, fast):
        figures.append((name, timed(plain, runs), timed(fast, runs)))
        print(f"{name:<76} {figures[-1][1]:8.3f} {figures[-1][2]:8.3f}  {figures[-1][1] / figures[-1][2]:5.1f}×",
              flush=True)

    print(f"{'':<76} {'ORM':>8} {'fast':>8}")
    member_pks = [h.pk for h in households]

    def new_members():
        return [Member(household_id=pk, name="李秀兰", id_number=f"X{pk:017d}", relation="spouse", sex="F")
                for pk in member_pks[:5000]]

    compare("insert 5,000 members: bulk_create / insert_objects",
            lambda: Member.objects.bulk_create(new_members(), batch_size=1000),
            lambda: insert_objects(Member, new_members(), batch_size=1000))
    compare("5,000 members with history: bulk_create_with_history / create_with_history",
            lambda: bulk_create_with_history(new_members(), Member, batch_size=1000, default_change_reason="bench"),
            lambda: create_with_history(Member, new_members(), batch_size=1000, reason="bench"))
    now = timezone.now()
    fields = ("resident_count", "latest_income_year", "latest_per_capita_income", "computed_category",
              "category_override", "category_override_reason", "category", "updated_at")
    chosen = households[:KEYS]

    def bulk_update():
        for h in chosen:
            (h.resident_count, h.latest_income_year, h.latest_per_capita_income, h.computed_category,
             h.category, h.updated_at) = 4, 2009, Decimal("3000.08"), "well_off", "well_off", now
        Household.objects.bulk_update(chosen, list(fields), batch_size=500)

    compare(f"{KEYS:,} households × 8 fields: bulk_update / update_rows", bulk_update,
            lambda: update_rows(Household, "id", fields, {
                h.pk: (4, 2009, Decimal("3000.08"), "well_off", "", "", "well_off", now) for h in chosen}))
    numbers = [h.number for h in households[::len(households) // KEYS]][:KEYS]
    compare(f"{KEYS:,} households by number: number__in=keys / key_set",
            lambda: list(Household.objects.filter(number__in=numbers).values_list("id", "number")),
            lambda: list(Household.objects.filter(number__in=key_set(numbers)).values_list("id", "number")))
    ids = [h.head_id_number for h in households[::len(households) // KEYS]][:KEYS]
    compare(f"{KEYS:,} members by ID number: filter().values_list / select_by_keys",
            lambda: list(Member.objects.filter(id_number__in=ids).values_list("id_number", "household_id")),
            lambda: select_by_keys(Member, "id_number", ids, ("id_number", "household_id")))
    columns = ("id", "household_id", "year", "total_income", "business_expenses", "taxes_and_fees", "depreciation",
               "gifts_outside", "resident_members", "per_capita_net_income")
    compare(f"{len(households):,} income records, 6 decimals: values_list / db.values",
            lambda: list(IncomeRecord.objects.values_list(*columns)),
            lambda: list(values_list(IncomeRecord.objects.all(), columns)))
    result_columns = ["cycle_id", "village_id", "total", "subtotals", "scores", "rank_county", "rank_township",
                      "grade", "previous_grade", "change"]
    scores = {f"{d}{n}": ["12000.00", "10", "9.5"] for d in "ABCDE" for n in (1, 2, 3)}
    rows = [(cycle.pk, v.pk, Decimal("87.5"), {"A": "20.5", "B": "18.0", "C": "19.0", "D": "15.5", "E": "14.5"},
             scores, n + 1, n % 1000 + 1, 2, 3, "up1") for n, v in enumerate(villages)]
    compare(f"{len(rows):,} village results: bulk_create / copy_rows",
            lambda: VillageResult.objects.bulk_create(
                [VillageResult(**dict(zip(result_columns, row, strict=True))) for row in rows]),
            lambda: copy_rows(VillageResult, result_columns, rows))


if __name__ == "__main__":
    main()
