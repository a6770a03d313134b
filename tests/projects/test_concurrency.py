"""Two allocations of one project race on PostgreSQL, each on its own connection: the second
waits for the first (the project row is locked) and then sees its amount, so together they never
exceed the investment. SQLite has one writer at a time (IMMEDIATE transactions), so the race
cannot happen there (the test checks what ensures it)."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction

from projects.models import Allocation
from projects.services import allocation_save
from xixiang.core.errors import DomainError

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_racing_allocations_never_exceed_the_investment(world, request):
    if connection.vendor != "postgresql":
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        return
    programme = request.getfixturevalue("programme")
    admin = world.users["admin"]
    road = programme.road  # investment 1,000,000; 400,000 allocated to 五丰村
    first_saved, outcome = threading.Event(), {}

    def first():
        try:
            with transaction.atomic():
                allocation_save(actor=admin, allocation=Allocation(project=road, village=world.jiangbang,
                                                                   amount=Decimal("500000")))
                first_saved.set()
                time.sleep(0.5)  # the second save is now waiting for the project row
            outcome["first"] = "saved"
        finally:
            connections.close_all()

    def second():
        try:
            first_saved.wait(5)
            started = time.monotonic()
            try:
                other = world.wufeng.township.villages.create(code="610724100202", name="余家山村")
                allocation_save(actor=admin, allocation=Allocation(project=road, village=other,
                                                                   amount=Decimal("500000")))
                outcome["second"] = "saved"
            except DomainError as error:
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
    assert outcome["second"] == (
        "项目“通村水泥路建设”总投资 1000000.00 元，已安排 900000.00 元，本次 500000.00 元将超出 400000.00 元")
    assert outcome["waited"] >= 0.3
    assert sum(a.amount for a in Allocation.objects.filter(project=road)) == Decimal("900000.00")
