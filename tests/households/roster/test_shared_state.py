"""No shared state on local disk (issue 18): with the `default` storage in an S3-compatible store
(moto, on loopback) a roster is kept and served, and a village's income cards are rendered and
downloaded, with nothing under the media folder; the progress of a job reported by one process
through the Redis `progress` cache is read by another, with no file written."""

import json
import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from households.models import ImportBatch
from tests.s3_server import new_bucket, s3_client
from xixiang.core import progress
from xixiang.core.models import DocumentJob

from .conftest import GROUP, household_row, member_row, write_workbook

REDIS_URL = "redis://127.0.0.1:6379/0"  # the machine's Redis; keys under a prefix of this test's own


@pytest.fixture
def media_bucket(settings, moto_endpoint, tmp_path):
    """The default storage in a fresh bucket, configured the way XIXIANG_MEDIA_S3_* configures it."""
    name = new_bucket(moto_endpoint, "xixiang-media")
    client = s3_client(moto_endpoint)
    env = {"XIXIANG_MEDIA_S3_BUCKET": name, "XIXIANG_MEDIA_S3_ENDPOINT_URL": moto_endpoint,
           "XIXIANG_MEDIA_S3_ACCESS_KEY_ID": "testing", "XIXIANG_MEDIA_S3_SECRET_ACCESS_KEY": "testing",
           "XIXIANG_MEDIA_S3_REGION": "us-east-1", "XIXIANG_VAR_DIR": str(tmp_path / "settings-var")}
    settings.STORAGES = {**settings.STORAGES, "default": _settings_from(env)["default"]}
    settings.MEDIA_ROOT = tmp_path / "media-unused"
    return client, name


def _settings_from(env: dict) -> dict:
    """xixiang/settings.py's STORAGES as a fresh process with `env` reads them."""
    script = "import json; from django.conf import settings; print(json.dumps(settings.STORAGES))"
    out = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {script}"],
                         cwd=django_settings.BASE_DIR,
                         env={**os.environ, "DJANGO_SETTINGS_MODULE": "xixiang.settings", **env},
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def _keys(client, name) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=name).get("Contents", []))


def test_without_a_bucket_the_default_storage_is_the_media_folder(tmp_path):
    assert _settings_from({"XIXIANG_VAR_DIR": str(tmp_path)})["default"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media"), "base_url": "/media-not-served/"},
    }


def test_a_roster_is_kept_in_the_object_store_and_served_from_it(world, media_bucket, tmp_path, new_ids):
    client, name = media_bucket
    head = new_ids()
    number = f"{GROUP}050"
    path = write_workbook(tmp_path / "good.xlsx", [household_row(number, head)],
                          [member_row(number, head, 与户主关系="户主", 姓名="张三丰")])
    clerk = world.client_for("clerk_chengguan")
    clerk.post(reverse("households:roster:import"), {"file": SimpleUploadedFile("农户信息表.xlsx", path.read_bytes())})
    batch = ImportBatch.objects.latest("id")
    assert (batch.status, batch.counts["households"]["created"]) == (ImportBatch.Status.CHECKED, 1)
    assert _keys(client, name) == [f"media/{batch.file.name}"]
    kept = clerk.get(reverse("households:roster:batch_file", args=[batch.pk]))
    assert b"".join(kept.streaming_content) == path.read_bytes()
    assert not (tmp_path / "media-unused").exists()


def test_a_villages_income_cards_are_rendered_into_the_object_store_and_downloaded(world, media_bucket, tmp_path):
    client, name = media_bucket
    clerk = world.client_for("clerk_chengguan")
    clerk.post(reverse("assistance:card_batch_create"), {"code": world.wufeng.code, "year": "2009"})
    job = DocumentJob.objects.latest("id")
    assert (job.status, job.item_count) == ("done", 1)
    assert _keys(client, name) == [f"media/{job.file.name}"]
    download = clerk.get(reverse("core:document_job_download", args=[job.pk]))
    stored = client.get_object(Bucket=name, Key=f"media/{job.file.name}")["Body"].read()
    assert (download.status_code, b"".join(download.streaming_content)) == (200, stored)
    assert stored[:5] == b"%PDF-" and not (tmp_path / "media-unused").exists()


def test_progress_reported_by_one_process_is_read_by_another_through_redis(settings, tmp_path):
    prefix = f"xixiang-test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {**settings.CACHES, "progress": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"{prefix}:progress"}}
    settings.PROGRESS_CACHE = "progress"
    job = DocumentJob(pk=424242)
    other_var = tmp_path / "other-machine"
    script = ("import django; django.setup(); from xixiang.core import progress; "
              "from xixiang.core.models import DocumentJob; "
              "progress.report(DocumentJob(pk=424242), 250, 1000, '读取“农户”表')")
    subprocess.run([sys.executable, "-c", script], cwd=django_settings.BASE_DIR, check=True, env={
        **os.environ, "DJANGO_SETTINGS_MODULE": "xixiang.settings", "XIXIANG_VAR_DIR": str(other_var),
        "XIXIANG_REDIS_URL": REDIS_URL, "XIXIANG_REDIS_PREFIX": prefix})
    try:
        assert progress.read(job) == progress.Report(250, 1000, "读取“农户”表")
        assert not (other_var / "progress").exists() and not (settings.VAR_DIR / "progress").exists()
    finally:
        progress.clear(job)
    assert progress.read(job) is None


def test_a_progress_store_that_is_away_costs_the_report_not_the_job(settings):
    settings.CACHES = {**settings.CACHES, "progress": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 0.2}}}  # nothing listens on port 9
    settings.PROGRESS_CACHE = "progress"
    job = DocumentJob(pk=1)
    with progress.reporting(job) as report:
        report(1, 2, "layout")
        assert progress.read(job) is None
