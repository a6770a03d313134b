"""The dashboard and the health check."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from villages import selectors as village_selectors
from xixiang.accounts import scope


def dashboard(request):
    """County figures within the user's scope, each linking to the list behind it."""
    user = request.user
    villages = scope.villages(user)
    households = scope.households(user)
    year = village_selectors.latest_grade_year()
    context = {
        "township_count": scope.townships(user).count(),
        "village_count": villages.count(),
        "group_count": scope.groups(user).count(),
        "totals": village_selectors.household_totals(households),
        "grade_year": year,
        "grade_counts": village_selectors.grade_counts(villages, year),
        "category_counts": village_selectors.category_counts(households),
    }
    return render(request, "core/dashboard.html", context)


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 with {"status": "ok"} when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
