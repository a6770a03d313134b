"""`manage.py run_worker` for real, in a subprocess on the PostgreSQL test database: it rides out
its connections being terminated and refused for a few seconds (what a database restart looks
like to a client; the shared PostgreSQL server itself is never restarted here) and records its
heartbeat and its stop."""

import pytest
from django.db import connection

from xixiang.tasks_health.models import WorkerHeartbeat

from .helpers import database_away_for, enqueue, start_worker, stop_worker, wait_for
from .tasks import echo, query_after

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def postgres():
    """A worker subprocess needs a database it can reach: the tests that ask for it are marked
    `services`, which the suite deselects on SQLite (tests/conftest.py)."""

    assert connection.vendor == "postgresql"


def _status(result):
    result.refresh_from_db()
    return result.status


@pytest.mark.services
def test_the_worker_goes_on_after_the_database_was_away_for_a_few_seconds(postgres, settings, tmp_path):
    worker = start_worker("restart-test", var_dir=tmp_path)
    try:
        first = enqueue(echo, "一")
        wait_for(lambda: _status(first) == "SUCCESSFUL", what="the first task")
        wait_for(lambda: WorkerHeartbeat.objects.filter(worker_id="restart-test").exists(), what="the heartbeat")
        assert database_away_for(3) >= 1
        second = enqueue(echo, "二")
        wait_for(lambda: _status(second) == "SUCCESSFUL", what="the task queued after the connections were cut")
        assert second.return_value == "二" and worker.poll() is None
        seen = WorkerHeartbeat.objects.get(worker_id="restart-test").last_seen
        wait_for(lambda: WorkerHeartbeat.objects.get(worker_id="restart-test").last_seen > seen, what="a new heartbeat")
    finally:
        output = stop_worker(worker)
    assert "Worker restart-test lost the database (OperationalError" in output or (
        "Worker restart-test lost the database (InterfaceError" in output), output
    assert WorkerHeartbeat.objects.get(worker_id="restart-test").stopped_at is not None


@pytest.mark.services
def test_a_task_cut_off_from_the_database_is_failed_once_it_is_back_and_the_worker_goes_on(postgres, tmp_path):
    worker = start_worker("outage-test", var_dir=tmp_path)
    try:
        cut = enqueue(query_after, 1.5)
        wait_for(lambda: _status(cut) == "RUNNING", what="the task to start")
        database_away_for(3)
        wait_for(lambda: _status(cut) == "FAILED", what="the interrupted task to be marked failed")
        assert cut.exception_class_path == "xixiang.tasks_health.registry.TaskAbandoned"
        assert "lost its database connection" in cut.traceback
        after = enqueue(echo, "三")
        wait_for(lambda: _status(after) == "SUCCESSFUL", what="the next task")
        assert worker.poll() is None
    finally:
        stop_worker(worker)
