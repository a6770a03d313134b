"""Beyond one machine (issue 18), for real on loopback: PostgreSQL (the test database), the
machine's Redis (a database number claimed for this run), a moto S3 server (a bucket of this
run's own), two web processes (runserver) and two rq workers (`manage.py run_worker` with
DJANGO_TASKS_BACKEND=rq), each process with its own XIXIANG_VAR_DIR. A roster import started on
the first web process is followed to its end on the second; a village's income cards, made by
whichever worker took them, are downloaded from the other web process.

Marked `services`: it needs PostgreSQL, so on SQLite it is deselected (tests/conftest.py), not skipped."""

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager

import pytest
import redis
import requests
from django.conf import settings as django_settings
from django.test import Client

from households.models import Household, ImportBatch
from tests.s3_server import new_bucket, s3_client
from tests.tasks_health.helpers import postgres_url, wait_for
from xixiang.core.models import DocumentJob
from xixiang.tasks_health.models import WorkerHeartbeat

from .conftest import GROUP, household_row, member_row, write_workbook

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
REDIS = "redis://127.0.0.1:6379"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def redis_database():
    """A Redis database number no other run of this test uses now (claimed on database 0 with
    SET NX and an expiry); its rq and progress keys are removed afterwards."""
    claims = redis.Redis.from_url(f"{REDIS}/0")
    token = uuid.uuid4().hex
    number = next((n for n in range(15, 0, -1) if claims.set(f"xixiang-test:redis-db:{n}", token, nx=True, ex=600)),
                  None)
    assert number is not None, "every Redis database 1–15 is claimed by another run"
    own = redis.Redis.from_url(f"{REDIS}/{number}")
    try:
        yield f"{REDIS}/{number}"
    finally:
        for pattern in ("rq:*", f"{token}*"):
            for key in own.scan_iter(pattern):
                own.delete(key)
        if claims.get(f"xixiang-test:redis-db:{number}") == token.encode():
            claims.delete(f"xixiang-test:redis-db:{number}")


@pytest.fixture
def machines(tmp_path, settings, moto_endpoint):
    """The environment every process shares (database, Redis, bucket) and a start function for
    each process, with its own var directory; every process is stopped at the end."""
    endpoint, bucket = moto_endpoint, new_bucket(moto_endpoint, "xixiang-proof")
    s3 = s3_client(endpoint)
    processes = []
    with redis_database() as redis_url:
        prefix = redis_url.rsplit("/", 1)[1]
        env = {**os.environ, "DATABASE_URL": postgres_url(), "DJANGO_TASKS_BACKEND": "rq",
               "XIXIANG_REDIS_URL": redis_url, "XIXIANG_REDIS_PREFIX": f"proof{prefix}",
               "XIXIANG_MEDIA_S3_BUCKET": bucket, "XIXIANG_MEDIA_S3_ENDPOINT_URL": endpoint,
               "XIXIANG_MEDIA_S3_ACCESS_KEY_ID": "testing", "XIXIANG_MEDIA_S3_SECRET_ACCESS_KEY": "testing",
               "XIXIANG_MEDIA_S3_REGION": "us-east-1", "XIXIANG_WORKER_HEARTBEAT_SECONDS": "1",
               "XIXIANG_WORKER_LEASE_SECONDS": "5", "PYTHONUNBUFFERED": "1"}

        def start(name: str, *command: str):
            var = tmp_path / name
            var.mkdir()
            log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 - closed with the process below
            process = subprocess.Popen([sys.executable, "manage.py", *command], cwd=django_settings.BASE_DIR,
                                       env={**env, "XIXIANG_VAR_DIR": str(var)}, stdout=log, stderr=subprocess.STDOUT)
            processes.append((process, log, name))
            return process

        def web(name: str) -> str:
            port = free_port()
            start(name, "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks")
            url = f"http://127.0.0.1:{port}"
            wait(lambda: _answers(url), what=f"{name} to answer", logs=lambda: _logs(tmp_path, name))
            return url

        try:
            yield {"start": start, "web": web, "s3": s3, "bucket": bucket, "logs": lambda: _logs(tmp_path)}
        finally:
            for process, _log, _name in processes:
                process.terminate()
            for process, log, _name in processes:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
                log.close()


def _answers(url: str) -> bool:
    try:
        return requests.get(f"{url}/healthz", timeout=2).status_code == 200
    except requests.ConnectionError:
        return False


def _logs(tmp_path, only: str | None = None) -> str:
    return "\n".join(f"--- {path.name}\n{path.read_text()[-3000:]}" for path in sorted(tmp_path.glob("*.log"))
                     if only is None or path.stem == only)


