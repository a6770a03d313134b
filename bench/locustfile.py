"""The locust users of bench/load.py (run by it; not a test, not imported by the application).

Each simulated person takes the next plan of the JSON file `XIXIANG_LOAD_PLAN` (a session
cookie made before the run, so that password hashing is not measured, and the URLs of their own
township's households and village) and walks the office round: dashboard, household list pages
1–3, a name search, a household page, a village page, archive completeness, the assistance
dashboard, the assessment results, starting at a random step, with 0.5–2 s of thought between.
Requests are named by step, so locust's statistics are per page.
"""

import itertools
import json
import os
import random

from locust import HttpUser, between, task

with open(os.environ["XIXIANG_LOAD_PLAN"], encoding="utf-8") as handle:
    PLAN = json.load(handle)
_NEXT = itertools.count()


def steps(person: dict) -> list[tuple[str, str]]:
    """(page name, URL) of one round for `person`."""
    return [
        ("dashboard", "/"),
        ("household list p1", "/households/"),
        ("household list p2", "/households/?page=2"),
        ("household list p3", "/households/?page=3"),
        ("name search", f"/households/?q={person['search']}"),
        ("household page", random.choice(person["households"])),
        ("village page", person["village"]),
        ("archive completeness", "/archives/completeness/"),
        ("assistance dashboard", "/assistance/"),
        ("assessment results", f"/assessment/{PLAN['year']}/results/"),
    ]


class OfficeUser(HttpUser):
    """One logged-in township clerk or county staff member."""

    wait_time = between(0.5, 2)

    def on_start(self):
        self.person = PLAN["people"][next(_NEXT) % len(PLAN["people"])]
        self.client.headers["Cookie"] = f"{PLAN['cookie_name']}={self.person['session']}"
        self.round = steps(self.person)
        self.position = random.randrange(len(self.round))

    @task
    def next_page(self):
        name, url = self.round[self.position]
        self.position = (self.position + 1) % len(self.round)
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
