"""The `archives` storage on an S3-compatible object store (django-storages), against a local
moto server: upload, streamed download, verification, and the settings that switch it on."""

import hashlib
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from archives import demo_files as samples
from archives.verification import verify_archives
from tests.s3_server import new_bucket, s3_client

from .conftest import JPEG, PDF, content

pytestmark = pytest.mark.django_db


@pytest.fixture
def bucket(settings, moto_endpoint):
    name = new_bucket(moto_endpoint, "xixiang")
    client = s3_client(moto_endpoint)
    settings.STORAGES = {
        **settings.STORAGES,
        "archives": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": moto_endpoint,
                "access_key": "testing",
                "secret_key": "testing",
                "region_name": "us-east-1",
                "location": "archives",
                "default_acl": "private",
                "file_overwrite": False,
                "max_memory_size": 1024 * 1024,
            },
        },
    }
    return client, name


def object_keys(client, name) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=name).get("Contents", []))


def test_upload_stores_objects_in_the_bucket_with_the_detected_type(world, make_record, bucket):
    client, name = bucket
    record = make_record([content("通知.pdf", PDF), content("照片.jpg", JPEG)])
    pdf = record.files.get(original_name="通知.pdf")
    photo = record.files.get(original_name="照片.jpg")
    assert object_keys(client, name) == sorted(
        [f"archives/{pdf.stored_name}", f"archives/{photo.stored_name}", f"archives/{photo.thumbnail_name}"]
    )
    head = client.head_object(Bucket=name, Key=f"archives/{pdf.stored_name}")
    assert (head["ContentType"], head["ContentLength"]) == ("application/pdf", len(PDF))
    assert pdf.sha256 == hashlib.sha256(PDF).hexdigest()


def test_large_file_goes_up_in_parts_and_comes_back_streamed(world, make_record, bucket):
    video = b"".join(samples.mp4_stream(12 * 1024 * 1024 + 5))  # above boto3's 8 MB multipart threshold
    record = make_record([content("宣传片.mp4", video)])
    stored = record.files.get()
    assert (stored.size, stored.sha256) == (len(video), hashlib.sha256(video).hexdigest())
    response = world.client_for("leader").get(reverse("archives:file_download", args=[stored.pk]))
    assert response.streaming
    assert response["Content-Length"] == str(len(video))
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == stored.sha256


def test_another_townships_download_answers_404_on_s3_too(world, make_record, bucket):
    record = make_record()
    url = reverse("archives:file_download", args=[record.files.get().pk])
    assert world.client_for("clerk_xiakou").get(url).status_code == 404


def test_a_download_of_an_object_missing_from_the_bucket_answers_404(world, make_record, bucket):
    client, name = bucket
    stored = make_record().files.get()
    client.delete_object(Bucket=name, Key=f"archives/{stored.stored_name}")
    response = world.client_for("leader").get(reverse("archives:file_download", args=[stored.pk]))
    assert response.status_code == 404


def test_verification_finds_missing_and_altered_objects(world, make_record, bucket):
    client, name = bucket
    record = make_record([content("通知.pdf", PDF), content("照片.jpg", JPEG)])
    assert verify_archives().outcome == "passed"
    pdf = record.files.get(original_name="通知.pdf")
    photo = record.files.get(original_name="照片.jpg")
    client.delete_object(Bucket=name, Key=f"archives/{pdf.stored_name}")
    client.put_object(Bucket=name, Key=f"archives/{photo.stored_name}", Body=JPEG + b"x")
    run = verify_archives()
    assert sorted((p["original_name"], p["problem"]) for p in run.problems) == [
        ("照片.jpg", "altered"),
        ("通知.pdf", "missing"),
    ]


def archive_storage_setting(**env) -> dict:
    """STORAGES["archives"] as a fresh process computes it from the environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("XIXIANG_ARCHIVE_", "XIXIANG_MEDIA_ROOT"))}
    code = "import json; from django.conf import settings; print(json.dumps(settings.STORAGES['archives']))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "xixiang.settings"},
        capture_output=True,
        text=True,
        check=True,
        cwd=django_settings.BASE_DIR,
    )
    return json.loads(result.stdout)


def test_settings_switch_to_s3_when_a_bucket_is_configured():
    config = archive_storage_setting(
        XIXIANG_ARCHIVE_S3_BUCKET="county-archives",
        XIXIANG_ARCHIVE_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        XIXIANG_ARCHIVE_S3_REGION="cn-northwest-1",
        XIXIANG_ARCHIVE_S3_ACCESS_KEY_ID="key",
        XIXIANG_ARCHIVE_S3_SECRET_ACCESS_KEY="secret",
    )
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    assert {
        k: config["OPTIONS"][k] for k in ("bucket_name", "endpoint_url", "region_name", "location", "access_key")
    } == {
        "bucket_name": "county-archives",
        "endpoint_url": "http://127.0.0.1:9000",
        "region_name": "cn-northwest-1",
        "location": "archives",
        "access_key": "key",
    }


def test_default_storage_is_a_folder_under_the_var_directory(tmp_path):
    config = archive_storage_setting(XIXIANG_VAR_DIR=str(tmp_path))
    assert config == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media" / "archives"), "base_url": None},
    }


def test_byte_range_is_read_from_the_object_store(world, make_record, bucket):
    video = b"".join(samples.mp4_stream(1_000_000))
    stored = make_record([content("宣传片.mp4", video)]).files.get()
    response = world.client_for("leader").get(
        reverse("archives:file_preview", args=[stored.pk]), headers={"Range": "bytes=500000-500099"}
    )
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == video[500000:500100]
