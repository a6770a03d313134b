"""Page budgets on the full demo county (PostgreSQL; not a test).

    .venv/bin/python bench/pages.py [--runs 15] [--only township,assistance] [--users admin,leader]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xixiang_bench .venv/bin/python bench/pages.py

Seeds the full county first if the database does not hold it (bench/_setup.py), then, for every
main page (lists, dashboards, details) and for the county administrator, a township clerk and the
county leader (plus the scorer on the score grid and the surveyor on the survey page), requests
the page `--runs` times in-process (django test Client, DEBUG off, after two warm-up requests)
and prints the median, the p95 and the query count. The budget: under 50 ms median, and no more
than 1.5× the administrator's household list's median in the same run (machines differ; the ratio
does not; the issue sets the budget for the administrator, the widest scope, and the other users'
pages are held to the same yardstick): each page's requests alternate with the administrator's
household list's, and the ratio is to that list's median (column "list"), so that a machine whose
speed drifts during the run moves both alike.
A page a user may not open (403/404) is shown as such, not timed.
"""

import argparse
import logging
import statistics
import time

from _setup import ensure_full_county, setup_django, vacuum_analyze

setup_django()
logging.getLogger("django.request").setLevel(logging.ERROR)  # the 403s of pages a user may not open are expected

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from households.models import Household  # noqa: E402
from villages.models import Village  # noqa: E402
from xixiang.accounts.models import User  # noqa: E402

BUDGET_MS = 50.0
BUDGET_RATIO = 1.5
USERS = ("admin", "clerk_chengguan", "leader")
#: Pages that belong to one role: timed for that user as well as the three above.
EXTRA_USERS = {"score grid": ("scorer_tongji",), "survey village": ("surveyor1",)}
REFERENCE = "household list"


def pages() -> list[tuple[str, str]]:
    """(label, url) of every page a user opens (lists, dashboards, details, reports, document pages), with
    objects of 城关镇 (the clerk's township) for details."""
    from assessment.models import Cycle
    from projects.models import Project
    from villages.models import Group

    village = Village.objects.filter(township__code="610724100").order_by("code").first()
    household = Household.objects.filter(village=village).order_by("number").first()
    group = Group.objects.filter(village=village).order_by("code").first()
    project = Project.objects.order_by("pk").first()
    year = Cycle.objects.order_by("-year").values_list("year", flat=True).first() or 2009
    v, t = village.code, village.township.code
    return [
        ("household list", "/households/"),
        ("household page", f"/households/{household.number}/"),
        ("township list", "/villages/townships/"),
        ("township page", f"/villages/townships/{village.township.code}/"),
        ("village list", "/villages/"),
        ("village page", f"/villages/{village.code}/"),
        ("dashboard", "/"),
        ("county overview", "/overview/"),
        ("assistance dashboard", "/assistance/"),
        ("assistance records", "/assistance/records/"),
        ("ledger household", "/assistance/pairings/household/"),
        ("ledger leader", "/assistance/pairings/leader/"),
        ("ledger unit", "/assistance/pairings/unit/"),
        ("archive records", "/archives/"),
        ("archive completeness", "/archives/completeness/"),
        ("score grid", f"/assessment/{year}/grid/"),
        ("survey village", f"/assessment/{year}/survey/{village.code}/"),
        ("assessment results", f"/assessment/{year}/results/"),
        ("targets plan", "/targets/"),
        ("projects funds report", "/projects/reports/funds/"),
        ("projects tilt report", "/projects/reports/tilt/"),
        ("projects tasks report", "/projects/reports/tasks/"),
        ("demonstration list", "/demonstration/"),
        # the other pages of every app
        ("group page", f"/villages/groups/{group.code}/"),
        ("assistance roll-up", "/assistance/rollup/township/"),
        ("project list", "/projects/"),
        ("project page", f"/projects/{project.pk}/"),
        ("allocation list", "/projects/allocations/"),
        ("targets villages", "/targets/villages/"),
        ("targets township", f"/targets/township/{t}/"),
        ("targets village", f"/targets/village/{v}/"),
        ("assessment cycles", "/assessment/"),
        ("assessment cycle", f"/assessment/{year}/"),
        ("assessment catalogue", "/assessment/catalogue/"),
        ("inspection list", f"/assessment/{year}/inspection/"),
        ("survey list", f"/assessment/{year}/survey/"),
        ("survey report", f"/assessment/{year}/survey-report/"),
        ("score sheet", f"/assessment/{year}/results/{v}/"),
        ("statistics", f"/assessment/{year}/statistics/"),
        ("rewards", f"/assessment/{year}/rewards/"),
        ("archive trash", "/archives/trash/"),
        ("summary page", f"/documents/summary/{year}/"),
        ("charts page", "/documents/charts/"),
        ("results page", f"/documents/results/{year}/"),
        ("dossier page", f"/documents/dossiers/{v}/{year}/"),
        ("board page", f"/documents/boards/{v}/{year}/"),
        ("my prints", "/documents/prints/"),
        ("notices", "/documents/notices/"),
        ("demonstration board", f"/demonstration/{v}/{year}/"),
        ("meeting list", f"/demonstration/{v}/{year}/meetings/"),
    ]


