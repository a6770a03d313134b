"""Background tasks shared by every app (Django's tasks framework; worker: manage.py run_worker)."""

from django.tasks import task

from . import documents


@task()
def run_document_job(job_id: int) -> None:
    """Render a queued DocumentJob's PDF, saving its progress on the way."""
    documents.document_job_run(job_id)
