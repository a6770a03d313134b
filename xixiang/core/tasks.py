"""Background tasks shared by every app (Django's tasks framework; worker: manage.py run_worker)."""

from django.tasks import task

from . import documents


@task()
def run_document_job(job_id: int) -> None:
    """Render a queued DocumentJob's PDF, reporting its stages on the way (its recovery hook:
    documents.document_job_interrupted)."""
    documents.document_job_run(job_id)
