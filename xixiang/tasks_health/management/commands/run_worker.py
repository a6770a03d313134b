"""`manage.py run_worker`: the task worker to run (make run, deploy/xixiang-worker.service).

The library's `db_worker` with a heartbeat (WorkerHeartbeat, so the progress pages and the
administrator's page know whether a worker is alive, and a killed worker's tasks are
recovered) and with database errors ridden out (worker.ResilientWorker). Its options are
db_worker's, without --reload (the supervisor restarts the process instead).

With DJANGO_TASKS_BACKEND=rq the same command runs an rq worker on Redis instead
(rq_worker.py: django-rq's worker with django-tasks-rq's job class), with the same heartbeat and
sweep; of the options, --queue-name, --max-tasks and --worker-id apply.
"""

from contextlib import contextmanager

from django.core.management.base import CommandError
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from ... import conf, services
from ...worker import Heartbeat, ResilientWorker, close_all_connections, describe, logger


class Command(DBWorkerCommand):
    help = "Run the background task worker (database queue) with a heartbeat; survives database restarts"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(reload=False)
        if conf.uses_rq_queue():  # db_worker's --backend accepts only a database backend
            for action in parser._actions:
                if action.dest == "backend_name":
                    action.type = str

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload,
               max_tasks, worker_id, exclude_queues, **options):
        self.configure_logging(verbosity)
        if reload:
            raise CommandError("run_worker does not reload; its supervisor restarts it")
        queue_names = queue_name.split(",")
        if conf.uses_rq_queue():
            self._run_rq(queue_names=queue_names, max_tasks=max_tasks, worker_id=worker_id, verbosity=verbosity)
            return
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names, interval=interval, batch=batch, backend_name=backend_name,
            startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id, excluded_queue_names=excluded,
        )
        worker.configure_signals()
        with heartbeating(worker_id, before_start=lambda: services.tasks_sweep(prune=True)):
            worker.run()

    def _run_rq(self, *, queue_names, max_tasks, worker_id, verbosity):
        from ...rq_worker import run

        if "*" in queue_names:
            raise CommandError("the rq worker needs queue names (default: default)")
        with heartbeating(worker_id, before_start=close_all_connections):
            run(worker_id=worker_id, queues=queue_names, max_jobs=max_tasks or None,
                logging_level="DEBUG" if verbosity >= 2 else "INFO")


@contextmanager
def heartbeating(worker_id: str, *, before_start):
    """The worker's heartbeat row registered, `before_start()` run, the heartbeat beating while
    the block runs, and the stop recorded after it (or left to go stale when the database is away)."""
    heartbeat = Heartbeat(worker_id)
    services.heartbeat_register(worker_id=worker_id)
    before_start()
    heartbeat.start()
    try:
        yield
    finally:
        heartbeat.stop()
        try:
            services.heartbeat_stop(worker_id=worker_id)
        except Exception as exc:  # the database is away: the heartbeat goes stale instead
            logger.warning("Worker %s could not record that it stopped (%s)", worker_id, describe(exc))
        close_all_connections()
