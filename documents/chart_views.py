"""The charts page: grades this year and last (county or one township), grades per township,
archive completeness and assistance per township, each chart with the table behind it; the same
charts as an A4 PDF."""

from django.shortcuts import get_object_or_404, render

from villages import selectors as village_selectors
from xixiang.core.edit import require
from xixiang.lib.years import parse_year

from . import charts, scope
from .official import official_context, official_pdf_response


def _charts(request) -> dict:
    user = request.user
    require(scope.can_read_township_documents(user))
    year = parse_year(request.GET.get("year")) or village_selectors.latest_grade_year()
    township = None
    if request.GET.get("township"):
        township = get_object_or_404(scope.document_townships(user), code=request.GET["township"])
    elif not scope.can_read_county_documents(user):
        township = scope.document_townships(user).first()
    figure = request.GET.get("figure") if request.GET.get("figure") in charts.ASSISTANCE_FIGURES else "project_funds"
    context = {"year": year, "township": township, "figure": figure, "figures": charts.ASSISTANCE_FIGURES.items(),
               "townships": scope.document_townships(user).order_by("code"), "charts": []}
    if year is None:
        return context
    rows = charts.township_grades(user, year)
    mine = [r for r in rows if township is None or r.code == township.code]
    current, previous = charts.county_grades(mine)
    context["charts"] = [
        charts.grade_chart(year, current, previous, place=charts.township_place(township)),
        charts.township_upgrade_chart(year, rows),
        charts.completeness_chart(user, year),
        charts.assistance_chart(user, year, figure),
    ]
    return context


def chart_page(request):
    return render(request, "documents/charts.html", official_context(_charts(request)))


def chart_pdf(request):
    context = _charts(request)
    return official_pdf_response("documents/charts_pdf.html", context, f"统计图表-{context['year']}.pdf")
