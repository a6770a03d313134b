"""Background tasks of the roster import (django.tasks; django-tasks-db by default).

Messages are stored in the batch as text, so each task runs in the language that was active
when it was queued (the importing user's); `language` None (a task queued before the argument
existed) means the settings' default, zh-hans.

The service runs inside `batch_memory()`: in the worker the cycle collector is paused for the
import (15 % of a dry run); with the immediate backend, in a web process, nothing is paused.
"""

from django.conf import settings
from django.tasks import task
from django.utils import translation

from xixiang.core.batch_memory import batch_memory

from ..models import ImportBatch
from . import services


@task
def check_batch(batch_id: int, language: str | None = None) -> str:
    """Dry run of an uploaded roster."""
    with translation.override(language or settings.LANGUAGE_CODE):
        batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
        with batch_memory():
            services.batch_check(batch=batch)
        return batch.status


@task
def commit_batch(batch_id: int, language: str | None = None) -> str:
    """All-or-nothing import of a checked roster."""
    with translation.override(language or settings.LANGUAGE_CODE):
        batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
        with batch_memory():
            services.batch_commit(batch=batch)
        return batch.status
