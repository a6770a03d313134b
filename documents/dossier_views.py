"""The village dossier (documents/dossier.py): a page and the same document as an A4 PDF (one
village, rendered in the request: a few pages and at most MAX_PHOTOS small thumbnails)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from xixiang.lib.pdf import pdf_response, render_pdf
from xixiang.lib.years import parse_year

from . import dossier as dossiers
from . import scope
from .official import official_context


def _village_year(request, code: str, year):
    village = get_object_or_404(scope.dossier_villages(request.user).select_related("township"), code=code)
    year = parse_year(year)
    if year is None:
        raise Http404
    return village, year


def dossier_page(request, code: str, year: int):
    village, year = _village_year(request, code, year)
    return render(request, "documents/dossier_page.html",
                  official_context({"dossier": dossiers.dossier_for(request.user, village, year)}))


def dossier_pdf(request, code: str, year: int):
    village, year = _village_year(request, code, year)
    dossier = dossiers.dossier_for(request.user, village, year, for_pdf=True)
    return pdf_response(render_pdf(dossiers.dossier_document(dossier), resources=dossier.photos), dossier.filename)
