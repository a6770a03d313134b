"""Projects and funds: the catalogue, allocations, the import/export and the reports. Thin views:
403 through `require` when the role lacks the action, 404 for rows outside the user's scope."""

from django.db.models import Sum
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xixiang.core.edit import form_page, post_action, require
from xixiang.core.errors import DomainError
from xixiang.core.exports import xlsx_response
from xixiang.core.views_mixins import ScopedTableView
from xixiang.lib.xlsx_container import UnreadableWorkbook

from . import exports, selectors, services, workbook
from . import scope as project_scope
from .filters import AllocationFilter, ProjectFilter
from .forms import AllocationForm, ImportForm, ProjectForm
from .models import Allocation, Project
from .tables import AllocationTable, ProjectTable

DIMENSION_LABELS = {
    "year": gettext_lazy("年度"), "level": gettext_lazy("级别"), "department": gettext_lazy("部门"),
    "township": gettext_lazy("乡镇"), "village": gettext_lazy("行政村"),
}


def _year(request, default=None) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else default


def _default_year() -> int:
    return Project.objects.order_by("-year").values_list("year", flat=True).first() or 2009


class ProjectListView(ScopedTableView):
    table_class = ProjectTable
    filterset_class = ProjectFilter
    template_name = "projects/project_list.html"

    def dispatch(self, request, *args, **kwargs):
        require(project_scope.can_read_catalogue(request.user))
        return super().dispatch(request, *args, **kwargs)

    def scoped_queryset(self, user):
        return project_scope.projects(user).select_related("department", "direction")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_edit=project_scope.can_edit_projects(self.request.user), **kwargs)


def project_export(request):
    require(project_scope.can_read_catalogue(request.user))
    projects = ProjectFilter(request.GET, queryset=project_scope.projects(request.user), request=request).qs
    allocations = project_scope.allocations(request.user).filter(project__in=projects.values("pk"))
    return xlsx_response(exports.ProjectsExport(projects, allocations, year=_year(request)))


def project_template(request):
    require(project_scope.can_edit_projects(request.user))
    return xlsx_response(exports.ProjectsTemplateExport())


