"""A task for the worker tests (importable by a worker subprocess: the test run's cwd is the project)."""

from django.tasks import task


@task
def echo(value: str) -> str:
    return value
