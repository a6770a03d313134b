"""Faults under the rq queue (DJANGO_TASKS_BACKEND=rq), with a real `run_worker` subprocess on the
PostgreSQL test database: a worker killed in the middle of a roster commit (the batch recovers,
nothing stored, the page says why), and Redis restarted while a commit runs (the worker rides it
out, the commit ends, the worker takes the next task). The commit is held inside its transaction
by a lock on the members table taken from another connection (as in test_interrupted.py).

Marked `services` (PostgreSQL only; deselected on SQLite, tests/conftest.py)."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import psycopg
import pytest
from django.conf import settings as django_settings
from django.tasks import task_backends
from django.urls import reverse
from django.utils import timezone

from households.models import Household, ImportBatch
from tests.tasks_health.helpers import postgres_url, wait_for
from tests.tasks_health.tasks import echo
from xixiang.core import progress
from xixiang.tasks_health.models import WorkerHeartbeat

from .test_interrupted import COMMIT_INTERRUPTED, _waiting_on_the_lock, checked_batch, number  # noqa: F401
from .test_two_machines import redis_database

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def use_rq(settings, redis_url: str, prefix: str) -> dict:
    """This process queues to rq on `redis_url` and reads progress from it; the worker's environment."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.RQ_QUEUES = {"default": {"URL": redis_url}}
    settings.CACHES = {**settings.CACHES, "progress": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url,
        "KEY_PREFIX": f"{prefix}:progress"}}
    settings.PROGRESS_CACHE = "progress"
    return {"DJANGO_TASKS_BACKEND": "rq", "XIXIANG_REDIS_URL": redis_url, "XIXIANG_REDIS_PREFIX": prefix}


def start_rq_worker(worker_id: str, env: dict, *, tmp_path):
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--worker-id", worker_id], cwd=django_settings.BASE_DIR,
        env={**os.environ, **env, "DATABASE_URL": postgres_url(), "XIXIANG_VAR_DIR": str(tmp_path / "worker-var"),
             "XIXIANG_MEDIA_ROOT": str(tmp_path / "media"), "XIXIANG_WORKER_HEARTBEAT_SECONDS": "1",
             "XIXIANG_WORKER_LEASE_SECONDS": "3", "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def commit_behind_a_lock(client, batch, django_capture_on_commit_callbacks):
    blocker = psycopg.connect(postgres_url())
    blocker.execute("LOCK TABLE households_member IN SHARE MODE")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("households:roster:batch_commit", args=[batch.pk]))
    return blocker


def stop(worker) -> str:
    if worker.poll() is None:
        worker.terminate()
    try:
        return worker.communicate(timeout=30)[0]
    except subprocess.TimeoutExpired:
        worker.kill()
        return worker.communicate()[0]


def test_an_rq_worker_killed_mid_commit_stores_nothing_and_the_page_says_so(
    world, settings, tmp_path, checked_batch, number, django_capture_on_commit_callbacks  # noqa: F811
):
    clerk = world.client_for("clerk_chengguan")
    with redis_database() as redis_url:
        env = use_rq(settings, redis_url, f"killed{os.getpid()}")
        blocker = commit_behind_a_lock(clerk, checked_batch, django_capture_on_commit_callbacks)
        worker = start_rq_worker("rq-killed", env, tmp_path=tmp_path)
        try:
            wait_for(_waiting_on_the_lock, what="the commit to wait for the members table")
            assert progress.read(checked_batch) is not None  # reported through Redis
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
        finally:
            output = stop(worker)
            blocker.close()
        wait_for(lambda: not _waiting_on_the_lock(), what="the killed worker's transaction to end")
        assert ImportBatch.objects.get(pk=checked_batch.pk).status == ImportBatch.Status.IMPORTING, output

        settings.TASK_WORKER_LEASE_SECONDS = 2  # the progress fragment sweeps once the lease has passed
        last_seen = WorkerHeartbeat.objects.get(worker_id="rq-killed").last_seen
        wait_for(lambda: (timezone.now() - last_seen).total_seconds() > 2.5, what="the lease to pass")
        assert clerk.get(reverse("households:roster:batch_progress", args=[checked_batch.pk])).status_code == 204
        checked_batch.refresh_from_db()
        assert (checked_batch.status, checked_batch.message) == (ImportBatch.Status.CHECKED, COMMIT_INTERRUPTED)
        assert not Household.objects.filter(number=number).exists() and progress.read(checked_batch) is None
        page = clerk.get(reverse("households:roster:batch_detail", args=[checked_batch.pk])).content.decode()
        assert COMMIT_INTERRUPTED in page
        result = task_backends["default"].get_result(checked_batch.task_id)
        assert result.status == "FAILED"
        workers = world.client_for("admin").get(reverse("tasks_health:workers")).content.decode()
        assert 'data-worker="rq-killed"' in workers and 'data-state="stale"' in workers


