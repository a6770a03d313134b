"""Each user's first page."""

from django.shortcuts import render
from django.urls import reverse

from documents import charts as document_charts
from documents import scope as document_scope
from households import scope as household_scope
from households import selectors as household_selectors
from villages import scope as village_scope
from villages import selectors as village_selectors


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
    }
    if year is not None and document_scope.can_read_county_documents(user):
        # the county overview of the leader and the administrator: the grade chart (two queries)
        rows = document_charts.township_grades(user, year)
        current, previous = document_charts.county_grades(rows)
        context["grade_chart"] = document_charts.grade_chart(
            year, current, previous, place=document_charts.township_place(None), link=reverse("documents:charts")
        )
        context["new_grade_1"] = current[1] - previous[1]
        context["new_grade_2"] = current[2] - previous[2]
    return render(request, "home/dashboard.html", context)
