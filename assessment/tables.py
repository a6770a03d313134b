import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from villages.choices import grade_label

from .choices import Dimension
from .models import VillageResult


class ResultTable(tables.Table):
    """A cycle's results: totals, dimension subtotals, ranks, grade and change."""

    rank_county = tables.Column(verbose_name=_("全县排名"))
    village = tables.Column(accessor="village__name", verbose_name=_("行政村"), order_by=("village__code",))
    township = tables.Column(accessor="village__township__name", verbose_name=_("乡镇"), order_by=("village__code",))
    total = tables.Column(attrs={"td": {"class": "text-end"}})
    rank_township = tables.Column(verbose_name=_("乡镇内排名"))
    grade = tables.Column()
    previous_grade = tables.Column(default="—")
    change = tables.Column()

    class Meta:
        model = VillageResult
        fields = ["rank_county", "village", "township", "total"]
        sequence = [
            "rank_county",
            "village",
            "township",
            "total",
            "...",
            "rank_township",
            "grade",
            "previous_grade",
            "change",
        ]
        order_by = "rank_county"
        attrs = {"class": "table table-sm table-hover align-middle", "id": "result-table"}

    def __init__(self, *args, year: int, **kwargs):
        self.year = year
        extra = [
            (
                f"dim_{d.value}",
                tables.Column(
                    accessor=f"subtotals__{d.value}",
                    verbose_name=d.label,
                    orderable=False,
                    default="0",
                    attrs={"td": {"class": "text-end"}},
                ),
            )
            for d in Dimension
        ]
        super().__init__(*args, extra_columns=extra, **kwargs)

    def render_village(self, record, value):
        url = reverse("assessment:score_sheet", args=[self.year, record.village.code])
        return format_html('<a href="{}">{}</a>', url, value)

    def render_grade(self, value):
        return format_html(
            '<span class="badge text-bg-{}">{}</span>',
            {1: "success", 2: "primary", 3: "warning", 4: "secondary"}[value],
            grade_label(value),
        )
