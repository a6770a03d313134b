"""Writes of the worker health checks: heartbeats, and recovering tasks whose worker is gone.

A task result stays RUNNING for ever when its worker is killed (SIGKILL, out of memory, a power
cut) or loses the database in the middle of a task: django-tasks-db has no lease. Here each
worker keeps a heartbeat row alive; `tasks_sweep` (run by every worker at start and
periodically, and by the progress pages) marks failed every running task whose worker's
heartbeat is older than TASK_WORKER_LEASE_SECONDS and calls the app's recovery hook
(registry.py). Marking is a conditional update, so several sweepers never recover a task twice.
With the rq queue (DJANGO_TASKS_BACKEND=rq) the same is done to rq's started jobs (rq_queue.py).
"""

import logging
import os
import socket
from datetime import timedelta

from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from . import conf, registry
from .models import WorkerHeartbeat

logger = logging.getLogger("xixiang.tasks_health")
KEEP_STOPPED = timedelta(days=7)


def _lease() -> timedelta:
    return timedelta(seconds=conf.get("TASK_WORKER_LEASE_SECONDS"))


def _last_worker(result: DBTaskResult) -> str | None:
    return result.worker_ids[-1] if result.worker_ids else None


def _heartbeat_write(worker_id: str, *, starting: bool) -> WorkerHeartbeat:
    now = timezone.now()
    beat = WorkerHeartbeat.objects.filter(worker_id=worker_id).first() or WorkerHeartbeat(worker_id=worker_id)
    beat.host, beat.pid, beat.last_seen, beat.stopped_at = socket.gethostname()[:255], os.getpid(), now, None
    if starting or beat.pk is None:
        beat.started_at = now
    beat.full_clean()
    beat.save()
    return beat


@transaction.atomic
def heartbeat_register(*, worker_id: str) -> WorkerHeartbeat:
    """Record a worker process that starts. Tasks still marked running under the same worker id
    belong to an earlier process with that id (this one has claimed nothing yet): recovered."""
    beat = _heartbeat_write(worker_id, starting=True)
    if conf.uses_rq_queue():
        _rq_sweep(only_worker=worker_id)
        return beat
    for result in DBTaskResult.objects.running().only("id", "worker_ids"):
        if _last_worker(result) == worker_id:
            task_abandon(task_id=result.pk, cause=registry.WORKER_LOST)
    return beat


def heartbeat_beat(*, worker_id: str) -> None:
    """The worker is alive (a row removed meanwhile is written again; its task stays its own)."""
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(last_seen=timezone.now(), stopped_at=None)
    if not updated:
        _heartbeat_write(worker_id, starting=False)


def heartbeat_stop(*, worker_id: str) -> None:
    """The worker ends normally (it runs no task any more)."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(stopped_at=timezone.now())


def task_abandon(*, task_id, cause: str) -> bool:
    """Mark a running task result failed and let its app recover; False if it was not running
    any more (finished meanwhile, or another sweeper was first)."""
    now = timezone.now()
    reason = {
        registry.WORKER_LOST: "The worker running this task stopped sending heartbeats; the task was abandoned.",
        registry.DATABASE_LOST: "The worker lost its database connection during this task; the task was abandoned.",
    }[cause]
    with transaction.atomic():
        updated = DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED, finished_at=now, return_value=None,
            exception_class_path=f"{registry.TaskAbandoned.__module__}.{registry.TaskAbandoned.__qualname__}",
            traceback=f"{registry.TaskAbandoned.__qualname__}: {reason}\n",
        )
        if not updated:
            return False
        result = DBTaskResult.objects.get(pk=task_id)
        logger.warning("Task %s (%s) abandoned: %s", result.pk, result.task_path, cause)
        arguments = result.args_kwargs or {}
        recover(task_id=result.pk, task_path=result.task_path, args=arguments.get("args", []),
                kwargs=arguments.get("kwargs", {}), cause=cause)
    return True


def recover(*, task_id, task_path: str, args, kwargs, cause: str) -> None:
    """Call the app's recovery hook of an abandoned task (its own transaction; a failing hook is logged)."""
    hook = registry.hook_for(task_path)
    if hook is None:
        return
    try:
        with transaction.atomic():
            hook(*args, cause=cause, **kwargs)
    except (OperationalError, InterfaceError):  # the database is away: the caller tries again
        raise
    except Exception:  # the task stays failed; the object needs an administrator
        logger.exception("Recovery hook of %s failed for task %s", task_path, task_id)


