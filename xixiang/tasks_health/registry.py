"""What an app does when one of its tasks was abandoned (its worker died or lost the database).

Apps register a recovery hook per task in AppConfig.ready():

    tasks_health_registry.register(commit_batch, batch_commit_interrupted)

The hook is called with the task's own arguments plus `cause` (WORKER_LOST or DATABASE_LOST),
inside the transaction that marks the task result failed, once per abandoned task. It puts the
app's object in a state that says what happened (failed with a message, or ready to be tried
again) and removes the task's temporary files. This package imports no app.
"""

from collections.abc import Callable

WORKER_LOST = "worker_lost"
DATABASE_LOST = "database_lost"

_HOOKS: dict[str, Callable[..., None]] = {}


def register(task, hook: Callable[..., None]) -> None:
    """`task` is a django.tasks Task (the decorated function)."""
    _HOOKS[task.module_path] = hook


def hook_for(task_path: str) -> Callable[..., None] | None:
    return _HOOKS.get(task_path)


class TaskAbandoned(Exception):
    """Recorded as the error of a task result whose worker died or lost the database mid-task."""
