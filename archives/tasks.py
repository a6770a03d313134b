"""Background work of the archives app (django.tasks)."""

from django.contrib.auth import get_user_model
from django.tasks import task

from villages.models import Village

from .verification import verify_archives


@task
def verify_archives_task(village_code: str | None = None, user_id: int | None = None) -> int:
    """Run the verification the administrator started from the page; returns the run id."""
    village = Village.objects.get(code=village_code) if village_code else None
    actor = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return verify_archives(village=village, actor=actor).pk
