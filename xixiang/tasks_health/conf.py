"""Settings of the worker health checks (defaults here; xixiang/settings.py reads the environment)."""

from django.conf import settings

DEFAULTS = {
    "TASK_WORKER_HEARTBEAT_SECONDS": 10,
    "TASK_WORKER_LEASE_SECONDS": 60,
    "TASK_QUEUE_NOTICE_SECONDS": 30,
}
DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"
RQ_BACKEND = "django_tasks_rq.RQBackend"


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])


def uses_database_queue() -> bool:
    """Tasks go to the database queue and need a worker (not the immediate backend of tests)."""
    return settings.TASKS.get("default", {}).get("BACKEND") == DATABASE_BACKEND


def uses_rq_queue() -> bool:
    """Tasks go to the rq queue on Redis (DJANGO_TASKS_BACKEND=rq), for workers on several machines."""
    return settings.TASKS.get("default", {}).get("BACKEND") == RQ_BACKEND


def uses_worker_queue() -> bool:
    """Tasks wait in a queue (the database's or Redis's) for `manage.py run_worker`."""
    return uses_database_queue() or uses_rq_queue()
