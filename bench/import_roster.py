"""Benchmark of the roster import and export (issue 3). Prints figures; not a test.

    python bench/import_roster.py [--scale tiny|small|full] [--peer-rows 5000] [--keep]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xixiang_bench python bench/import_roster.py --scale full

Builds the demo hierarchy (23 townships, 267 villages) in a scratch database (SQLite in a
temporary directory, or the PostgreSQL database of DATABASE_URL, whose households are wiped),
generates the county's roster with the demo seeder's generator (full: ~96,000 households,
~192,000 household-year rows, ~350,000 members) and measures, each phase in its own process
so that its peak memory (VmHWM) is its own:

  limits   openpyxl writing the workbook (write-only, rows already in memory)
           python-calamine reading both sheets, no application work
           bulk_create of the same rows (objects built beforehand, no history)
  ours     dry run into an empty county, commit into an empty county, dry run and commit of
           the same file again (nothing changes), export of the whole county
  peer     django-import-export importing the first --peer-rows rows of sheet 农户 into Household
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xixiang.settings")
    os.environ.setdefault("DJANGO_TASKS_BACKEND", "immediate")
    import django

    django.setup()


# --- data ---------------------------------------------------------------------------------


def generate(scale: str, seed: int = 2009):
    """Yield (household rows, member rows, [(Household, members, incomes)]) per township,
    made with the demo seeder's generator (households/demo.py), without touching the database."""
    from decimal import Decimal

    from households import categories
    from households.demo import IdNumbers, _household, _income, _per_capita_2009
    from households.roster.writer import _household_row, _member_row
    from villages.models import Group, Township
    from xixiang.core.demo import HOUSEHOLDS_PER_VILLAGE, DemoContext

    ctx = DemoContext(scale=scale, seed=seed)
    rng = ctx.rng_for("households")
    ids = IdNumbers(rng)
    per_village = HOUSEHOLDS_PER_VILLAGE[scale]
    for township in Township.objects.order_by("code"):
        groups = list(Group.objects.filter(village__township=township).select_related("village").order_by("code"))
        by_village = {}
        for group in groups:
            by_village.setdefault(group.village_id, []).append(group)
        household_rows, member_rows, objects = [], [], []
        for village_groups in by_village.values():
            target = max(1, round(per_village * rng.uniform(0.85, 1.15)))
            for index in range(target):
                group = village_groups[index % len(village_groups)]
                household, members = _household(rng, ids, group, index // len(village_groups) + 1)
                pc2009 = _per_capita_2009(rng)
                household.has_income_project = rng.random() < (0.8 if pc2009 >= 5000 else 0.45)
                pc2008 = (pc2009 * Decimal(str(round(rng.uniform(0.78, 0.95), 2)))).quantize(Decimal("0.01"))
                records = [_income(rng, household, 2008, pc2008), _income(rng, household, 2009, pc2009)]
                household.latest_income_year = 2009
                household.latest_per_capita_income = records[-1].per_capita_net_income
                household.computed_category = household.category = categories.NEEDS_HELP
                values = (
                    None,
                    household.number,
                    household.head_name,
                    household.head_id_number,
                    household.phone,
                    household.resident_count,
                    household.labour_count,
                    household.industry_tea,
                    household.industry_pigs,
                    household.industry_tobacco,
                    household.industry_migration,
                    household.industry_other,
                    household.has_income_project,
                    household.hardship,
                    "",
                )
                for record in records:
                    income = (
                        None,
                        record.year,
                        record.resident_members,
                        record.total_income,
                        record.business_expenses,
                        record.taxes_and_fees,
                        record.depreciation,
                        record.gifts_outside,
                    )
                    household_rows.append(_household_row(values, income, False))
                for member in members:
                    member_rows.append(
                        _member_row(
                            household.number,
                            (
                                None,
                                member.name,
                                member.id_number,
                                member.relation,
                                member.sex,
                                member.labour_ability,
                                member.health,
                            ),
                            False,
                        )
                    )
                objects.append((household, members, records))
        yield household_rows, member_rows, objects


def wipe_households():
    from django.db import connection

    from households.models import Household, ImportBatch, IncomeRecord, Member

    with connection.cursor() as cursor:
        for model in (Member, IncomeRecord, Household):
            for table in (model.history.model._meta.db_table, model._meta.db_table):
                cursor.execute(f"DELETE FROM {table}")
    ImportBatch.objects.all().delete()
    vacuum()


def vacuum():
    """PostgreSQL: reclaim deleted rows and refresh statistics, as autovacuum would in time;
    without it the phases after a wipe read bloated tables."""
    from django.db import connection

    from households.models import Household, IncomeRecord, Member

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Member, IncomeRecord, Household):
            for table in (model.history.model._meta.db_table, model._meta.db_table):
                cursor.execute(f"VACUUM ANALYZE {table}")


