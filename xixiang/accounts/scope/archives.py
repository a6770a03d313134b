"""Scope of the village archives: records, files, uploads, restores."""

from django.db.models import QuerySet

from villages.models import Village

from ..choices import Role
from .registry import COUNTY_WIDE_READERS, _role, villages

# --- archives (village archives app) ---------------------------------------------------
# Reading a village's archive follows `villages(user)`; uploading, editing and deleting is
# for the administrator (everywhere), the township clerk (their township) and the village
# cadre (their village); restoring deleted records and verifying files is the administrator's.

ARCHIVE_UPLOADERS = {Role.ADMIN, Role.CLERK, Role.VILLAGE_CADRE}


def _archive_models():
    from archives import models  # imported late: archives.models must not import scope

    return models


def _village_filtered(qs: QuerySet, user, village_field: str, *, upload: bool = False) -> QuerySet:
    """`qs` limited to rows of the user's readable (or uploadable) villages; no subquery
    for the roles that cover the whole county."""
    role = _role(user)
    county_wide = role == Role.ADMIN if upload else role in COUNTY_WIDE_READERS | {Role.SCORER}
    if county_wide:
        return qs
    allowed = archive_upload_villages(user) if upload else archive_villages(user)
    return qs.filter(**{f"{village_field}__in": allowed.values("pk")})


def archive_villages(user) -> QuerySet[Village]:
    """Villages whose archives the user may read: the villages they may see."""
    return villages(user)


def archive_upload_villages(user) -> QuerySet[Village]:
    """Villages the user may upload archives to, and whose records they may edit or delete."""
    role = _role(user)
    if role == Role.ADMIN:
        return Village.objects.all()
    if role == Role.CLERK:
        return Village.objects.filter(township_id=user.township_id)
    if role == Role.VILLAGE_CADRE:
        return Village.objects.filter(pk=user.village_id)
    return Village.objects.none()


def can_upload_archives(user) -> bool:
    return _role(user) in ARCHIVE_UPLOADERS


def can_manage_archives(user) -> bool:
    """Restore deleted records and files, verify stored files: the county administrator."""
    return _role(user) == Role.ADMIN


def archive_records(user) -> QuerySet:
    """Live (not deleted) archive records of the villages the user may read."""
    records = _archive_models().ArchiveRecord.objects.live()
    if _role(user) is None:
        return records.none()
    return _village_filtered(records, user, "village")


def archive_records_with_deleted(user) -> QuerySet:
    """Records of readable villages, deleted ones included (history pages)."""
    records = _archive_models().ArchiveRecord.objects.all()
    if _role(user) is None:
        return records.none()
    return _village_filtered(records, user, "village")


def archive_editable_records(user) -> QuerySet:
    """Live records the user may edit, add files to, or delete."""
    records = _archive_models().ArchiveRecord.objects.live()
    if not can_upload_archives(user):
        return records.none()
    return _village_filtered(records, user, "village", upload=True)


def archive_files(user) -> QuerySet:
    """Live files of live records in the villages the user may read (downloads, previews)."""
    files = _archive_models().ArchiveFile.objects.live()
    if _role(user) is None:
        return files.none()
    return _village_filtered(files, user, "record__village")


def archive_files_with_deleted(user) -> QuerySet:
    files = _archive_models().ArchiveFile.objects.all()
    if _role(user) is None:
        return files.none()
    return _village_filtered(files, user, "record__village")


def archive_editable_files(user) -> QuerySet:
    files = _archive_models().ArchiveFile.objects.live()
    if not can_upload_archives(user):
        return files.none()
    return _village_filtered(files, user, "record__village", upload=True)


def archive_deleted_records(user) -> QuerySet:
    """Deleted records, for the administrator's restore page."""
    records = _archive_models().ArchiveRecord.objects.deleted()
    return records if can_manage_archives(user) else records.none()


def archive_deleted_files(user) -> QuerySet:
    """Deleted files of records that are not deleted themselves, for the restore page."""
    files = _archive_models().ArchiveFile.objects.filter(deleted_at__isnull=False, record__deleted_at__isnull=True)
    return files if can_manage_archives(user) else files.none()
