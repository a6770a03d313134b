"""batch_memory pauses the cycle collector only in a worker process, and restores it after."""

import gc
import sys

from xixiang.core import batch_memory
from xixiang.core.batch_memory import in_worker_process, release_memory, worker_process


def trims_during(action) -> int:
    """How many times the malloc_trim wrapper runs during action()."""
    calls = []

    def watch(frame, event, arg):
        if event == "call" and frame.f_code is batch_memory._malloc_trim.__code__:
            calls.append(1)

    sys.setprofile(watch)
    try:
        action()
    finally:
        sys.setprofile(None)
    return len(calls)


def test_outside_a_worker_process_nothing_is_paused_or_trimmed():
    assert not in_worker_process()
    with batch_memory.batch_memory():
        assert gc.isenabled()
        assert trims_during(release_memory) == 0
    assert gc.isenabled()


def test_in_a_worker_process_the_collector_is_paused_inside_and_restored_after():
    with worker_process():
        assert in_worker_process() and gc.isenabled()
        assert trims_during(release_memory) == 0  # not inside batch_memory
        with batch_memory.batch_memory():
            assert not gc.isenabled()
            with batch_memory.batch_memory():  # nested: still paused, not re-enabled at its end
                pass
            assert not gc.isenabled()
            assert trims_during(release_memory) == 1
        assert gc.isenabled()
    assert not in_worker_process()


def test_a_caller_that_had_paused_the_collector_keeps_it_paused():
    gc.disable()
    try:
        with worker_process(), batch_memory.batch_memory():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_comes_back_when_the_work_fails():
    try:
        with worker_process(), batch_memory.batch_memory():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.isenabled() and not in_worker_process()
