"""Fixtures of the archive tests: a private storage folder per test and upload helpers."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from archives import demo_files as samples
from archives import services
from archives.models import ArchiveCategory, ArchiveMedium


@pytest.fixture(autouse=True)
def archive_dir(settings, tmp_path):
    """Each test stores its files in its own folder (the `archives` storage alias)."""
    location = tmp_path / "archive-storage"
    settings.STORAGES = {
        **settings.STORAGES,
        "archives": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                     "OPTIONS": {"location": str(location), "base_url": None}},
    }
    return location


def stored_files(location) -> list[str]:
    """Relative paths of every file in the storage folder."""
    if not location.exists():
        return []
    return sorted(str(p.relative_to(location)) for p in location.rglob("*") if p.is_file())


@pytest.fixture
def category(db):
    def get(code: str) -> ArchiveCategory:
        return ArchiveCategory.objects.get(code=code)
    return get


@pytest.fixture
def medium(db):
    def get(code: str) -> ArchiveMedium:
        return ArchiveMedium.objects.get(code=code)
    return get


PDF = samples.tiny_pdf(["test"])
JPEG = samples.jpeg(640, 480)
XLSX = samples.xlsx([["a", "b"], [1, 2]])


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def content(name: str, data: bytes) -> ContentFile:
    """A file object whose name is kept exactly (SimpleUploadedFile strips paths)."""
    return ContentFile(data, name=name)


@pytest.fixture
def make_record(world, category):
    """Create a record through the service: make_record(files=[...], user=..., village=..., code=...)."""
    def make(files=None, *, user="clerk_chengguan", village=None, code="W1", year=2009, title="会议记录"):
        return services.archive_record_create(
            actor=world.users[user], village=village or world.wufeng, year=year, category=category(code),
            medium=None, title=title, files=files or [content("通知.pdf", PDF)],
        )
    return make


BOUNDARY = "----xixiang-test-boundary"


def multipart(fields: dict, files: list[tuple[str, bytes]], *, field_name: str = "uploads") -> bytes:
    """A multipart/form-data body with file names exactly as given (the test client strips paths)."""
    parts = []
    for key, value in fields.items():
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
    for name, data in files:
        escaped = name.replace('"', '\\"')
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field_name}"; filename="{escaped}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)


MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
