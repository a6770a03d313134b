"""The no-worker notice on the document-job and archive-check pages, the pages recovering a dead
worker's task, and the administrator's page of task workers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from archives import tasks as archive_tasks
from archives.models import ArchiveVerification
from xixiang.core import tasks as core_tasks
from xixiang.core.models import DocumentJob

from .helpers import DATABASE_QUEUE, claimed, enqueue, heartbeat
from .tasks import echo

NOTICE = "没有后台进程在处理任务，请联系管理员启动任务进程"
WORKERS_URL = reverse("tasks_health:workers")


def _ago(seconds):
    return timezone.now() - datetime.timedelta(seconds=seconds)


@pytest.fixture
def card_batch(world):
    batch = DocumentJob.objects.create(
        kind="income_cards",
        params={"village": world.wufeng.code, "year": 2009},
        title="五丰村 2009 年增收明白卡",
        filename="cards.pdf",
        requested_by=world.users["clerk_chengguan"],
    )
    DocumentJob.objects.filter(pk=batch.pk).update(created_at=_ago(45))
    return batch


def _card_status(world, batch):
    return (
        world.client_for("clerk_chengguan")
        .get(reverse("core:document_job", args=[batch.pk]), headers={"HX-Request": "true"})
        .content.decode()
    )


def test_a_card_batch_queued_with_no_worker_alive_says_so_while_it_polls(world, settings, card_batch):
    settings.TASKS = DATABASE_QUEUE
    body = _card_status(world, card_batch)
    assert 'data-status="queued"' in body and NOTICE in body and "hx-trigger" in body
    heartbeat("alive", age=1)
    assert NOTICE not in _card_status(world, card_batch)


def test_a_card_batch_queued_moments_ago_or_with_the_immediate_backend_shows_no_notice(world, settings, card_batch):
    assert NOTICE not in _card_status(world, card_batch)  # immediate backend (tests)
    settings.TASKS = DATABASE_QUEUE
    DocumentJob.objects.filter(pk=card_batch.pk).update(created_at=_ago(settings.TASK_QUEUE_NOTICE_SECONDS - 10))
    assert NOTICE not in _card_status(world, card_batch)


def test_the_card_page_recovers_a_batch_whose_worker_died(world, settings, card_batch):
    settings.TASKS = DATABASE_QUEUE
    DocumentJob.objects.filter(pk=card_batch.pk).update(status=DocumentJob.Status.RUNNING)
    heartbeat("dead", age=settings.TASK_WORKER_LEASE_SECONDS + 1)
    claimed(core_tasks.run_document_job, card_batch.pk, worker_id="dead")
    body = _card_status(world, card_batch)
    assert 'data-status="interrupted"' in body and "生成中断：处理该任务的后台进程已停止，请重新生成" in body
    assert "hx-trigger" not in body


def test_an_archive_check_waiting_with_no_worker_alive_says_so_in_english_too(world, settings):
    settings.TASKS = DATABASE_QUEUE
    ArchiveVerification.objects.create(started_at=_ago(60), started_by=world.users["admin"])
    client = world.client_for("admin")
    assert NOTICE in client.get(reverse("archives:verification")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        english = client.get(reverse("archives:verification")).content.decode()
    finally:
        translation.activate(settings.LANGUAGE_CODE)  # the middleware leaves the thread in English
    assert "No background process is taking tasks; please ask the administrator to start the task worker" in english


def test_the_archive_check_page_shows_a_run_whose_worker_died_as_interrupted(world, settings):
    settings.TASKS = DATABASE_QUEUE
    run = ArchiveVerification.objects.create(started_at=_ago(120), started_by=world.users["admin"])
    heartbeat("dead", age=settings.TASK_WORKER_LEASE_SECONDS + 1)
    claimed(archive_tasks.verify_archives_task, run_id=run.pk, worker_id="dead")
    body = world.client_for("admin").get(reverse("archives:verification")).content.decode()
    assert "核验中断：处理该任务的后台进程已停止，请重新核验" in body and NOTICE not in body


@pytest.mark.parametrize(
    "name", ["leader", "clerk_chengguan", "cadre_wufeng", "scorer_tongji", "inspector1", "surveyor1", "helper1"]
)
def test_only_the_administrator_may_open_the_workers_page(world, name):
    assert world.client_for(name).get(WORKERS_URL).status_code == 403


def test_anonymous_visitors_are_sent_to_login_from_the_workers_page(world):
    response = world.client_for("anonymous").get(WORKERS_URL)
    assert response.status_code == 302 and response.url == f"{reverse('login')}?next={WORKERS_URL}"


def test_the_administrators_navigation_links_the_workers_page(world):
    home = reverse("home:dashboard")
    assert f'href="{WORKERS_URL}"' in world.client_for("admin").get(home).content.decode()
    assert f'href="{WORKERS_URL}"' not in world.client_for("clerk_chengguan").get(home).content.decode()


def test_the_workers_page_shows_each_worker_the_queue_and_the_days_failures(world, settings):
    settings.TASKS = DATABASE_QUEUE
    heartbeat("busy", age=2, host="county-server", pid=101)
    heartbeat("silent", age=settings.TASK_WORKER_LEASE_SECONDS + 30, host="county-server", pid=102)
    heartbeat("ended", stopped=True, host="backup-server", pid=103)
    claimed(echo, "正在处理", worker_id="busy")
    enqueue(echo, "一", age=600)
    enqueue(echo, "二", age=5)
    failed = enqueue(echo, "三")
    old_failure = enqueue(echo, "四")
    DBTaskResult.objects.filter(pk=failed.pk).update(status="FAILED", finished_at=_ago(3600))
    DBTaskResult.objects.filter(pk=old_failure.pk).update(status="FAILED", finished_at=_ago(30 * 3600))
    body = world.client_for("admin").get(WORKERS_URL).content.decode()
    assert '<dd class="col-sm-9" id="queued">2</dd>' in body
    assert "已等待 10" in body  # minutes, from the oldest queued task
    assert '<dd class="col-sm-9" id="failed-last-day">1</dd>' in body
    rows = {
        worker: body.split(f'data-worker="{worker}"')[1].split("</tr>")[0] for worker in ("busy", "silent", "ended")
    }
    assert 'data-state="alive"' in rows["busy"] and "county-server / 101" in rows["busy"]
    assert "tests.tasks_health.tasks.echo" in rows["busy"]
    assert 'data-state="stale"' in rows["silent"] and "无心跳" in rows["silent"]
    assert 'data-state="stopped"' in rows["ended"] and "backup-server / 103" in rows["ended"]
    assert 'id="no-live-worker"' not in body


def test_the_workers_page_says_plainly_when_no_worker_is_alive(world, settings):
    settings.TASKS = DATABASE_QUEUE
    heartbeat("silent", age=settings.TASK_WORKER_LEASE_SECONDS + 30)
    body = world.client_for("admin").get(WORKERS_URL).content.decode()
    assert "没有正在运行的任务进程：排队的任务不会被处理。" in body
