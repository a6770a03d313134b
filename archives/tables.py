import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .filenames import format_size
from .models import ArchiveFile, ArchiveRecord


class ArchiveRecordTable(tables.Table):
    """Archive records of the villages in scope."""

    township = tables.Column(
        accessor="village__township__name", verbose_name=_("乡镇"), order_by=("village__township__code",)
    )
    village = tables.Column(
        accessor="village__name",
        verbose_name=_("行政村"),
        order_by=("village__code",),
        linkify=("villages:village_detail", {"code": tables.A("village__code")}),
    )
    year = tables.Column()
    category = tables.Column(verbose_name=_("档案类别"), order_by=("category__position",))
    title = tables.Column(linkify=("archives:record_detail", {"pk": tables.A("pk")}))
    medium = tables.Column(order_by=("medium__position",))
    record_date = tables.DateColumn(format="Y-m-d")
    file_count = tables.Column(verbose_name=_("文件数"), attrs={"td": {"class": "text-end"}})
    uploaded_by = tables.Column()
    created_at = tables.DateTimeColumn(format="Y-m-d H:i")

    class Meta:
        model = ArchiveRecord
        fields = [
            "township",
            "village",
            "year",
            "category",
            "title",
            "medium",
            "record_date",
            "file_count",
            "uploaded_by",
            "created_at",
        ]
        order_by = ("-year", "village", "category")
        template_name = "archives/record_table.html"  # rows without the per-cell machinery
        attrs = {"class": "table table-sm table-hover align-middle", "id": "archive-record-table"}


class DeletedRecordTable(tables.Table):
    village = tables.Column(accessor="village__name", verbose_name=_("行政村"), order_by=("village__code",))
    year = tables.Column()
    category = tables.Column(order_by=("category__position",))
    title = tables.Column()
    deleted_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name=_("删除时间"))
    deleted_by = tables.Column(verbose_name=_("删除人"))
    restore = tables.TemplateColumn(
        template_name="archives/restore_record_button.html", verbose_name="", orderable=False
    )

    class Meta:
        model = ArchiveRecord
        fields = ["village", "year", "category", "title", "deleted_at", "deleted_by", "restore"]
        order_by = ("-deleted_at",)
        attrs = {"class": "table table-sm align-middle", "id": "deleted-record-table"}


class DeletedFileTable(tables.Table):
    village = tables.Column(
        accessor="record__village__name", verbose_name=_("行政村"), order_by=("record__village__code",)
    )
    record = tables.Column(
        verbose_name=_("档案记录"), linkify=("archives:record_detail", {"pk": tables.A("record_id")})
    )
    original_name = tables.Column()
    size = tables.Column(attrs={"td": {"class": "text-end"}})
    deleted_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name=_("删除时间"))
    deleted_by = tables.Column(verbose_name=_("删除人"))
    restore = tables.TemplateColumn(template_name="archives/restore_file_button.html", verbose_name="", orderable=False)

    class Meta:
        model = ArchiveFile
        fields = ["village", "record", "original_name", "size", "deleted_at", "deleted_by", "restore"]
        order_by = ("-deleted_at",)
        attrs = {"class": "table table-sm align-middle", "id": "deleted-file-table"}

    def render_size(self, value):
        return format_size(value)