def project_import(request):
    require(project_scope.can_edit_projects(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)

    def save(form):
        try:
            return workbook.projects_import(actor=request.user, data=form.cleaned_data["file"],
                                            dry_run=form.cleaned_data["dry_run"])
        except UnreadableWorkbook as error:
            raise DomainError(str(error), field="file") from error
        except workbook.ImportFailed as failure:
            form.row_errors = failure.errors
            raise

    def success(result):
        text = _("项目：新增 %(pc)s，修改 %(pu)s；项目安排：新增 %(ac)s，修改 %(au)s") % {
            "pc": result.projects_created, "pu": result.projects_updated,
            "ac": result.allocations_created, "au": result.allocations_updated}
        return (_("检查通过，没有错误（未保存）。") if result.dry_run else _("已导入。")) + text

    return form_page(request, form, save=save, success=success, redirect_to="projects:project_list",
                     template="projects/project_import.html",
                     context={"project_columns": workbook.PROJECT_COLUMNS,
                              "allocation_columns": workbook.ALLOCATION_COLUMNS})


def project_detail(request, pk: int):
    require(project_scope.can_read_catalogue(request.user))
    project = get_object_or_404(project_scope.projects(request.user).select_related("department", "direction"), pk=pk)
    allocations = project_scope.allocations(request.user).filter(project=project)
    rows = list(allocations.select_related("village__township").order_by("village__code"))
    outputs = selectors.allocation_outputs([a.pk for a in rows])
    allocated = Allocation.objects.filter(project=project).aggregate(total=Sum("amount"))["total"] or 0
    can_edit = project_scope.can_edit_project(request.user, project)
    return render(request, "projects/project_detail.html", {
        "project": project, "rows": [(a, outputs.get(a.pk, [])) for a in rows], "allocated": allocated,
        "remaining": project.investment - allocated, "can_edit": can_edit,
        "editable_ids": set(project_scope.editable_allocations(request.user).filter(project=project)
                            .values_list("pk", flat=True)) if can_edit else set(),
    })


def project_create(request):
    require(project_scope.can_edit_projects(request.user))
    return _project_form(request, Project(created_by=request.user))


def project_edit(request, pk: int):
    require(project_scope.can_edit_projects(request.user))
    project = get_object_or_404(project_scope.editable_projects(request.user), pk=pk)
    return _project_form(request, project)


def _project_form(request, project):
    return form_page(
        request, ProjectForm(request.POST or None, instance=project, user=request.user),
        save=lambda form: services.project_save(actor=request.user, project=form.instance),
        success=_("已保存项目"), redirect_to=lambda saved: ("projects:project_detail", saved.pk),
        template="projects/project_form.html", context={"project": project},
    )


def allocation_create(request, pk: int):
    require(project_scope.can_edit_projects(request.user))
    project = get_object_or_404(project_scope.editable_projects(request.user), pk=pk)
    return _allocation_form(request, Allocation(project=project), project)


def allocation_edit(request, pk: int):
    require(project_scope.can_edit_projects(request.user))
    allocation = get_object_or_404(project_scope.editable_allocations(request.user).select_related("project"), pk=pk)
    return _allocation_form(request, allocation, allocation.project)


def _allocation_form(request, allocation, project):
    village = request.GET.get("village")
    initial = {"village": village} if village and not allocation.pk else None
    form = AllocationForm(request.POST or None, instance=allocation, user=request.user, initial=initial)
    return form_page(
        request, form,
        save=lambda form: services.allocation_save(actor=request.user, allocation=form.instance,
                                                   outputs=form.outputs()),
        success=_("已保存项目安排"), redirect_to=("projects:project_detail", project.pk),
        template="projects/allocation_form.html", context={"project": project, "allocation": allocation},
    )


@require_POST
def allocation_delete(request, pk: int):
    require(project_scope.can_edit_projects(request.user))
    allocation = get_object_or_404(project_scope.editable_allocations(request.user), pk=pk)
    project_id = allocation.project_id
    return post_action(request, act=lambda: services.allocation_delete(actor=request.user, allocation=allocation),
                       success=_("已删除项目安排"), redirect_to=("projects:project_detail", project_id))


class AllocationListView(ScopedTableView):
    table_class = AllocationTable
    filterset_class = AllocationFilter
    template_name = "projects/allocation_list.html"

    def dispatch(self, request, *args, **kwargs):
        require(project_scope.can_read_allocations(request.user))
        return super().dispatch(request, *args, **kwargs)

    def scoped_queryset(self, user):
        return project_scope.allocations(user).select_related("project", "township", "village")


def allocation_export(request):
    require(project_scope.can_read_allocations(request.user))
    allocations = AllocationFilter(request.GET, queryset=project_scope.allocations(request.user), request=request).qs
    projects = Project.objects.filter(pk__in=allocations.values("project_id"))
    return xlsx_response(exports.ProjectsExport(projects, allocations, year=_year(request)))


def _funds(request):
    require(project_scope.can_read_catalogue(request.user))
    by = request.GET.get("by", "township")
    by = by if by in selectors.DIMENSIONS else "township"
    year = _year(request) if request.GET.get("year") != "all" else None
    if "year" not in request.GET:
        year = _default_year()
    report = selectors.funds_report(year, by, allocations=project_scope.allocations(request.user))
    return by, year, report


def funds_report(request):
    by, year, report = _funds(request)
    return render(request, "projects/funds_report.html", {
        "by": by, "by_label": DIMENSION_LABELS[by], "year": year, "report": report, "dimensions": DIMENSION_LABELS,
        "years": selectors.years(),
    })


def funds_report_export(request):
    by, year, report = _funds(request)
    return xlsx_response(exports.FundsReportExport(report, year=year, by_label=str(DIMENSION_LABELS[by])))


def _tilt(request):
    require(project_scope.can_read_catalogue(request.user))
    year = _year(request, _default_year())
    tilt = selectors.tilt(year)
    return year, tilt, selectors.targeted_village_funds(year, tilt["targeted_ids"])


def tilt_report(request):
    year, tilt, rows = _tilt(request)
    return render(request, "projects/tilt_report.html",
                  {"year": year, "tilt": tilt, "rows": rows, "years": selectors.years()})


def tilt_report_export(request):
    _year_, tilt, rows = _tilt(request)
    return xlsx_response(exports.TiltExport(tilt, rows))


def _tasks(request):
    require(project_scope.can_read_catalogue(request.user))
    return selectors.construction_tasks(_year(request, 2009))


def tasks_report(request):
    tasks = _tasks(request)
    return render(request, "projects/tasks_report.html", {"tasks": tasks, "year": tasks["year"],
                                                          "years": range(2009, 2012)})


def tasks_report_export(request):
    return xlsx_response(exports.ConstructionTasksExport(_tasks(request)))


