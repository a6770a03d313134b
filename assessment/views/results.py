"""Results: the county table, each village's score sheet, the county statistics, the reward
proposals and the administrator's what-if sandbox. Every table exports to xlsx."""

from django.shortcuts import get_object_or_404, render

from assessment import scope as assessment_scope
from xixiang.accounts import roles
from xixiang.core.edit import require
from xixiang.core.views_mixins import ScopedTableView
from xixiang.lib.excel import Sheet, write_xlsx, xlsx_response

from .. import selectors
from ..choices import Dimension, GradeChange
from ..filters import ResultFilter
from ..forms import WhatIfForm
from ..models import VillageResult
from ..tables import ResultTable
from .common import cycle_for

DIMENSIONS = [d.value for d in Dimension]


class ResultListView(ScopedTableView):
    table_class = ResultTable
    filterset_class = ResultFilter
    template_name = "assessment/results.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require(assessment_scope.can_read_results(request.user))
            self.cycle = cycle_for(request, kwargs["year"])
        return super().dispatch(request, *args, **kwargs)

    def scoped_queryset(self, user):
        return assessment_scope.results(user, self.cycle).select_related("village__township")

    def get_table_kwargs(self):
        return {"year": self.cycle.year}

    def get_context_data(self, **kwargs):
        return super().get_context_data(cycle=self.cycle, **kwargs)


def results_export(request, year: int):
    require(assessment_scope.can_read_results(request.user))
    cycle = cycle_for(request, year)
    results = ResultFilter(request.GET, queryset=assessment_scope.results(request.user, cycle), request=request).qs
    rows = results.select_related("village__township").order_by("rank_county", "village__code")
    header = ["全县排名", "乡镇", "村编码", "行政村", "总分", *[str(d.label) for d in Dimension],
              "乡镇内排名", "级类", "上年级类", "升降"]
    data = write_xlsx([Sheet(f"{year}考核结果", header, (
        [r.rank_county, r.village.township.name, r.village.code, r.village.name, r.total,
         *[r.subtotals.get(d, "0") for d in DIMENSIONS], r.rank_township, r.grade, r.previous_grade,
         str(GradeChange(r.change).label)] for r in rows.iterator()),
        widths=[8, 10, 15, 12, 8, 8, 8, 8, 8, 8, 10, 6, 8, 12])])
    return xlsx_response(data, f"{year}年度考核结果.xlsx")


def _sheet(request, year, code):
    require(assessment_scope.can_read_results(request.user))
    cycle = cycle_for(request, year)
    village = get_object_or_404(assessment_scope.result_villages(request.user).select_related("township"), code=code)
    result = VillageResult.objects.filter(cycle=cycle, village=village).first()
    return cycle, village, result, selectors.score_sheet(cycle, village, result)


def score_sheet(request, year: int, code: str):
    cycle, village, result, rows = _sheet(request, year, code)
    return render(request, "assessment/score_sheet.html", {
        "cycle": cycle, "village": village, "result": result, "rows": rows,
        "dimensions": [(d.value, d.label, result.subtotals.get(d.value) if result else None) for d in Dimension],
    })


def score_sheet_export(request, year: int, code: str):
    cycle, village, result, rows = _sheet(request, year, code)
    header = ["编号", "维度", "指标", "满分", "计分方法", "填报/计算值", "原始得分", "最终得分", "填报人", "调整人", "调整理由"]
    data = write_xlsx([Sheet(f"{village.name}评分表", header, (
        [r.indicator.code, r.indicator.get_dimension_display(), r.indicator.name, r.indicator.max_points,
         r.indicator.method_label, r.value, r.original, r.final, str(r.entered_by or ""),
         str(r.adjustment.adjusted_by or "") if r.adjustment else "", r.adjustment.reason if r.adjustment else ""]
        for r in rows), widths=[6, 10, 22, 6, 20, 12, 10, 10, 16, 16, 30],
        title_rows=[f"{village.township.name}{village.name} {year} 年度考核评分表：总分 {result.total if result else '—'}"])])
    return xlsx_response(data, f"{year}年度考核评分表_{village.name}.xlsx")


def statistics(request, year: int):
    require(assessment_scope.can_read_county_results(request.user))
    cycle = cycle_for(request, year)
    summary = selectors.grade_summary(cycle)
    if request.GET.get("format") == "xlsx":
        rows = [[f"{g} 类村", summary["grades"][g], summary["previous"][g], summary["grades"][g] - summary["previous"][g]] for g in "1234"]
        rows += [["新增一类村", summary["new_grade_1"], "", ""], ["新增二类村", summary["new_grade_2"], "", ""]]
        data = write_xlsx([Sheet(f"{year}全县统计", ["级类", f"{year} 年", f"{year - 1} 年", "增减"], rows, widths=[14, 10, 10, 8])])
        return xlsx_response(data, f"{year}年度全县级类统计.xlsx")
    rows = [(g, summary["grades"][g], summary["previous"][g], summary["grades"][g] - summary["previous"][g]) for g in "1234"]
    return render(request, "assessment/statistics.html", {"cycle": cycle, "summary": summary, "rows": rows})


def rewards(request, year: int):
    require(assessment_scope.can_read_county_results(request.user))
    cycle = cycle_for(request, year)
    proposals = selectors.reward_proposals(cycle)
    if request.GET.get("format") == "xlsx":
        header = ["奖励", "排序", "乡镇", "村编码", "行政村", "总分", "级类", "上年级类", "金额（元）"]
        county = [["县级奖励", r["reward_rank"], r["township"], r["code"], r["village"], r["total"], r["grade"],
                   r["previous_grade"], cycle.county_reward_amount] for r in proposals["county"]]
        township = [["乡镇奖励", r["rank_township"], r["township"], r["code"], r["village"], r["total"], r["grade"],
                     r["previous_grade"], cycle.township_reward_amount] for r in proposals["township"]]
        data = write_xlsx([Sheet(f"{year}奖励建议", header, county + township, widths=[10, 6, 10, 15, 12, 8, 6, 8, 12])])
        return xlsx_response(data, f"{year}年度奖励建议名单.xlsx")
    return render(request, "assessment/rewards.html", {"cycle": cycle, **proposals})


def whatif(request, year: int):
    """Try other thresholds or maxima on the cycle's results; nothing is stored."""
    require(roles.is_admin(request.user))
    cycle = cycle_for(request, year)
    indicators = list(cycle.indicators.all())
    initial = {"grade1_min": cycle.grade1_min, "grade2_min": cycle.grade2_min, "grade3_min": cycle.grade3_min}
    form = WhatIfForm(request.GET if "grade1_min" in request.GET else None, initial=initial, indicators=indicators)
    outcome = None
    if form.is_bound and form.is_valid():
        outcome = selectors.whatif(cycle, form.maxima(), form.thresholds())
        outcome["moves"] = sorted(outcome["moves"].items())
    return render(request, "assessment/whatif.html", {
        "cycle": cycle, "form": form, "outcome": outcome, "has_results": cycle.results.exists(),
        "max_fields": [form[f"max_{i.code}"] for i in indicators],
    })
