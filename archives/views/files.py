"""File page, downloads, inline previews, thumbnails and file deletion.

Every byte leaves through these views only, after the scope check: attachments with the
original name (RFC 6266), the content type detected at upload, `nosniff`, streamed in blocks;
single byte ranges are answered (206) so that video and audio previews can seek.
"""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from archives import scope as archive_scope
from xixiang.core.edit import post_action, require
from xixiang.lib.downloads import content_disposition
from xixiang.lib.http_ranges import RangeNotSatisfiable, parse_byte_range, unsatisfied_range

from .. import services, storage


class ArchiveFileResponse(FileResponse):
    block_size = 512 * 1024


def _stream_response(name: str, *, content_type: str, size: int | None, filename: str, inline: bool,
                     range_header: str = ""):
    try:
        wanted = parse_byte_range(range_header, size) if size else None
    except RangeNotSatisfiable:
        response = HttpResponse(status=416)
        response["Content-Range"] = unsatisfied_range(size)
        return response
    try:
        stream = storage.open_stream(name, wanted)
    except OSError as exc:  # FileNotFoundError included, from the file system and from S3 (storage.py)
        raise Http404(_("文件在存储中缺失，请联系县升级晋档办")) from exc
    response = ArchiveFileResponse(stream, content_type=content_type)
    if wanted is not None:
        response.status_code = 206
        response["Content-Range"] = wanted.content_range(size)
        response["Content-Length"] = str(wanted.length)
    elif size is not None:
        response["Content-Length"] = str(size)
    if size is not None:
        response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    return response


def _readable_file(request, pk: int):
    return get_object_or_404(
        archive_scope.files(request.user).select_related(
            "record__village__township", "record__category", "uploaded_by"), pk=pk)


def file_detail(request, pk: int):
    archive_file = _readable_file(request, pk)
    return render(request, "archives/file_detail.html", {
        "file": archive_file,
        "record": archive_file.record,
        "can_edit": archive_scope.editable_files(request.user).filter(pk=pk).exists(),
    })


@require_GET
def file_download(request, pk: int):
    archive_file = _readable_file(request, pk)
    return _stream_response(archive_file.stored_name, content_type=archive_file.content_type,
                            size=archive_file.size, filename=archive_file.original_name, inline=False,
                            range_header=request.headers.get("Range", ""))


@require_GET
@xframe_options_sameorigin
def file_preview(request, pk: int):
    """Inline, for the types browsers show themselves (PDF, images, audio, video); 404 otherwise."""
    archive_file = _readable_file(request, pk)
    if not archive_file.previewable:
        raise Http404(_("该类型的文件不能在浏览器中预览，请下载"))
    return _stream_response(archive_file.stored_name, content_type=archive_file.content_type,
                            size=archive_file.size, filename=archive_file.original_name, inline=True,
                            range_header=request.headers.get("Range", ""))


@require_GET
def file_thumbnail(request, pk: int):
    archive_file = _readable_file(request, pk)
    if not archive_file.thumbnail_name:
        raise Http404
    return _stream_response(archive_file.thumbnail_name, content_type="image/jpeg", size=None,
                            filename=f"thumbnail-{archive_file.pk}.jpg", inline=True)


@require_POST
def file_delete(request, pk: int):
    archive_file = _readable_file(request, pk)
    require(archive_scope.editable_files(request.user).filter(pk=pk).exists())
    return post_action(
        request, act=lambda: services.archive_file_delete(actor=request.user, archive_file=archive_file),
        success=_("已删除文件“%(name)s”；如需恢复，请联系县升级晋档办") % {"name": archive_file.original_name},
        redirect_to=("archives:record_detail", archive_file.record_id),
    )
