"""Re-hash every stored archive file and record which ones are missing or altered.

Used by `manage.py verify_archives` and by the administrator's verification page (as a
background task, archives/tasks.py, with its recovery hook here). Reads each file block by
block; runs outside a database transaction so that a long run does not hold locks.
"""

import logging
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from villages.models import Village
from xixiang.core import progress
from xixiang.core.choices import FINISHED_STATES, JobState

from . import services, storage
from .choices import Problem
from .models import ArchiveFile, ArchiveVerification

logger = logging.getLogger(__name__)


def _problem(archive_file: ArchiveFile, kind: str, actual_sha256: str = "", actual_size=None) -> dict:
    record = archive_file.record
    return {
        "file_id": archive_file.pk,
        "record_id": record.pk,
        "village_code": record.village.code,
        "village_name": record.village.name,
        "year": record.year,
        "category": record.category.code,
        "title": record.title,
        "original_name": archive_file.original_name,
        "stored_name": archive_file.stored_name,
        "problem": kind,
        "expected_sha256": archive_file.sha256,
        "actual_sha256": actual_sha256,
        "expected_size": archive_file.size,
        "actual_size": actual_size,
        "deleted": archive_file.deleted_at is not None or record.deleted_at is not None,
    }


def check_file(archive_file: ArchiveFile) -> dict | None:
    """None when the stored bytes still hash to the recorded SHA-256, else the problem."""
    try:
        stream = storage.open_stream(archive_file.stored_name)
    except OSError:  # FileNotFoundError included, from the file system and from S3 (storage.py)
        return _problem(archive_file, Problem.MISSING)
    try:
        sha256, size = storage.hash_stream(stream)
    finally:
        stream.close()
    if sha256 != archive_file.sha256 or size != archive_file.size:
        return _problem(archive_file, Problem.ALTERED, sha256, size)
    return None


def _set_status(run: ArchiveVerification, status: str, **fields) -> None:
    run.status = status
    ArchiveVerification.objects.filter(pk=run.pk).update(status=status, **fields)


def verify_archives(*, village: Village | None = None, actor=None, run: ArchiveVerification | None = None,
                    on_progress: Callable[[str], None] | None = None) -> ArchiveVerification:
    """Check every stored file (deleted ones too: they can be restored) of the county or one village.

    `run` continues a run queued from the page (the task); without it a run is recorded here
    (the command). Progress is reported every 500 files (xixiang/core/progress.py) and worded
    for `on_progress`. An unexpected error ends the run failed and is raised again.
    """
    if run is None:
        run = services.archive_verification_start(actor=actor, village=village)
    if run.status in FINISHED_STATES:
        return run
    village = run.village
    files = ArchiveFile.objects.select_related("record__village", "record__category").order_by("pk")
    if village is not None:
        files = files.filter(record__village=village)
    _set_status(run, JobState.RUNNING)
    try:
        with progress.reporting(run) as report:
            total = files.count()
            report(0, total)
            checked = total_bytes = 0
            problems = []
            for archive_file in files.iterator(chunk_size=500):
                problem = check_file(archive_file)
                checked += 1
                total_bytes += archive_file.size
                if problem:
                    problems.append(problem)
                if checked % 500 == 0:
                    report(checked, max(total, checked))
                    if on_progress:
                        on_progress(_("已核验 %(n)s 个文件") % {"n": checked})
    except Exception:
        logger.exception("archive verification %s failed", run.pk)
        _set_status(run, JobState.FAILED, message=progress.failed_message(action=_("核验")), finished_at=timezone.now())
        raise
    return services.archive_verification_finish(
        run=run, files_checked=checked, bytes_checked=total_bytes, problems=problems)


def verify_archives_interrupted(run_id: int, *, cause: str) -> None:
    """Recovery hook of the task (xixiang/tasks_health): the worker verifying died or lost the
    database; the run is interrupted with a message saying to start it again."""
    progress.clear(ArchiveVerification(pk=run_id))
    ArchiveVerification.objects.filter(pk=run_id, status__in=(JobState.QUEUED, JobState.RUNNING)).update(
        status=JobState.INTERRUPTED, finished_at=timezone.now(),
        message=progress.interrupted_message(cause, action=_("核验"), retry=_("请重新核验")))
