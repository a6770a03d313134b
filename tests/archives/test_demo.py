"""The demo archives, on the demo county seeded once for the run (`demo_county` in tests/conftest.py)."""

import shutil

import pytest

from archives import demo
from archives.models import ArchiveFile, ArchiveRecord
from archives.verification import verify_archives
from xixiang.core.demo import DemoContext

from .conftest import stored_files

pytestmark = pytest.mark.django_db


def test_tiny_demo_gives_two_villages_archives_with_gaps_and_reset_removes_them(
        demo_county, archive_dir, django_capture_on_commit_callbacks):
    # this test deletes files: it works on its own copy of the seed's storage (`archive_dir`)
    shared = stored_files(demo_county.archive_dir)
    shutil.copytree(demo_county.archive_dir, archive_dir)
    # this seeder's records; later seeders file theirs too (demonstration villages' plans and minutes)
    own = ArchiveRecord.objects.filter(description="演示数据")
    own_files = ArchiveFile.objects.filter(record__in=own)
    per_village = {}
    for name, code in own.values_list("village__name", "category__code"):
        per_village.setdefault(name, set()).add(code)
    assert {name: len(codes) for name, codes in per_village.items()} == {"五丰村": 16, "江榜村": 9}
    assert list(own_files.order_by("type_code").values_list("type_code", flat=True).distinct()) == [
        "jpg", "pdf", "xlsx"]
    assert verify_archives().outcome == "passed"
    assert (own_files.count(), own_files.exclude(thumbnail_name="").count()) == (27, 4)
    everything = ArchiveFile.objects.count() + ArchiveFile.objects.exclude(thumbnail_name="").count()
    assert len(stored_files(archive_dir)) == everything  # every file and every photo's thumbnail

    with django_capture_on_commit_callbacks(execute=True):
        demo.reset(DemoContext(scale="tiny", write=lambda message: None))
    assert (ArchiveRecord.objects.count(), ArchiveFile.objects.count(), stored_files(archive_dir)) == (0, 0, [])
    assert stored_files(demo_county.archive_dir) == shared  # the shared seed keeps its files
