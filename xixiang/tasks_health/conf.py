"""Settings of the worker health checks (defaults here; xixiang/settings.py reads the environment)."""

from django.conf import settings

DEFAULTS = {
    "TASK_WORKER_HEARTBEAT_SECONDS": 10,
    "TASK_WORKER_LEASE_SECONDS": 60,
    "TASK_QUEUE_NOTICE_SECONDS": 30,
}
DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])


def uses_database_queue() -> bool:
    """Tasks go to the database queue and need a worker (not the immediate backend of tests)."""
    return settings.TASKS.get("default", {}).get("BACKEND") == DATABASE_BACKEND
