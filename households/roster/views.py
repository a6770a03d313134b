"""Roster pages: import (upload → dry run → commit), import history, downloads, export.

Thin: querysets come from accounts.scope, writes go through roster.services, the work runs
as background tasks (roster.tasks) whose progress the batch page polls with htmx.
"""

import datetime
import io
import tempfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from households import scope as household_scope
from xixiang.accounts import roles
from xixiang.core import progress
from xixiang.core.choices import JobState
from xixiang.core.errors import DomainError
from xixiang.core.forms import add_domain_error
from xixiang.core.views_mixins import ScopedTableView
from xixiang.tasks_health.selectors import task_queued_since

from ..filters import HouseholdFilter
from . import services, writer
from .filters import ImportBatchFilter
from .forms import RosterUploadForm
from .tables import ImportBatchTable

SHOWN_PROBLEMS = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_importer(request) -> None:
    if not household_scope.can_import_roster(request.user):
        raise PermissionDenied


def _batch(request, pk: int):
    _require_importer(request)
    return get_object_or_404(household_scope.import_batches(request.user).select_related("created_by", "township"), pk=pk)


def roster_import(request):
    """Upload form, the template link and the latest batches."""
    _require_importer(request)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.batch_create(actor=request.user, upload=form.cleaned_data["file"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            services.batch_enqueue_check(batch=batch)
            return redirect("households:roster:batch_detail", pk=batch.pk)
    recent = household_scope.import_batches(request.user).select_related("created_by", "township")[:10]
    return render(request, "households/roster/import.html", {"form": form, "recent": recent})


def roster_template(request):
    _require_importer(request)
    buffer = io.BytesIO()
    writer.write_template(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename="农户信息表模板.xlsx", content_type=XLSX)


def roster_export(request):
    """The household list with its current filters, as the roster workbook."""
    households = HouseholdFilter(request.GET, queryset=household_scope.households(request.user), request=request).qs
    output = tempfile.TemporaryFile()
    writer.write_roster(output, households, mask_ids=not roles.sees_full_id_numbers(request.user))
    output.seek(0)
    filename = f"农户信息表_{datetime.date.today():%Y%m%d}.xlsx"
    return FileResponse(output, as_attachment=True, filename=filename, content_type=XLSX)


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
        batch, stage=batch.get_status_display(), done=batch.rows_done, total=batch.rows_total, unit=_("行"),
        message=batch.message, queued_since=task_queued_since(batch.task_id) if waiting else None,
        poll_url=reverse("households:roster:batch_progress", args=[batch.pk]), poll_seconds=1)


def batch_detail(request, pk: int):
    batch = _batch(request, pk)
    context = {"progress": _progress(batch), "batch": batch}
    context.update({
        "errors": batch.errors[:SHOWN_PROBLEMS], "warnings": batch.warnings[:SHOWN_PROBLEMS],
        "shown": SHOWN_PROBLEMS, "counts": batch.counts,
    })
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
    try:
        services.batch_commit_request(actor=request.user, batch=batch)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("households:roster:batch_detail", pk=batch.pk)


def batch_errors(request, pk: int):
    batch = _batch(request, pk)
    buffer = io.BytesIO()
    writer.write_problems(buffer, batch.errors, batch.warnings)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=_("导入批次%(id)s_错误清单.xlsx") % {"id": batch.pk}, content_type=XLSX)


def batch_file(request, pk: int):
    batch = _batch(request, pk)
    return FileResponse(batch.file.open("rb"), as_attachment=True, filename=batch.original_name, content_type=XLSX)
