import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from ..models import ImportBatch


class ImportBatchTable(tables.Table):
    """The import history: who handed in which file when, and what came of it."""

    id = tables.Column(verbose_name=_("批次"), linkify=("households:roster:batch_detail", {"pk": tables.A("pk")}))
    created_at = tables.DateTimeColumn(format="Y-m-d H:i")
    created_by = tables.Column(verbose_name=_("导入人"), default="—", order_by=("created_by__username",))
    township = tables.Column(accessor="township__name", verbose_name=_("乡镇"), default=_("全县"))
    original_name = tables.Column(linkify=("households:roster:batch_detail", {"pk": tables.A("pk")}))
    households = tables.Column(empty_values=(), verbose_name=_("农户 新增/修改/未变"), orderable=False)
    error_count = tables.Column(attrs={"td": {"class": "text-end"}})

    class Meta:
        model = ImportBatch
        fields = ["id", "created_at", "created_by", "township", "original_name", "status", "households", "error_count"]
        order_by = "-created_at"
        attrs = {"class": "table table-sm table-hover align-middle", "id": "batch-table"}

    def render_households(self, record):
        counts = (record.counts or {}).get("households")
        if not counts:
            return "—"
        return f"{counts['created']:,} / {counts['updated']:,} / {counts['unchanged']:,}"
