"""Results: the county table, each village's score sheet, the county statistics, the reward
proposals and the administrator's what-if sandbox. Every table exports to xlsx (assessment.exports)."""

from django.shortcuts import get_object_or_404, render

from assessment import scope as assessment_scope
from xixiang.accounts import roles
from xixiang.core.edit import require
from xixiang.core.exports import xlsx_response
from xixiang.core.views_mixins import ScopedTableView

from .. import exports, selectors
from ..choices import Dimension
from ..filters import ResultFilter
from ..forms import WhatIfForm
from ..models import VillageResult
from ..tables import ResultTable
from .common import cycle_for


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
    return xlsx_response(exports.ResultsExport(cycle, results))


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
    return xlsx_response(exports.ScoreSheetExport(*_sheet(request, year, code)))


def statistics(request, year: int):
    require(assessment_scope.can_read_county_results(request.user))
    cycle = cycle_for(request, year)
    summary = selectors.county_statistics(cycle)
    names = [selectors.GRADE_NAMES[g] for g in selectors.GRADES]
    rows = [(names[g - 1], summary["grades"][g], summary["previous"][g], summary["net"][g]) for g in selectors.GRADES]
    return render(request, "assessment/statistics.html", {
        "cycle": cycle, "summary": summary, "rows": rows, "grade_names": names,
    })


def statistics_export(request, year: int):
    require(assessment_scope.can_read_county_results(request.user))
    cycle = cycle_for(request, year)
    return xlsx_response(exports.StatisticsExport(cycle, selectors.county_statistics(cycle)))


def rewards(request, year: int):
    require(assessment_scope.can_read_county_results(request.user))
    cycle = cycle_for(request, year)
    proposals = selectors.reward_proposals(cycle)
    return render(request, "assessment/rewards.html", {"cycle": cycle, **proposals})


def rewards_export(request, year: int):
    require(assessment_scope.can_read_county_results(request.user))
    cycle = cycle_for(request, year)
    return xlsx_response(exports.RewardsExport(cycle, selectors.reward_proposals(cycle)))


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