@pytest.fixture
def own_redis(tmp_path):
    """A Redis of this test's own on a free loopback port (keeps nothing on disk): (url, restart)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = shutil.which("redis-server")

    def start():
        process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                    "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
        wait_for(lambda: _pings(port), what="the test's Redis to answer")
        return process

    running = [start()]

    def restart(away: float):
        running[0].terminate()
        running[0].wait(timeout=10)
        time.sleep(away)
        running[0] = start()

    yield f"redis://127.0.0.1:{port}/0", restart
    running[0].terminate()
    running[0].wait(timeout=10)


def _pings(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def test_an_rq_worker_rides_out_a_redis_restart_in_the_middle_of_a_commit(
    world, settings, tmp_path, checked_batch, number, own_redis, django_capture_on_commit_callbacks  # noqa: F811
):
    redis_url, restart = own_redis
    clerk = world.client_for("clerk_chengguan")
    env = use_rq(settings, redis_url, "restart")
    blocker = commit_behind_a_lock(clerk, checked_batch, django_capture_on_commit_callbacks)
    worker = start_rq_worker("rq-restarted", env, tmp_path=tmp_path)
    try:
        wait_for(_waiting_on_the_lock, what="the commit to wait for the members table")
        restart(away=2)  # Redis loses everything it held (no persistence): the job's record too
        blocker.close()  # the commit goes on and ends in the database
        wait_for(lambda: ImportBatch.objects.get(pk=checked_batch.pk).status == ImportBatch.Status.IMPORTED,
                 what="the commit to end", timeout=60)
        assert Household.objects.get(number=number).members.count() == 1
        after = echo.enqueue("还在")
        wait_for(lambda: task_backends["default"].get_result(after.id).status == "SUCCESSFUL",
                 what="the worker to take the next task", timeout=90)
        assert worker.poll() is None
    finally:
        output = stop(worker)
        if not blocker.closed:
            blocker.close()
    assert "lost Redis" in output or "Redis errors stopped the rq loop" in output or "could not connect" in output


def test_an_rq_worker_cut_off_from_the_database_mid_commit_recovers_the_batch_and_goes_on(
    world, settings, tmp_path, checked_batch, number, django_capture_on_commit_callbacks  # noqa: F811
):
    """PostgreSQL goes away for 3 s (connections cut, new ones refused) while the commit waits on
    the lock: once it is back the worker runs the batch's recovery hook itself and takes the next task."""
    from tests.tasks_health.helpers import database_away_for

    clerk = world.client_for("clerk_chengguan")
    with redis_database() as redis_url:
        env = use_rq(settings, redis_url, f"dbaway{os.getpid()}")
        blocker = commit_behind_a_lock(clerk, checked_batch, django_capture_on_commit_callbacks)
        worker = start_rq_worker("rq-db-away", env, tmp_path=tmp_path)
        try:
            wait_for(_waiting_on_the_lock, what="the commit to wait for the members table")
            database_away_for(3)  # the blocker's connection is cut too: the lock goes with it
            wait_for(lambda: ImportBatch.objects.get(pk=checked_batch.pk).status == ImportBatch.Status.CHECKED,
                     what="the worker to recover the batch", timeout=60)
            checked_batch.refresh_from_db()
            assert checked_batch.message == "导入中断：后台进程与数据库的连接中断，未保存任何数据，请重新确认导入"
            assert not Household.objects.filter(number=number).exists()
            after = echo.enqueue("还在")
            wait_for(lambda: task_backends["default"].get_result(after.id).status == "SUCCESSFUL",
                     what="the worker to take the next task", timeout=60)
            assert worker.poll() is None
        except AssertionError as failure:
            raise AssertionError(f"{failure}\n{stop(worker)}") from failure
        finally:
            stop(worker)
            if not blocker.closed:
                blocker.close()
