"""django-tables2 tables of the demonstration villages and their meetings."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Designation, Meeting

RIGHT = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


class DesignationTable(tables.Table):
    """The county list: one row per designation, with its flags (missed weeks, overdue actions)."""

    year = tables.Column(verbose_name=_("年度"))
    township = tables.Column(accessor="township__name", verbose_name=_("乡镇"), order_by=("township__code",))
    village = tables.Column(accessor="village__name", verbose_name=_("示范村"), order_by=("village__code",),
                            linkify=lambda record: record.get_absolute_url())
    terrain = tables.Column(accessor="village__terrain", verbose_name=_("地形类型"), orderable=False)
    kind = tables.Column(accessor="kind__name", verbose_name=_("示范类型"), order_by=("kind__position",))
    meetings_held = tables.Column(verbose_name=_("已召开会议"), attrs=RIGHT)
    missed = tables.Column(empty_values=(), verbose_name=_("缺推进会（周）"), orderable=False, attrs=RIGHT)
    actions_open = tables.Column(verbose_name=_("未完成事项"), attrs=RIGHT)
    actions_overdue = tables.Column(verbose_name=_("逾期事项"), attrs=RIGHT)

    class Meta:
        model = Designation
        fields = ["year", "township", "village", "terrain", "kind", "meetings_held", "missed", "actions_open",
                  "actions_overdue"]
        order_by = ("-year", "township", "village")
        attrs = {"class": "table table-sm table-hover align-middle", "id": "designation-table"}
        row_attrs = {"class": lambda record: "table-warning" if record.actions_overdue else ""}
        template_name = "demonstration/designation_table.html"  # rows without the per-cell machinery

    def before_render(self, request):
        """The shown rows' missed weeks (`missed`), from their meetings' dates read in one query."""
        records = [row.record for row in (self.page.object_list if hasattr(self, "page") else self.rows)]
        selectors.attach_progress_dates([r for r in records if not hasattr(r, "progress_dates")])
        for record in records:
            record.missed = len(selectors.missed_weeks_of(record))

    def render_terrain(self, record):
        return record.village.get_terrain_display()

    def render_missed(self, record):
        return record.missed


class MeetingTable(tables.Table):
    kind = tables.Column(verbose_name=_("会议类型"))
    minutes = tables.TemplateColumn(template_name="demonstration/_minutes_link.html", verbose_name=_("会议纪要"),
                                    orderable=False)
    action_count = tables.Column(verbose_name=_("落实事项"), attrs=RIGHT)
    held = tables.TemplateColumn(template_name="demonstration/_meeting_held.html", verbose_name=_("已召开"))

    class Meta:
        model = Meeting
        fields = ["date", "kind", "place", "held", "action_count", "minutes"]
        order_by = ("-date",)
        attrs = {"class": "table table-sm table-hover align-middle", "id": "meeting-table"}
