"""The county and township summaries: the page renders in the request; the PDF is a background
DocumentJob (documents/summaries.py: the county PDF takes longer than a request may), with the
progress page of xixiang/core/document_views.py.

Scope (documents/scope.py): the county summary for the leader and the administrator; a
township's for them and for the township's clerk; another township answers 404, a role that
reads no summaries 403 (the page and the PDF alike)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from assessment.models import Cycle
from xixiang.core.document_views import document_job_page
from xixiang.core.edit import require
from xixiang.lib.years import parse_year

from . import scope, summaries
from .official import official_context


def _place(request, year: int, township: str | None):
    """The township asked for (None: the county) once the user may read it, and the year's cycle."""
    user = request.user
    if township is None:
        require(scope.can_read_county_documents(user))
        place = None
    else:
        require(scope.can_read_township_documents(user))
        place = get_object_or_404(scope.document_townships(user), code=township)
    if parse_year(year) is None or not Cycle.objects.filter(year=year).exists():
        raise Http404
    return place


def _page(request, year: int, township: str | None):
    place = _place(request, year, township)
    doc = summaries.summary(request.user, year, place)
    pdf_url = (reverse("documents:township_summary_pdf", args=[year, place.code]) if place
               else reverse("documents:county_summary_pdf", args=[year]))
    return render(request, "documents/summary_page.html", official_context({
        "doc": doc, "pdf_url": pdf_url, "can_county": scope.can_read_county_documents(request.user),
        "townships": scope.document_townships(request.user).order_by("code")}))


def _pdf(request, year: int, township: str | None):
    place = _place(request, year, township)
    return document_job_page(request, **summaries.summary_job(year, place))


def county_summary(request, year: int):
    return _page(request, year, None)


def county_summary_pdf(request, year: int):
    return _pdf(request, year, None)


def township_summary(request, year: int, township: str):
    return _page(request, year, township)


def township_summary_pdf(request, year: int, township: str):
    return _pdf(request, year, township)


def summary_choose(request):
    """The navigation's entry and the page's form: the summary of the year asked for (default the
    latest cycle's) of the township asked for, else the county (or the clerk's own township)."""
    user = request.user
    require(scope.can_read_township_documents(user))
    year = parse_year(request.GET.get("year")) or Cycle.objects.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        raise Http404
    code = request.GET.get("township") or ""
    if not code and not scope.can_read_county_documents(user):
        code = scope.document_townships(user).order_by("code").values_list("code", flat=True).first() or ""
    if code:
        return redirect("documents:township_summary", year=year, township=code)
    return redirect("documents:county_summary", year=year)
