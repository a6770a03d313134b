"""Background document jobs (xixiang/core/documents.py): the time limit, failures, and what survives them."""

import multiprocessing

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from xixiang.core.documents import document_job_start
from xixiang.core.errors import DomainError
from xixiang.core.models import DocumentJob


def _start_cards(client, code: str) -> DocumentJob:
    client.post(reverse("assistance:card_batch_create"), {"code": code, "year": "2009"})
    job = DocumentJob.objects.latest("id")
    job.refresh_from_db()  # the immediate backend (tests) ran the task during the request
    return job


def test_a_render_over_the_time_limit_fails_with_a_clear_message_and_the_next_job_succeeds(world, settings):
    client = world.client_for("clerk_chengguan")
    settings.XIXIANG_PDF_RENDER_SECONDS = 0.01
    slow = _start_cards(client, world.wufeng.code)
    assert (slow.status, slow.file.name) == ("failed", "")
    assert slow.error == "生成超时（超过 0.01 秒），请缩小范围后重试"
    assert slow.finished_at is not None
    status = client.get(reverse("core:document_job", args=[slow.pk]), headers={"HX-Request": "true"}).content.decode()
    assert "生成超时（超过 0.01 秒），请缩小范围后重试" in status and "hx-trigger" not in status
    assert client.get(reverse("core:document_job_download", args=[slow.pk])).status_code == 404
    assert multiprocessing.active_children() == []  # the render's child was killed and reaped

    settings.XIXIANG_PDF_RENDER_SECONDS = 120
    following = _start_cards(client, world.wufeng.code)
    assert (following.status, following.item_count, following.error) == ("done", 1, "")
    download = client.get(reverse("core:document_job_download", args=[following.pk]))
    assert (download.status_code, b"".join(download.streaming_content)[:5]) == (200, b"%PDF-")


def test_a_job_with_nothing_to_print_fails_with_the_reason(world):
    world.own_household.delete()
    job = _start_cards(world.client_for("clerk_chengguan"), world.wufeng.code)
    assert (job.status, job.error) == ("failed", "五丰村 没有可打印明白卡的农户")


def test_a_job_whose_village_left_scope_before_it_ran_fails_without_printing(world):
    from xixiang.core import tasks

    clerk = world.users["clerk_chengguan"]
    job = DocumentJob.objects.create(
        kind="income_cards",
        params={"village": world.jiangbang.code, "year": 2009},
        title="江榜村",
        filename="x.pdf",
        requested_by=clerk,
    )
    tasks.run_document_job.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error, job.file.name) == (
        "failed",
        f"找不到村编码为 {world.jiangbang.code} 的行政村，或该村不在您的管辖范围内",
        "",
    )


def test_an_unknown_kind_of_document_is_refused(world):
    with pytest.raises(DomainError, match="未知的文档类型：nothing"):
        document_job_start(user=world.users["admin"], kind="nothing", params={}, title="x", filename="x.pdf")
    assert DocumentJob.objects.count() == 0


def test_the_cards_command_stops_at_the_time_limit_with_the_message(world, settings, tmp_path):
    settings.XIXIANG_PDF_RENDER_SECONDS = 0.01
    with pytest.raises(CommandError, match=r"生成超时（超过 0.01 秒），请缩小范围后重试"):
        call_command(
            "render_income_cards", "--village", world.wufeng.code, "--year", "2009", "-o", str(tmp_path / "x.pdf")
        )
    assert not (tmp_path / "x.pdf").exists()


def test_a_rendering_job_shows_its_reported_stage_in_the_readers_language(world, settings):
    from xixiang.core import progress

    job = DocumentJob.objects.create(
        kind="income_cards",
        params={"village": world.wufeng.code, "year": 2009},
        title="五丰村",
        filename="x.pdf",
        requested_by=world.users["clerk_chengguan"],
        status=DocumentJob.Status.RUNNING,
    )
    progress.report(job, 20, 100, DocumentJob.Stage.LAYOUT)
    client = world.client_for("clerk_chengguan")
    url = reverse("core:document_job", args=[job.pk])
    status = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert '<strong data-status="running">处理中</strong>（排版）' in status and 'value="20"' in status
    assert 'hx-trigger="every 2s"' in status
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        english = client.get(url, headers={"HX-Request": "true"}).content.decode()
    finally:
        translation.activate(settings.LANGUAGE_CODE)
    assert '<strong data-status="running">Running</strong>' in english and "排版" not in english
    progress.clear(job)


def test_a_job_whose_worker_lost_the_database_is_interrupted_with_that_message(world):
    from xixiang.core.documents import document_job_interrupted
    from xixiang.tasks_health import registry

    job = DocumentJob.objects.create(
        kind="income_cards",
        params={"village": world.wufeng.code, "year": 2009},
        title="五丰村",
        filename="x.pdf",
        requested_by=world.users["clerk_chengguan"],
        status=DocumentJob.Status.RUNNING,
    )
    document_job_interrupted(job.pk, cause=registry.DATABASE_LOST)
    job.refresh_from_db()
    assert (job.status, job.error) == ("interrupted", "生成中断：后台进程与数据库的连接中断，请重新生成")
    assert job.finished and job.finished_at is not None
