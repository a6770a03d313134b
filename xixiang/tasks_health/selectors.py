"""Reads of the worker health checks: which workers are alive, the progress pages' notice and
the administrator's overview."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Min, QuerySet
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from . import conf
from .models import WorkerHeartbeat


def live_workers(now: datetime | None = None) -> QuerySet:
    """Workers whose heartbeat is within the lease and that have not stopped."""
    now = now or timezone.now()
    lease = timedelta(seconds=conf.get("TASK_WORKER_LEASE_SECONDS"))
    return WorkerHeartbeat.objects.filter(stopped_at__isnull=True, last_seen__gte=now - lease)


def task_queued_since(task_id: str | None) -> datetime | None:
    """When a task that is still waiting in the queue was queued (None: not waiting, or unknown)."""
    if not task_id or not conf.uses_worker_queue():
        return None
    if conf.uses_rq_queue():
        from . import rq_queue

        return rq_queue.queued_since(str(task_id))
    return (DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.READY)
            .values_list("enqueued_at", flat=True).first())


def no_worker_notice(*, queued_since: datetime | None) -> bool:
    """The progress pages' notice: work queued longer than TASK_QUEUE_NOTICE_SECONDS ago while
    no worker is alive. Never with the immediate backend (tasks run as they are queued)."""
    if queued_since is None or not conf.uses_worker_queue():
        return False
    now = timezone.now()
    if now - queued_since < timedelta(seconds=conf.get("TASK_QUEUE_NOTICE_SECONDS")):
        return False
    return not live_workers(now).exists()


@dataclass(frozen=True)
class WorkerRow:
    beat: WorkerHeartbeat
    state: str  # "alive", "stale" (no heartbeat within the lease) or "stopped"
    current_task: object | None  # a DBTaskResult, or rq_queue.StartedTask: task_path, started_at


@dataclass(frozen=True)
class Overview:
    workers: list[WorkerRow]
    queued: int
    oldest_queued_at: datetime | None
    failed_last_day: int
    lease_seconds: int
    now: datetime

    @property
    def oldest_queued_age(self) -> timedelta | None:
        return self.now - self.oldest_queued_at if self.oldest_queued_at else None

    @property
    def alive_count(self) -> int:
        return sum(1 for row in self.workers if row.state == "alive")


def overview(*, limit: int = 50) -> Overview:
    """The administrator's page: the latest workers with their state and current task, the queue
    and the tasks that failed in the last 24 hours."""
    now = timezone.now()
    lease = conf.get("TASK_WORKER_LEASE_SECONDS")
    beats = list(WorkerHeartbeat.objects.all()[:limit])
    running = {}
    if conf.uses_rq_queue():
        from . import rq_queue

        running = {task.worker_id: task for task in rq_queue.started() if task.worker_id}
    else:
        for result in DBTaskResult.objects.running().only("id", "task_path", "started_at", "worker_ids"):
            if result.worker_ids:
                running[result.worker_ids[-1]] = result
    rows = []
    for beat in beats:
        if beat.stopped_at is not None:
            state = "stopped"
        elif beat.last_seen >= now - timedelta(seconds=lease):
            state = "alive"
        else:
            state = "stale"
        rows.append(WorkerRow(beat, state, running.get(beat.worker_id)))
    if conf.uses_rq_queue():
        queued, oldest = rq_queue.queued()
        failed = rq_queue.failed_since(now - timedelta(hours=24))
    else:
        ready = DBTaskResult.objects.ready()
        queued, oldest = ready.count(), ready.aggregate(oldest=Min("enqueued_at"))["oldest"]
        failed = DBTaskResult.objects.failed().filter(finished_at__gte=now - timedelta(hours=24)).count()
    return Overview(workers=rows, queued=queued, oldest_queued_at=oldest, failed_last_day=failed,
                    lease_seconds=lease, now=now)
