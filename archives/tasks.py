"""Background work of the archives app (django.tasks)."""

from django.tasks import task

from .models import ArchiveVerification
from .verification import verify_archives


@task
def verify_archives_task(run_id: int) -> int:
    """Carry out the verification run the administrator started from the page."""
    run = ArchiveVerification.objects.select_related("village").get(pk=run_id)
    return verify_archives(run=run).pk


def verify_archives_interrupted(run_id: int, *, cause: str) -> None:
    """Recovery hook (xixiang/tasks_health): the worker verifying died or lost the database; the run
    shows as interrupted (the page says to start it again)."""
    from django.utils import timezone

    from .choices import VerificationStatus

    ArchiveVerification.objects.filter(pk=run_id, status=VerificationStatus.RUNNING).update(
        status=VerificationStatus.INTERRUPTED, finished_at=timezone.now())
