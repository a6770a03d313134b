"""Each user's first page."""

from django.shortcuts import render

from households import scope as household_scope
from households import selectors as household_selectors
from targets import progress as target_progress
from villages import scope as village_scope
from villages import selectors as village_selectors
from villages.models import County
from xixiang.core import page_sections


def dashboard(request):
    """County figures within the user's scope, each linking to the list behind it."""
    user = request.user
    villages = village_scope.villages(user)
    households = household_scope.households(user)
    year = village_selectors.latest_grade_year()
    context = {
        "township_count": village_scope.townships(user).count(),
        "village_count": villages.count(),
        "group_count": village_scope.groups(user).count(),
        "totals": household_selectors.household_totals(households),
        "grade_year": year,
        "grade_counts": village_selectors.grade_counts(villages, year),
        "category_counts": household_selectors.category_counts(households),
        "sections": page_sections.collect("county", request, County.objects.first()),
        "plan_progress": target_progress.dashboard_block(user, villages),
    }
    return render(request, "home/dashboard.html", context)
