"""Moving archive files in and out of the `archives` storage in chunks, hashing on the way.

Nothing here holds a whole file in memory: uploads are copied from Django's temporary
upload file to the storage while SHA-256 is computed over the bytes the storage reads;
downloads and verification read the stored file block by block (for S3, straight from the
object's body stream).
"""

import hashlib
import io
import uuid
from dataclasses import dataclass

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import storages

STORAGE_ALIAS = "archives"
BLOCK_SIZE = 1024 * 1024


def archive_storage():
    return storages[STORAGE_ALIAS]


def new_name(village_code: str, year: int, extension: str, *, folder: str = "") -> str:
    """An opaque storage name: <village code>/<year>/[folder/]<uuid>.<ext>."""
    parts = [village_code, str(year)] + ([folder] if folder else []) + [f"{uuid.uuid4().hex}.{extension}"]
    return "/".join(parts)


class HashingReader(io.RawIOBase):
    """A read-only view of `source` that hashes every byte read, in order, exactly once.

    Storages may seek (S3 measures the size by seeking to the end) or re-read; bytes are
    hashed only when they extend the hashed prefix. If reads ever skip ahead, `complete` is
    False and the caller hashes the source again.
    """

    def __init__(self, source, content_type: str):
        super().__init__()
        self._source = source
        self.content_type = content_type
        self._hash = hashlib.sha256()
        self.hashed = 0
        self._skipped = False

    def readable(self):
        return True

    def seekable(self):
        return True

    def seek(self, offset, whence=io.SEEK_SET):
        return self._source.seek(offset, whence)

    def tell(self):
        return self._source.tell()

    def read(self, size=-1):
        start = self._source.tell()
        data = self._source.read(size)
        end = start + len(data)
        if start > self.hashed:
            self._skipped = True
        elif end > self.hashed:
            self._hash.update(memoryview(data)[self.hashed - start:])
            self.hashed = end
        return data

    def readinto(self, buffer):
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    @property
    def complete(self) -> bool:
        return not self._skipped

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


class _StorageFile(File):
    """What we hand to storage.save(): chunks of 1 MB, a content type, no temporary path."""

    DEFAULT_CHUNK_SIZE = BLOCK_SIZE

    def __init__(self, reader: HashingReader, name: str, size: int):
        super().__init__(reader, name=name)
        self.content_type = reader.content_type
        self.size = size


@dataclass(frozen=True)
class StoredCopy:
    name: str
    sha256: str
    size: int


def hash_stream(fileobj, *, block_size: int = BLOCK_SIZE) -> tuple[str, int]:
    """(sha256 hex digest, number of bytes) of what remains in `fileobj`."""
    digest = hashlib.sha256()
    total = 0
    while block := fileobj.read(block_size):
        digest.update(block)
        total += len(block)
    return digest.hexdigest(), total


def store_file(source, *, name: str, size: int, content_type: str) -> StoredCopy:
    """Copy `source` (a seekable binary file) into the archive storage, hashing as it goes."""
    storage = archive_storage()
    source.seek(0)
    reader = HashingReader(source, content_type)
    stored_name = storage.save(name, _StorageFile(reader, name, size))
    if reader.complete and reader.hashed == size:
        sha256 = reader.hexdigest()
    else:
        source.seek(0)
        sha256, _ = hash_stream(source)
    return StoredCopy(stored_name, sha256, size)


def store_bytes(data: bytes, *, name: str, content_type: str) -> str:
    content = ContentFile(data, name=name)
    content.content_type = content_type
    return archive_storage().save(name, content)


class _ByteRange(io.RawIOBase):
    """Reads at most `length` bytes of `source` (already positioned at the range's start)."""

    def __init__(self, source, length: int):
        super().__init__()
        self._source = source
        self._left = length

    def readable(self):
        return True

    def read(self, size=-1):
        if self._left <= 0:
            return b""
        size = self._left if size is None or size < 0 else min(size, self._left)
        data = self._source.read(size)
        self._left -= len(data)
        return data

    def close(self):
        self._source.close()
        super().close()


def open_stream(name: str, byte_range: tuple[int, int] | None = None):
    """A binary file-like object reading a stored file block by block, from the start or
    only the inclusive `byte_range` (start, end). A file that is not there raises
    FileNotFoundError, on S3 too (as django-storages' own `open()` and `size()` do)."""
    storage = archive_storage()
    bucket = getattr(storage, "bucket", None)
    if bucket is not None:  # django-storages S3: stream the object body, no temporary copy
        return _s3_stream(storage, bucket, name, byte_range)
    stream = storage.open(name, "rb")
    if byte_range is None:
        return stream
    stream.seek(byte_range[0])
    return _ByteRange(stream, byte_range[1] - byte_range[0] + 1)


def _s3_stream(storage, bucket, name: str, byte_range: tuple[int, int] | None):
    from botocore.exceptions import ClientError
    from storages.utils import clean_name

    s3_object = bucket.Object(storage._normalize_name(clean_name(name)))
    ranged = {} if byte_range is None else {"Range": f"bytes={byte_range[0]}-{byte_range[1]}"}
    try:
        return s3_object.get(**ranged)["Body"]
    except ClientError as error:
        if error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
            raise FileNotFoundError(f"File does not exist: {name}") from error
        raise


def stored_size(name: str) -> int | None:
    """Size of a stored file, or None if it is not there."""
    storage = archive_storage()
    if not storage.exists(name):
        return None
    return storage.size(name)


def hash_stored(name: str) -> tuple[str, int]:
    stream = open_stream(name)
    try:
        return hash_stream(stream)
    finally:
        stream.close()


def delete_quietly(names) -> None:
    """Remove stored files after a failed upload; a missing file is not an error."""
    storage = archive_storage()
    for name in names:
        if name:
            try:
                storage.delete(name)
            except OSError:
                pass
