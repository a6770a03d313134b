"""Each user's first page."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from assessment import scope as assessment_scope
from assessment import selectors as assessment_selectors
from documents import charts as document_charts
from documents import scope as document_scope
from households import scope as household_scope
from households import selectors as household_selectors
from targets import progress as target_progress
from villages import scope as village_scope
from villages import selectors as village_selectors
from villages.models import County
from xixiang.accounts.choices import Role
from xixiang.accounts.roles import role_of
from xixiang.core import page_sections
from xixiang.core.edit import require

from . import scope as home_scope
from . import selectors, todo


def dashboard(request):
    """The user's 待办: what their role must do now in the working year, each with a count and a
    link to where it is done (home.todo), and the county overview one click away."""
    user = request.user
    cycle, year = todo.working_cycle_and_year()
    role = role_of(user)
    return render(request, "home/todo.html", {
        "cycle": cycle, "year": year, "items": todo.items_for(user, role, cycle, year),
        "can_read_overview": home_scope.can_read_overview(user),
        "can_read_checklist": cycle is not None and home_scope.can_read_checklist(user),
        "grade_chart": _leader_chart(user) if role == Role.LEADER else None,
    })


def _leader_chart(user):
    """The county's grade chart of the latest graded year, linking to its table (two queries)."""
    year = village_selectors.latest_grade_year()
    if year is None or not document_scope.can_read_county_documents(user):
        return None
    rows = document_charts.township_grades(user, year)
    current, previous = document_charts.county_grades(rows)
    return document_charts.grade_chart(year, current, previous, place=document_charts.township_place(None),
                                       link=reverse("documents:charts"))


def overview(request):
    """County figures within the user's scope, each linking to the list behind it."""
    user = request.user
    require(home_scope.can_read_overview(user))
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
        "plan_progress": target_progress.dashboard_block(user, villages),
        "sections": page_sections.collect("county", request, County.objects.first()),
    }
    if year is not None and document_scope.can_read_county_documents(user):
        # the county overview of the leader and the administrator: the grade chart (two queries)
        rows = document_charts.township_grades(user, year)
        current, previous = document_charts.county_grades(rows)
        context["grade_chart"] = document_charts.grade_chart(
            year, current, previous, place=document_charts.township_place(None), link=reverse("documents:charts")
        )
        summary = assessment_selectors.grade_summary_from_history(year)  # §7's 新增, not the net change
        context["new_grade_1"], context["new_grade_2"] = summary["new_grade_1"], summary["new_grade_2"]
    return render(request, "home/overview.html", context)


def checklist(request, year: int):
    """What each department, township, the survey and each inspection group still has to do for
    the year's cycle, with counts; each user reads the parts of their role (home.scope)."""
    user = request.user
    require(home_scope.can_read_checklist(user))
    cycle = get_object_or_404(assessment_scope.cycles(user), year=year)
    parts = {}
    if home_scope.can_read_checklist_part(user, "departments"):
        parts["departments"] = selectors.department_part(cycle, home_scope.checklist_indicators(user, cycle))
    if home_scope.can_read_checklist_part(user, "townships"):
        parts["townships"] = selectors.township_part(cycle.year, home_scope.checklist_townships(user))
    if home_scope.can_read_checklist_part(user, "survey"):
        parts["survey"] = selectors.survey_part(cycle, home_scope.checklist_survey_villages(user))
    if home_scope.can_read_checklist_part(user, "inspection"):
        parts["inspection"] = selectors.inspection_part(cycle, home_scope.checklist_inspectors(user))
    return render(request, "home/checklist.html", {"cycle": cycle, "parts": parts})
