"""The county list's body template (demonstration/designation_table.html) renders exactly what
django-tables2's cells render, and its missed weeks, read as plain dates in one query
(`selectors.attach_progress_dates`), are those of the prefetched meetings (`with_flags`)."""

from demonstration import selectors
from demonstration.models import Action, Designation
from demonstration.tables import DesignationTable
from tests.fast_tables import both_ways
from xixiang.accounts.models import User


def _flagged():
    return list(selectors.with_flags(Designation.objects.all(), meetings=False).order_by("-year", "village__code"))


def test_the_designation_table_renders_the_same_cells_as_django_tables2(demo_county, db):
    Action.objects.filter(designation=Designation.objects.order_by("pk").first()).update(done=True)
    rows = _flagged()
    assert any(d.actions_overdue for d in rows) and any(not d.actions_overdue for d in rows)
    fast, plain = both_ways(lambda: DesignationTable(_flagged()), User.objects.get(username="admin"))
    assert len(fast) == len(rows) and len(fast[0]) == 9
    assert fast == plain
    assert any(int(row[6][1]) for row in fast)  # some missed weeks shown


def test_the_attached_dates_give_the_prefetched_meetings_missed_weeks(demo_county, db, django_assert_num_queries):
    prefetched = {d.pk: selectors.missed_weeks_of(d) for d in selectors.with_flags(Designation.objects.all())}
    rows = _flagged()
    with django_assert_num_queries(1):
        selectors.attach_progress_dates(rows)
    with django_assert_num_queries(0):
        attached = {d.pk: selectors.missed_weeks_of(d) for d in rows}
    plain = {d.pk: selectors.missed_weeks_of(d) for d in Designation.objects.all()}  # read one by one
    assert attached == prefetched == plain and len(plain) > 1
    assert any(plain.values()) and all(isinstance(w, list) for w in plain.values())
