"""Which village archives a user may read, upload to, edit, delete, restore and verify.

Reading a village's archive follows the villages the user may see; uploading, editing and
deleting is for the administrator (everywhere), the township clerk (their township) and the
village cadre (their village); restoring deleted records and verifying files is the
administrator's. Names as in `villages/scope.py`.
"""

from django.db.models import QuerySet

from villages import scope as village_scope
from villages.models import Village
from xixiang.accounts.choices import Role
from xixiang.accounts.roles import COUNTY_WIDE_READERS, role_of

from .models import ArchiveFile, ArchiveRecord

UPLOADERS = frozenset({Role.ADMIN, Role.CLERK, Role.VILLAGE_CADRE})


def _village_filtered(qs: QuerySet, user, village_field: str, *, upload: bool = False) -> QuerySet:
    """`qs` limited to rows of the user's readable (or uploadable) villages; no subquery
    for the roles that cover the whole county."""
    role = role_of(user)
    county_wide = role == Role.ADMIN if upload else role in COUNTY_WIDE_READERS | {Role.SCORER}
    if county_wide:
        return qs
    allowed = upload_villages(user) if upload else readable_villages(user)
    return qs.filter(**{f"{village_field}__in": allowed.values("pk")})


def readable_villages(user) -> QuerySet[Village]:
    """Villages whose archives the user may read: the villages they may see."""
    return village_scope.villages(user)


def upload_villages(user) -> QuerySet[Village]:
    """Villages the user may upload archives to, and whose records they may edit or delete: the
    villages they answer for (villages.scope.responsible_villages)."""
    return village_scope.responsible_villages(user)


def can_upload_to(user, village: Village) -> bool:
    """Whether the user may upload to `village` (no query)."""
    return village_scope.is_responsible_for(user, village)


def can_upload(user) -> bool:
    return role_of(user) in UPLOADERS


def can_manage(user) -> bool:
    """Restore deleted records and files, verify stored files: the county administrator."""
    return role_of(user) == Role.ADMIN


def records(user) -> QuerySet[ArchiveRecord]:
    """Live (not deleted) archive records of the villages the user may read."""
    rows = ArchiveRecord.objects.live()
    if role_of(user) is None:
        return rows.none()
    return _village_filtered(rows, user, "village")


def records_with_deleted(user) -> QuerySet[ArchiveRecord]:
    """Records of readable villages, deleted ones included (history pages)."""
    rows = ArchiveRecord.objects.all()
    if role_of(user) is None:
        return rows.none()
    return _village_filtered(rows, user, "village")


def editable_records(user) -> QuerySet[ArchiveRecord]:
    """Live records the user may edit, add files to, or delete."""
    rows = ArchiveRecord.objects.live()
    if not can_upload(user):
        return rows.none()
    return _village_filtered(rows, user, "village", upload=True)


def files(user) -> QuerySet[ArchiveFile]:
    """Live files of live records in the villages the user may read (downloads, previews)."""
    rows = ArchiveFile.objects.live()
    if role_of(user) is None:
        return rows.none()
    return _village_filtered(rows, user, "record__village")


def files_with_deleted(user) -> QuerySet[ArchiveFile]:
    rows = ArchiveFile.objects.all()
    if role_of(user) is None:
        return rows.none()
    return _village_filtered(rows, user, "record__village")


def editable_files(user) -> QuerySet[ArchiveFile]:
    rows = ArchiveFile.objects.live()
    if not can_upload(user):
        return rows.none()
    return _village_filtered(rows, user, "record__village", upload=True)


def deleted_records(user) -> QuerySet[ArchiveRecord]:
    """Deleted records, for the administrator's restore page."""
    rows = ArchiveRecord.objects.deleted()
    return rows if can_manage(user) else rows.none()


def deleted_files(user) -> QuerySet[ArchiveFile]:
    """Deleted files of records that are not deleted themselves, for the restore page."""
    rows = ArchiveFile.objects.filter(deleted_at__isnull=False, record__deleted_at__isnull=True)
    return rows if can_manage(user) else rows.none()
