"""Completeness matrix (档案完整率), its xlsx export, and the village archive booklet (PDF)."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from archives import scope as archive_scope
from xixiang.core.document_views import document_job_page
from xixiang.core.exports import xlsx_response

from .. import exports, selectors
from ..booklet import booklet_job
from ..completeness_html import matrix_body
from ..forms import CompletenessForm


def _matrix(request):
    form = CompletenessForm(request.GET or None, user=request.user)
    year = township = None
    if form.is_valid():
        year = form.cleaned_data["year"]
        township = form.cleaned_data["township"]
    year = year or selectors.default_year()
    if not form.is_bound:
        form = CompletenessForm(initial={"year": year}, user=request.user)
    return form, selectors.cached_completeness(request.user, year, township)


def completeness(request):
    form, matrix = _matrix(request)
    # a missing cell links to the upload form, prefilled (the form offers only the villages one may upload to)
    can_upload = archive_scope.can_upload(request.user)
    return render(request, "archives/completeness.html", {
        "form": form, "matrix": matrix, "query": request.GET.urlencode(), "can_upload": can_upload,
        "matrix_body": matrix_body(matrix, can_upload=can_upload, villages_url=reverse("villages:village_list"),
                                   upload_url=reverse("archives:record_create")),
    })


def completeness_export(request):
    _form, matrix = _matrix(request)
    return xlsx_response(exports.CompletenessExport(matrix))


def village_booklet(request, code: str):
    """The village archive booklet of a year (?year=, default the latest year with records): a
    background job (GET shows the page with the button, POST starts it)."""
    village = get_object_or_404(archive_scope.readable_villages(request.user).select_related("township"), code=code)
    return document_job_page(request, **booklet_job(village, selectors.requested_year(request.GET.get("year"))))
