"""`with_flags` counts meetings and actions in subqueries: the same numbers as the plain way
(`Count(..., distinct=True)` over the joins it replaced), for every demo designation."""

from django.db.models import Count, Q

from demonstration import selectors
from demonstration.models import Designation


def test_the_flags_equal_the_distinct_counts_over_the_joins(demo_county, db):
    now = selectors.today()
    plain = {d.pk: (d.meetings_held, d.actions_open, d.actions_overdue) for d in Designation.objects.annotate(
        meetings_held=Count("meetings", filter=Q(meetings__held=True), distinct=True),
        actions_open=Count("actions", filter=Q(actions__done=False), distinct=True),
        actions_overdue=Count("actions", filter=Q(actions__done=False, actions__due_date__lt=now), distinct=True))}
    fast = {d.pk: (d.meetings_held, d.actions_open, d.actions_overdue)
            for d in selectors.with_flags(Designation.objects.all())}
    assert fast == plain and len(fast) == Designation.objects.count() > 0
    assert any(v[0] for v in fast.values()) and any(v[1] for v in fast.values())
