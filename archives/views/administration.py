"""The administrator's pages: last verification result (and starting one), restoring deletions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from archives import scope as archive_scope
from xixiang.core import progress
from xixiang.core.choices import JobState
from xixiang.core.errors import DomainError

from .. import selectors, services
from ..models import ArchiveVerification
from ..tables import DeletedFileTable, DeletedRecordTable
from ..tasks import verify_archives_task


def _require_manager(request):
    if not archive_scope.can_manage(request.user):
        raise PermissionDenied


def _progress(run: ArchiveVerification) -> progress.Progress:
    """The last run's progress (a run whose worker died is recovered first); the page does not
    poll: it shows the files checked so far each time it is opened."""
    progress.recover(run)
    return progress.Progress.of(
        run, stage=run.result_label if run.outcome else "", done=run.files_checked, total=run.files_checked,
        unit=_("个文件"), message=run.message,
        queued_since=run.started_at if run.status == JobState.QUEUED else None)


def verification(request):
    _require_manager(request)
    run = selectors.last_verification()
    return render(request, "archives/verification.html", {
        "run": run, "progress": _progress(run) if run is not None else None,
        "recent": ArchiveVerification.objects.select_related("village")[:10],
    })


@require_POST
def verification_start(request):
    _require_manager(request)
    run = services.archive_verification_start(actor=request.user)
    verify_archives_task.enqueue(run_id=run.pk)
    messages.success(request, _("已开始核验全部档案文件；完成后本页显示结果"))
    return redirect("archives:verification")


def trash(request):
    _require_manager(request)
    records = DeletedRecordTable(
        archive_scope.deleted_records(request.user).select_related("village", "category", "deleted_by"),
        prefix="r-")
    files = DeletedFileTable(
        archive_scope.deleted_files(request.user).select_related("record__village", "deleted_by"), prefix="f-")
    config = RequestConfig(request, paginate={"per_page": 25})
    config.configure(records)
    config.configure(files)
    return render(request, "archives/trash.html", {"records": records, "files": files})


@require_POST
def record_restore(request, pk: int):
    _require_manager(request)
    record = get_object_or_404(archive_scope.deleted_records(request.user), pk=pk)
    try:
        services.archive_record_restore(actor=request.user, record=record)
    except DomainError as error:
        raise PermissionDenied(error.message) from error
    messages.success(request, _("已恢复档案“%(title)s”") % {"title": record.title})
    return redirect("archives:record_detail", pk=pk)


@require_POST
def file_restore(request, pk: int):
    _require_manager(request)
    archive_file = get_object_or_404(archive_scope.deleted_files(request.user), pk=pk)
    try:
        services.archive_file_restore(actor=request.user, archive_file=archive_file)
    except DomainError as error:
        raise PermissionDenied(error.message) from error
    messages.success(request, _("已恢复文件“%(name)s”") % {"name": archive_file.original_name})
    return redirect("archives:record_detail", pk=archive_file.record_id)
