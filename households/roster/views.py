"""Roster pages: import (upload → dry run → commit), import history, downloads, export.

Thin: querysets come from households.scope, writes go through roster.services, the work runs
as background tasks (roster.tasks) whose progress the batch page polls with htmx.
"""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from households import scope as household_scope
from villages import scope as village_scope
from xixiang.accounts import roles
from xixiang.core import progress
from xixiang.core.choices import JobState
from xixiang.core.edit import form_page, post_action, require
from xixiang.core.exports import xlsx_response
from xixiang.core.views_mixins import ScopedTableView
from xixiang.lib.excel import XLSX_CONTENT_TYPE
from xixiang.lib.years import parse_year
from xixiang.tasks_health.selectors import task_queued_since

from .. import selectors
from ..exports import ImportProblemsExport, RosterExport, RosterTemplateExport, RosterYearTemplateExport
from ..filters import HouseholdFilter
from ..models import ImportBatch
from . import services
from .filters import ImportBatchFilter
from .forms import RosterUploadForm
from .tables import ImportBatchTable

SHOWN_PROBLEMS = 200
#: The statuses whose counts mean something: a dry run without errors, and its commit. A batch
#: with errors or a failed one counted only the rows it could read (no "0 / 0 / 0" table).
COUNTED = (
    ImportBatch.Status.CHECKED,
    ImportBatch.Status.COMMIT_QUEUED,
    ImportBatch.Status.IMPORTING,
    ImportBatch.Status.IMPORTED,
)


def _require_importer(request) -> None:
    require(household_scope.can_import_roster(request.user))


def _batch(request, pk: int):
    _require_importer(request)
    return get_object_or_404(
        household_scope.import_batches(request.user).select_related("created_by", "township"), pk=pk
    )


def roster_import(request):
    """Upload form, the template link and the latest batches."""
    _require_importer(request)
    return form_page(
        request,
        RosterUploadForm(request.POST or None, request.FILES or None),
        save=lambda form: _batch_create(request.user, form.cleaned_data["file"]),
        success=None,  # the batch page shows the check's progress
        redirect_to=lambda batch: ("households:roster:batch_detail", batch.pk),
        template="households/roster/import.html",
        context={"recent": household_scope.import_batches(request.user).select_related("created_by", "township")[:10]},
    )


def _batch_create(actor, upload):
    batch = services.batch_create(actor=actor, upload=upload)
    services.batch_enqueue_check(batch=batch)
    return batch


def roster_template(request):
    """The blank template; with ?year=Y, Y's template: last year's households of the user's
    scope, each with a row of Y and blank amounts (households.selectors.roster_year_households).
    Both list the villages and groups the user may import (sheet 村组编码)."""
    _require_importer(request)
    groups = selectors.roster_group_codes(village_scope.editable_groups(request.user))
    if "year" not in request.GET:
        return xlsx_response(RosterTemplateExport(groups))
    year = parse_year(request.GET["year"])
    if year is None:
        raise Http404
    households = selectors.roster_year_households(household_scope.editable_households(request.user), year)
    return xlsx_response(
        RosterYearTemplateExport(
            households, year, mask_ids=not roles.sees_full_id_numbers(request.user), groups=groups
        )
    )


def roster_export(request):
    """The household list with its current filters, as the roster workbook."""
    households = HouseholdFilter(request.GET, queryset=household_scope.households(request.user), request=request).qs
    return xlsx_response(RosterExport(households, mask_ids=not roles.sees_full_id_numbers(request.user)))


class ImportBatchListView(ScopedTableView):
    table_class = ImportBatchTable
    filterset_class = ImportBatchFilter
    template_name = "households/roster/batch_list.html"

    def dispatch(self, request, *args, **kwargs):
        _require_importer(request)
        return super().dispatch(request, *args, **kwargs)

    def scoped_queryset(self, user):
        return household_scope.import_batches(user).select_related("created_by", "township")


def _progress(batch) -> progress.Progress:
    """The progress of a batch (a batch whose worker died is recovered first): its status, then
    the reported phase while it runs, and the rows read. Polled every second; once the batch is
    finished the fragment reloads the page (batch_progress)."""
    progress.recover(batch)
    waiting = batch.job_state == JobState.QUEUED
    return progress.Progress.of(
        batch,
        stage=batch.get_status_display(),
        done=batch.rows_done,
        total=batch.rows_total,
        unit=_("行"),
        message=batch.message,
        queued_since=task_queued_since(batch.task_id) if waiting else None,
        poll_url=reverse("households:roster:batch_progress", args=[batch.pk]),
        poll_seconds=1,
    )


def batch_detail(request, pk: int):
    batch = _batch(request, pk)
    context = {"progress": _progress(batch), "batch": batch}
    context.update(
        {
            "errors": batch.errors[:SHOWN_PROBLEMS],
            "warnings": batch.warnings[:SHOWN_PROBLEMS],
            "shown": SHOWN_PROBLEMS,
            "counts": batch.counts if batch.status in COUNTED and not batch.error_count else None,
        }
    )
    return render(request, "households/roster/batch_detail.html", context)


def batch_progress(request, pk: int):
    """The progress bar, polled by htmx; once the task is done the page reloads itself."""
    batch = _batch(request, pk)
    shown = _progress(batch)
    if shown.finished:
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    return render(request, "core/_progress.html", {"progress": shown})


@require_POST
def batch_commit(request, pk: int):
    batch = _batch(request, pk)
    return post_action(
        request,
        act=lambda: services.batch_commit_request(actor=request.user, batch=batch),
        success=None,  # the batch page shows the commit's progress
        redirect_to=("households:roster:batch_detail", batch.pk),
    )


def batch_errors(request, pk: int):
    return xlsx_response(ImportProblemsExport(_batch(request, pk)))


def batch_file(request, pk: int):
    """The uploaded file as it was kept (not an export: the user's own bytes, under their name)."""
    batch = _batch(request, pk)
    return FileResponse(
        batch.file.open("rb"), as_attachment=True, filename=batch.original_name, content_type=XLSX_CONTENT_TYPE
    )
