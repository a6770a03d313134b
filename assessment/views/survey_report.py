"""The survey against the registry (数据比对): per village the survey estimate and its standard
error, the registry's per-capita net income of the same households and of the whole village,
flagged where they differ by more than three standard errors. For the administrator and the
department leading the survey indicator (县统计局)."""

from django.shortcuts import get_object_or_404, render

from assessment import scope as assessment_scope
from xixiang.core.edit import require
from xixiang.core.exports import xlsx_response

from .. import exports, selectors
from ..survey_report_html import report_body
from .common import cycle_for


def _report(request, year: int):
    """The cycle and the report's rows with the page's filters (?village=CODE: that village, 404
    when unknown; ?township=CODE; ?flagged=1: flagged villages only)."""
    cycle = cycle_for(request, year)
    require(assessment_scope.can_compare_survey(request.user, cycle))
    villages = assessment_scope.survey_report_villages(request.user, cycle)
    code = request.GET.get("village", "").strip()
    if code:
        villages = villages.filter(pk=get_object_or_404(villages, code=code).pk)
    township = request.GET.get("township", "").strip()
    if township:
        villages = villages.filter(township__code=township)
    rows = selectors.survey_report(cycle, villages)
    shown = [r for r in rows if r.flagged] if request.GET.get("flagged") == "1" else rows
    return cycle, rows, shown


def survey_report(request, year: int):
    cycle, rows, shown = _report(request, year)
    return render(request, "assessment/survey_report.html", {
        "cycle": cycle, "rows": shown, "body": report_body(shown),
        "flagged": sum(1 for r in rows if r.flagged), "total": len(rows),
        "query": request.GET.urlencode(), "only_flagged": request.GET.get("flagged") == "1",
    })


def survey_report_export(request, year: int):
    cycle, _rows, shown = _report(request, year)
    return xlsx_response(exports.SurveyReportExport(cycle, shown))
