"""Process-wide memory steps of long batch work, taken only in a process that does nothing else.

A roster import keeps ~1,000,000 small objects alive (per-household state, rows of the current
chunk) and creates no reference cycles of note: Python's cycle collector would scan them all
again and again (15 % of a dry run, measured) to find nothing, so it is paused for the import;
everything is still freed by reference counting. And between the sheets, glibc is asked to
hand the freed cells of the read sheet back to the system (`malloc_trim`), or the peak would
be both sheets together.

Both act on the whole process: in a web process they would hold for every request its other
threads serve. So they happen only inside `worker_process()`, which the task worker
(xixiang/tasks_health/worker.py) wraps around each task it runs and which a management command
that is the whole process (import_households) may wrap around its work:

- `batch_memory()`, which a task wraps around its service call: the collector is paused inside
  it, in a worker process; anywhere else (a web process, a task run by the immediate backend,
  a test) it does nothing;
- `release_memory()`, which the engine calls between the sheets: `malloc_trim(0)` inside
  `batch_memory()` in a worker process, nothing anywhere else.
"""

import contextlib
import ctypes
import gc

_worker = False  # inside worker_process()
_batch = False  # inside batch_memory() in a worker process


@contextlib.contextmanager
def worker_process():
    """This process runs only the work inside (a worker's task, a command's import)."""
    global _worker
    outer, _worker = _worker, True
    try:
        yield
    finally:
        _worker = outer


def in_worker_process() -> bool:
    return _worker


@contextlib.contextmanager
def batch_memory():
    """Pause the cycle collector for the work inside, in a worker process (module docstring)."""
    global _batch
    if not _worker or _batch:
        yield
        return
    was_enabled = gc.isenabled()
    gc.disable()
    _batch = True
    try:
        yield
    finally:
        _batch = False
        if was_enabled:
            gc.enable()


def release_memory() -> None:
    """Hand freed memory back to the system, inside batch_memory() in a worker process."""
    if _batch:
        _malloc_trim()


def _malloc_trim() -> None:
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass
