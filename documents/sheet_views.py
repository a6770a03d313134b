"""Score sheets and results lists: each a page and the same document as an A4 PDF."""

from django.shortcuts import get_object_or_404, render

from assessment.models import Cycle
from xixiang.core.document_views import document_job_page
from xixiang.core.edit import require

from . import print_kinds, scope
from .official import official_context, official_pdf_response
from .score_sheets import results_list, score_sheet


def _sheet(request, year: int, code: str):
    require(scope.can_read_score_sheets(request.user))
    village = get_object_or_404(scope.score_sheet_villages(request.user).select_related("township"), code=code)
    cycle = get_object_or_404(Cycle, year=year)
    return score_sheet(cycle, village)


def score_sheet_page(request, year: int, code: str):
    return render(request, "documents/score_sheet.html", official_context({"sheet": _sheet(request, year, code)}))


def score_sheet_pdf(request, year: int, code: str):
    sheet = _sheet(request, year, code)
    return official_pdf_response("documents/score_sheet_pdf.html", {"sheet": sheet}, sheet.filename)


def _results(request, year: int, township: str | None):
    if township is None:
        require(scope.can_read_county_documents(request.user))
        place = None
    else:
        require(scope.can_read_township_documents(request.user))
        place = get_object_or_404(scope.document_townships(request.user), code=township)
    cycle = get_object_or_404(Cycle, year=year)
    return results_list(request.user, cycle, place)


def results_page(request, year: int, township: str | None = None):
    return render(request, "documents/results_list.html", official_context({"doc": _results(request, year, township)}))


def results_pdf(request, year: int, township: str | None = None):
    """A township's results list renders in the request; the county's (~30 s under load) is a
    background document job ("results_list", documents/print_kinds.py): GET shows the button and
    the last job, POST starts one."""
    if township is None:
        require(scope.can_read_county_documents(request.user))
        get_object_or_404(Cycle, year=year)
        return document_job_page(request, **print_kinds.results_job(None, year))
    doc = _results(request, year, township)
    return official_pdf_response("documents/results_list_pdf.html", {"doc": doc}, doc.filename)
