"""A task for the worker tests (importable by a worker subprocess: the test run's cwd is the project)."""

from django.tasks import task


@task
def echo(value: str) -> str:
    return value


@task
def query_after(seconds: float) -> int:
    """Wait, then use the database (the worker test takes the database away meanwhile)."""
    import time

    from xixiang.tasks_health.models import WorkerHeartbeat

    time.sleep(seconds)
    return WorkerHeartbeat.objects.count()
