"""Benchmark: projects and funds on the full county (issue 15).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xixiang_bench_programme \
        .venv/bin/python bench/programme.py [--projects 5000] [--per-project 10]

The database is wiped (schema dropped and migrated again) and given the demo hierarchy (267
villages, departments, 2008 grades) and a 2009 upgrade plan for a third of the villages. Then a
synthetic workbook of ten years of projects (2001–2010; --projects, each allocated to
--per-project villages with one or two outputs) is imported with projects.workbook (the
`import_projects` engine) and timed as rows/s (project rows + allocation rows), and the
programme figures (programme_report's data) and the funds report by each dimension are timed
(best of 5) with their query counts, on a tenth of the data and on all of it.
Not a test: it prints figures.
"""

import argparse
import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/xixiang_bench_programme")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xixiang.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from projects import selectors  # noqa: E402
from projects.models import Allocation, OutputKind  # noqa: E402
from projects.workbook import (  # noqa: E402
    ALLOCATION_COLUMNS,
    COMMAND_LIMITS,
    PROJECT_COLUMNS,
    output_header,
    projects_import,
)
from villages import demo as village_demo  # noqa: E402
from villages.models import Department, Village  # noqa: E402
from xixiang.accounts.choices import Role  # noqa: E402
from xixiang.accounts.models import User  # noqa: E402
from xixiang.core.demo import DemoContext  # noqa: E402
from xixiang.lib.excel import Sheet, write_xlsx  # noqa: E402

LEVELS = ["中央", "省", "市", "县"]
DIRECTIONS = ["道路", "水利", "能源", "产业", "住房", "培训"]


def wipe() -> None:
    if connection.vendor != "postgresql":
        sys.exit("请在 PostgreSQL 上运行（DATABASE_URL=postgres://…）")
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


def plan_2009(rng) -> None:
    """An approved 2009 plan upgrading a third of the villages (targets app, for the tilt)."""
    from tests.targets.factories import plan_village

    for village in rng.sample(list(Village.objects.all()), 89):
        plan_village(village, {2009: 3})


def workbook(rng, projects: int, per_project: int, *, first: int = 0) -> tuple[bytes, int]:
    departments = list(Department.objects.values_list("name", flat=True))
    codes = list(Village.objects.values_list("code", flat=True))
    kinds = list(OutputKind.objects.order_by("order", "id"))
    project_rows, allocation_rows = [], []
    for p in range(first, first + projects):
        year = 2001 + p % 10
        name = f"模拟项目{p:05d}"
        amounts = [rng.randint(10, 500) * 1000 for _ in range(per_project)]
        project_rows.append([year, name, rng.choice(LEVELS), rng.choice(departments), rng.choice(DIRECTIONS),
                             "", "", sum(amounts) + 1000, "模拟"])
        for code, amount in zip(rng.sample(codes, per_project), amounts, strict=True):
            outputs = [None] * len(kinds)
            for k in rng.sample(range(len(kinds)), rng.choice([1, 2])):
                outputs[k] = rng.randint(1, 50)
            allocation_rows.append([year, name, code, "", amount, "已完成", f"{year}-03-01", f"{year}-10-01", "",
                                    *outputs])
    data = write_xlsx([Sheet("项目", PROJECT_COLUMNS, project_rows),
                       Sheet("项目安排", ALLOCATION_COLUMNS + [output_header(k) for k in kinds], allocation_rows)])
    return data, len(project_rows) + len(allocation_rows)


def best_of(fn, runs: int = 5) -> tuple[float, int]:
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
    return min(times), len(queries)


def measure(label: str) -> None:
    print(f"\n{label}: {Allocation.objects.count():,} allocations")
    seconds, queries = best_of(lambda: selectors.programme_figures(2009))
    print(f"  programme_figures(2009)        {seconds * 1000:7.1f} ms  {queries} queries")
    for by in selectors.DIMENSIONS:
        seconds, queries = best_of(lambda by=by: selectors.funds_report(2009, by))
        print(f"  funds_report(2009, {by:<10})  {seconds * 1000:7.1f} ms  {queries} queries")
        seconds, queries = best_of(lambda by=by: selectors.funds_report(None, by))
        print(f"  funds_report(all, {by:<10})   {seconds * 1000:7.1f} ms  {queries} queries")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--per-project", type=int, default=10)
    args = parser.parse_args()
    settings.DEBUG = False
    rng = random.Random(2009)
    wipe()
    village_demo.seed(DemoContext(scale="tiny", write=lambda *_: None))
    admin = User.objects.create(username="admin", role=Role.ADMIN)
    plan_2009(rng)
    tenth = max(1, args.projects // 10)
    for label, first, count in [("a tenth", 0, tenth), ("all", tenth, args.projects - tenth)]:
        data, rows = workbook(rng, count, args.per_project, first=first)
        started = time.perf_counter()
        result = projects_import(actor=admin, data=io.BytesIO(data), limits=COMMAND_LIMITS)
        seconds = time.perf_counter() - started
        print(f"import {label}: {rows:,} rows ({len(data) / 1048576:.1f} MB) in {seconds:.2f} s = "
              f"{rows / seconds:,.0f} rows/s ({result.projects_created:,} projects, "
              f"{result.allocations_created:,} allocations)")
        reset_queries()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        measure(label)


if __name__ == "__main__":
    main()
