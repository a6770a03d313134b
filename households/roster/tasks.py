"""Background tasks of the roster import (django.tasks; django-tasks-db by default)."""

from django.tasks import task

from ..models import ImportBatch
from . import services


@task
def check_batch(batch_id: int) -> str:
    """Dry run of an uploaded roster."""
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    services.batch_check(batch=batch)
    return batch.status


@task
def commit_batch(batch_id: int) -> str:
    """All-or-nothing import of a checked roster."""
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    services.batch_commit(batch=batch)
    return batch.status
