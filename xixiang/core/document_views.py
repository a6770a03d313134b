"""Pages of background document jobs: start, progress (polled by htmx), download.

`document_job_page` is what an app's view returns for a document that renders in the
background: a GET shows the page with a button (and the user's latest job for the same
document), a POST starts the job and goes to its progress page. A GET never starts anything.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from xixiang.core import scope as document_scope
from xixiang.tasks_health.selectors import no_worker_notice
from xixiang.tasks_health.services import tasks_recover_for_page

from .documents import document_job_start, job_allowed
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


def document_job(request, pk: int):
    """The progress of a job; the status part polls itself until the job is finished."""
    job = _job(request, pk)
    if tasks_recover_for_page(running=not job.finished):  # its worker died: the job now says so
        job.refresh_from_db()
    queued_since = job.created_at if job.status == DocumentJob.Status.QUEUED else None
    template = "core/_document_job_status.html" if request.headers.get("HX-Request") else "core/document_job.html"
    return render(request, template, {"job": job, "no_worker": no_worker_notice(queued_since=queued_since)})


def document_job_download(request, pk: int):
    """The finished job's PDF, for whoever asked and the administrator."""
    job = _job(request, pk, status=DocumentJob.Status.DONE)
    return FileResponse(job.file.open("rb"), content_type="application/pdf", as_attachment=True, filename=job.filename)
