"""The archive record table's body template renders exactly what django-tables2's cells render."""

from archives import selectors
from archives.tables import ArchiveRecordTable
from tests.fast_tables import both_ways
from xixiang.accounts.models import User


def test_the_archive_record_table_renders_the_same_cells_as_django_tables2(demo_county, db):
    admin = User.objects.get(username="admin")
    records = list(selectors.record_list(admin).order_by("-year", "village__code", "id")[:60])
    assert any(r.record_date is None for r in records) or any(r.record_date for r in records)
    fast, plain = both_ways(lambda: ArchiveRecordTable(records), admin)
    assert len(fast) == len(records) and len(fast[0]) == 10
    assert fast == plain
