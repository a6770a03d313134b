"""Writes of the roster import: batches are created, checked and committed here.

`batch_create` and `batch_commit_request` are ordinary atomic services. `batch_check` and
`batch_commit` run the engine (engine.py), which manages its own transaction: a commit is one
transaction for the whole file, a check writes nothing but the batch row, so neither is
wrapped in an outer transaction (the batch's status must be visible while it runs).
"""

import hashlib
import logging
import os
import tempfile
from contextlib import contextmanager

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from households import scope as household_scope
from xixiang.accounts.choices import Role
from xixiang.core import progress
from xixiang.core.errors import DomainError
from xixiang.lib.stored_files import store_unavailable
from xixiang.tasks_health import registry as tasks_health_registry

from ..models import ImportBatch
from . import conf, windows
from .engine import RosterImport

logger = logging.getLogger(__name__)
Status = ImportBatch.Status


@transaction.atomic
def batch_create(*, actor, upload, source: str = "web") -> ImportBatch:
    """Keep an uploaded workbook as a new batch (status 排队等待检查). `upload` is a Django File.

    `actor` None is a system import (management command without --as).
    """
    if actor is not None and not household_scope.can_import_roster(actor):
        raise DomainError(_("您无权导入农户信息表"))
    limit = conf.get("ROSTER_MAX_UPLOAD_BYTES")
    if upload.size > limit:
        raise DomainError(
            _("文件太大（%(size).1f MB），上限为 %(limit).0f MB")
            % {"size": upload.size / 1048576, "limit": limit / 1048576},
            field="file",
        )
    if upload.size == 0:
        raise DomainError(_("文件是空的"), field="file")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = os.path.basename(upload.name or "roster.xlsx")[:200]
    batch = ImportBatch(
        created_by=actor,
        original_name=name,
        file_size=upload.size,
        sha256=digest.hexdigest(),
        source=source,
        township_id=actor.township_id
        if actor is not None and actor.role == Role.CLERK and not actor.is_superuser
        else None,
    )
    try:
        batch.file.save("roster.xlsx", upload, save=False)
    except Exception as error:
        if not store_unavailable(error):
            raise
        raise DomainError(_("文件存储暂时无法访问，未保存任何内容，请稍后重新上传"), field="file") from error
    batch.full_clean()
    batch.save()
    return batch


@contextmanager
def local_path(fieldfile):
    """A local path of a stored file (a temporary copy for storages without paths)."""
    try:
        path = fieldfile.path
    except NotImplementedError:
        path = None
    if path:
        yield path
        return
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as copy:
        with fieldfile.open("rb") as source:
            for chunk in source.chunks():
                copy.write(chunk)
        copy.flush()
        yield copy.name


def _run(batch: ImportBatch, *, commit: bool, on_progress=None):
    """Run the engine on the batch's file; its progress (at the engine's cadence, at most every
    0.5 s) goes to the batch's progress report (xixiang/core/progress.py) and `on_progress`."""
    with (
        progress.reporting(batch) as publish,
        local_path(batch.file) as path,
        windows.scratch_owner(_scratch_label(batch.pk)),
    ):

        def report(phase, done, total):
            publish(done, total, phase)
            if on_progress:
                on_progress(phase, done, total)

        engine = RosterImport(path, actor=batch.created_by, commit=commit, batch_id=batch.pk, progress=report)
        outcome = engine.run()
    data = outcome.as_json()
    batch.counts = data["counts"]
    batch.errors = data["errors"]
    batch.error_count = data["error_count"]
    batch.warnings = data["warnings"]
    batch.warning_count = data["warning_count"]
    batch.message = outcome.fatal
    batch.rows_done = batch.rows_total = outcome.rows
    batch.phase = ""
    return outcome


def _set_status(batch: ImportBatch, status: str) -> None:
    batch.status = status
    ImportBatch.objects.filter(pk=batch.pk).update(status=status)


def batch_check(*, batch: ImportBatch, on_progress=None):
    """Dry run: read the whole file, find every error, count what would change. Stores nothing
    but the batch's result."""
    _set_status(batch, Status.CHECKING)
    try:
        outcome = _run(batch, commit=False, on_progress=on_progress)
    except Exception as error:
        if store_unavailable(error):  # the kept file could not be read: the check is to be asked for again
            _store_unavailable(batch, Status.INTERRUPTED, action=_("检查"), retry=_("请稍后重新上传该文件"))
            return None
        _fail(batch, action=_("检查"))
        raise
    batch.status = Status.CHECKED if outcome.ok else Status.INVALID
    batch.checked_at = timezone.now()
    batch.save()
    return outcome


