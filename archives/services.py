"""Writes to the village archives. Each service is atomic, checks the actor's scope, and
raises DomainError with a Chinese message that the view shows next to the field.

Uploads are checked completely (names, sizes, content types, image headers) before the
first byte is stored; if storing or saving fails half-way, the files already stored are
removed again, so a refused upload leaves nothing behind.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archives import scope as archive_scope
from villages.models import Village
from xixiang.core import figures
from xixiang.core.choices import JobState
from xixiang.core.concurrency import version_claim
from xixiang.core.errors import DomainError, full_clean_or_raise

from . import detection, filenames, images, storage
from .filetypes import FileType, allowed_labels
from .models import ArchiveCategory, ArchiveFile, ArchiveMedium, ArchiveRecord, ArchiveVerification

FILES_FIELD = "uploads"
MEDIUM_BY_FAMILY = {"image": "photo", "audio": "audio_video", "video": "audio_video", "sheet": "table"}


@dataclass
class _Checked:
    """An upload that passed every check and may be stored."""

    upload: object
    name: str
    size: int
    file_type: FileType
    width: int | None = None
    height: int | None = None
    thumbnail: bytes | None = None


@dataclass
class _Stored:
    checked: _Checked
    copy: storage.StoredCopy
    thumbnail_name: str = ""




def _history(obj, actor, reason: str = "") -> None:
    obj._history_user = actor
    if reason:
        obj._change_reason = reason


def year_range() -> tuple[int, int]:
    """Years an archive record may have: from ARCHIVE_FIRST_YEAR to next year."""
    return settings.ARCHIVE_FIRST_YEAR, timezone.localdate().year + 1


def _check_year(year) -> None:
    first, last = year_range()
    if not isinstance(year, int) or not first <= year <= last:
        raise DomainError(_("年度 %(year)s 不存在（可选 %(first)s–%(last)s 年）") % {
            "year": year, "first": first, "last": last}, field="year")


def _check_category(category: ArchiveCategory) -> None:
    if category is None or not category.is_active:
        code = getattr(category, "code", "")
        raise DomainError(_("档案类别“%(code)s”不存在或已停用") % {"code": code}, field="category")


def _check_upload_scope(actor, village: Village) -> None:
    if not archive_scope.upload_villages(actor).filter(pk=village.pk).exists():
        raise DomainError(_("您无权向“%(village)s”上传档案") % {"village": village.name}, field="village")


def _check_uploads(files: Sequence) -> list[_Checked]:
    """Every check that can refuse an upload, on all files, before anything is stored."""
    if not files:
        raise DomainError(_("请选择要上传的文件"), field=FILES_FIELD)
    limit = settings.ARCHIVE_MAX_FILES_PER_UPLOAD
    if len(files) > limit:
        raise DomainError(_("一次最多上传 %(max)s 个文件，本次选择了 %(n)s 个") % {"max": limit, "n": len(files)},
                          field=FILES_FIELD)
    return [_check_upload(upload) for upload in files]


def _check_upload(upload) -> _Checked:
    try:
        name = filenames.check_original_name(upload.name)
        size = upload.size
        if not size:
            raise detection.UnacceptableFile(_("文件“%(name)s”是空文件") % {"name": name})
        if size > settings.ARCHIVE_MAX_FILE_SIZE:
            raise detection.UnacceptableFile(_("文件“%(name)s”超过大小上限 %(limit)s") % {
                "name": name, "limit": filenames.format_size(settings.ARCHIVE_MAX_FILE_SIZE)})
        file_type = detection.detect(upload, name)
        if file_type.code not in settings.ARCHIVE_ALLOWED_TYPES:
            raise detection.UnacceptableFile(_("不允许上传%(label)s（“%(name)s”）；可上传：%(allowed)s") % {
                "label": file_type.label, "name": name, "allowed": allowed_labels(settings.ARCHIVE_ALLOWED_TYPES)})
        detection.check_extension(name, file_type)
        checked = _Checked(upload=upload, name=name, size=size, file_type=file_type)
        if file_type.is_image:
            checked.width, checked.height = images.check_image(
                upload, name, max_pixels=settings.ARCHIVE_MAX_IMAGE_PIXELS)
            checked.thumbnail = images.make_thumbnail(upload, name)
    except filenames.BadFileName as error:
        raise DomainError(error.message, field=FILES_FIELD) from error
    except detection.UnacceptableFile as error:
        raise DomainError(error.message, field=FILES_FIELD) from error
    return checked


def _store(checked: list[_Checked], village: Village, year: int) -> list[_Stored]:
    """Copy the checked uploads (and thumbnails) into the storage; all or nothing."""
    stored: list[_Stored] = []
    try:
        for item in checked:
            name = storage.new_name(village.code, year, item.file_type.code)
            copy = storage.store_file(item.upload, name=name, size=item.size, content_type=item.file_type.mime)
            entry = _Stored(item, copy)
            stored.append(entry)
            if item.thumbnail:
                entry.thumbnail_name = storage.store_bytes(
                    item.thumbnail, name=storage.new_name(village.code, year, "jpg", folder="thumbs"),
                    content_type="image/jpeg")
    except BaseException:
        _discard(stored)
        raise
    return stored


def _discard(stored: list[_Stored]) -> None:
    storage.delete_quietly([n for s in stored for n in (s.copy.name, s.thumbnail_name)])


def _check_duplicates(record: ArchiveRecord | None, stored: list[_Stored]) -> None:
    existing = {}
    if record is not None and record.pk:
        existing = dict(record.files.filter(deleted_at__isnull=True).values_list("sha256", "original_name"))
    for entry in stored:
        other = existing.get(entry.copy.sha256)
        if other is not None:
            raise DomainError(_("文件“%(name)s”与“%(other)s”内容相同，无需重复上传") % {
                "name": entry.checked.name, "other": other}, field=FILES_FIELD)
        existing[entry.copy.sha256] = entry.checked.name


def _save_files(record: ArchiveRecord, stored: list[_Stored], actor) -> list[ArchiveFile]:
    rows = []
    for entry in stored:
        item = entry.checked
        row = ArchiveFile(
            record=record, original_name=item.name, stored_name=entry.copy.name,
            content_type=item.file_type.mime, type_code=item.file_type.code, size=entry.copy.size,
            sha256=entry.copy.sha256, width=item.width, height=item.height,
            thumbnail_name=entry.thumbnail_name, uploaded_by=actor,
        )
        full_clean_or_raise(row)
        _history(row, actor, _("上传"))
        row.save()
        rows.append(row)
    return rows


@transaction.atomic
def archive_record_create(*, actor, village: Village, year: int, category: ArchiveCategory,
                          medium: ArchiveMedium | None, title: str, record_date: datetime.date | None = None,
                          description: str = "", files: Sequence) -> ArchiveRecord:
    """Create a record with one or more files. `medium` may be None: it follows the first file."""
    _check_upload_scope(actor, village)
    _check_year(year)
    _check_category(category)
    if not (title or "").strip():
        raise DomainError(_("请填写题名"), field="title")
    checked = _check_uploads(files)
    if medium is None:
        medium = ArchiveMedium.objects.get(code=MEDIUM_BY_FAMILY.get(checked[0].file_type.family, "text"))
    stored = _store(checked, village, year)
    try:
        _check_duplicates(None, stored)
        record = ArchiveRecord(
            village=village, year=year, category=category, medium=medium, title=title.strip(),
            record_date=record_date, description=description or "", uploaded_by=actor,
        )
        full_clean_or_raise(record)
        _history(record, actor, _("上传"))
        record.save()
        _save_files(record, stored, actor)
    except BaseException:
        _discard(stored)
        raise
    return record


@transaction.atomic
def archive_files_add(*, actor, record: ArchiveRecord, files: Sequence) -> list[ArchiveFile]:
    """Add files to an existing record of a village the actor may upload to."""
    if not archive_scope.editable_records(actor).filter(pk=record.pk).exists():
        raise DomainError(_("您无权向该档案添加文件"), field=FILES_FIELD)
    checked = _check_uploads(files)
    stored = _store(checked, record.village, record.year)
    try:
        _check_duplicates(record, stored)
        return _save_files(record, stored, actor)
    except BaseException:
        _discard(stored)
        raise


@transaction.atomic
def archive_record_update(*, actor, record: ArchiveRecord) -> ArchiveRecord:
    """Save edited metadata (year, category, form, title, date, description); the village stays.

    Refused with a ConcurrentEditError when the record changed since the form was opened
    (`record.version`, xixiang.core.concurrency)."""
    stored = archive_scope.editable_records(actor).filter(pk=record.pk).first()
    if stored is None:
        raise DomainError(_("您无权修改该档案"))
    if stored.village_id != record.village_id:
        raise DomainError(_("档案所属的村不能修改"), field="village")
    _check_year(record.year)
    if record.category_id != stored.category_id:
        _check_category(record.category)
    full_clean_or_raise(record)
    version_claim(record)
    _history(record, actor, _("修改"))
    record.save()
    return record


@transaction.atomic
def archive_record_delete(*, actor, record: ArchiveRecord) -> None:
    """Soft-delete a record (its files go with it); audited, restorable by the administrator."""
    if not archive_scope.editable_records(actor).filter(pk=record.pk).exists():
        raise DomainError(_("您无权删除该档案"))
    record.deleted_at = timezone.now()
    record.deleted_by = actor
    _history(record, actor, _("删除"))
    full_clean_or_raise(record)
    version_claim(record)  # a form opened before this is refused after it
    record.save(update_fields=["deleted_at", "deleted_by", "version"])


@transaction.atomic
def archive_record_restore(*, actor, record: ArchiveRecord) -> None:
    if not archive_scope.deleted_records(actor).filter(pk=record.pk).exists():
        raise DomainError(_("只有县升级晋档办可以恢复已删除的档案"))
    record.deleted_at = None
    record.deleted_by = None
    _history(record, actor, _("恢复"))
    full_clean_or_raise(record)
    version_claim(record)  # a form opened before this is refused after it
    record.save(update_fields=["deleted_at", "deleted_by", "version"])


@transaction.atomic
def archive_file_delete(*, actor, archive_file: ArchiveFile) -> None:
    """Soft-delete one file; the last file of a record cannot go (delete the record instead)."""
    if not archive_scope.editable_files(actor).filter(pk=archive_file.pk).exists():
        raise DomainError(_("您无权删除该文件"))
    if not ArchiveFile.objects.live().filter(record_id=archive_file.record_id).exclude(pk=archive_file.pk).exists():
        raise DomainError(_("这是该档案的最后一个文件；如要删除，请删除整条档案"))
    archive_file.deleted_at = timezone.now()
    archive_file.deleted_by = actor
    _history(archive_file, actor, _("删除"))
    full_clean_or_raise(archive_file)
    archive_file.save(update_fields=["deleted_at", "deleted_by"])


@transaction.atomic
def archive_file_restore(*, actor, archive_file: ArchiveFile) -> None:
    if not archive_scope.deleted_files(actor).filter(pk=archive_file.pk).exists():
        raise DomainError(_("只有县升级晋档办可以恢复已删除的文件"))
    archive_file.deleted_at = None
    archive_file.deleted_by = None
    _history(archive_file, actor, _("恢复"))
    full_clean_or_raise(archive_file)
    archive_file.save(update_fields=["deleted_at", "deleted_by"])


@transaction.atomic
def archive_verification_start(*, actor=None, village: Village | None = None) -> ArchiveVerification:
    """A verification run, queued (verification.verify_archives carries it out)."""
    run = ArchiveVerification(started_at=timezone.now(), village=village, started_by=actor)
    full_clean_or_raise(run)
    run.save()
    return run


@transaction.atomic
def archive_verification_finish(*, run: ArchiveVerification, files_checked: int, bytes_checked: int,
                                problems: list[dict]) -> ArchiveVerification:
    """Record the outcome of a verification run (problems: one dict per missing/altered file)."""
    run.finished_at = timezone.now()
    run.files_checked = files_checked
    run.bytes_checked = bytes_checked
    run.problems = problems
    run.missing_count = sum(1 for p in problems if p["problem"] == "missing")
    run.altered_count = sum(1 for p in problems if p["problem"] == "altered")
    run.status = JobState.DONE
    full_clean_or_raise(run)
    run.save()
    return run


@dataclass(frozen=True)
class GeneratedDocument:
    """A document the system generated itself (meeting minutes, …), to be filed as a record."""

    village: Village
    year: int
    title: str
    record_date: datetime.date | None
    filename: str
    content: bytes
    description: str = ""


@transaction.atomic
def archive_documents_file(*, actor, category_code: str, documents: Sequence[GeneratedDocument]) -> list[ArchiveRecord]:
    """File many generated documents, one record with one file each, in category `category_code`.

    The same checks as an upload (the actor's villages, the year, the category, each file by its
    content), then the files are stored and the records and files written in bulk with their
    history: for callers that file hundreds of small documents at once (the demo county's year of
    meeting minutes), where `archive_record_create` would cost ~30 queries per record. Returns the
    records in the order of `documents`."""
    from django.core.files.base import ContentFile
    from simple_history.utils import bulk_create_with_history

    if not documents:
        return []
    category = ArchiveCategory.objects.filter(code=category_code).first()
    _check_category(category)
    village_ids = {d.village.pk for d in documents}
    allowed = set(archive_scope.upload_villages(actor).filter(pk__in=village_ids).values_list("pk", flat=True))
    mediums = {m.code: m for m in ArchiveMedium.objects.all()}
    checked = []
    for document in documents:
        if document.village.pk not in allowed:
            _check_upload_scope(actor, document.village)
        _check_year(document.year)
        if not (document.title or "").strip():
            raise DomainError(_("请填写题名"), field="title")
        checked.append(_check_upload(ContentFile(document.content, name=document.filename)))
    stored: list[_Stored] = []
    try:
        for document, item in zip(documents, checked, strict=True):
            stored.extend(_store([item], document.village, document.year))
        records = [
            ArchiveRecord(village=d.village, year=d.year, category=category,
                          medium=mediums[MEDIUM_BY_FAMILY.get(item.file_type.family, "text")], title=d.title.strip(),
                          record_date=d.record_date, description=d.description, uploaded_by=actor)
            for d, item in zip(documents, checked, strict=True)
        ]
        now = timezone.now()
        for record in records:
            record.created_at = record.updated_at = now
        records = bulk_create_with_history(records, ArchiveRecord, default_user=actor, default_change_reason=_("上传"))
        files = [
            ArchiveFile(record=record, original_name=entry.checked.name, stored_name=entry.copy.name,
                        content_type=entry.checked.file_type.mime, type_code=entry.checked.file_type.code,
                        size=entry.copy.size, sha256=entry.copy.sha256, uploaded_by=actor, created_at=now)
            for record, entry in zip(records, stored, strict=True)
        ]
        bulk_create_with_history(files, ArchiveFile, default_user=actor, default_change_reason=_("上传"))
        figures.bump(ArchiveRecord)  # bulk: no signals
    except BaseException:
        _discard(stored)
        raise
    return records
