"""The dashboard's cached figures (xixiang/core/figures.py): the same as computed afresh, a write
shows at once, and a fixed number of queries whether the figures are stored or not."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assistance import scope as assistance_scope
from assistance import selectors, services
from assistance.models import AssistanceRecord, HouseholdPairing
from assistance.views.dashboard import CHECKS
from tests.factories import HouseholdFactory

from .factories import HouseholdPairingFactory, HouseholdRecordFactory

DASHBOARD = reverse("assistance:dashboard")


def _figures(client) -> tuple[str, str]:
    html = client.get(DASHBOARD).content.decode()
    return (html.split('data-figure="visits">')[1].split("<")[0],
            html.split('data-figure="paired_households">')[1].split("<")[0])


def test_cached_figures_equal_the_plain_aggregates(world, assist):
    HouseholdRecordFactory(household_pairing=assist.own_pairing, kind="money", amount=Decimal("400.50"))
    for username in ("admin", "clerk_chengguan"):
        user = world.users[username]
        for year in (None, 2009, 2008):
            records = selectors.records_of_year(assistance_scope.records(user), year)
            for dimension in selectors.ROLLUP_MODELS:
                plain = list(selectors.rollup(records, dimension))
                assert selectors.cached_rollup(records, dimension) == plain  # computed and stored
                assert selectors.cached_rollup(records, dimension) == plain  # read from the cache
        pairings = assistance_scope.household_pairings(user)
        plain_count = pairings.filter(selectors.active_q()).values("household_id").distinct().count()
        assert selectors.paired_household_count(pairings) == plain_count
        assert selectors.paired_household_count(pairings) == plain_count


def test_the_users_own_new_record_shows_on_the_dashboard_at_once(world, assist):
    client = world.client_for("clerk_chengguan")
    assert _figures(client) == ("1", "1")
    assert _figures(client) == ("1", "1")  # from the cache
    response = client.post(
        reverse("assistance:record_create", args=["household", assist.own_pairing.pk]),
        {"date": "2009-05-06", "kind": "visit", "amount": "0", "people_trained": "0", "note": "回访"},
    )
    assert response.status_code == 302
    assert _figures(client) == ("2", "1")


def test_a_new_pairing_an_ended_pairing_and_a_deleted_record_show_at_once(world, assist):
    admin, client = world.users["admin"], world.client_for("admin")
    assert _figures(client) == ("2", "2")
    services.pairing_create(actor=admin, pairing=HouseholdPairing(
        cadre=assist.other_cadre, household=HouseholdFactory(group=world.wufeng_group),
        start_date=datetime.date(2009, 1, 5), year=2009))
    assert _figures(client) == ("2", "3")
    services.pairing_end(actor=admin, pairing=assist.other_pairing, end_date=datetime.date(2009, 12, 31),
                         note="调动", version=assist.other_pairing.version)
    assert _figures(client) == ("2", "2")
    AssistanceRecord.objects.filter(household_pairing=assist.own_pairing).first().delete()
    assert _figures(client) == ("1", "2")


def test_the_dashboard_runs_a_fixed_number_of_queries_stored_or_not(world, assist):
    client = world.client_for("admin")
    with CaptureQueriesContext(connection) as cold:
        client.get(DASHBOARD)
    with CaptureQueriesContext(connection) as warm:
        client.get(DASHBOARD)
    for _ in range(5):
        pairing = HouseholdPairingFactory(household=HouseholdFactory(group=world.wufeng_group, category="care"))
        HouseholdRecordFactory(household_pairing=pairing, kind="money", amount=Decimal("10"))
    with CaptureQueriesContext(connection) as cold_again:
        client.get(DASHBOARD)
    # computing: the three cached rule-check counts read their generations too (+3)
    assert (len(cold), len(warm), len(cold_again)) == (17, 12, 17)


def _check_counts(client) -> dict:
    html = client.get(DASHBOARD).content.decode()
    return {key: html.split(f'data-check="{key}">')[1].split("<")[0] for key in CHECKS}


def test_the_cached_rule_check_counts_equal_the_plain_counts_and_a_new_pairing_shows_at_once(world, assist):
    key_household = HouseholdFactory(group=world.wufeng_group, category="care")
    for username in ("admin", "clerk_chengguan", "leader"):
        user = world.users[username]
        for check in CHECKS.values():
            assert check.count(user) == check.rows(user).count()  # computed and stored
            assert check.count(user) == check.rows(user).count()  # read from the cache
    client = world.client_for("clerk_chengguan")
    before = _check_counts(client)
    assert _check_counts(client) == before  # from the cache
    services.pairing_create(actor=world.users["admin"], pairing=HouseholdPairing(
        cadre=assist.other_cadre, household=key_household, start_date=datetime.date(2009, 1, 5), year=2009))
    after = _check_counts(client)
    assert int(after["key-households-without-cadre"]) == int(before["key-households-without-cadre"]) - 1
    HouseholdFactory(group=world.wufeng_group, category="subsistence")  # a new key household, no cadre
    assert _check_counts(client)["key-households-without-cadre"] == before["key-households-without-cadre"]


def test_the_roll_up_pages_show_a_new_record_and_a_renamed_unit_or_township_at_once(world, assist):
    client = world.client_for("admin")
    url = reverse("assistance:rollup", args=["unit"])
    before = client.get(url).content.decode()
    assert world.tongji.name in before
    world.tongji.name = "县统计局（新）"
    world.tongji.save()
    assert "县统计局（新）" in client.get(url).content.decode()
    township_url = reverse("assistance:rollup", args=["township"])
    assert "城关镇" in client.get(township_url).content.decode()
    world.chengguan.name = "城关街道"
    world.chengguan.save()
    assert "城关街道" in client.get(township_url).content.decode()
    counts = client.get(township_url).context["table"].data.data
    HouseholdRecordFactory(household_pairing=assist.own_pairing, kind="visit")
    after = client.get(township_url).context["table"].data.data
    assert sum(r["records"] for r in after) == sum(r["records"] for r in counts) + 1
