"""Load benchmark (not a test): locust against gunicorn in production mode on the full county.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xixiang_bench \\
        .venv/bin/python bench/load.py [--users 10,20,30,50] [--seconds 60] [--workers 5]

Locust runs from its own virtual environment, `.venv-locust` (`python3.12 -m venv .venv-locust
&& .venv-locust/bin/pip install -r requirements-load.txt`): it pins libraries of its own
(gevent, Flask) that the application's environment must not take. Everything stays on
loopback and every run is bounded by `--seconds`.

1. The full demo county is seeded unless the database holds it (bench/_setup.py).
2. 50 people are made once — 40 township clerks of eight townships and 10 county staff (five
   administrators, five leaders), usernames `load_*` — each with a session made in the session
   store before the timed run, so that password hashing (Argon2, ~0.3 s a login) is not measured.
   The plan (cookie, three households and a village of the person's township) goes to a JSON file.
3. gunicorn starts with deploy/gunicorn.conf.py and production settings (DEBUG off; the proxy's
   HTTPS redirect off, as locust speaks plain HTTP on loopback), `--workers` processes.
4. For each user count, locust runs headless for `--seconds` (bench/locustfile.py: the office
   round with 0.5–2 s think times) and the script prints requests/s and p50 / p95 / p99 per page
   and overall, then the largest count that holds the goal: p95 under 300 ms and no error.
"""

import argparse
import csv
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _setup import ROOT, ensure_full_county, setup_django, vacuum_analyze

GOAL_P95_MS = 300
LOCUST = ROOT / ".venv-locust" / "bin" / "locust"
TOWNSHIPS = 8
CLERKS, ADMINS, LEADERS = 40, 5, 5


def make_people() -> list[dict]:
    """The 50 load users with fresh sessions and their pages."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    from households.models import Household
    from villages.models import Township, Village
    from xixiang.accounts.models import Role, User

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    townships = list(Township.objects.order_by("code")[:TOWNSHIPS])
    specs = [(f"load_clerk_{n:02d}", Role.CLERK, townships[n % TOWNSHIPS]) for n in range(CLERKS)]
    specs += [(f"load_admin_{n}", Role.ADMIN, None) for n in range(ADMINS)]
    specs += [(f"load_leader_{n}", Role.LEADER, None) for n in range(LEADERS)]
    rng, people = random.Random(2009), []
    for username, role, township in specs:
        user, _created = User.objects.update_or_create(
            username=username, defaults={"role": role, "township": township, "is_active": True})
        place = township or rng.choice(townships)
        villages = list(Village.objects.filter(township=place).order_by("code").values_list("code", flat=True))
        village = rng.choice(villages)
        numbers = list(Household.objects.filter(village__code=village).order_by("number")
                       .values_list("number", flat=True)[:3])
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        people.append({
            "username": username, "session": session.session_key, "village": f"/villages/{village}/",
            "households": [f"/households/{number}/" for number in numbers],
            "search": rng.choice("王李张刘陈杨"),
        })
    return people


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, workers: int, log) -> subprocess.Popen:
    env = dict(os.environ, DJANGO_DEBUG="0", DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_ALLOWED_HOSTS="127.0.0.1",
               XIXIANG_STATIC_MANIFEST="0", DJANGO_LOG_LEVEL="WARNING")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--access-logfile", "/dev/null", "xixiang.wsgi"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def run_locust(users: int, seconds: int, host: str, plan: Path, directory: Path) -> list[dict]:
    prefix = directory / f"u{users}"
    subprocess.run(
        [str(LOCUST), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "-u", str(users),
         "-r", str(max(1, users // 5)), "-t", f"{seconds}s", "--host", host, "--csv", str(prefix),
         "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5"],
        env=dict(os.environ, XIXIANG_LOAD_PLAN=str(plan)), check=False,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def report(users: int, rows: list[dict]) -> bool:
    print(f"\n{users} users:")
    print(f"  {'page':<22}{'requests':>9}{'errors':>7}{'req/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}")
    holds = False
    for row in rows:
        name = row["Name"] or "overall"
        print(f"  {name:<22}{row['Request Count']:>9}{row['Failure Count']:>7}{float(row['Requests/s']):>8.1f}"
              f"{row['50%']:>7}{row['95%']:>7}{row['99%']:>7}")
        if row["Name"] == "Aggregated":
            holds = int(row["Failure Count"]) == 0 and float(row["95%"]) < GOAL_P95_MS
    return holds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", default="10,20,30,50")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=5)
    args = parser.parse_args()
    if not LOCUST.exists():
        raise SystemExit(f"{LOCUST} is missing: python3.12 -m venv .venv-locust && "
                         ".venv-locust/bin/pip install -r requirements-load.txt")
    setup_django()
    if ensure_full_county() is not None:
        vacuum_analyze()
    from django.conf import settings
    from django.db import connection

    from assessment.models import Cycle

    year = Cycle.objects.order_by("-year").values_list("year", flat=True).first() or 2009
    directory = Path(tempfile.mkdtemp(prefix="xixiang-load-"))
    plan = directory / "plan.json"
    plan.write_text(json.dumps({"year": year, "cookie_name": settings.SESSION_COOKIE_NAME, "people": make_people()},
                               ensure_ascii=False), encoding="utf-8")
    connection.close()
    port = free_port()
    with open(directory / "gunicorn.log", "wb") as log:
        server = start_gunicorn(port, args.workers, log)
        try:
            print(f"gunicorn: {args.workers} workers on 127.0.0.1:{port}; locust {args.seconds} s per run; "
                  f"goal p95 < {GOAL_P95_MS} ms and 0 errors; load average {os.getloadavg()[0]:.1f}")
            holding = []
            for users in [int(n) for n in args.users.split(",")]:
                if report(users, run_locust(users, args.seconds, f"http://127.0.0.1:{port}", plan, directory)):
                    holding.append(users)
            print(f"\nlargest number of users holding the goal: {max(holding) if holding else 'none'} "
                  f"(load average after: {os.getloadavg()[0]:.1f})")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
