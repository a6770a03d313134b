"""Background work of the archives app (django.tasks): each task calls one service."""

from django.tasks import task

from .models import ArchiveVerification
from .verification import verify_archives


@task
def verify_archives_task(run_id: int) -> int:
    """Carry out the verification run the administrator started from the page (recovery hook:
    verification.verify_archives_interrupted)."""
    run = ArchiveVerification.objects.select_related("village").get(pk=run_id)
    return verify_archives(run=run).pk
