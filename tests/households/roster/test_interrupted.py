"""A roster check or commit whose worker died: the sweeper (xixiang/tasks_health) recovers the
batch — the commit can be asked for again and then imports — and removes its temporary files;
queued work with no worker alive says so on the progress fragment."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from households.models import Household, ImportBatch
from households.roster import tasks
from tests.tasks_health.helpers import DATABASE_QUEUE, claimed, enqueue, heartbeat
from xixiang.core import progress
from xixiang.tasks_health.registry import TaskAbandoned
from xixiang.tasks_health.services import tasks_sweep

from .conftest import GROUP, household_row, member_row, write_workbook
from .test_views import upload

COMMIT_INTERRUPTED = "导入中断：处理该任务的后台进程已停止，未保存任何数据，请重新确认导入"


@pytest.fixture
def postgres():
    """A worker subprocess needs a database it can reach: the tests that ask for it are marked
    `services`, which the suite deselects on SQLite (tests/conftest.py)."""
    from django.db import connection

    assert connection.vendor == "postgresql"


@pytest.fixture
def number(world):
    """A household number of 五丰村 一组 that no household has (factories number theirs in sequence)."""
    taken = set(Household.objects.values_list("number", flat=True))
    return next(f"{GROUP}{n:03d}" for n in range(999, 0, -1) if f"{GROUP}{n:03d}" not in taken)


@pytest.fixture
def checked_batch(world, tmp_path, new_ids, number):
    head = new_ids()
    path = write_workbook(
        tmp_path / "good.xlsx",
        [household_row(number, head)],
        [member_row(number, head, 与户主关系="户主", 姓名="张三丰")],
    )
    upload(world.client_for("clerk_chengguan"), path)  # the immediate backend checks it at once
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.CHECKED, (batch.errors, batch.message)
    return batch


def leftovers_of_a_killed_commit(settings, batch, worker_id):
    """What a worker killed in the middle of committing `batch` leaves behind: the task result
    marked running by it, the batch 正在导入 at 48 %, its progress file and a window directory."""
    result = claimed(tasks.commit_batch, batch.pk, "zh-hans", worker_id=worker_id)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.IMPORTING, task_id=str(result.pk))
    progress.report(batch, 48, 100, "导入“农户”表")
    windows = settings.VAR_DIR / "roster-windows" / f"import-batch{batch.pk}-x1y2"
    windows.mkdir(parents=True)
    (windows / "sheet0-0.xlsx").write_bytes(b"PK")
    return result, windows


def test_a_commit_whose_worker_died_is_failed_cleaned_up_and_can_be_committed_again(
    world, settings, checked_batch, django_capture_on_commit_callbacks, number
):
    heartbeat("killed-worker", age=settings.TASK_WORKER_LEASE_SECONDS + 5)
    other = settings.VAR_DIR / "roster-windows" / "import-batch999-keep"
    other.mkdir(parents=True)
    result, windows = leftovers_of_a_killed_commit(settings, checked_batch, "killed-worker")

    assert tasks_sweep() == 1

    checked_batch.refresh_from_db()
    assert (checked_batch.status, checked_batch.message, checked_batch.phase) == (
        ImportBatch.Status.CHECKED,
        COMMIT_INTERRUPTED,
        "",
    )
    assert progress.read(checked_batch) is None and not windows.exists() and other.exists()
    result.refresh_from_db()
    assert result.status == "FAILED" and result.exception_class_path == "xixiang.tasks_health.registry.TaskAbandoned"
    assert result.task_result.errors[0].exception_class is TaskAbandoned
    assert not Household.objects.filter(number=number).exists()

    client = world.client_for("clerk_chengguan")
    page = client.get(reverse("households:roster:batch_detail", args=[checked_batch.pk])).content.decode()
    assert COMMIT_INTERRUPTED in page and 'id="commit-form"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("households:roster:batch_commit", args=[checked_batch.pk]))
    checked_batch.refresh_from_db()
    assert (checked_batch.status, checked_batch.message) == (ImportBatch.Status.IMPORTED, "")
    assert Household.objects.get(number=number).members.count() == 1


def test_a_commit_whose_worker_is_alive_is_left_running(world, settings, checked_batch):
    heartbeat("busy-worker", age=settings.TASK_WORKER_LEASE_SECONDS - 5)
    result, windows = leftovers_of_a_killed_commit(settings, checked_batch, "busy-worker")
    assert tasks_sweep() == 0
    checked_batch.refresh_from_db()
    result.refresh_from_db()
    assert (checked_batch.status, result.status) == (ImportBatch.Status.IMPORTING, "RUNNING")
    assert progress.read(checked_batch) == progress.Report(48, 100, "导入“农户”表") and windows.exists()


def test_a_check_whose_worker_died_fails_with_a_message_in_the_uploaders_language(world, settings, checked_batch):
    ImportBatch.objects.filter(pk=checked_batch.pk).update(status=ImportBatch.Status.CHECKING)
    heartbeat("killed-worker", stopped=False, age=settings.TASK_WORKER_LEASE_SECONDS * 2)
    claimed(tasks.check_batch, checked_batch.pk, "en", worker_id="killed-worker")
    assert tasks_sweep() == 1
    checked_batch.refresh_from_db()
    assert checked_batch.status == ImportBatch.Status.INTERRUPTED
    assert checked_batch.message == (
        "Check interrupted: the background process handling this task stopped; please upload the file again"
    )


def test_the_progress_fragment_recovers_a_dead_workers_batch_and_reloads_the_page(world, settings, checked_batch):
    settings.TASKS = DATABASE_QUEUE
    heartbeat("killed-worker", age=settings.TASK_WORKER_LEASE_SECONDS + 1)
    leftovers_of_a_killed_commit(settings, checked_batch, "killed-worker")
    client = world.client_for("clerk_chengguan")
    response = client.get(reverse("households:roster:batch_progress", args=[checked_batch.pk]))
    assert (response.status_code, response.headers["HX-Refresh"]) == (204, "true")
    checked_batch.refresh_from_db()
    assert (checked_batch.status, checked_batch.message) == (ImportBatch.Status.CHECKED, COMMIT_INTERRUPTED)


NOTICE = "没有后台进程在处理任务，请联系管理员启动任务进程"


def _fragment(world, batch):
    url = reverse("households:roster:batch_progress", args=[batch.pk])
    return world.client_for("clerk_chengguan").get(url).content.decode()


def _queue_commit(batch, *, age):
    result = enqueue(tasks.commit_batch, batch.pk, "zh-hans", age=age)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.COMMIT_QUEUED, task_id=str(result.pk))
    return result


def test_a_commit_queued_for_a_while_with_no_worker_alive_says_so(world, settings, checked_batch):
    settings.TASKS = DATABASE_QUEUE
    heartbeat("gone-worker", age=settings.TASK_WORKER_LEASE_SECONDS + 1)
    heartbeat("stopped-worker", stopped=True)
    _queue_commit(checked_batch, age=settings.TASK_QUEUE_NOTICE_SECONDS + 1)
    body = _fragment(world, checked_batch)
    assert "排队等待导入" in body and NOTICE in body and 'hx-trigger="every 1s"' in body


def test_no_notice_while_a_worker_is_alive_or_before_the_wait_is_over(world, settings, checked_batch):
    settings.TASKS = DATABASE_QUEUE
    result = _queue_commit(checked_batch, age=settings.TASK_QUEUE_NOTICE_SECONDS - 5)
    assert NOTICE not in _fragment(world, checked_batch)
    DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=result.enqueued_at.replace(year=2020))
    assert NOTICE in _fragment(world, checked_batch)
    heartbeat("busy-worker", age=1)
    assert NOTICE not in _fragment(world, checked_batch)


def test_the_immediate_backend_never_shows_the_notice(world, settings, checked_batch):
    _queue_commit(checked_batch, age=3600)
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
    body = _fragment(world, checked_batch)
    assert "排队等待导入" in body and NOTICE not in body


def _waiting_on_the_lock() -> int:
    """How many backends of the test database wait for a lock (the worker's commit, once blocked)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def _commit_in_a_worker_behind_a_lock(batch, *, worker_id: str, settings, tmp_path):
    """Queue the batch's commit, lock the members table from another connection and start a real
    run_worker, which then waits inside its commit transaction: (worker process, the blocker)."""
    import psycopg

    from tests.tasks_health.helpers import postgres_url, start_worker

    result = enqueue(tasks.commit_batch, batch.pk, "zh-hans")
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.COMMIT_QUEUED, task_id=str(result.pk))
    blocker = psycopg.connect(postgres_url())
    blocker.execute("LOCK TABLE households_member IN SHARE MODE")
    worker = start_worker(worker_id, var_dir=settings.VAR_DIR, media_root=tmp_path / "media")
    return worker, blocker


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the worker subprocess sees committed rows
@pytest.mark.services
def test_a_worker_killed_in_the_middle_of_a_commit_stores_nothing_and_the_batch_recovers(
    postgres, world, settings, tmp_path, checked_batch, django_capture_on_commit_callbacks, number
):
    """The real thing on PostgreSQL: run_worker commits the batch in a subprocess; the members
    table is locked from another connection, so the worker waits inside its commit transaction
    (the households already written in it), and is killed there with SIGKILL."""
    import os
    import signal

    from tests.tasks_health.helpers import wait_for
    from xixiang.tasks_health.models import WorkerHeartbeat

    worker, blocker = _commit_in_a_worker_behind_a_lock(
        checked_batch, worker_id="killed-mid-commit", settings=settings, tmp_path=tmp_path
    )
    try:
        wait_for(_waiting_on_the_lock, what="the commit to wait for the members table")
        windows = list((settings.VAR_DIR / "roster-windows").glob(f"import-batch{checked_batch.pk}-*"))
        assert len(windows) == 1 and progress.read(checked_batch) is not None
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        blocker.close()
    wait_for(lambda: not _waiting_on_the_lock(), what="the killed worker's transaction to end")
    checked_batch.refresh_from_db()
    assert checked_batch.status == ImportBatch.Status.IMPORTING and not Household.objects.filter(number=number).exists()

    settings.TASKS = DATABASE_QUEUE  # the progress fragment sweeps once the heartbeat is past the lease
    settings.TASK_WORKER_LEASE_SECONDS = 2
    last_seen = WorkerHeartbeat.objects.get(worker_id="killed-mid-commit").last_seen
    wait_for(lambda: (timezone.now() - last_seen).total_seconds() > 2.5, what="the lease to pass")
    response = world.client_for("clerk_chengguan").get(
        reverse("households:roster:batch_progress", args=[checked_batch.pk])
    )
    assert response.status_code == 204
    checked_batch.refresh_from_db()
    assert (checked_batch.status, checked_batch.message) == (ImportBatch.Status.CHECKED, COMMIT_INTERRUPTED)
    assert progress.read(checked_batch) is None and not windows[0].exists()

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for("clerk_chengguan").post(reverse("households:roster:batch_commit", args=[checked_batch.pk]))
    checked_batch.refresh_from_db()
    assert checked_batch.status == ImportBatch.Status.IMPORTED
    assert Household.objects.get(number=number).members.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.services
