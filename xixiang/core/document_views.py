"""Pages of background document jobs: start, progress (polled by htmx), download.

`document_job_page` is what an app's view returns for a document that renders in the
background: a GET shows the page with a button (and the user's latest job for the same
document), a POST starts the job and goes to its progress page. A GET never starts anything.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from xixiang.core import scope as document_scope

from . import progress
from .choices import JobState
from .documents import document_job_start, job_allowed, kind_for
from .models import DocumentJob


def document_job_page(request, *, kind: str, params: dict, title: str, filename: str):
    """GET: the page with the button and the user's latest job for this document; POST: start a job."""
    if request.method == "POST":
        job = document_job_start(user=request.user, kind=kind, params=params, title=title, filename=filename)
        return redirect("core:document_job", pk=job.pk)
    last = DocumentJob.objects.filter(requested_by=request.user, kind=kind, params=params).first()
    return render(request, "core/document_job_start.html", {"title": title, "last": last})


def _job(request, pk: int, **filters) -> DocumentJob:
    job = get_object_or_404(document_scope.document_jobs(request.user), pk=pk, **filters)
    if not job_allowed(request.user, job):
        raise Http404
    return job


def _stage_label(stage: str) -> str:
    return DocumentJob.Stage(stage).label if stage in DocumentJob.Stage.values else ""


def document_job(request, pk: int):
    """The progress of a job; the progress part polls itself every 2 s until the job is finished."""
    job = _job(request, pk)
    progress.recover(job)  # its worker died: the job now says so
    shown = progress.Progress.of(
        job, reported=_stage_label, summary=job.item_count_text, message=job.error,
        queued_since=job.created_at if job.status == JobState.QUEUED else None,
        unit=kind_for(job.kind).unit,
        poll_url=reverse("core:document_job", args=[job.pk]), poll_seconds=2,
        result_url=reverse("core:document_job_download", args=[job.pk]),
        result_label=_("下载 ZIP") if job.filename.endswith(".zip") else _("下载 PDF"))
    template = "core/_progress.html" if request.headers.get("HX-Request") else "core/document_job.html"
    return render(request, template, {"job": job, "progress": shown})


def document_job_download(request, pk: int):
    """The finished job's PDF (or zip of PDFs), for whoever asked and the administrator."""
    job = _job(request, pk, status=DocumentJob.Status.DONE)
    content_type = "application/zip" if job.file.name.endswith(".zip") else "application/pdf"
    return FileResponse(job.file.open("rb"), content_type=content_type, as_attachment=True, filename=job.filename)
