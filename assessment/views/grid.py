"""The department score grid: own indicators × all villages, saved cell by cell (htmx),
downloaded and uploaded as xlsx."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment import scope as assessment_scope
from xixiang.accounts import roles
from xixiang.core.concurrency import opened_version
from xixiang.core.edit import post_action, require
from xixiang.core.errors import ConcurrentEditError, DomainError
from xixiang.core.exports import xlsx_response

from .. import scoring, selectors, services
from ..choices import CycleStatus
from ..exports import GridExport
from ..forms import GridUploadForm
from ..grid_html import grid_body
from .common import cycle_for


def _department(request, cycle):
    """The scorer's own department; the administrator picks one (?department=id, else the first)."""
    user = request.user
    if not roles.is_admin(user):
        return user.department, None
    departments = list(assessment_scope.grid_departments(user, cycle))  # one query: the page lists them
    chosen = request.GET.get("department") or request.POST.get("department")
    if chosen and chosen.isdigit():
        found = [d for d in departments if d.pk == int(chosen)]
        if not found:
            raise Http404
        return found[0], departments
    return (departments[0] if departments else None), departments


def _indicators(request, cycle, department):
    return list(assessment_scope.grid_indicators(request.user, cycle, department))


def grid(request, year: int):
    require(assessment_scope.can_score(request.user))
    cycle = cycle_for(request, year)
    department, departments = _department(request, cycle)
    indicators = _indicators(request, cycle, department)
    rows = selectors.grid_rows(cycle, indicators, assessment_scope.grid_villages(request.user))
    done, total = selectors.grid_progress(rows)
    survey = [i for i in indicators if i.source == scoring.SURVEY]
    editable = cycle.status == CycleStatus.SCORING
    body = grid_body(rows, editable=editable, cell_url=reverse("assessment:grid_cell", args=[cycle.year]))
    return render(request, "assessment/grid.html", {
        "cycle": cycle, "department": department, "departments": departments,
        "indicators": indicators, "body": body,
        "done": done, "total": total, "editable": editable,
        "upload_form": GridUploadForm(), "upload_errors": [],
        "has_editable": any(not i.is_computed for i in indicators),
        "computed": [i for i in indicators if i.is_computed and i.source != scoring.SURVEY],
        "survey_indicators": survey, "survey": selectors.survey_progress(cycle) if survey else None,
    })


@require_POST
def grid_cell(request, year: int):
    """Save one cell; answers the cell's HTML (and the progress, out of band). A refusal is
    shown in the cell, with what was typed."""
    require(assessment_scope.can_score(request.user))
    cycle = cycle_for(request, year)
    villages = assessment_scope.grid_villages(request.user)
    village = get_object_or_404(villages, code=request.POST.get("village", ""))
    indicator = get_object_or_404(assessment_scope.scorable_indicators(request.user, cycle),
                                  code=request.POST.get("indicator", ""))
    raw = request.POST.get("value", "")
    error, typed = None, None
    try:
        services.score_set(actor=request.user, cycle=cycle, village=village, indicator=indicator, raw=raw,
                           version=opened_version(request.POST.get("version")))
    except ConcurrentEditError as exc:
        # the cell shows the stored value; the message says what changed and what was typed
        error = exc.summary + _("您填写的“%(typed)s”未保存；如仍要修改，请重新填写。") % {"typed": raw.strip() or "—"}
    except DomainError as exc:
        error, typed = exc.message, raw
    value, version = selectors.score_cell(cycle, village, indicator)
    department = indicator.lead_department if roles.is_admin(request.user) else request.user.department
    indicators = _indicators(request, cycle, department)
    done, total = selectors.progress(cycle, indicators, villages)
    return render(request, "assessment/_grid_cell.html", {
        "cycle": cycle, "village": village, "indicator": indicator, "value": value, "version": version,
        "error": error, "typed": typed, "saved": error is None, "editable": True, "oob": True,
        "done": done, "total": total, "row_done": selectors.row_done(cycle, indicators, village),
    })


def grid_export(request, year: int):
    require(assessment_scope.can_score(request.user))
    cycle = cycle_for(request, year)
    department, _departments = _department(request, cycle)
    indicators = [i for i in _indicators(request, cycle, department) if not i.is_computed]
    rows = selectors.grid_rows(cycle, indicators, assessment_scope.grid_villages(request.user))
    return xlsx_response(GridExport(cycle, department, indicators, rows))


@require_POST
def grid_upload(request, year: int):
    """Upload a filled grid: every cell checked, all stored or none (row-level errors)."""
    require(assessment_scope.can_score(request.user))
    cycle = cycle_for(request, year)
    form = GridUploadForm(request.POST, request.FILES)
    return post_action(
        request, form=form,
        act=lambda: services.scores_upload(actor=request.user, cycle=cycle, upload=form.cleaned_data["file"]),
        success=lambda stored: _("已上传并保存 %(n)s 个评分") % {"n": stored}, redirect_to=_grid_url(request, year),
    )


def _grid_url(request, year):
    url = reverse("assessment:grid", args=[year])
    department = request.POST.get("department") or request.GET.get("department")
    return f"{url}?department={department}" if department and department.isdigit() else url
