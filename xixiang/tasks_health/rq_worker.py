"""`manage.py run_worker` with DJANGO_TASKS_BACKEND=rq: an rq worker (django-rq's, with
django-tasks-rq's job class) that keeps the same heartbeat as the database queue's worker and
rides out Redis and database restarts.

- `ResilientRQWorker` is rq's SimpleWorker: each task runs in the worker process (no fork per
  job), inside `batch_memory.worker_process()` like the database worker's, with this process's
  database connections closed before and after it (a connection broken by a PostgreSQL restart
  is never reused). A task that fails with a database error could not record its own failure:
  once the database answers again, the app's recovery hook runs with DATABASE_LOST.
- rq's loop gives up on most Redis errors ("found an unhandled exception, quitting"); `run`
  waits for Redis to answer again (1 s doubling to 30 s), clears the dead worker's registration
  and starts a fresh worker under the same name, until it is asked to stop (SIGTERM, SIGINT).
"""

import time

import redis
from django.db import close_old_connections
from rq.worker import SimpleWorker

from xixiang.core.batch_memory import worker_process

from . import registry, services
from .worker import DATABASE_ERRORS, FIRST_DELAY, LONGEST_DELAY, close_all_connections, describe, logger


class ResilientRQWorker(SimpleWorker):
    """rq's SimpleWorker with the task's database connections and a database outage taken care of."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lost_database = None
        self.push_exc_handler(self._note_database_loss)

    def _note_database_loss(self, job, exc_type, exc_value, traceback) -> bool:
        if exc_type is not None and issubclass(exc_type, DATABASE_ERRORS):
            self.lost_database = job
        return True

    def execute_job(self, job, queue):
        close_all_connections()
        try:
            with worker_process():
                super().execute_job(job, queue)
        finally:
            close_all_connections()
        if self.lost_database is not None:
            self._recover_after_database_loss(self.lost_database)
            self.lost_database = None

    def _recover_after_database_loss(self, job) -> None:
        delay = FIRST_DELAY
        while True:
            try:
                close_old_connections()
                services.recover(task_id=job.id, task_path=job.func_name, args=list(job.args),
                                 kwargs=dict(job.kwargs), cause=registry.DATABASE_LOST)
                return
            except DATABASE_ERRORS as exc:
                logger.warning("Worker %s lost the database (%s); recovering task %s in %.0f s",
                               self.name, describe(exc), job.id, delay)
                close_all_connections()
                time.sleep(delay)
                delay = min(delay * 2, LONGEST_DELAY)


def run(*, worker_id: str, queues: list[str], burst: bool = False, max_jobs: int | None = None,
        logging_level: str = "INFO") -> None:
    """Work the rq queues until asked to stop, starting again after Redis errors."""
    import django_rq
    from django_tasks_rq import Job

    delay = FIRST_DELAY
    while True:
        worker = django_rq.get_worker(*queues, job_class=Job, worker_class=ResilientRQWorker, name=worker_id)
        close_all_connections()
        try:
            if worker.connection.exists(worker.key) and not worker.connection.hexists(worker.key, "death"):
                worker.register_death()  # an earlier process under this id, killed: it runs nothing now
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
            logger.warning("Worker %s: Redis not answering (%s); trying again in %.0f s",
                           worker_id, describe(exc), delay)
            time.sleep(delay)
            delay = min(delay * 2, LONGEST_DELAY)
            continue
        try:
            worker.work(burst=burst, max_jobs=max_jobs, logging_level=logging_level)
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
            logger.warning("Worker %s lost Redis (%s)", worker_id, describe(exc))
        asked_to_stop = worker._stop_requested or worker._shutdown_requested_date is not None  # SIGTERM, SIGINT
        if asked_to_stop or burst or max_jobs is not None:
            return
        logger.warning("Worker %s: Redis errors stopped the rq loop; starting again in %.0f s", worker_id, delay)
        time.sleep(delay)
        delay = min(delay * 2, LONGEST_DELAY)
        _forget(worker)


def _forget(worker) -> None:
    """Drop the dead loop's registration (a worker of the same name must not seem alive)."""
    try:
        worker.connection.ping()
        worker.register_death()
    except Exception as exc:  # Redis still away: the next worker's start says so and we wait again
        logger.warning("Worker %s: Redis not back yet (%s)", worker.name, describe(exc))
