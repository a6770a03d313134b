"""The roster tasks pause Python's cycle collector and hand memory back to the system only in a
worker process: never when the immediate backend runs them inside the web request (or a test).

What happens is watched with a profiler hook (sys.setprofile), which sees every call the
import makes: each call of a roster function records whether the collector was enabled at that
moment, and calls of gc.disable and of the malloc_trim wrapper are recorded as they happen.
"""

import gc
import sys

import pytest
from django.core.files import File
from django.urls import reverse

from households.models import Household, ImportBatch
from households.roster import services, tasks
from xixiang.core import batch_memory
from xixiang.core.batch_memory import worker_process

from .conftest import GROUP, household_row, member_row, write_workbook
from .test_views import upload

ROSTER = "/households/roster/"
IMPORT_STEPS = ("_household_sheet", "_flush_households", "_member_sheet", "_flush_members", "_finalise")


class Watch:
    """Records, while active, gc's state at each call of a roster function and the calls of
    gc.disable and of batch_memory._malloc_trim."""

    def __init__(self):
        self.roster_calls = []  # (function name, collector enabled)
        self.gc_disables = 0
        self.trims = 0

    def __call__(self, frame, event, arg):
        if event == "c_call" and arg is gc.disable:
            self.gc_disables += 1
        elif event == "call":
            if frame.f_code is batch_memory._malloc_trim.__code__:
                self.trims += 1
            elif ROSTER in frame.f_code.co_filename.replace("\\", "/"):
                self.roster_calls.append((frame.f_code.co_name, gc.isenabled()))

    def __enter__(self):
        sys.setprofile(self)
        return self

    def __exit__(self, *exc):
        sys.setprofile(None)

    def states(self, name: str) -> set[bool]:
        """The collector's states seen when the roster function `name` was called."""
        return {enabled for called, enabled in self.roster_calls if called == name}


@pytest.fixture
def roster_file(tmp_path, new_ids):
    head, son = new_ids(), new_ids()
    number = f"{GROUP}050"
    return write_workbook(tmp_path / "r.xlsx", [household_row(number, head)],
                          [member_row(number, head, 与户主关系="户主", 姓名="张三丰"), member_row(number, son)])


def test_the_immediate_backend_in_a_web_request_leaves_the_collector_alone(world, roster_file,
                                                                          django_capture_on_commit_callbacks):
    client = world.client_for("clerk_chengguan")
    assert gc.isenabled()
    with Watch() as watch:
        upload(client, roster_file)  # the check task runs at once, inside the request
        batch = ImportBatch.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("households:roster:batch_commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED and Household.objects.filter(number=f"{GROUP}050").exists()
    for step in IMPORT_STEPS:  # the import ran (twice: check, then commit) under the watch
        assert watch.states(step) == {True}, step
    assert all(enabled for _name, enabled in watch.roster_calls)
    assert (watch.gc_disables, watch.trims) == (0, 0)
    assert gc.isenabled()


def test_in_a_worker_process_the_task_pauses_the_collector_and_restores_it(world, roster_file):
    with roster_file.open("rb") as handle:
        batch = services.batch_create(actor=world.users["clerk_chengguan"], upload=File(handle, name="r.xlsx"))
    with Watch() as watch, worker_process():
        assert tasks.check_batch.call(batch.pk) == ImportBatch.Status.CHECKED
    assert watch.roster_calls[0] == ("check_batch", True)  # the task body, before the service
    for step in IMPORT_STEPS:
        assert watch.states(step) == {False}, step
    assert (watch.gc_disables, watch.trims) == (1, 1)  # malloc_trim between the two sheets
    assert gc.isenabled()
