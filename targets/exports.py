"""The plan's xlsx exports (xixiang.core.exports): the village targets with the list's filters,
and the blank import template; both have the columns targets.import_plan reads."""

from django.utils.translation import gettext as _

from xixiang.core.exports import Export
from xixiang.lib.excel import Sheet

from .choices import PlanStatus
from .import_plan import columns
from .models import Plan, VillagePlan

STATUS_LABELS = dict(PlanStatus.choices)


def _widths(plan: Plan) -> list[int]:
    return [15, 12, 10, *([14] * len(plan.years)), 40, 12, 12, 12, 8]


class PlanExport(Export):
    """Villages (a scoped, filtered Village queryset) with their targets in `plan`, by code."""

    default_stem = "plan-targets"

    def __init__(self, plan: Plan, villages):
        self.plan, self.villages = plan, villages
        self.filename = _("升级晋档目标任务%(first)s-%(last)s.xlsx") % {"first": plan.first_year,
                                                                         "last": plan.last_year}

    def sheets(self):
        plans = {vp.village_id: vp for vp in VillagePlan.objects.filter(
            plan=self.plan, village__in=self.villages.values("pk")).prefetch_related("targets")}

        def row(village):
            vp = plans.get(village.pk)
            targets = {t.year: t.grade for t in vp.targets.all()} if vp else {}
            people = (vp.measures, vp.township_leader, vp.party_secretary, vp.contact_leader) if vp else ("",) * 4
            status = str(STATUS_LABELS[vp.status]) if vp else ""
            return (village.code, village.name, village.township.name,
                    *(targets.get(y) for y in self.plan.years), *people, status)

        rows = (row(v) for v in self.villages.select_related("township").order_by("code").iterator(chunk_size=2000))
        yield Sheet(str(_("目标任务")), columns(self.plan), rows, widths=_widths(self.plan))


class PlanTemplateExport(Export):
    """The blank import template: the columns and one example row."""

    default_stem = "plan-targets-template"

    def __init__(self, plan: Plan):
        self.plan = plan
        self.filename = _("目标任务导入模板.xlsx")

    def sheets(self):
        example = ("610724100201", "五丰村", "城关镇", 3, 2, *([1] * (len(self.plan.years) - 2)),
                   "发展生猪产业；硬化通组道路 3 公里", "王建国", "李明", "张华", "")
        yield Sheet(str(_("目标任务")), columns(self.plan), [example[:len(columns(self.plan))]],
                    widths=_widths(self.plan))
