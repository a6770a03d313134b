"""The village targets list (django-tables2) over selectors.target_rows."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from villages.models import Village

from .choices import PlanStatus

STATUS_LABELS = dict(PlanStatus.choices)


def grade_text(value) -> str:
    return _("%(g)s 类") % {"g": value} if value else "—"


class GradeColumn(tables.Column):
    def render(self, value):
        return grade_text(value)


class VillageTargetTable(tables.Table):
    code = tables.Column(verbose_name=_("村编码"))
    name = tables.Column(verbose_name=_("村名"), linkify=("targets:village", {"code": tables.A("code")}))
    township = tables.Column(accessor="township__name", verbose_name=_("乡镇"), order_by=("township__code",))
    plan_status = tables.Column(verbose_name=_("状态"), default=_("未制定"))
    baseline_grade = GradeColumn(verbose_name=_("起点级类"), default="—")
    year_grade = GradeColumn(verbose_name=_("当年定级"), default="—")
    reached = tables.Column(empty_values=(), verbose_name=_("达到目标"), orderable=False)

    class Meta:
        model = Village
        fields = ["code", "name", "township", "plan_status", "baseline_grade", "year_grade", "reached"]
        order_by = ("code",)
        attrs = {"class": "table table-sm table-hover align-middle", "id": "target-table"}
        template_name = "targets/target_table.html"  # rows without the per-cell machinery

    def __init__(self, *args, years: list[int], **kwargs):
        self.years = years
        extra = [(f"target_{y}", GradeColumn(verbose_name=_("%(y)s 年目标") % {"y": y}, default="—"))
                 for y in years]
        super().__init__(*args, extra_columns=extra, sequence=("code", "name", "township", "plan_status", "...",
                                                               "baseline_grade", "year_grade", "reached"), **kwargs)

    def before_render(self, request):
        """The shown rows' texts for the body template: status, the year targets, grades, reached."""
        for row in (self.page.object_list if hasattr(self, "page") else self.rows):
            record = row.record
            record.status_text = self.render_plan_status(record.plan_status) if record.plan_status else _("未制定")
            record.target_texts = [grade_text(getattr(record, f"target_{y}")) for y in self.years]
            record.grade_texts = (grade_text(record.baseline_grade), grade_text(record.year_grade))
            record.reached_text = self.render_reached(record)

    def render_plan_status(self, value):
        return STATUS_LABELS.get(value, value)

    def render_reached(self, record):
        if not record.is_upgrade:
            return "—"
        if record.year_grade is None:
            return _("待定级")
        return _("是") if record.year_grade <= record.year_target else _("否")
