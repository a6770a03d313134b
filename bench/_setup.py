"""Shared set-up for benchmark scripts: a PostgreSQL database with the full demo county."""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/xixiang_bench"


def setup_django(default_url: str = DEFAULT_URL) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", default_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xixiang.settings")
    os.environ.setdefault("DJANGO_TASKS_BACKEND", "immediate")
    # Production-like: no debug query log or template debugging in the figures.
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("XIXIANG_STATIC_MANIFEST", "0")
    create_database(os.environ["DATABASE_URL"])
    import django

    django.setup()


def create_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def ensure_full_county(min_households: int = 90_000) -> float | None:
    """Migrate and seed the full demo county unless it is there; return the seed seconds."""
    from django.core.management import call_command

    from households.models import Household

    call_command("migrate", verbosity=0)
    if Household.objects.count() >= min_households:
        return None
    started = time.perf_counter()
    call_command("seed_demo", "--scale", "full", "--reset")
    return time.perf_counter() - started


def vacuum_analyze() -> None:
    """Fresh statistics and visibility map after a bulk load (what autovacuum would do later)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def median_ms(fn, runs: int = 15, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)
