"""The progress of background jobs (xixiang/core/progress.py): reports, what a page shows of a
job, the wording of jobs that ended badly, and the three progress pages (a document job, a
roster batch, the archive check) showing the same state the same way."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from archives.models import ArchiveVerification
from households.models import ImportBatch
from xixiang.core import progress
from xixiang.core.choices import FINISHED_STATES, JobState
from xixiang.core.models import DocumentJob
from xixiang.tasks_health import registry

from ..tasks_health.helpers import DATABASE_QUEUE, heartbeat


def _document_job(world, **values) -> DocumentJob:
    return DocumentJob.objects.create(
        kind="income_cards",
        params={"village": world.wufeng.code, "year": 2009},
        title="五丰村 2009 年增收明白卡",
        filename="cards.pdf",
        requested_by=world.users["clerk_chengguan"],
        **values,
    )


# --- reports ------------------------------------------------------------------------------


def test_a_report_is_read_back_until_it_is_cleared(world):
    job = _document_job(world)
    assert progress.read(job) is None
    progress.report(job, 20, 100, "layout")
    progress.report(job, 70, 100, "writing")
    assert progress.read(job) == progress.Report(70, 100, "writing")
    progress.clear(job)
    assert progress.read(job) is None
    progress.clear(job)  # clearing twice is harmless


def test_reports_are_kept_per_model_and_primary_key(world):
    job = _document_job(world)
    run = ArchiveVerification.objects.create(pk=job.pk, started_at=timezone.now())
    progress.report(job, 1, 2)
    progress.report(run, 30, 40)
    assert (progress.read(job), progress.read(run)) == (progress.Report(1, 2), progress.Report(30, 40))
    assert progress.read(DocumentJob(pk=job.pk)) == progress.Report(1, 2)  # what a recovery hook holds


def test_a_reporting_block_removes_its_report_however_it_ends(world):
    job = _document_job(world)
    with progress.reporting(job) as report:
        report(3, 9, "reading")
        assert progress.read(job) == progress.Report(3, 9, "reading")
    assert progress.read(job) is None
    with pytest.raises(ZeroDivisionError), progress.reporting(job) as report:
        report(1, 9)
        1 / 0  # noqa: B018
    assert progress.read(job) is None


# --- what a page shows ---------------------------------------------------------------------


def test_a_running_job_shows_its_last_report_after_its_own_stage(world):
    run = ArchiveVerification.objects.create(started_at=timezone.now(), status=JobState.RUNNING)
    progress.report(run, 250, 1000, "读取“农户”表")
    shown = progress.Progress.of(run, stage="正在检查", done=0, total=0, unit="行")
    assert (shown.state_label, shown.stage, shown.done_text, shown.total_text, shown.percent) == (
        "处理中",
        "正在检查：读取“农户”表",
        "250",
        "1,000",
        25,
    )
    assert (shown.counted, shown.finished, shown.shows_bar) == (True, False, True)
    worded = progress.Progress.of(run, reported=lambda stage: f"<{stage}>")
    assert worded.stage == "<读取“农户”表>"


def test_a_finished_job_shows_what_it_stored_not_a_late_report(world):
    run = ArchiveVerification.objects.create(started_at=timezone.now(), status=JobState.DONE, files_checked=3)
    progress.report(run, 1, 9, "stale")
    shown = progress.Progress.of(run, stage="全部完好", done=3, total=3, unit="个文件", poll_url="/x/")
    assert (shown.stage, shown.done, shown.percent, shown.counted, shown.polls, shown.shows_bar) == (
        "全部完好",
        3,
        100,
        False,
        False,
        True,
    )


@pytest.mark.parametrize("state", [JobState.FAILED, JobState.INTERRUPTED])
def test_a_job_that_ended_badly_shows_no_bar_and_stops_polling(world, state):
    shown = progress.Progress.of(_document_job(world, status=state), poll_url="/x/", message="出错了")
    assert (shown.ended_badly, shown.shows_bar, shown.polls, shown.finished) == (True, False, False, True)


def test_a_queued_job_polls_and_says_when_no_worker_takes_it(world, settings):
    job = _document_job(world)
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.TASK_QUEUE_NOTICE_SECONDS + 5)
    assert progress.Progress.of(job, queued_since=long_ago, poll_url="/x/").no_worker is False  # immediate backend
    settings.TASKS = DATABASE_QUEUE
    shown = progress.Progress.of(job, queued_since=long_ago, poll_url="/x/")
    assert (shown.state_label, shown.percent, shown.polls, shown.no_worker) == ("排队中", 0, True, True)
    assert progress.Progress.of(job, queued_since=timezone.now(), poll_url="/x/").no_worker is False
    heartbeat("alive", age=1)
    assert progress.Progress.of(job, queued_since=long_ago).no_worker is False


def test_every_roster_status_stands_for_a_job_state():
    assert set(ImportBatch.JOB_STATES) == set(ImportBatch.Status)
    assert set(ImportBatch.RUNNING) == {
        status for status, state in ImportBatch.JOB_STATES.items() if state not in FINISHED_STATES
    }


# --- wording --------------------------------------------------------------------------------


def test_jobs_that_ended_badly_are_worded_one_way():
    assert progress.interrupted_message(registry.WORKER_LOST, action="核验", retry="请重新核验") == (
        "核验中断：处理该任务的后台进程已停止，请重新核验"
    )
    assert progress.interrupted_message(
        registry.DATABASE_LOST, action="导入", retry="未保存任何数据，请重新确认导入"
    ) == ("导入中断：后台进程与数据库的连接中断，未保存任何数据，请重新确认导入")
    assert progress.failed_message(action="生成") == "生成失败：发生内部错误，请稍后重试或联系管理员"
    with translation.override("en"):
        english = progress.interrupted_message(
            registry.WORKER_LOST, action="Check", retry="please upload the file again"
        )
    assert (
        english == "Check interrupted: the background process handling this task stopped; please upload the file again"
    )


# --- the three progress pages ---------------------------------------------------------------

ROSTER_STATUS = {
    JobState.QUEUED: ImportBatch.Status.QUEUED,
    JobState.RUNNING: ImportBatch.Status.CHECKING,
    JobState.DONE: ImportBatch.Status.CHECKED,
    JobState.FAILED: ImportBatch.Status.FAILED,
    JobState.INTERRUPTED: ImportBatch.Status.INTERRUPTED,
}
STATE = re.compile(r'<strong data-status="(\w+)">([^<]*)</strong>')


def _pages(world, state: str, message: str) -> dict[str, str]:
    """The three progress pages, each showing a job in `state` that ended with `message`."""
    job = _document_job(world, status=state, error=message)
    batch = ImportBatch.objects.create(
        created_by=world.users["clerk_chengguan"],
        township=world.chengguan,
        original_name="a.xlsx",
        file=SimpleUploadedFile("a.xlsx", b"PK"),
        status=ROSTER_STATUS[state],
        message=message,
    )
    ArchiveVerification.objects.create(started_at=timezone.now(), status=state, message=message)
    clerk = world.client_for("clerk_chengguan")
    return {
        "document": clerk.get(reverse("core:document_job", args=[job.pk])).content.decode(),
        "roster": clerk.get(reverse("households:roster:batch_detail", args=[batch.pk])).content.decode(),
        "archives": world.client_for("admin").get(reverse("archives:verification")).content.decode(),
    }


@pytest.mark.parametrize("state", list(JobState))
def test_the_three_progress_pages_show_the_same_state_the_same_way(world, state):
    ended_badly = state in (JobState.FAILED, JobState.INTERRUPTED)
    message = "检查中断：处理该任务的后台进程已停止，请重新上传该文件" if ended_badly else ""
    pages = _pages(world, state, message)
    shown = {page: STATE.findall(body) for page, body in pages.items()}
    assert shown == {page: [(state.value, state.label)] for page in pages}
    for page, body in pages.items():
        assert body.count('id="job-status"') == 1, page
        assert ("<progress" in body) is not ended_badly, page
        assert ("可以离开本页，稍后再来查看结果。" in body) is (state not in FINISHED_STATES), page
        if ended_badly:
            assert body.count(f'<p class="text-danger mt-2" data-error>{message}</p>') == 1, page
            assert body.count(message) == 1, page
