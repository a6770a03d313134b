"""Village archives (domain.md §4): the catalogue, records per village and year, their files,
and the results of `verify_archives`.

Deleting a record or a file is soft (`deleted_at`); the county administrator restores it.
The files themselves live in the `archives` storage (settings.STORAGES) under an opaque
name; the original (Chinese) name is kept for downloads.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from xixiang.core.choices import JobState

from .choices import VerificationOutcome
from .filetypes import TYPES


class ArchiveClass(models.Model):
    """One of the five classes (文件, 建档, 规划, 农民收入, 结对帮扶)."""

    code = models.CharField(_("编码"), max_length=4, unique=True, validators=[RegexValidator(r"^[A-Z]$")])
    name = models.CharField(_("名称"), max_length=20, unique=True)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("档案大类")
        verbose_name_plural = _("档案大类")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name


class ArchiveCategory(models.Model):
    """One of the 18 categories (W1 上级文件 … B4 帮扶记录); inactive ones leave the matrix."""

    archive_class = models.ForeignKey(
        ArchiveClass, on_delete=models.PROTECT, related_name="categories", verbose_name=_("大类")
    )
    code = models.CharField(
        _("编码"), max_length=4, unique=True, validators=[RegexValidator(r"^[A-Z][0-9]{1,2}$", _("编码形如 W1、J3"))]
    )
    name = models.CharField(_("名称"), max_length=30)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("档案类别")
        verbose_name_plural = _("档案类别")
        ordering = ["position", "code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class ArchiveMedium(models.Model):
    """A material form (载体形式): 文字, 表册, 声像, 照片."""

    code = models.CharField(_("编码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=20, unique=True)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("载体形式")
        verbose_name_plural = _("载体形式")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name


class ArchiveRecordQuerySet(models.QuerySet):
    def live(self):
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)


class ArchiveRecord(models.Model):
    """An archive record of one village for one year, in one category, with one or more files."""

    village = models.ForeignKey(
        "villages.Village", on_delete=models.PROTECT, related_name="archive_records", verbose_name=_("行政村")
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    category = models.ForeignKey(
        ArchiveCategory, on_delete=models.PROTECT, related_name="records", verbose_name=_("档案类别")
    )
    medium = models.ForeignKey(
        ArchiveMedium, on_delete=models.PROTECT, related_name="records", verbose_name=_("载体形式")
    )
    title = models.CharField(_("题名"), max_length=200)
    record_date = models.DateField(_("形成日期"), null=True, blank=True)
    description = models.TextField(_("说明"), blank=True, max_length=2000)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("上传人")
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    deleted_at = models.DateTimeField(_("删除时间"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("删除人"),
        editable=False,
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ArchiveRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("档案记录")
        verbose_name_plural = _("档案记录")
        ordering = ["-year", "village_id", "category_id", "id"]  # columns only: no hidden joins
        indexes = [
            models.Index(
                fields=["year", "village", "category"],
                condition=Q(deleted_at__isnull=True),
                name="archive_live_year_village_cat",
            ),
            models.Index(fields=["village", "year"], name="archive_village_year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="archive_year_in_range",
                violation_error_message=_("年度必须在 2000 到 2100 之间"),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class ArchiveFileQuerySet(models.QuerySet):
    def live(self):
        return self.filter(deleted_at__isnull=True, record__deleted_at__isnull=True)


class ArchiveFile(models.Model):
    """One stored file of a record: original name, detected type, size and SHA-256."""

    record = models.ForeignKey(
        ArchiveRecord, on_delete=models.PROTECT, related_name="files", verbose_name=_("档案记录")
    )
    original_name = models.CharField(_("原文件名"), max_length=200)
    stored_name = models.CharField(_("存储名"), max_length=300, unique=True, editable=False)
    content_type = models.CharField(_("文件类型"), max_length=100)
    type_code = models.CharField(_("类型代码"), max_length=10)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, validators=[RegexValidator(r"^[0-9a-f]{64}$")])
    width = models.PositiveIntegerField(_("宽（像素）"), null=True, blank=True)
    height = models.PositiveIntegerField(_("高（像素）"), null=True, blank=True)
    thumbnail_name = models.CharField(_("缩略图存储名"), max_length=300, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("上传人")
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    deleted_at = models.DateTimeField(_("删除时间"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("删除人"),
        editable=False,
    )
    history = HistoricalRecords()

    objects = ArchiveFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("档案文件")
        verbose_name_plural = _("档案文件")
        ordering = ["record_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gt=0), name="archive_file_not_empty", violation_error_message=_("不能保存空文件")
            ),
        ]

    def __str__(self):
        return self.original_name

    @property
    def file_type(self):
        return TYPES.get(self.type_code)

    @property
    def previewable(self) -> bool:
        file_type = self.file_type
        return bool(file_type and file_type.previewable)

    @property
    def family(self) -> str:
        file_type = self.file_type
        return file_type.family if file_type else ""

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class ArchiveVerification(models.Model):
    """One run of `verify_archives`: how many files were re-hashed and which were wrong.

    `status` is the run's JobState (queued when started from the page, then running, then
    done, failed or interrupted, with `message`); what a finished run came to is `outcome`.
    """

    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    village = models.ForeignKey(
        "villages.Village",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("只核验该村"),
    )
    status = models.CharField(_("状态"), max_length=20, choices=JobState.choices, default=JobState.QUEUED)
    message = models.CharField(_("说明"), max_length=300, blank=True)
    files_checked = models.PositiveIntegerField(_("核验文件数"), default=0)
    bytes_checked = models.PositiveBigIntegerField(_("核验字节数"), default=0)
    missing_count = models.PositiveIntegerField(_("缺失"), default=0)
    altered_count = models.PositiveIntegerField(_("被改动"), default=0)
    problems = models.JSONField(_("问题文件"), default=list, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发起人"),
    )

    class Meta:
        verbose_name = _("档案核验")
        verbose_name_plural = _("档案核验")
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.result_label}"

    @property
    def problem_count(self) -> int:
        return self.missing_count + self.altered_count

    @property
    def job_state(self) -> str:
        return self.status

    @property
    def outcome(self) -> str:
        """PASSED or PROBLEMS once the run is done, else empty."""
        if self.status != JobState.DONE:
            return ""
        return VerificationOutcome.PROBLEMS if self.problem_count else VerificationOutcome.PASSED

    @property
    def result_label(self) -> str:
        """The outcome of a finished run ("全部完好"), else its state ("排队中", "已中断")."""
        return VerificationOutcome(self.outcome).label if self.outcome else JobState(self.status).label
