"""The administrator's pages: last verification result (and starting one), restoring deletions."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from archives import scope as archive_scope
from xixiang.core import progress
from xixiang.core.choices import JobState
from xixiang.core.edit import post_action, require

from .. import selectors, services
from ..models import ArchiveVerification
from ..tables import DeletedFileTable, DeletedRecordTable
from ..tasks import verify_archives_task


def _progress(run: ArchiveVerification) -> progress.Progress:
    """The last run's progress (a run whose worker died is recovered first); the page does not
    poll: it shows the files checked so far each time it is opened."""
    progress.recover(run)
    return progress.Progress.of(
        run, stage=run.result_label if run.outcome else "", done=run.files_checked, total=run.files_checked,
        unit=_("个文件"), message=run.message,
        queued_since=run.started_at if run.status == JobState.QUEUED else None)


def verification(request):
    require(archive_scope.can_manage(request.user))
    run = selectors.last_verification()
    return render(request, "archives/verification.html", {
        "run": run, "progress": _progress(run) if run is not None else None,
        "recent": ArchiveVerification.objects.select_related("village")[:10],
    })


@require_POST
def verification_start(request):
    require(archive_scope.can_manage(request.user))
    return post_action(request, act=lambda: _verification_start(request.user),
                       success=_("已开始核验全部档案文件；完成后本页显示结果"), redirect_to="archives:verification")


def _verification_start(actor) -> None:
    run = services.archive_verification_start(actor=actor)
    verify_archives_task.enqueue(run_id=run.pk)


def trash(request):
    require(archive_scope.can_manage(request.user))
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
    require(archive_scope.can_manage(request.user))
    record = get_object_or_404(archive_scope.deleted_records(request.user), pk=pk)
    return post_action(
        request, act=lambda: services.archive_record_restore(actor=request.user, record=record),
        success=_("已恢复档案“%(title)s”") % {"title": record.title},
        redirect_to=("archives:record_detail", pk), refused_to="archives:trash",
    )


@require_POST
def file_restore(request, pk: int):
    require(archive_scope.can_manage(request.user))
    archive_file = get_object_or_404(archive_scope.deleted_files(request.user), pk=pk)
    return post_action(
        request, act=lambda: services.archive_file_restore(actor=request.user, archive_file=archive_file),
        success=_("已恢复文件“%(name)s”") % {"name": archive_file.original_name},
        redirect_to=("archives:record_detail", archive_file.record_id), refused_to="archives:trash",
    )