def _timed(client: Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def measure(client: Client, url: str, runs: int, reference: tuple[Client, str] | None = None,
            ) -> tuple[int, float, float, int, float]:
    """(status, median ms, p95 ms, queries, the reference's median ms) of `url`; only the status
    when it is not 200. With `reference` (a client and the household list), each request of the
    page follows one of the reference, so that the ratio compares the two under the same load of
    the machine (on a shared VM its speed drifts within a run)."""
    response = client.get(url)
    if response.status_code != 200:
        return response.status_code, 0.0, 0.0, 0, 0.0
    client.get(url)  # second warm-up
    samples, reference_samples = [], []
    for _ in range(runs):
        if reference:
            reference_samples.append(_timed(*reference))
        with CaptureQueriesContext(connection) as queries:
            samples.append(_timed(client, url))
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    median = statistics.median(samples)
    return 200, median, p95, len(queries), statistics.median(reference_samples) if reference_samples else median


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", default="", help="comma-separated words; pages whose label contains one")
    parser.add_argument("--users", default=",".join(USERS))
    args = parser.parse_args()

    seeded = ensure_full_county()
    if seeded is not None:
        print(f"seed_demo --scale full: {seeded:.1f} s")
        vacuum_analyze()
    print(f"database: {connection.vendor}, households: {Household.objects.count():,}; "
          f"median and p95 of {args.runs} requests, in-process, DEBUG off")
    words = [w for w in args.only.split(",") if w]
    chosen = [(label, url) for label, url in pages() if label == REFERENCE or not words
              or any(w in label for w in words)]
    clients = {}

    def client_for(username: str) -> Client:
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        return clients[username]

    print(f"budget: median < {BUDGET_MS:.0f} ms and ≤ {BUDGET_RATIO}× the household list's median "
          f"(the administrator's, interleaved with each page's requests)")
    print(f"{'page':<24}{'user':<17}{'median':>9}{'p95':>9}{'queries':>8}{'list':>9}{'ratio':>7}  holds",
          flush=True)
    reference_url = dict(chosen)[REFERENCE]
    failing = 0
    for label, url in chosen:  # each page's requests interleaved with the household list's (the ratio)
        for username in args.users.split(",") + list(EXTRA_USERS.get(label, ())):
            itself = label == REFERENCE and username == "admin"
            yardstick = None if itself else (client_for("admin"), reference_url)
            status, median, p95, queries, reference = measure(client_for(username), url, args.runs, reference=yardstick)
            if status != 200:
                print(f"{label:<24}{username:<17}{'(' + str(status) + ')':>9}", flush=True)
                continue
            ratio = median / reference
            holds = median < BUDGET_MS and ratio <= BUDGET_RATIO
            failing += not holds
            print(f"{label:<24}{username:<17}{median:>7.1f}ms{p95:>7.1f}ms{queries:>8}{reference:>7.1f}ms"
                  f"{ratio:>6.2f}×  {'yes' if holds else 'NO'}", flush=True)
    print(f"{failing} page/user pair(s) over budget")


if __name__ == "__main__":
    main()
