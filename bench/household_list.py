"""Household list vs the Django admin changelist on the full demo county (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xixiang_bench .venv/bin/python bench/household_list.py

Seeds the full county first if the database does not hold it (and reports how long that
took), then prints the median server time (in-process test client, no network, DEBUG off)
and query count of each request beside its admin counterpart, with the ratio. The admin
keeps its default page size (100 rows); with 25 rows it renders faster, and the ratios fall
(see the README's benchmark section).
"""

from _setup import ensure_full_county, median_ms, setup_django, vacuum_analyze

setup_django()

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from households.models import Household, Member  # noqa: E402
from villages.models import Township  # noqa: E402
from xixiang.accounts.models import User  # noqa: E402


def measure(client: Client, url: str) -> tuple[float, int]:
    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        get()
    count = len(queries)  # read now: later requests reset the connection's query log
    return median_ms(get), count


def main() -> None:
    seeded = ensure_full_county()
    if seeded is not None:
        print(f"seed_demo --scale full: {seeded:.1f} s")
    vacuum_analyze()
    households = Household.objects.count()
    print(f"database: {connection.vendor}, households: {households:,}, members: {Member.objects.count():,}")
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    township = Township.objects.get(code="610724108")
    sample = Household.objects.filter(township=township).order_by("number")[123]
    member_id = (
        Member.objects.filter(household=sample).exclude(relation="head").values_list("id_number", flat=True).first()
    )
    id_number = member_id or sample.head_id_number
    name = sample.head_name
    cases = [
        ("first page", "/households/", "/admin/households/household/"),
        (
            "filtered page",
            f"/households/?township={township.code}&category=needs_help",
            f"/admin/households/household/?township__id__exact={township.pk}&category__exact=needs_help",
        ),
        ("name search", f"/households/?q={name}", f"/admin/households/household/?q={name}"),
        ("ID-number search", f"/households/?q={id_number}", f"/admin/households/household/?q={id_number}"),
        # the same rows (offset 24,975): page 1000 of 25 rows, page 250 of the admin's 100 rows
        ("page 1000", "/households/?page=1000", "/admin/households/household/?p=250"),
    ]
    print("page size: ours 25 rows, admin 100 rows (its default, as the county administrator sees it)")
    print(f"{'request':<18}{'ours ms':>9}{'queries':>9}{'admin ms':>10}{'queries':>9}{'ratio':>8}")
    for label, ours_url, admin_url in cases:
        ours, ours_queries = measure(client, ours_url)
        admin, admin_queries = measure(client, admin_url)
        print(f"{label:<18}{ours:>9.1f}{ours_queries:>9}{admin:>10.1f}{admin_queries:>9}{admin / ours:>7.1f}×")


if __name__ == "__main__":
    main()
