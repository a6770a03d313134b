"""An S3-compatible store that answers 500 for a while (moto behind a small proxy on loopback):
a short outage is ridden out by botocore's retries; a longer one fails the upload, the roster
commit, and a village's income cards with a clear message, nothing partial stored, and
the next try once the store answers again succeeds."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from households.models import Household, ImportBatch
from tests.s3_server import new_bucket, s3_client
from xixiang.core.models import DocumentJob

from .conftest import GROUP, household_row, member_row, write_workbook


class FlakyStore:
    """A proxy to moto that answers 500 to the next `failures` requests (-1: to every request)."""

    def __init__(self, upstream: str):
        store = self
        self.failures, self.failed = 0, 0

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _any(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if store.failures:
                    store.failures -= store.failures > 0
                    store.failed += 1
                    self.send_response(500)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                answer = requests.request(self.command, upstream + self.path, data=body, headers=headers,
                                          timeout=30, allow_redirects=False)
                self.send_response(answer.status_code)
                for key, value in answer.headers.items():
                    if key.lower() not in ("content-length", "transfer-encoding", "connection", "content-encoding"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(answer.content)

            do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = _any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def store(settings, moto_endpoint, tmp_path):
    """The default storage in a fresh bucket reached through the flaky proxy: (proxy, keys())."""
    name = new_bucket(moto_endpoint, "xixiang-flaky")
    client = s3_client(moto_endpoint)
    proxy = FlakyStore(moto_endpoint)
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": name, "endpoint_url": proxy.url, "access_key": "testing", "secret_key": "testing",
        "region_name": "us-east-1", "location": "media", "default_acl": "private", "file_overwrite": False}}}
    yield proxy, lambda: sorted(o["Key"] for o in client.list_objects_v2(Bucket=name).get("Contents", []))
    proxy.server.shutdown()


@pytest.fixture
def workbook(tmp_path, new_ids):
    head = new_ids()
    number = f"{GROUP}050"
    return number, write_workbook(tmp_path / "good.xlsx", [household_row(number, head)],
                                  [member_row(number, head, 与户主关系="户主", 姓名="张三丰")])


def _upload(client, path):
    return client.post(reverse("households:roster:import"),
                       {"file": SimpleUploadedFile("农户信息表.xlsx", path.read_bytes())})


def test_a_short_outage_is_ridden_out_by_the_retries(world, store, workbook):
    proxy, keys = store
    proxy.failures = 2
    _upload(world.client_for("clerk_chengguan"), workbook[1])
    batch = ImportBatch.objects.get()
    assert (proxy.failed, batch.status, keys()) == (2, ImportBatch.Status.CHECKED, [f"media/{batch.file.name}"])


def test_an_upload_while_the_store_answers_500_is_refused_with_a_message_and_stores_nothing(world, store, workbook):
    proxy, keys = store
    proxy.failures = -1
    response = _upload(world.client_for("clerk_chengguan"), workbook[1])
    assert response.status_code == 200
    assert "文件存储暂时无法访问，未保存任何内容，请稍后重新上传" in response.content.decode()
    assert (ImportBatch.objects.count(), proxy.failed > 2) == (0, True)
    proxy.failures = 0
    assert keys() == []


def test_a_commit_that_cannot_read_the_kept_file_says_so_and_stores_nothing(
    world, store, workbook, django_capture_on_commit_callbacks
):
    proxy, keys = store
    number, path = workbook
    clerk = world.client_for("clerk_chengguan")
    _upload(clerk, path)
    batch = ImportBatch.objects.latest("id")
    assert batch.status == ImportBatch.Status.CHECKED
    proxy.failures = -1
    with django_capture_on_commit_callbacks(execute=True):
        clerk.post(reverse("households:roster:batch_commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert (batch.status, batch.message) == (
        ImportBatch.Status.CHECKED, "导入中断：文件存储暂时无法访问，未保存任何数据，请稍后重新确认导入")
    assert not Household.objects.filter(number=number).exists()
    page = clerk.get(reverse("households:roster:batch_detail", args=[batch.pk])).content.decode()
    assert "导入中断：文件存储暂时无法访问，未保存任何数据，请稍后重新确认导入" in page
    proxy.failures = 0
    with django_capture_on_commit_callbacks(execute=True):
        clerk.post(reverse("households:roster:batch_commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED and Household.objects.filter(number=number).exists()


def test_income_cards_while_the_store_answers_500_fail_with_a_message_and_store_nothing(world, store):
    proxy, keys = store
    clerk = world.client_for("clerk_chengguan")
    proxy.failures = -1
    clerk.post(reverse("assistance:card_batch_create"), {"code": world.wufeng.code, "year": "2009"})
    job = DocumentJob.objects.latest("id")
    assert (job.status, job.file.name, job.error) == (
        "failed", "", "生成失败：文件存储暂时无法访问，未保存任何文件，请稍后重试")
    page = clerk.get(reverse("core:document_job", args=[job.pk])).content.decode()
    assert "生成失败：文件存储暂时无法访问，未保存任何文件，请稍后重试" in page
    proxy.failures = 0
    assert keys() == []
    clerk.post(reverse("assistance:card_batch_create"), {"code": world.wufeng.code, "year": "2009"})
    again = DocumentJob.objects.latest("id")
    assert (again.status, keys()) == ("done", [f"media/{again.file.name}"])
