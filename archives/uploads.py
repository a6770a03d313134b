"""Upload handling for archive forms: limits enforced while the request streams in.

Django writes uploads above FILE_UPLOAD_MAX_MEMORY_SIZE to temporary files, so a 200 MB
video never sits in memory. `UploadGuard` goes first in the handler chain and
- skips (stops writing) a file as soon as it passes ARCHIVE_MAX_FILE_SIZE,
- skips every file beyond ARCHIVE_MAX_FILES_PER_UPLOAD,
- records the file names exactly as the browser sent them, before Django strips paths
  and control characters from them, so that such names can be refused with a message.
The view reads `guard.problems()` and refuses the whole upload when there are any.
"""

from django.conf import settings
from django.core.files.uploadhandler import (
    FileUploadHandler,
    MemoryFileUploadHandler,
    SkipFile,
    TemporaryFileUploadHandler,
)
from django.http.multipartparser import MultiPartParser
from django.utils.translation import gettext as _

from . import filenames

#: Bytes the multipart parser hands to the handlers at a time (Django's default is 64 KB;
#: larger chunks mean fewer Python-level iterations for big videos, still bounded memory).
CHUNK_SIZE = 1024 * 1024


class _NameRecordingParser(MultiPartParser):
    def __init__(self, *args, guard, **kwargs):
        super().__init__(*args, **kwargs)
        self._guard = guard

    def sanitize_file_name(self, file_name):
        self._guard.raw_names.append(file_name)
        return super().sanitize_file_name(file_name)


class UploadGuard(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.max_size = settings.ARCHIVE_MAX_FILE_SIZE
        self.max_files = settings.ARCHIVE_MAX_FILES_PER_UPLOAD
        self.raw_names: list[str] = []
        self.too_large: list[str] = []
        self.file_count = 0
        self._parsing = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if self._parsing:  # called again by the parser we start below
            return None
        self._parsing = True
        parser = _NameRecordingParser(META, input_data, self.request.upload_handlers, encoding, guard=self)
        return parser.parse()

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.file_count += 1
        if self.file_count > self.max_files:
            raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.max_size:
            self.too_large.append(self.file_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None

    def problems(self) -> list[str]:
        """Chinese messages for everything that makes this upload unacceptable."""
        messages = []
        for raw in self.raw_names:
            try:
                filenames.check_original_name(raw)
            except filenames.BadFileName as error:
                messages.append(error.message)
        if self.file_count > self.max_files:
            messages.append(_("一次最多上传 %(max)s 个文件，本次选择了 %(n)s 个") % {
                "max": self.max_files, "n": self.file_count})
        for name in self.too_large:
            messages.append(_("文件“%(name)s”超过大小上限 %(limit)s") % {
                "name": name, "limit": filenames.format_size(self.max_size)})
        return messages


def install_upload_guard(request) -> UploadGuard:
    """Put the guard before Django's handlers; call before request.POST/FILES is read."""
    guard = UploadGuard(request)
    handlers = [guard, MemoryFileUploadHandler(request), TemporaryFileUploadHandler(request)]
    for handler in handlers:
        handler.chunk_size = CHUNK_SIZE
    request.upload_handlers = handlers
    return guard