def _rq_abandoned(job, *exc_info) -> bool:
    """rq's clean-up found a job whose execution expired (its worker died): recover it once."""
    from . import rq_queue

    if rq_queue.claim_recovery(job.id):
        logger.warning("Task %s (%s) abandoned: %s", job.id, job.func_name, registry.WORKER_LOST)
        recover(task_id=job.id, task_path=job.func_name, args=list(job.args), kwargs=dict(job.kwargs),
                cause=registry.WORKER_LOST)
    return True


def _rq_sweep(*, only_worker: str | None = None) -> int:
    """tasks_sweep for the rq queue: a started job whose worker's heartbeat is past the lease (or
    that stopped, or `only_worker`, a worker starting again under its id) is failed and recovered."""
    from . import rq_queue

    now, recovered = timezone.now(), 0
    started = rq_queue.started()
    beats = {beat.worker_id: beat for beat in WorkerHeartbeat.objects.filter(
        worker_id__in={task.worker_id for task in started if task.worker_id})}
    for task in started:
        beat = beats.get(task.worker_id)
        if only_worker is not None:
            gone = task.worker_id == only_worker
        else:
            gone = beat is not None and (beat.stopped_at is not None or beat.last_seen < now - _lease())
        if gone and rq_queue.fail(task, "The worker running this task stopped sending heartbeats."):
            logger.warning("Task %s (%s) abandoned: %s", task.id, task.task_path, registry.WORKER_LOST)
            recover(task_id=task.id, task_path=task.task_path, args=task.args, kwargs=task.kwargs,
                    cause=registry.WORKER_LOST)
            recovered += 1
    if only_worker is None:
        rq_queue.clean_up_expired(_rq_abandoned)
    return recovered


def tasks_sweep(*, prune: bool = False) -> int:
    """Recover every running task whose worker's heartbeat is past the lease or that stopped.
    Tasks of workers without any heartbeat row (the library's own `db_worker`) are left alone:
    nothing tells whether they are alive. Returns the number of tasks recovered."""
    now = timezone.now()
    if conf.uses_rq_queue():
        recovered = _rq_sweep()
        if prune:
            WorkerHeartbeat.objects.filter(last_seen__lt=now - KEEP_STOPPED).delete()
        return recovered
    running = list(DBTaskResult.objects.running().only("id", "worker_ids"))
    recovered = 0
    if running:
        beats = {beat.worker_id: beat for beat in WorkerHeartbeat.objects.filter(
            worker_id__in={_last_worker(result) for result in running if result.worker_ids})}
        for result in running:
            beat = beats.get(_last_worker(result))
            if beat is None or (beat.stopped_at is None and beat.last_seen >= now - _lease()):
                continue
            recovered += task_abandon(task_id=result.pk, cause=registry.WORKER_LOST)
    if prune:
        WorkerHeartbeat.objects.filter(last_seen__lt=now - KEEP_STOPPED).delete()
    return recovered


def tasks_recover_for_page(*, running: bool) -> bool:
    """For a progress page showing an object whose task is running: sweep (when tasks go to the
    database queue). True if a task was recovered, so the page reads its object again."""
    if not running or not conf.uses_worker_queue():
        return False
    try:
        return tasks_sweep() > 0
    except Exception as exc:  # SQLite busy with a long commit, Redis away: the next poll sweeps
        logger.warning("Task sweep from a page skipped (%s)", type(exc).__name__)
        return False
