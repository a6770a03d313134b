"""The sweeper: a running task whose worker's heartbeat is past the lease (or that stopped) is
marked failed once and its app's hook recovers the object; live workers and workers without
any heartbeat row are left alone. Shown with a document job (a village's income cards) and the archive check."""

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from archives import tasks as archive_tasks
from archives.models import ArchiveVerification
from xixiang.core import tasks as core_tasks
from xixiang.core.models import DocumentJob
from xixiang.tasks_health import registry, services
from xixiang.tasks_health.models import WorkerHeartbeat

from .helpers import claimed, heartbeat

CARDS_INTERRUPTED = "生成中断：处理该任务的后台进程已停止，请重新生成"


@pytest.fixture
def card_batch(world):
    return DocumentJob.objects.create(kind="income_cards", params={"village": world.wufeng.code, "year": 2009},
                                      title="五丰村 2009 年增收明白卡", filename="cards.pdf",
                                      requested_by=world.users["clerk_chengguan"],
                                      status=DocumentJob.Status.RUNNING)


def test_a_card_batch_whose_worker_is_past_the_lease_fails_with_a_message(settings, card_batch):
    heartbeat("dead", age=settings.TASK_WORKER_LEASE_SECONDS + 1)
    result = claimed(core_tasks.run_document_job, card_batch.pk, worker_id="dead")
    assert services.tasks_sweep() == 1
    card_batch.refresh_from_db()
    assert (card_batch.status, card_batch.error) == ("interrupted", CARDS_INTERRUPTED)
    assert card_batch.finished_at is not None
    result.refresh_from_db()
    assert result.status == "FAILED" and "stopped sending heartbeats" in result.traceback


def test_an_archive_check_whose_worker_stopped_is_interrupted_at_once(world):
    run = ArchiveVerification.objects.create(started_at=timezone.now(), started_by=world.users["admin"])
    heartbeat("stopped", stopped=True)
    claimed(archive_tasks.verify_archives_task, run_id=run.pk, worker_id="stopped")
    assert services.tasks_sweep() == 1
    run.refresh_from_db()
    assert (run.status, run.get_status_display(), run.message) == (
        "interrupted", "已中断", "核验中断：处理该任务的后台进程已停止，请重新核验")
    assert run.finished_at is not None


def test_tasks_of_live_workers_and_of_workers_without_heartbeats_are_left_running(settings, card_batch):
    heartbeat("alive", age=settings.TASK_WORKER_LEASE_SECONDS - 2)
    claimed(core_tasks.run_document_job, card_batch.pk, worker_id="alive")
    unknown = claimed(core_tasks.run_document_job, card_batch.pk, worker_id="plain-db-worker")
    DBTaskResult.objects.filter(pk=unknown.pk).update(started_at=timezone.now() - datetime.timedelta(hours=1))
    assert services.tasks_sweep() == 0
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"RUNNING"}
    card_batch.refresh_from_db()
    assert card_batch.status == "running"


def test_a_task_is_recovered_once_however_many_sweepers_run(settings, card_batch):
    heartbeat("dead", age=settings.TASK_WORKER_LEASE_SECONDS + 1)
    result = claimed(core_tasks.run_document_job, card_batch.pk, worker_id="dead")
    assert services.tasks_sweep() == 1
    assert services.tasks_sweep() == 0
    assert services.task_abandon(task_id=result.pk, cause=registry.WORKER_LOST) is False


def test_a_finished_batch_is_not_touched_by_a_late_recovery(settings, card_batch):
    DocumentJob.objects.filter(pk=card_batch.pk).update(status=DocumentJob.Status.DONE)
    heartbeat("dead", age=settings.TASK_WORKER_LEASE_SECONDS + 1)
    claimed(core_tasks.run_document_job, card_batch.pk, worker_id="dead")
    assert services.tasks_sweep() == 1
    card_batch.refresh_from_db()
    assert (card_batch.status, card_batch.error) == ("done", "")


def test_a_worker_starting_with_the_id_of_a_dead_one_recovers_its_tasks(card_batch):
    heartbeat("fixed-id", age=1)
    claimed(core_tasks.run_document_job, card_batch.pk, worker_id="fixed-id")
    services.heartbeat_register(worker_id="fixed-id")
    card_batch.refresh_from_db()
    assert card_batch.status == "interrupted"
    beat = WorkerHeartbeat.objects.get(worker_id="fixed-id")
    assert beat.stopped_at is None and beat.pid > 0


def test_the_worker_prunes_heartbeats_older_than_a_week(db):
    heartbeat("last-month", age=30 * 86400, stopped=True)
    heartbeat("yesterday", age=86400, stopped=True)
    services.tasks_sweep(prune=True)
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["yesterday"]