def wait(condition, *, timeout: float = 40, what: str, logs=None):
    """tests.tasks_health.helpers.wait_for, at the pace of processes on another port."""
    return wait_for(condition, timeout=timeout, what=what, logs=logs, every=0.2)


def browser(user) -> requests.Session:
    """A requests session signed in as `user` (a session row in the shared database)."""
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set(django_settings.SESSION_COOKIE_NAME, client.cookies[django_settings.SESSION_COOKIE_NAME].value)
    return session


def post(session: requests.Session, base: str, path: str, **kwargs) -> requests.Response:
    """A form POST the way a browser sends it: the CSRF cookie and token from the page first."""
    page = session.get(f"{base}{path}")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    data = {**kwargs.pop("data", {}), "csrfmiddlewaretoken": token.group(1) if token else session.cookies["csrftoken"]}
    return session.post(f"{base}{path}", data=data, headers={"Referer": f"{base}{path}"}, allow_redirects=False,
                        **kwargs)


def test_two_web_processes_and_two_rq_workers_share_nothing_on_local_disk(world, machines, tmp_path, new_ids):
    started = time.monotonic()
    first, second = machines["web"]("web1"), machines["web"]("web2")
    for name in ("worker1", "worker2"):
        machines["start"](name, "run_worker", "--worker-id", name)
    wait(lambda: WorkerHeartbeat.objects.filter(worker_id__in=["worker1", "worker2"], stopped_at__isnull=True)
         .count() == 2, what="both workers' heartbeats", logs=machines["logs"])

    clerk = browser(world.users["clerk_chengguan"])
    head = new_ids()
    number = f"{GROUP}050"
    workbook = write_workbook(tmp_path / "roster.xlsx", [household_row(number, head)],
                              [member_row(number, head, 与户主关系="户主", 姓名="张三丰")])
    uploaded = post(clerk, first, "/households/roster/",
                    files={"file": ("农户信息表.xlsx", workbook.read_bytes())})
    assert uploaded.status_code == 302, uploaded.text[:2000]
    batch = ImportBatch.objects.latest("id")

    def follow_on_second(until: str) -> list[str]:
        """Poll the second web process's progress fragment, as the page does, until it says the
        task is finished (204 with HX-Refresh); the states it showed on the way."""
        seen = []

        def finished() -> bool:
            fragment = clerk.get(f"{second}/households/roster/batches/{batch.pk}/progress/",
                                 headers={"HX-Request": "true"})
            if fragment.status_code == 204:
                return fragment.headers.get("HX-Refresh") == "true"
            assert fragment.status_code == 200
            seen.extend(re.findall(r'data-status="([a-z]+)"', fragment.text)[:1])
            return False

        wait(finished, what=f"the {until} on the second web process", logs=machines["logs"])
        page = clerk.get(f"{second}/households/roster/batches/{batch.pk}/")
        assert ImportBatch.objects.get(pk=batch.pk).get_status_display() in page.text
        return seen

    follow_on_second("check")
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.CHECKED
    committed = post(clerk, second, f"/households/roster/batches/{batch.pk}/commit/")
    assert committed.status_code == 302, committed.text[:2000]
    assert set(follow_on_second("commit")) <= {"queued", "running"}
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.IMPORTED
    assert Household.objects.get(number=number).head_name == "张三丰"
    kept = clerk.get(f"{second}/households/roster/batches/{batch.pk}/file/")
    assert kept.content == workbook.read_bytes()  # uploaded to web1, kept in the bucket

    cards = post(clerk, second, "/assistance/cards/batches/new/", data={"code": world.wufeng.code, "year": "2009"})
    assert cards.status_code == 302, cards.text[:2000]
    job = DocumentJob.objects.latest("id")
    wait(lambda: DocumentJob.objects.get(pk=job.pk).status == DocumentJob.Status.DONE, what="the income cards",
         logs=machines["logs"])
    job.refresh_from_db()
    download = clerk.get(f"{first}/documents/{job.pk}/download/")
    stored = machines["s3"].get_object(Bucket=machines["bucket"], Key=f"media/{job.file.name}")["Body"].read()
    assert (download.status_code, download.content[:5], download.content) == (200, b"%PDF-", stored)
    assert sorted(path.name for path in tmp_path.glob("*/media")) == []  # no process kept a file of its own
    took = {name: (tmp_path / f"{name}.log").read_text() for name in ("worker1", "worker2")}
    assert [name for name, log in took.items() if "run_document_job" in log] in (["worker1"], ["worker2"])
    assert sum(log.count("households.roster.tasks.") for log in took.values()) >= 2  # the check and the commit
    assert time.monotonic() - started < 60
