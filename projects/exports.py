"""The xlsx exports of projects and funds (xixiang.core.exports): the projects workbook (sheets
项目 and 项目安排, the layout projects.workbook imports), its blank template, and each report."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from xixiang.core.exports import Export
from xixiang.lib.excel import Sheet

from .choices import AllocationStatus, Level
from .models import AllocationOutput, OutputKind
from .rules import quantity_text
from .workbook import ALLOCATION_SHEET, PROJECT_COLUMNS, PROJECT_SHEET, allocation_header

PROJECT_WIDTHS = [8, 36, 6, 20, 10, 20, 30, 16, 24]
ALLOCATION_WIDTHS = [8, 36, 15, 12, 16, 8, 12, 12, 20]


class ProjectsExport(Export):
    """`projects` and `allocations` (scoped, filtered querysets) as the importable workbook:
    one row per project, one row per allocation with its village code, amount and outputs."""

    filename = "项目资金.xlsx"
    default_stem = "projects"

    def __init__(self, projects, allocations, *, year=None):
        self.projects, self.allocations = projects, allocations
        if year:
            self.filename = f"{year}年度项目资金.xlsx"

    def sheets(self):
        levels = dict(Level.choices)
        projects = (
            (p.year, p.name, str(levels[p.level]), p.department.name, p.direction.name, p.scale, p.requirements,
             p.investment, p.funding_sources)
            for p in self.projects.select_related("department", "direction").order_by("year", "id")
            .iterator(chunk_size=2000)
        )
        yield Sheet(PROJECT_SHEET, PROJECT_COLUMNS, projects, widths=PROJECT_WIDTHS)
        kinds = list(OutputKind.objects.order_by("order", "id"))
        statuses = dict(AllocationStatus.choices)

        def rows():
            qs = (self.allocations.select_related("project", "village")
                  .prefetch_related(Prefetch("outputs", queryset=AllocationOutput.objects.only(
                      "allocation_id", "kind_id", "quantity")))
                  .order_by("year", "project_id", "village__code"))
            for a in qs.iterator(chunk_size=2000):
                quantities = {o.kind_id: o.quantity for o in a.outputs.all()}
                yield (a.year, a.project.name, a.village.code, a.village.name, a.amount, str(statuses[a.status]),
                       a.start_date, a.completion_date, a.note,
                       *(quantities.get(k.pk) for k in kinds))

        yield Sheet(ALLOCATION_SHEET, allocation_header(kinds), rows(),
                    widths=ALLOCATION_WIDTHS + [14] * len(kinds))


class ProjectsTemplateExport(Export):
    """The blank workbook to fill in: both sheets' columns and an example row each."""

    filename = "项目资金导入模板.xlsx"
    default_stem = "projects-template"

    def sheets(self):
        kinds = list(OutputKind.objects.order_by("order", "id"))
        project = (2009, "通村水泥路建设项目", "省", "县交通运输局", "道路", "水泥路 20 公里", "", 2000000,
                   "省补助、县配套")
        yield Sheet(PROJECT_SHEET, PROJECT_COLUMNS, [project], widths=PROJECT_WIDTHS)
        example = [2009, "通村水泥路建设项目", "610724100201", "五丰村", 500000, "计划", None, None, ""]
        yield Sheet(ALLOCATION_SHEET, allocation_header(kinds), [example + [5 if i == 0 else None
                                                                          for i in range(len(kinds))]],
                    widths=ALLOCATION_WIDTHS + [14] * len(kinds))


class FundsReportExport(Export):
    default_stem = "funds-report"

    def __init__(self, report, *, year, by_label):
        self.report, self.year, self.by_label = report, year, by_label
        self.filename = f"{year or '全部'}年度项目资金统计（按{by_label}）.xlsx"

    def sheets(self):
        kinds = self.report["kinds"]
        header = [self.by_label, _("项目数"), _("项目安排"), _("安排资金（元）"), *(f"{n}（{u}）" for n, u in kinds)]
        rows = [(r["label"], r["projects"], r["allocations"], r["amount"], *(quantity_text(q) for q in r["outputs"]))
                for r in self.report["rows"]]
        total = self.report["total"]
        rows.append((_("合计"), total["projects"] if total["projects"] is not None else "", total["allocations"],
                     total["amount"], *(quantity_text(q) for q in total["outputs"])))
        yield Sheet(_("项目资金统计"), header, rows, widths=[24, 8, 10, 16] + [14] * len(kinds))


class TiltExport(Export):
    default_stem = "funds-tilt"

    def __init__(self, tilt, rows):
        self.tilt, self.rows = tilt, rows
        self.filename = f"{tilt['year']}年度资金向升级村倾斜.xlsx"

    def sheets(self):
        t = self.tilt
        header = [_("项目"), _("升级村"), _("全县"), _("升级村占比")]
        rows = [
            (_("行政村（个）"), t["targeted_villages"], t["villages"], t["targeted_share_of_villages"]),
            (_("安排资金（元）"), t["targeted_funds"], t["funds"], t["targeted_share_of_funds"]),
        ]
        yield Sheet(_("资金倾斜"), header, rows, widths=[16, 16, 16, 12])
        yield Sheet(_("升级村资金"), [_("村编码"), _("乡镇"), _("村名"), _("安排资金（元）")],
                    ((v["code"], v["township"], v["name"], v["amount"]) for v in self.rows), widths=[15, 12, 14, 16])


class ConstructionTasksExport(Export):
    default_stem = "construction-tasks"

    def __init__(self, tasks):
        self.tasks = tasks
        self.filename = f"三年建设任务（截至{tasks['year']}年）.xlsx"

    def sheets(self):
        kinds = self.tasks["kinds"]
        header = [_("村编码"), _("乡镇"), _("村名"), _("类型")]
        for name, unit in kinds:
            header += [f"{name}计划（{unit}）", f"{name}完成（{unit}）"]
        header.append(_("完成进度"))
        rows = []
        for r in self.tasks["rows"]:
            cells = [r["village"].code, r["village"].township.name, r["village"].name, r["programme"]]
            for planned, completed in zip(r["planned"], r["completed"], strict=True):
                cells += [quantity_text(planned), quantity_text(completed)]
            cells.append(r["progress"])
            rows.append(cells)
        yield Sheet(_("三年建设任务"), header, rows, widths=[15, 12, 14, 16] + [12] * (2 * len(kinds)) + [10])
