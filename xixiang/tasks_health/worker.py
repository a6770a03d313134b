"""The task worker that rides out database restarts and keeps a heartbeat.

django-tasks-db's Worker re-raises any database error of its loop other than "database is
locked" (and a task that fails while the database is away fails to record its own failure, which
raises too), so a PostgreSQL restart ("the database system is shutting down", a terminated
connection) ended the worker for good. `ResilientWorker` catches OperationalError and
InterfaceError around the library's loop, closes the broken connections, waits (1 s doubling
to 30 s), recovers the task that was interrupted and goes on. `Heartbeat` is a daemon thread
that records every TASK_WORKER_HEARTBEAT_SECONDS that the process is alive and sweeps abandoned
tasks of other workers (services.tasks_sweep) every lease. Each task runs inside
`batch_memory.worker_process()`, so a task may take process-wide memory steps (the roster
import pauses the cycle collector) that a web process or the immediate backend never takes.
"""

import logging
import threading
import time

from django.db import InterfaceError, OperationalError, close_old_connections, connection, connections
from django_tasks_db.management.commands.db_worker import Worker

from xixiang.core.batch_memory import worker_process

from . import conf, registry, services

logger = logging.getLogger("xixiang.tasks_health")
DATABASE_ERRORS = (OperationalError, InterfaceError)
FIRST_DELAY, LONGEST_DELAY = 1.0, 30.0


def close_all_connections() -> None:
    """Drop this thread's connections (a broken one cannot be reused); errors closing are moot."""
    for alias in connections:
        try:
            connections[alias].close()
        except Exception:  # noqa: S110 - the connection is being thrown away anyway
            pass


def describe(exc: BaseException) -> str:
    """The error's class and first line: database errors here are about the connection, and the
    first line carries no query parameters (no personal data reaches the log)."""
    first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


class ResilientWorker(Worker):
    """django-tasks-db's Worker, restarted in place after database errors."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.interrupted_task_id = None

    def run_task(self, db_task_result) -> None:
        try:
            with worker_process():
                super().run_task(db_task_result)
        except DATABASE_ERRORS:
            # The task failed and its failure could not be recorded: recover it once reconnected.
            self.interrupted_task_id = db_task_result.pk
            raise

    def run(self) -> None:
        delay, last_error = FIRST_DELAY, 0.0
        while self.running:
            try:
                if self.interrupted_task_id is not None:
                    services.task_abandon(task_id=self.interrupted_task_id, cause=registry.DATABASE_LOST)
                    self.interrupted_task_id = None
                super().run()
                return
            except DATABASE_ERRORS as exc:
                if time.monotonic() - last_error > 2 * LONGEST_DELAY:
                    delay = FIRST_DELAY  # a new outage, not the same one going on
                last_error = time.monotonic()
                logger.warning("Worker %s lost the database (%s); reconnecting in %.0f s",
                               self.worker_id, describe(exc), delay)
                close_all_connections()
                time.sleep(delay)
                delay = min(delay * 2, LONGEST_DELAY)


class Heartbeat:
    """A daemon thread keeping the worker's WorkerHeartbeat row fresh and sweeping now and then."""

    def __init__(self, worker_id: str):
        self.worker_id = worker_id
        self.interval = conf.get("TASK_WORKER_HEARTBEAT_SECONDS")
        self.sweep_every = max(1, round(conf.get("TASK_WORKER_LEASE_SECONDS") / self.interval))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="task-heartbeat", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)

    def _run(self) -> None:
        beats = 0
        try:
            while not self._stop.wait(self.interval):
                beats += 1
                self.beat(sweep=beats % self.sweep_every == 0)
        finally:
            connection.close()

    def beat(self, *, sweep: bool = False) -> None:
        try:
            close_old_connections()
            services.heartbeat_beat(worker_id=self.worker_id)
            if sweep:
                services.tasks_sweep(prune=True)
        except Exception as exc:  # the database is away or locked: try again at the next beat
            logger.warning("Worker %s could not record its heartbeat (%s)", self.worker_id, describe(exc))
            close_all_connections()
