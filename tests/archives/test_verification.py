import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from archives.models import ArchiveFile, ArchiveVerification
from archives.verification import verify_archives
from xixiang.core import progress

from .conftest import JPEG, PDF, XLSX, content

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(world, make_record):
    own = make_record([content("通知.pdf", PDF), content("照片.jpg", JPEG)])
    other = make_record([content("台账.xlsx", XLSX)], user="clerk_xiakou", village=world.jiangbang, code="S1")
    return own, other


def run_command(*args):
    from io import StringIO

    out = StringIO()
    call_command("verify_archives", *args, stdout=out)
    return out.getvalue()


def test_intact_files_pass_with_exit_status_0(records):
    output = run_command()
    assert output.strip().endswith("核验 3 个文件，缺失 0 个，被改动 0 个，全部完好")
    run = ArchiveVerification.objects.get()
    assert (run.status, run.outcome, run.files_checked, run.problems) == ("done", "passed", 3, [])


def test_missing_and_altered_files_are_listed_with_exit_status_1(records, archive_dir):
    own, other = records
    pdf = own.files.get(original_name="通知.pdf")
    sheet = other.files.get()
    (archive_dir / pdf.stored_name).unlink()
    (archive_dir / sheet.stored_name).write_bytes(XLSX + b"tampered")
    from io import StringIO

    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("verify_archives", stdout=out)
    assert caught.value.returncode == 1
    assert str(caught.value) == "核验 3 个文件，缺失 1 个，被改动 1 个"
    lines = out.getvalue().splitlines()
    assert f"缺失：610724100201 五丰村 2009 W1 “会议记录” / 通知.pdf [文件 #{pdf.pk}，{pdf.stored_name}]" in lines
    assert (
        f"被改动：610724108201 江榜村 2009 S1 “会议记录” / 台账.xlsx [文件 #{sheet.pk}，{sheet.stored_name}]" in lines
    )
    run = ArchiveVerification.objects.get()
    assert (run.status, run.outcome, run.missing_count, run.altered_count) == ("done", "problems", 1, 1)
    altered = next(p for p in run.problems if p["problem"] == "altered")
    assert (altered["expected_size"], altered["actual_size"]) == (len(XLSX), len(XLSX) + 8)


def test_village_option_checks_only_that_village(world, records, archive_dir):
    other_file = records[1].files.get()
    (archive_dir / other_file.stored_name).unlink()
    output = run_command("--village", world.wufeng.code)
    assert "核验 2 个文件，缺失 0 个，被改动 0 个，全部完好" in output
    assert ArchiveVerification.objects.get().village == world.wufeng


def test_unknown_village_code_is_an_error(records):
    with pytest.raises(CommandError) as caught:
        run_command("--village", "610724999999")
    assert str(caught.value) == "村编码 610724999999 不存在"


def test_deleted_files_are_verified_too(world, records, archive_dir):
    own = records[0]
    photo = own.files.get(original_name="照片.jpg")
    world.client_for("admin").post(reverse("archives:file_delete", args=[photo.pk]))
    (archive_dir / photo.stored_name).unlink()
    run = verify_archives()
    assert [(p["original_name"], p["problem"], p["deleted"]) for p in run.problems] == [("照片.jpg", "missing", True)]


def test_an_unexpected_error_ends_the_run_failed_with_the_message_and_is_raised_again(records):
    ArchiveFile.objects.filter(pk=records[0].files.first().pk).update(stored_name="../outside.pdf")
    with pytest.raises(SuspiciousFileOperation):
        verify_archives()
    run = ArchiveVerification.objects.get()
    assert (run.status, run.outcome, run.message) == ("failed", "", "核验失败：发生内部错误，请稍后重试或联系管理员")
    assert run.finished_at is not None and progress.read(run) is None


def test_a_queued_run_is_carried_out_once(world, records):
    from archives import services

    run = services.archive_verification_start(actor=world.users["admin"])
    assert run.status == "queued"
    assert verify_archives(run=run).status == "done"
    ArchiveFile.objects.filter(pk=records[0].files.first().pk).update(stored_name="../outside.pdf")
    assert verify_archives(run=run).outcome == "passed"  # a finished run is not checked again


# --- the administrator's page -----------------------------------------------------------


def test_page_shows_the_last_result(world, records, archive_dir):
    pdf = records[0].files.get(original_name="通知.pdf")
    (archive_dir / pdf.stored_name).unlink()
    verify_archives()
    response = world.client_for("admin").get(reverse("archives:verification"))
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["run"].missing_count == 1
    assert "发现问题" in page and "缺失 1 个，被改动 0 个" in page and pdf.stored_name in page
    assert '<strong data-status="done">已完成</strong>（发现问题）' in page


def test_page_says_when_nothing_was_verified_yet(world):
    response = world.client_for("admin").get(reverse("archives:verification"))
    assert "还没有核验过。" in response.content.decode()


def test_administrator_starts_a_verification_as_a_task(world, records, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    response = world.client_for("admin").post(reverse("archives:verification_start"))
    assert response.status_code == 302
    run = ArchiveVerification.objects.get()
    assert (run.status, run.outcome, run.files_checked, run.started_by) == ("done", "passed", 3, world.users["admin"])


@pytest.mark.parametrize("user", ["leader", "clerk_chengguan", "cadre_wufeng"])
def test_verification_is_for_the_administrator_only(world, user):
    client = world.client_for(user)
    assert client.get(reverse("archives:verification")).status_code == 403
    assert client.post(reverse("archives:verification_start")).status_code == 403


def test_verification_page_needs_login(world):
    url = reverse("archives:verification")
    response = world.client_for("anonymous").get(url)
    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={url}")