def test_a_commit_cut_off_by_a_database_restart_leaves_the_batch_committable_and_the_worker_goes_on(
    postgres, world, settings, tmp_path, checked_batch, number
):
    """The worker waits inside its commit (members table locked); the database then goes away for
    3 s. Once it is back the worker recovers the batch itself (no lease to wait for) and goes on."""
    from tests.tasks_health.helpers import database_away_for, stop_worker, wait_for
    from tests.tasks_health.tasks import echo

    worker, blocker = _commit_in_a_worker_behind_a_lock(
        checked_batch, worker_id="restarted-mid-commit", settings=settings, tmp_path=tmp_path
    )
    try:
        wait_for(_waiting_on_the_lock, what="the commit to wait for the members table")
        database_away_for(3)  # the blocker's connection is cut too: the lock goes with it
        wait_for(
            lambda: ImportBatch.objects.get(pk=checked_batch.pk).status == ImportBatch.Status.CHECKED,
            what="the worker to recover the batch",
        )
        checked_batch.refresh_from_db()
        assert checked_batch.message == "导入中断：后台进程与数据库的连接中断，未保存任何数据，请重新确认导入"
        assert not Household.objects.filter(number=number).exists()
        assert progress.read(checked_batch) is None
        assert not list((settings.VAR_DIR / "roster-windows").glob(f"import-batch{checked_batch.pk}-*"))
        after = enqueue(echo, "还在")
        wait_for(lambda: DBTaskResult.objects.get(pk=after.pk).status == "SUCCESSFUL", what="the next task")
        assert worker.poll() is None
    finally:
        output = stop_worker(worker)
        blocker.close()
    assert "lost the database" in output