# --- phases (each run in its own process) -----------------------------------------------


def phase_write(args) -> dict:
    from households.roster.columns import HOUSEHOLD_COLUMNS, HOUSEHOLD_SHEET, MEMBER_COLUMNS, MEMBER_SHEET
    from households.roster.writer import _prepare_sheet
    from xixiang.lib.excel import safe_row, write_only_workbook

    household_rows, member_rows = [], []
    for rows, members, _objects in generate(args.scale):
        household_rows += rows
        member_rows += members
    started = time.perf_counter()
    wb = write_only_workbook()
    sheet = wb.create_sheet(HOUSEHOLD_SHEET)
    _prepare_sheet(sheet, HOUSEHOLD_COLUMNS)
    for row in household_rows:
        sheet.append(safe_row(sheet, row))
    sheet = wb.create_sheet(MEMBER_SHEET)
    _prepare_sheet(sheet, MEMBER_COLUMNS)
    for row in member_rows:
        sheet.append(safe_row(sheet, row))
    wb.save(args.file)
    seconds = time.perf_counter() - started
    return {
        "rows": len(household_rows) + len(member_rows),
        "seconds": seconds,
        "households": len({row[0] for row in household_rows}),
        "household_rows": len(household_rows),
        "members": len(member_rows),
        "bytes": os.path.getsize(args.file),
    }


def phase_read(args) -> dict:
    import python_calamine

    started = time.perf_counter()
    rows = 0
    with python_calamine.CalamineWorkbook.from_path(args.file) as book:
        for name in ("农户", "家庭成员"):
            sheet = book.get_sheet_by_name(name)
            for _row in sheet.iter_rows():
                rows += 1
            del sheet
    return {"rows": rows - 2, "seconds": time.perf_counter() - started}


def phase_import(args, *, commit: bool) -> dict:
    from households.roster.engine import RosterImport
    from xixiang.core.batch_memory import batch_memory, worker_process

    started = time.perf_counter()
    with worker_process(), batch_memory():  # as the worker's task runs it
        outcome = RosterImport(args.file, commit=commit, batch_id=1).run()
    seconds = time.perf_counter() - started
    return {
        "rows": outcome.rows,
        "seconds": seconds,
        "ok": outcome.ok,
        "counts": outcome.counts,
        "errors": outcome.problems.errors[:3],
        "fatal": outcome.fatal,
    }


def phase_export(args) -> dict:
    from households.models import Household
    from households.roster.writer import write_roster

    started = time.perf_counter()
    counts = write_roster(args.file + ".export.xlsx", Household.objects.all())
    return {"rows": counts["rows"] + counts["members"], "seconds": time.perf_counter() - started}


def phase_bulk(args, *, history: bool = False) -> dict:
    from simple_history.utils import bulk_create_with_history

    from households.models import Household, IncomeRecord, Member

    def create(model, objects):
        if history:
            bulk_create_with_history(objects, model, batch_size=1000)
        else:
            model.objects.bulk_create(objects, batch_size=1000)

    wipe_households()
    seconds = 0.0
    rows = 0
    for _rows, _members, objects in generate(args.scale):
        households = [household for household, _m, _r in objects]
        started = time.perf_counter()
        create(Household, households)
        members, incomes = [], []
        for household, household_members, records in objects:
            for member in household_members:
                member.household_id = household.pk
                members.append(member)
            for record in records:
                record.household_id = household.pk
                incomes.append(record)
        create(IncomeRecord, incomes)
        create(Member, members)
        seconds += time.perf_counter() - started
        rows += len(incomes) + len(members)
    return {"rows": rows, "seconds": seconds}


