"""Benchmark: compute and store a full assessment cycle (scores already entered).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xixiang_bench_assessment \
        .venv/bin/python bench/assessment.py [--villages 267,30000]

The database is wiped (schema dropped and migrated again) and filled in bulk with synthetic
counties, townships and villages (5 households each, every household sampled and surveyed,
every entered indicator scored, ballots for E3, a 2008 grade). Then the engine
(assessment.services.cycle_compute) runs once to warm up and once measured, for each size;
the script prints wall time and query count. Finalising (writing grades) is timed too.
Not a test: it prints figures.
"""

import argparse
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xixiang.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/xixiang_bench_assessment")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from assessment import scoring, services  # noqa: E402
from assessment.models import Ballot, SampleDraw, Score, SurveyResponse  # noqa: E402
from households.models import Household  # noqa: E402
from villages.demo import COOPERATING_DEPARTMENTS, LEAD_DEPARTMENTS  # noqa: E402
from villages.models import County, Department, Group, Township, Village, VillageGrade  # noqa: E402
from xixiang.accounts.choices import Role  # noqa: E402
from xixiang.accounts.models import User  # noqa: E402

HOUSEHOLDS = 5
VILLAGES_PER_TOWNSHIP = 30
TOWNSHIPS_PER_COUNTY = 10
BATCH = 5000


def wipe() -> None:
    if connection.vendor != "postgresql":
        sys.exit("请在 PostgreSQL 上运行（DATABASE_URL=postgres://…）")
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


class Builder:
    """Adds synthetic villages with everything the engine reads, in bulk."""

    def __init__(self, cycle, rng):
        self.cycle, self.rng = cycle, rng
        self.indicators = {i.code: i for i in cycle.indicators.all()}
        self.villages = 0
        self.households = 0
        self.counties = 0

    def add(self, count: int) -> None:
        with transaction.atomic():
            while count > 0:
                county = County.objects.create(code=f"{700000 + self.counties}", name=f"模拟县{self.counties}")
                self.counties += 1
                townships = Township.objects.bulk_create(
                    [
                        Township(county=county, code=f"{county.code}{100 + t}", name=f"模拟乡{t}")
                        for t in range(TOWNSHIPS_PER_COUNTY)
                    ]
                )
                villages = []
                for township in townships:
                    for v in range(min(VILLAGES_PER_TOWNSHIP, count)):
                        villages.append(Village(township=township, code=f"{township.code}{201 + v}", name=f"模拟村{v}"))
                        count -= 1
                    if count <= 0:
                        break
                self._fill(Village.objects.bulk_create(villages))

    def _fill(self, villages) -> None:
        rng = self.rng
        groups = Group.objects.bulk_create([Group(village=v, code=f"{v.code}01", name="一组") for v in villages])
        households = []
        for group in groups:
            for h in range(HOUSEHOLDS):
                self.households += 1
                households.append(
                    Household(
                        number=f"{group.code}{h + 1:03d}",
                        group=group,
                        village_id=group.village_id,
                        township_id=group.village.township_id,
                        head_name="模拟",
                        head_id_number=f"B{self.households:017d}",
                        resident_count=rng.randint(1, 6),
                        labour_count=1,
                        has_income_project=rng.random() < 0.5,
                    )
                )
        Household.objects.bulk_create(households, batch_size=BATCH)
        by_village = {}
        for household in households:
            by_village.setdefault(household.village_id, []).append(household)
        draws = SampleDraw.objects.bulk_create(
            [
                SampleDraw(
                    cycle=self.cycle,
                    village_id=v.pk,
                    frame=[h.number for h in by_village[v.pk]],
                    population=HOUSEHOLDS,
                    size=HOUSEHOLDS,
                    interval=1.0,
                    start=0.5,
                    seed=v.pk,
                    positions=list(range(HOUSEHOLDS)),
                    household_numbers=[h.number for h in by_village[v.pk]],
                )
                for v in villages
            ],
            batch_size=BATCH,
        )
        responses = []
        for draw in draws:
            for household in by_village[draw.village_id]:
                net = Decimal(rng.randint(1000, 6000) * household.resident_count)
                responses.append(
                    SurveyResponse(
                        draw=draw,
                        household=household,
                        household_number=household.number,
                        total_income=net + 2000,
                        business_expenses=Decimal(2000),
                        resident_members=household.resident_count,
                        net_income=net,
                    )
                )
        SurveyResponse.objects.bulk_create(responses, batch_size=BATCH)
        scores = []
        for village in villages:
            for indicator in self.indicators.values():
                if indicator.is_computed:
                    continue
                if indicator.source == scoring.DIRECT:
                    value = Decimal(rng.randint(0, int(indicator.max_points) * 10)) / 10
                elif indicator.unit == "%":
                    value = Decimal(rng.randint(300, 1000)) / 10
                else:
                    value = Decimal(rng.randint(0, 80000))
                scores.append(Score(cycle=self.cycle, village=village, indicator=indicator, value=value))
        Score.objects.bulk_create(scores, batch_size=BATCH)
        Ballot.objects.bulk_create(
            [
                Ballot(
                    cycle=self.cycle,
                    village=v,
                    satisfied=rng.randint(10, 40),
                    basically_satisfied=rng.randint(0, 10),
                    unsatisfied=rng.randint(0, 10),
                )
                for v in villages
            ],
            batch_size=BATCH,
        )
        VillageGrade.objects.bulk_create(
            [VillageGrade(village=v, year=2008, grade=rng.choice([3, 4, 4, 4])) for v in villages], batch_size=BATCH
        )
        self.villages += len(villages)


def measure(label: str, admin, cycle) -> None:
    services.cycle_compute(actor=admin, cycle=cycle)  # warm-up (caches, plans)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        summary = services.cycle_compute(actor=admin, cycle=cycle)
        elapsed = time.perf_counter() - started
    print(
        f"{label}: 计算并保存 {summary.villages:,} 个村 × 15 项指标：{elapsed:.2f} 秒，{len(queries)} 条查询；"
        f"级类 {summary.grades}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--villages", default="267,30000", help="逗号分隔的村数（递增）")
    sizes = [int(s) for s in parser.parse_args().villages.split(",")]
    started = time.perf_counter()
    wipe()
    for index, name in enumerate(LEAD_DEPARTMENTS + COOPERATING_DEPARTMENTS, start=1):
        Department.objects.create(code=f"D{index:03d}", name=name)
    admin = User.objects.create(username="bench_admin", role=Role.ADMIN, is_superuser=True)
    cycle = services.cycle_open(actor=admin, year=2009)
    cycle.status = "verification"
    cycle.save(update_fields=["status"])
    builder = Builder(cycle, random.Random(2009))
    print(f"数据库：{connection.vendor} {connection.settings_dict['NAME']}")
    for size in sizes:
        t = time.perf_counter()
        builder.add(size - builder.villages)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"生成 {builder.villages:,} 个村、{builder.households:,} 户的模拟数据用时 {time.perf_counter() - t:.1f} 秒"
        )
        measure(f"{builder.villages:,} 个村", admin, cycle)
    with CaptureQueriesContext(connection) as queries:
        t = time.perf_counter()
        services.cycle_finalise(actor=admin, cycle=cycle)
        print(
            f"定案（重新计算并写入 {builder.villages:,} "
            f"个村的级类及其历史）：{time.perf_counter() - t:.2f} 秒，{len(queries)} 条查询"
        )
    print(f"总用时 {time.perf_counter() - started:.1f} 秒")


if __name__ == "__main__":
    main()