def batch_commit(*, batch: ImportBatch, on_progress=None):
    """Import the file, all or nothing; every touched row's history names this batch."""
    _set_status(batch, Status.IMPORTING)
    try:
        outcome = _run(batch, commit=True, on_progress=on_progress)
    except (OperationalError, InterfaceError):
        # The connection broke (a database restart): nothing was stored, the batch may be committed again.
        batch_commit_interrupted(batch.pk, get_language(), cause=tasks_health_registry.DATABASE_LOST)
        raise
    except Exception as error:
        if store_unavailable(error):  # read before anything is written: nothing stored, committable again
            _store_unavailable(batch, Status.CHECKED, action=_("导入"), retry=_("未保存任何数据，请稍后重新确认导入"))
            return None
        _fail(batch, action=_("导入"))
        raise
    if outcome.committed:
        batch.status = Status.IMPORTED
        batch.imported_at = timezone.now()
    else:
        batch.status = Status.FAILED
    if not batch.checked_at:
        batch.checked_at = timezone.now()
    batch.save()
    return outcome


def _scratch_label(batch_id: int) -> str:
    return f"batch{batch_id}"


def _interrupted_cleanup(batch_id: int) -> None:
    progress.clear(ImportBatch(pk=batch_id))
    windows.scratch_remove(_scratch_label(batch_id))


def batch_check_interrupted(batch_id: int, language: str | None = None, *, cause: str) -> None:
    """Recovery hook of the dry-run task (xixiang/tasks_health): its worker died or lost the
    database. The batch is interrupted with a message saying so; its progress and window files go."""
    _interrupted_cleanup(batch_id)
    with translation.override(language or settings.LANGUAGE_CODE):
        message = progress.interrupted_message(cause, action=_("检查"), retry=_("请重新上传该文件"))
    ImportBatch.objects.filter(pk=batch_id, status__in=(Status.QUEUED, Status.CHECKING)).update(
        status=Status.INTERRUPTED, message=message, phase=""
    )


def batch_commit_interrupted(batch_id: int, language: str | None = None, *, cause: str) -> None:
    """Recovery hook of the commit task: its worker died (or lost the database) mid-commit. The
    commit is one transaction, so nothing of it was stored: the batch is checked again (确认导入
    works again) with a message saying what happened; its progress and window files go."""
    _interrupted_cleanup(batch_id)
    with translation.override(language or settings.LANGUAGE_CODE):
        message = progress.interrupted_message(cause, action=_("导入"), retry=_("未保存任何数据，请重新确认导入"))
    ImportBatch.objects.filter(pk=batch_id, status__in=(Status.COMMIT_QUEUED, Status.IMPORTING)).update(
        status=Status.CHECKED, message=message, phase=""
    )


def _store_unavailable(batch: ImportBatch, status: str, *, action: str, retry: str) -> None:
    """The file store did not answer (after botocore's retries): the batch says so and goes to `status`."""
    logger.warning("roster batch %s: the file store is not answering", batch.pk)
    message = _("%(action)s中断：文件存储暂时无法访问，%(retry)s") % {"action": action, "retry": retry}
    ImportBatch.objects.filter(pk=batch.pk).update(status=status, message=message, phase="")


def _fail(batch: ImportBatch, *, action: str) -> None:
    """An unexpected error stopped the check or commit (raised again for the task's record)."""
    logger.exception("roster batch %s failed", batch.pk)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=Status.FAILED, message=progress.failed_message(action=action), phase=""
    )


def batch_enqueue_check(*, batch: ImportBatch) -> None:
    """Queue the dry run as a background task (run at once by the immediate backend). The task
    runs in the language active now (the uploader's), so its messages are stored in it."""
    from .tasks import check_batch

    result = check_batch.enqueue(batch.pk, get_language())
    ImportBatch.objects.filter(pk=batch.pk).update(task_id=str(result.id)[:64])


@transaction.atomic
def batch_commit_request(*, actor, batch: ImportBatch) -> None:
    """Queue the commit of a batch whose dry run found no error."""
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if (
        not household_scope.can_import_roster(actor)
        or not household_scope.import_batches(actor).filter(pk=batch.pk).exists()
    ):
        raise DomainError(_("您无权导入该文件"))
    if locked.status != Status.CHECKED:
        raise DomainError(
            _("只有检查通过的文件才能导入（当前状态：%(status)s）") % {"status": locked.get_status_display()}
        )
    locked.status = Status.COMMIT_QUEUED
    locked.save(update_fields=["status"])
    batch.status = locked.status
    language = get_language()  # on_commit callbacks may run after a translation.override ends
    transaction.on_commit(lambda: _enqueue_commit(batch.pk, language))


def _enqueue_commit(batch_id: int, language: str | None) -> None:
    """Queue the commit; it runs in `language`, the one of the user who asked for it."""
    from .tasks import commit_batch

    result = commit_batch.enqueue(batch_id, language)
    ImportBatch.objects.filter(pk=batch_id).update(task_id=str(result.id)[:64])