def phase_peer(args) -> dict:
    import tablib
    from import_export import fields, resources

    from households.models import Household
    from households.services import household_place
    from villages.models import Group

    wipe_households()
    groups = {group.code: group for group in Group.objects.select_related("village")}

    class HouseholdResource(resources.ModelResource):
        number = fields.Field(attribute="number", column_name="户编号")
        head_name = fields.Field(attribute="head_name", column_name="户主姓名")
        head_id_number = fields.Field(attribute="head_id_number", column_name="户主身份证号")
        phone = fields.Field(attribute="phone", column_name="联系电话")
        resident_count = fields.Field(attribute="resident_count", column_name="家庭人口")
        labour_count = fields.Field(attribute="labour_count", column_name="劳动力人数")

        class Meta:
            model = Household
            import_id_fields = ["number"]
            fields = ["number", "head_name", "head_id_number", "phone", "resident_count", "labour_count"]
            use_bulk = False

        def before_save_instance(self, instance, row, **kwargs):
            instance.group = groups[instance.number[:14]]
            household_place(instance)

    import python_calamine

    with python_calamine.CalamineWorkbook.from_path(args.file) as book:
        rows = book.get_sheet_by_name("农户").to_python(nrows=args.peer_rows * 2 + 1)
    header, body = rows[0], rows[1:]
    seen, data = set(), []
    for row in body:  # one row per household: the peer cannot keep two models' rows apart
        if row[0] not in seen:
            seen.add(row[0])
            data.append(row)
        if len(data) >= args.peer_rows:
            break
    dataset = tablib.Dataset(*data, headers=header)
    started = time.perf_counter()
    result = HouseholdResource().import_data(dataset, dry_run=False, use_transactions=True)
    seconds = time.perf_counter() - started
    return {"rows": len(data), "seconds": seconds, "ok": not result.has_errors() and not result.has_validation_errors()}


PHASES = {
    "write": phase_write,
    "read": phase_read,
    "dryrun": lambda a: phase_import(a, commit=False),
    "commit": lambda a: phase_import(a, commit=True),
    "export": phase_export,
    "bulk": phase_bulk,
    "bulk-history": lambda a: phase_bulk(a, history=True),
    "peer": phase_peer,
    "wipe": lambda a: (wipe_households(), {"rows": 0, "seconds": 0})[1],
    "vacuum": lambda a: (vacuum(), {"rows": 0, "seconds": 0})[1],
}


def run_phase(args) -> None:
    setup_django()
    result = PHASES[args.phase](args)
    result["peak_mb"] = peak_mb()
    print("RESULT " + json.dumps(result, default=str, ensure_ascii=False))


# --- driver ------------------------------------------------------------------------------


