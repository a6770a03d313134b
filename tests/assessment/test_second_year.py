"""The second year on the demo county: 2009 finalised, 2010 open. Last year's grade is 2009's, the
county statistics and rewards follow §7, and the checklist reads the county in fixed queries."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment import selectors, services
from assessment.models import Cycle
from villages.models import Township, VillageGrade
from xixiang.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_county, db):
    return demo_county


def test_the_2009_statistics_give_1_and_12_new_villages_and_the_transition_matrix(demo):
    summary = selectors.county_statistics(Cycle.objects.get(year=2009))
    assert (summary["new_grade_1"], summary["new_grade_2"]) == (1, 12)
    assert summary["net"] == {1: 1, 2: 12, 3: 124, 4: -137}
    assert [(str(name), total) for name, _counts, total in summary["matrix"]] == [
        ("一类村", 0),
        ("二类村", 0),
        ("三类村", 9),
        ("四类村", 258),
    ]
    assert sum(sum(counts) for _t, counts, _b in summary["townships"]) == 267
    assert len(summary["townships"]) == Township.objects.count()


def test_the_2009_rewards_are_exactly_five_and_one_per_township(demo):
    proposals = selectors.reward_proposals(Cycle.objects.get(year=2009))
    assert len(proposals["county"]) == 5
    assert proposals["county"][0]["village"] == "五丰村"
    assert all(r["grade"] == 1 or r["previous_grade"] - r["grade"] >= 2 for r in proposals["county"])
    assert len(proposals["township"]) == Township.objects.count()
    assert len({r["township_id"] for r in proposals["township"]}) == Township.objects.count()


def test_computing_2010_takes_last_years_grade_from_2009(demo):
    cycle = Cycle.objects.get(year=2010)
    services.cycle_compute(actor=User.objects.get(username="admin"), cycle=cycle)
    previous = dict(cycle.results.values_list("village_id", "previous_grade"))
    assert previous == dict(VillageGrade.objects.filter(year=2009).values_list("village_id", "grade"))
    summary = selectors.county_statistics(cycle)
    assert summary["previous"] == {1: 1, 2: 12, 3: 133, 4: 121}
    # 新增一类村 / 二类村 count villages, never less than zero, whatever the net change
    assert summary["new_grade_1"] >= 0 and summary["new_grade_2"] >= 0
    assert summary["new_grade_2"] == cycle.results.filter(grade=2, previous_grade__in=[3, 4]).count()


def test_the_checklist_reads_the_whole_county_in_the_pinned_queries(demo):
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    url = reverse("home:checklist", args=[2010])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(queries) == 13
    parts = response.context["parts"]
    assert len(parts["townships"].rows) == Township.objects.count()
    assert len(parts["departments"].rows) == 12
