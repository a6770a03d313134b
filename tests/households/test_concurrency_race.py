"""Two saves of one household race on PostgreSQL, each on its own connection: exactly one wins,
the other waits for it and is refused (issue 11, 16). SQLite has one writer at a time, so the
race cannot happen there (the test checks what ensures it); the conditional UPDATE is the same on both."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from households.models import Household
from households.services import household_save
from xixiang.core.errors import ConcurrentEditError

pytestmark = pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # see tests/conftest.py, pytest_collection_modifyitems


def test_of_two_racing_household_saves_one_wins_and_the_other_waits_and_is_refused(world):
    if connection.vendor != "postgresql":
        # SQLite: every transaction takes the database's write lock when it begins (IMMEDIATE), so a
        # second writer waits for the first to end and then meets its new version; the test
        # database is in-memory with a shared cache, where a second writer fails at once instead.
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        return
    pk = world.own_household.pk
    admin, clerk = world.users["admin"], world.users["clerk_chengguan"]
    first_claimed, outcome = threading.Event(), {}

    def first():
        try:
            with transaction.atomic():
                household = Household.objects.get(pk=pk)
                household.phone = "13900000010"
                household_save(actor=clerk, household=household)
                first_claimed.set()
                time.sleep(0.5)  # the second save is now waiting for this transaction
            outcome["first"] = "saved"
        finally:
            connections.close_all()

    def second():
        try:
            household = Household.objects.get(pk=pk)  # opened at the same version
            first_claimed.wait(5)
            started = time.monotonic()
            try:
                household.address = "五丰村三组"
                household_save(actor=admin, household=household)
                outcome["second"] = "saved"
            except ConcurrentEditError as error:
                outcome["second"] = error.message
            outcome["waited"] = time.monotonic() - started
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert outcome["first"] == "saved"
    assert "联系电话：— → 13900000010" in outcome["second"]
    assert outcome["waited"] > 0.3
    stored = Household.objects.get(pk=pk)
    assert (stored.phone, stored.address, stored.version) == ("13900000010", "", 2)
