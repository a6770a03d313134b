"""The record table's body template renders exactly what django-tables2's cells render."""

from assistance.models import AssistanceRecord
from assistance.tables import RecordTable
from tests.fast_tables import both_ways
from xixiang.accounts.models import User

RELATED = ("township", "village", "household", "unit", "cadre")


def _sample() -> list[AssistanceRecord]:
    """One record of each ledger and kind, plus records with a quantity, a note, and none."""
    records = AssistanceRecord.objects.select_related(*RELATED).order_by("-date", "-id")
    sample, seen = [], set()
    for record in records.iterator():
        key = (record.ledger, record.kind, record.quantity is None, bool(record.note))
        if key not in seen:
            seen.add(key)
            sample.append(record)
    return sample


def test_the_record_table_renders_the_same_cells_as_django_tables2(demo_county, db):
    sample = _sample()
    assert {r.ledger for r in sample} == {"leader", "unit", "household"}
    assert any(r.quantity is not None for r in sample) and any(r.quantity is None for r in sample)
    fast, plain = both_ways(lambda: RecordTable(sample), User.objects.get(username="admin"))
    assert len(fast) == len(sample) and len(fast[0]) == 13
    assert fast == plain


def test_the_ledger_tables_render_the_same_cells_as_django_tables2(demo_county, db):
    from assistance.models import HouseholdPairing, LeaderPairing, UnitPairing
    from assistance.tables import HouseholdPairingTable, LeaderPairingTable, UnitPairingTable

    admin = User.objects.get(username="admin")
    ledgers = [
        (LeaderPairingTable, "leader", LeaderPairing, ("leader__unit", "village", "township")),
        (UnitPairingTable, "unit", UnitPairing, ("unit", "village", "township")),
        (HouseholdPairingTable, "household", HouseholdPairing, ("cadre__unit", "household", "village", "township")),
    ]
    for table, ledger, model, related in ledgers:
        ended = list(model.objects.filter(end_date__isnull=False).select_related(*related)[:5])
        running = list(model.objects.filter(end_date__isnull=True).select_related(*related)[:20])
        assert running, ledger
        for can_manage in (True, False):
            rows, options = ended + running, {"ledger": ledger, "can_manage": can_manage, "can_record": True}
            fast, plain = both_ways(lambda t=table, r=rows, o=options: t(r, **o), admin)
            assert len(fast) == len(ended) + len(running)
            assert fast == plain, ledger
