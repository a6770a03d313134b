"""The department score grid: own indicators × all villages, saved cell by cell (htmx),
downloaded and uploaded as xlsx."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment import scope as assessment_scope
from villages.models import Department
from xixiang.accounts import roles
from xixiang.core.concurrency import opened_version
from xixiang.core.errors import ConcurrentEditError, DomainError
from xixiang.core.exports import xlsx_response
from xixiang.lib.excel import UnreadableWorkbook, read_rows

from .. import selectors, services
from ..choices import CycleStatus
from ..exports import GridExport
from ..forms import GridUploadForm
from ..services.scores import Entry
from .common import cycle_for, require


def _department(request, cycle):
    """The scorer's own department; the administrator picks one (?department=id)."""
    user = request.user
    if roles.is_admin(user):
        departments = Department.objects.filter(lead_indicators__cycle=cycle).distinct().order_by("code")
        chosen = request.GET.get("department") or request.POST.get("department")
        if chosen and chosen.isdigit():
            return get_object_or_404(departments, pk=chosen), departments
        return departments.first(), departments
    return user.department, None


def _indicators(request, cycle, department):
    indicators = assessment_scope.department_indicators(request.user, cycle)
    if department is not None and roles.is_admin(request.user):
        indicators = indicators.filter(lead_department=department)
    return list(indicators.order_by("order", "code"))


def grid(request, year: int):
    require(assessment_scope.can_score(request.user))
    cycle = cycle_for(request, year)
    department, departments = _department(request, cycle)
    indicators = _indicators(request, cycle, department)
    villages = assessment_scope.grid_villages(request.user)
    done, total = selectors.progress(cycle, indicators, villages)
    return render(request, "assessment/grid.html", {
        "cycle": cycle, "department": department, "departments": departments,
        "indicators": indicators, "rows": selectors.grid_rows(cycle, indicators, villages),
        "done": done, "total": total, "editable": cycle.status == CycleStatus.SCORING,
        "upload_form": GridUploadForm(), "upload_errors": [],
    })


@require_POST
def grid_cell(request, year: int):
    """Save one cell; answers the cell's HTML (and the progress, out of band)."""
    require(assessment_scope.can_score(request.user))
    cycle = cycle_for(request, year)
    village = get_object_or_404(assessment_scope.grid_villages(request.user), code=request.POST.get("village", ""))
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
    value, version = cycle.scores.filter(village=village, indicator=indicator).values_list(
        "value", "version").first() or (None, 0)
    department = indicator.lead_department if roles.is_admin(request.user) else request.user.department
    done, total = selectors.progress(cycle, _indicators(request, cycle, department), assessment_scope.grid_villages(request.user))
    return render(request, "assessment/_grid_cell.html", {
        "cycle": cycle, "village": village, "indicator": indicator, "value": value, "version": version,
        "error": error, "typed": typed, "saved": error is None, "editable": True, "oob": True,
        "done": done, "total": total,
    }, status=200)


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
    errors = []
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
    else:
        upload = form.cleaned_data["file"]
        try:
            header, rows = read_rows(upload)
            entries = _entries(header, rows)
            stored = services.scores_bulk_enter(actor=request.user, cycle=cycle, entries=entries)
        except UnreadableWorkbook as exc:
            errors = [str(exc)]
        except services.BulkEntryError as exc:
            errors = [exc.message, *exc.errors[:100]]
        except DomainError as exc:
            errors = [exc.message]
        else:
            messages.success(request, _("已上传并保存 %(n)s 个评分") % {"n": stored})
            return redirect(_grid_url(request, year))
    for error in errors:
        messages.error(request, error)
    return redirect(_grid_url(request, year))


def _grid_url(request, year):
    from django.urls import reverse

    url = reverse("assessment:grid", args=[year])
    department = request.POST.get("department") or request.GET.get("department")
    return f"{url}?department={department}" if department and department.isdigit() else url


def _entries(header: list[str], rows) -> list[Entry]:
    if "村编码" not in header:
        raise UnreadableWorkbook(_("表头缺少“村编码”列，请使用下载的评分表"))
    code_column = header.index("村编码")
    columns = [(index, label.split(" ")[0].strip()) for index, label in enumerate(header)
               if label and label[0] in "ABCDE" and " " in label]
    if not columns:
        raise UnreadableWorkbook(_("表头没有指标列，请使用下载的评分表"))
    entries = []
    for number, values in rows:
        code = values[code_column]
        code = str(int(code)) if isinstance(code, float) and code.is_integer() else str(code).strip()
        entries.extend(Entry(number, code, indicator_code, values[index]) for index, indicator_code in columns)
    return entries
