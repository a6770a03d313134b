"""Task results and heartbeats made with the real models: tasks queued through django-tasks-db's
own backend and claimed the way its worker claims them."""

import datetime

from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend

from xixiang.tasks_health.models import WorkerHeartbeat

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
queue = DatabaseBackend("default", {})


def heartbeat(worker_id: str, *, age: float = 0, stopped: bool = False, host="county-server", pid=4242):
    """A worker whose last heartbeat was `age` seconds ago."""
    seen = timezone.now() - datetime.timedelta(seconds=age)
    return WorkerHeartbeat.objects.create(
        worker_id=worker_id,
        host=host,
        pid=pid,
        started_at=seen - datetime.timedelta(minutes=5),
        last_seen=seen,
        stopped_at=seen if stopped else None,
    )


def enqueue(task, *args, age: float = 0, **kwargs):
    """Queue `task` in the database queue; `age`: seconds since it was queued."""
    result = queue.enqueue(task, args, kwargs).db_result
    if age:
        type(result).objects.filter(pk=result.pk).update(enqueued_at=timezone.now() - datetime.timedelta(seconds=age))
        result.refresh_from_db()
    return result


def claimed(task, *args, worker_id: str, **kwargs):
    """A task result a worker has claimed and is running."""
    result = enqueue(task, *args, **kwargs)
    result.claim(worker_id)
    return result


def postgres_url() -> str:
    """The test database's URL, for a worker subprocess (PostgreSQL only: SQLite's test database
    lives in this process's memory)."""
    from django.db import connection

    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(worker_id: str, *, var_dir, media_root=None, heartbeat_seconds=1, lease_seconds=3):
    """`manage.py run_worker` in a subprocess on the test database; output in .stdout."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {
        **os.environ,
        "DATABASE_URL": postgres_url(),
        "DJANGO_TASKS_BACKEND": "db",
        "XIXIANG_VAR_DIR": str(var_dir),
        "XIXIANG_WORKER_HEARTBEAT_SECONDS": str(heartbeat_seconds),
        "XIXIANG_WORKER_LEASE_SECONDS": str(lease_seconds),
        "PYTHONUNBUFFERED": "1",
    }
    if media_root is not None:
        env["XIXIANG_MEDIA_ROOT"] = str(media_root)
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "run_worker",
            "--no-startup-delay",
            "--interval",
            "0.2",
            "--worker-id",
            worker_id,
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for(condition, *, timeout: float = 30, what: str = "the condition", logs=None, every: float = 0.05):
    """`condition()`'s first true value, polled every `every` s; past `timeout` an AssertionError
    naming `what` (with `logs()`, the processes' output, when given)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what}\n{logs() if logs else ''}")


def stop_worker(process) -> str:
    """SIGTERM (the graceful stop) and the worker's output."""
    process.terminate()
    output, _ = process.communicate(timeout=30)
    return output


def database_away_for(seconds: float) -> int:
    """What a restart looks like to the worker: its connections are cut and new ones refused for
    a while ("not currently accepting connections"), then accepted again. Only the test database
    is touched (from the maintenance database, as PostgreSQL requires)."""
    import time

    import psycopg
    from django.db import connection

    name = connection.settings_dict["NAME"]
    with psycopg.connect(postgres_url().rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
        try:
            terminated = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
                [name, own_backend()],
            ).fetchone()[0]
            time.sleep(seconds)
        finally:
            admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
    return terminated


def own_backend() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]
