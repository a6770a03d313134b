"""Re-hash every stored archive file and record which ones are missing or altered.

Used by `manage.py verify_archives` and by the administrator's verification page (as a
background task). Reads each file block by block; runs outside a database transaction so
that a long run does not hold locks.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from villages.models import Village

from . import services, storage
from .choices import Problem
from .models import ArchiveFile, ArchiveVerification


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


def verify_archives(*, village: Village | None = None, actor=None, run: ArchiveVerification | None = None,
                    progress: Callable[[str], None] | None = None) -> ArchiveVerification:
    """Check every stored file (deleted ones too: they can be restored) of the county or one village.

    `run` continues a run recorded when the check was queued (the page shows it as running).
    """
    if run is None:
        run = services.archive_verification_start(actor=actor, village=village)
    village = run.village
    files = ArchiveFile.objects.select_related("record__village", "record__category").order_by("pk")
    if village is not None:
        files = files.filter(record__village=village)
    checked = total_bytes = 0
    problems = []
    for archive_file in files.iterator(chunk_size=500):
        problem = check_file(archive_file)
        checked += 1
        total_bytes += archive_file.size
        if problem:
            problems.append(problem)
        if progress and checked % 500 == 0:
            progress(_("已核验 %(n)s 个文件") % {"n": checked})
    return services.archive_verification_finish(
        run=run, files_checked=checked, bytes_checked=total_bytes, problems=problems)
