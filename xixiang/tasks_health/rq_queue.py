"""The rq task queue (DJANGO_TASKS_BACKEND=rq: django-tasks-rq on django-rq and rq, on Redis), seen
the way the worker health checks see the database queue. Imported only with that backend.

A task is an rq job whose id is the task result's id and whose `func_name` is the task's module
path; the job runs in `manage.py run_worker` (worker.ResilientRQWorker, a SimpleWorker: the task
runs in the worker process, as with the database queue, so a killed worker is a killed task).
rq itself notices a job whose worker died only once the job's execution expires (its timeout
plus a minute, an hour here), so the sweep (services.tasks_sweep) also fails at once every
started job whose worker's WorkerHeartbeat is past the lease, and runs rq's own clean-up of
expired executions with `abandoned_handler`, so that the app's recovery hook runs either way
— once: a Redis key claimed with SET NX guards it against several sweepers.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import django_rq
from django_tasks_rq import Job
from rq.job import JobStatus
from rq.job_lifecycle import record_job_failure

from . import registry

QUEUE = "default"
ONCE_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class StartedTask:
    id: str
    task_path: str
    started_at: datetime | None
    worker_id: str | None
    args: list
    kwargs: dict


def queue():
    return django_rq.get_queue(QUEUE, job_class=Job)


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def started() -> list[StartedTask]:
    """Jobs that a worker has started and not finished (rq's StartedJobRegistry), without its clean-up."""
    q = queue()
    ids = {job_id for job_id, _execution in q.started_job_registry.get_job_and_execution_ids(cleanup=False)}
    jobs = [job for job in Job.fetch_many(sorted(ids), connection=q.connection) if job is not None]
    return [StartedTask(job.id, job.func_name, _aware(job.started_at), job.worker_name, list(job.args),
                        dict(job.kwargs)) for job in jobs if job.get_status(refresh=False) == JobStatus.STARTED]


def queued() -> tuple[int, datetime | None]:
    """How many jobs wait, and when the oldest was queued."""
    q = queue()
    first = q.get_job_ids(0, 0)
    oldest = Job.fetch(first[0], connection=q.connection).enqueued_at if first else None
    return q.count, _aware(oldest)


def failed_since(moment: datetime, *, limit: int = 1000) -> int:
    q = queue()
    ids = q.failed_job_registry.get_job_ids(0, limit - 1, desc=True)
    jobs = [job for job in Job.fetch_many(ids, connection=q.connection) if job is not None]
    return sum(1 for job in jobs if job.ended_at is not None and _aware(job.ended_at) >= moment)


def queued_since(task_id: str) -> datetime | None:
    job = Job.fetch_many([task_id], connection=queue().connection)[0]
    if job is None or job.get_status(refresh=False) != JobStatus.QUEUED:
        return None
    return _aware(job.enqueued_at)


def claim_recovery(task_id: str) -> bool:
    """True for the first caller only: the app's hook runs once per abandoned job."""
    return bool(queue().connection.set(f"xixiang:recovered:{task_id}", "1", nx=True, ex=ONCE_SECONDS))


def fail(task: StartedTask, reason: str) -> bool:
    """Mark a started job failed (FailedJobRegistry, out of the started ones); False if another
    sweeper claimed it first or it is not started any more."""
    q = queue()
    if not claim_recovery(task.id):
        return False
    job = Job.fetch(task.id, connection=q.connection)
    if job.get_status() != JobStatus.STARTED:
        return False
    with q.connection.pipeline() as pipeline:
        q.started_job_registry.remove_executions(job, pipeline=pipeline)
        record_job_failure(job, f"{registry.TaskAbandoned.__qualname__}: {reason}", pipeline)
        pipeline.execute()
    return True


def clean_up_expired(handler) -> None:
    """rq's own clean-up of executions past their time (their worker died without a heartbeat
    row of ours, e.g. a plain `rqworker`), calling `handler(job, …)` for each."""
    queue().started_job_registry.cleanup(exception_handlers=[handler])
