"""Benchmark of the assistance ledgers on the full demo county (not a test).

    DATABASE_URL=postgres://…/xixiang_bench python manage.py seed_demo --scale full
    DATABASE_URL=postgres://…/xixiang_bench python bench/ledgers.py [--runs 7]

Prints the median time and query count of the ledger dashboard and of each rule-check list
(as the county administrator and as a township clerk), and seconds per card for the batch
income-card PDF of the largest village. Goals: pages under 300 ms with queries independent of
data size; under 0.3 s per card.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xixiang.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from assistance import cards  # noqa: E402
from assistance.models import AssistanceRecord, HouseholdPairing  # noqa: E402
from assistance.selectors import paired_household_count  # noqa: E402
from assistance.views.dashboard import CHECKS  # noqa: E402
from households.models import Household  # noqa: E402
from xixiang.accounts.models import User  # noqa: E402


def timed_get(client: Client, url: str, runs: int) -> tuple[float, int]:
    client.get(url)  # warm caches (templates, connection)
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pdf-year", type=int, default=2010)
    args = parser.parse_args()

    print(f"database: {connection.vendor}, households {Household.objects.count():,}, "
          f"paired households {paired_household_count(HouseholdPairing.objects.all()):,}, "
          f"household pairings {HouseholdPairing.objects.count():,}, records {AssistanceRecord.objects.count():,}")
    pages = [("dashboard", reverse("assistance:dashboard")),
             ("dashboard 2009", reverse("assistance:dashboard") + "?year=2009")]
    pages += [(f"check {name}", reverse("assistance:check_list", args=[name])) for name in CHECKS]
    pages += [("rollup township", reverse("assistance:rollup", args=["township"])),
              ("rollup cadre", reverse("assistance:rollup", args=["cadre"])),
              ("records list", reverse("assistance:record_list")),
              ("household pairings list", reverse("assistance:pairing_list", args=["household"]))]
    for username in ("admin", "clerk_chengguan"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        print(f"\n{username}: median of {args.runs} (ms), queries")
        for label, url in pages:
            ms, queries = timed_get(client, url, args.runs)
            print(f"  {label:<40} {ms:8.1f} ms  {queries:3d} queries")

    village_id = (Household.objects.values("village_id").annotate(n=Count("id")).order_by("-n").first())["village_id"]
    households = Household.objects.filter(village_id=village_id)
    started = time.perf_counter()
    batch = cards.cards_for(households, args.pdf_year)
    read = time.perf_counter() - started
    content = cards.render_cards(batch, title="bench")
    total = time.perf_counter() - started
    village = batch[0].household.village
    print(f"\nincome cards {village.name} ({village.code}), {len(batch)} cards, {len(content) / 1e6:.1f} MB: "
          f"{total:.1f} s in all ({read:.2f} s reading), {total / len(batch):.3f} s per card")


if __name__ == "__main__":
    main()