def child(args, phase: str, env: dict) -> dict:
    command = [
        sys.executable,
        __file__,
        "--phase",
        phase,
        "--scale",
        args.scale,
        "--file",
        args.file,
        "--peer-rows",
        str(args.peer_rows),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise SystemExit(f"phase {phase} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["tiny", "small", "full"], default="small")
    parser.add_argument("--peer-rows", type=int, default=5000)
    parser.add_argument("--phase", choices=sorted(PHASES))
    parser.add_argument("--file")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = parser.parse_args()
    if args.phase:
        run_phase(args)
        return
    scratch = tempfile.mkdtemp(prefix="roster-bench-")
    env = dict(
        os.environ,
        XIXIANG_VAR_DIR=scratch,
        DJANGO_SETTINGS_MODULE="xixiang.settings",
        DJANGO_TASKS_BACKEND="immediate",
        PYTHONPATH=str(ROOT),
    )
    # Production-like, as bench/_setup.py: no debug query log in any phase (ours or the peer's).
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECURE_SSL_REDIRECT="0",
        XIXIANG_STATIC_MANIFEST="0",
        DJANGO_SECRET_KEY="benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    )
    args.file = os.path.join(scratch, "roster.xlsx")
    database = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    print(f"roster benchmark: scale {args.scale}, {database}, scratch {scratch}", flush=True)
    if database == "PostgreSQL":
        from _setup import create_database  # bench/_setup.py: CREATE DATABASE when missing

        create_database(os.environ["DATABASE_URL"])
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], env=env, cwd=ROOT, check=True)
    subprocess.run([sys.executable, "-c", SEED_HIERARCHY], env=env, cwd=ROOT, check=True)
    child(args, "wipe", env)
    plan = [
        ("write", "limit: openpyxl write (rows in memory)"),
        ("read", "limit: calamine read, no work"),
        ("dryrun", "dry run, empty county"),
        ("commit", "commit, empty county"),
        ("dryrun", "dry run, no change"),
        ("commit", "commit, no change (re-import)"),
        ("export", "export, whole county"),
        ("bulk", "limit: bulk_create, no history"),
        ("bulk-history", "limit: bulk_create_with_history"),
        ("peer", f"peer: django-import-export ({args.peer_rows:,} households)"),
    ]
    results = {}
    for phase, label in plan:
        if phase in ("dryrun", "export"):
            child(args, "vacuum", env)  # after a commit, as autovacuum would (PostgreSQL only)
        result = child(args, phase, env)
        results[label] = result
        rate = result["rows"] / result["seconds"] if result["seconds"] else 0
        extra = ""
        if "counts" in result:
            extra = " ".join(f"{k}={v['created']}/{v['updated']}/{v['unchanged']}" for k, v in result["counts"].items())
            extra += "" if result.get("ok") else f" ERRORS {result.get('errors')} {result.get('fatal')}"
        if phase == "write":
            extra = (f"{result['households']:,} households, {result['household_rows']:,} rows, "
                     f"{result['members']:,} members, {result['bytes'] / 1048576:.1f} MB")
        print(
            f"{label:42s} {result['rows']:>9,} rows {result['seconds']:8.2f} s {rate:>10,.0f} rows/s "
            f"peak {result['peak_mb']:6.0f} MB  {extra}",
            flush=True,
        )
    summarise(results, args)
    if not args.keep:
        import shutil

        shutil.rmtree(scratch, ignore_errors=True)


def summarise(results: dict, args) -> None:
    def rate(label):
        result = results[label]
        return result["rows"] / result["seconds"]

    read, write, bulk = (
        rate("limit: calamine read, no work"),
        rate("limit: openpyxl write (rows in memory)"),
        rate("limit: bulk_create, no history"),
    )
    peer = rate(f"peer: django-import-export ({args.peer_rows:,} households)")
    print("\ngoals (ours / limit):")
    print(
        f"  dry run  ≥ 0.5 × read      : {rate('dry run, empty county') / read:.2f} "
        f"(empty), {rate('dry run, no change') / read:.2f} (no change)"
    )
    print(
        f"  commit   ≥ 0.5 × bulk_create: {rate('commit, empty county') / bulk:.2f} "
        f"(empty), {rate('commit, no change (re-import)') / bulk:.2f} (no change)"
    )
    print(
        "  (commit / bulk_create_with_history: "
        f"{rate('commit, empty county') / rate('limit: bulk_create_with_history'):.2f}; "
        f"bulk_create / peer: {bulk / peer:.0f}×)"
    )
    print(f"  commit   ≥ 20 × peer        : {rate('commit, empty county') / peer:.0f}×")
    print(f"  export   ≥ 0.5 × write      : {rate('export, whole county') / write:.2f}")
    print(
        "  peak memory < 500 MB       : "
        f"{max(r['peak_mb'] for k, r in results.items() if not k.startswith('limit')):.0f} MB (largest of our phases)"
    )


SEED_HIERARCHY = """
import django; django.setup()
from villages.models import Township
from xixiang.core.demo import DemoContext
if not Township.objects.exists():
    import villages.demo
    villages.demo.seed(DemoContext(scale="tiny", write=lambda m: None))
"""

if __name__ == "__main__":
    main()
