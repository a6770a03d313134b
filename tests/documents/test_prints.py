"""Printing many at once (documents/print_kinds.py, print_views.py): batches of score sheets,
dossiers (a zip), income cards and the results list as background jobs; “我的打印”; the command.
Over the notice-board fixtures (`boards`: 城关镇五丰村 with a 2009 result, 峡口镇江榜村 without)."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from documents import dossier as dossiers
from xixiang.core.errors import DomainError
from xixiang.core.models import DocumentJob

from .printed import pdf_pages

pytestmark = pytest.mark.django_db
INDICATOR_CODES = "A1 A2 A3 B1 B2 B3 C1 C2 C3 D1 D2 D3 E1 E2 E3".split()


def _download(client, job) -> bytes:
    response = client.get(reverse("core:document_job_download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _print(boards, username, kind, township=""):
    client = boards.client_for(username)
    response = client.post(reverse("documents:print_new"), {"kind": kind, "year": "2009", "township": township})
    return client, response


def test_the_county_score_sheets_print_as_one_pdf_every_village_in_code_order(boards):
    client, response = _print(boards, "leader", "score_sheets")
    job = DocumentJob.objects.get()
    assert response.url == reverse("core:document_job", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.item_count, job.error, job.title) == ("done", 2, "", "全县 2009 年度考核评分表")
    content = _download(client, job)
    pages = pdf_pages(content)
    text = "".join(pages)
    assert text.index("城关镇五丰村") < text.index("峡口镇江榜村")
    assert text.count("2009年度村级组织升级晋档考核评分表") >= 2 and "评定为二类村" in text
    wufeng = text[:text.index("峡口镇江榜村")]
    assert all(code in wufeng for code in INDICATOR_CODES) and "检查验收组（签字）" in wufeng
    assert "西乡县村级组织升级晋档、科学发展活动领导小组办公室" in pages[0]
    page_of_jiangbang = next(i for i, page in enumerate(pages) if "峡口镇江榜村" in page)
    assert page_of_jiangbang > 0 and "五丰村" not in pages[page_of_jiangbang]  # each sheet from a new page
    status = client.get(reverse("core:document_job", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()
    assert 'data-status="done"' in status and "2 份" in status


def test_the_dossiers_print_as_a_zip_and_a_failing_village_is_named_while_the_other_prints(boards, monkeypatch):
    real = dossiers.dossier_for

    def failing(user, village, year, **kwargs):
        if village.code == boards.wufeng.code:
            raise DomainError("数据不完整")
        return real(user, village, year, **kwargs)

    monkeypatch.setattr(dossiers, "dossier_for", failing)
    client, _response = _print(boards, "admin", "dossiers")
    job = DocumentJob.objects.get()
    assert (job.status, job.item_count, job.filename) == ("done", 1, "档案册-全县-2009.zip")
    assert job.error == "未能生成 1 项：城关镇五丰村（610724100201）（数据不完整）"
    response = client.get(reverse("core:document_job_download", args=[job.pk]))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == ["610724108201-峡口镇江榜村-2009.pdf"]
    text = "".join(pdf_pages(archive.read("610724108201-峡口镇江榜村-2009.pdf")))
    assert "峡口镇江榜村2009年度村级档案册" in text and "第1页/共" in text
    page = client.get(reverse("core:document_job", args=[job.pk])).content.decode()
    assert "data-warning" in page and "下载 ZIP" in page


def test_a_township_clerk_prints_their_villages_income_cards(boards):
    client, _response = _print(boards, "clerk_chengguan", "income_cards_batch", boards.chengguan.code)
    job = DocumentJob.objects.get()
    assert (job.status, job.item_count, job.error) == ("done", 1, "")
    text = "".join(pdf_pages(_download(client, job)))
    assert "2009年度·城关镇五丰村一组" in text and "王建国" in text and "李明华" not in text


def test_the_county_results_pdf_is_a_background_job_and_its_page_still_renders_in_the_request(boards):
    client = boards.client_for("leader")
    page = client.get(reverse("documents:results_pdf", args=[2009]))
    assert page.status_code == 200 and "生成 PDF" in page.content.decode() and not DocumentJob.objects.exists()
    response = client.post(reverse("documents:results_pdf", args=[2009]))
    job = DocumentJob.objects.get()
    assert response.url == reverse("core:document_job", args=[job.pk])
    assert (job.kind, job.status, job.item_count) == ("results_list", "done", 1)
    text = "".join(pdf_pages(_download(client, job)))
    assert "全县2009年度村级组织升级晋档考核结果" in text and "五丰村" in text
    html = client.get(reverse("documents:results", args=[2009])).content.decode()
    assert 'data-village="610724100201"' in html


@pytest.mark.parametrize("username,township,status", [
    ("clerk_chengguan", "610724108", "refused"), ("clerk_chengguan", "", "refused"),
    ("cadre_wufeng", "610724100", 403), ("scorer_tongji", "", 403), ("inspector1", "", 403), ("helper1", "", 403),
])
def test_printing_many_outside_the_users_scope_is_refused(boards, username, township, status):
    _client, response = _print(boards, username, "score_sheets", township)
    if status == "refused":
        assert response.status_code == 200 and "errorlist" in response.content.decode()
    else:
        assert response.status_code == status
    assert not DocumentJob.objects.exists()


def test_a_year_without_a_cycle_is_refused_before_queueing(boards):
    client = boards.client_for("admin")
    response = client.post(reverse("documents:print_new"), {"kind": "score_sheets", "year": "2012", "township": ""})
    assert "2012 年度尚无考核周期" in response.content.decode() and not DocumentJob.objects.exists()


def _job(boards, username, **fields):
    defaults = {"kind": "score_sheets", "params": {"township": "", "year": 2009}, "title": "全县 2009 年度考核评分表",
                "filename": "评分表.pdf", "status": "done"}
    return DocumentJob.objects.create(requested_by=boards.users[username], **{**defaults, **fields})


def test_another_users_job_answers_404_and_is_not_listed(boards):
    mine, theirs = _job(boards, "leader", title="我的评分表"), _job(boards, "clerk_chengguan", title="镇上的评分表",
                                                                   params={"township": "610724100", "year": 2009})
    client = boards.client_for("leader")
    html = client.get(reverse("documents:my_prints")).content.decode()
    assert f'data-job="{mine.pk}"' in html and "我的评分表" in html and "镇上的评分表" not in html
    assert client.get(reverse("core:document_job", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("core:document_job_download", args=[theirs.pk])).status_code == 404


def test_a_job_whose_township_left_the_clerks_scope_answers_404(boards):
    job = _job(boards, "clerk_chengguan", params={"township": "610724100", "year": 2009}, status="queued")
    clerk = boards.users["clerk_chengguan"]
    clerk.township = boards.xiakou
    clerk.save()
    assert boards.client_for("clerk_chengguan").get(reverse("core:document_job", args=[job.pk])).status_code == 404


def test_my_prints_pages_by_20_in_a_fixed_number_of_queries(boards, django_assert_num_queries):
    for number in range(25):
        _job(boards, "leader", title=f"第{number:02d}份")
    client = boards.client_for("leader")
    client.get(reverse("documents:my_prints"))  # the session is read once
    with django_assert_num_queries(4):
        first = client.get(reverse("documents:my_prints")).content.decode()
    with django_assert_num_queries(4):
        second = client.get(reverse("documents:my_prints") + "?page=2").content.decode()
    assert first.count('data-job="') == 20 and "第24份" in first and "第1/2页" in first.replace(" ", "")
    assert second.count('data-job="') == 5 and "第00份" in second


def test_my_prints_needs_a_role(boards):
    assert boards.client_for("helper1").get(reverse("documents:my_prints")).status_code == 200
    assert boards.client_for("anonymous").get(reverse("documents:my_prints")).status_code in (302, 403)


def test_the_command_prints_a_townships_score_sheets_with_a_progress_bar(boards, tmp_path):
    out, err, target = io.StringIO(), io.StringIO(), tmp_path / "cg.pdf"
    call_command("render_batch", "--year", "2009", "--kind", "score_sheets", "--township", boards.chengguan.code,
                 "-o", str(target), stdout=out, stderr=err)
    text = "".join(pdf_pages(target.read_bytes()))
    assert "城关镇五丰村" in text and "江榜村" not in text
    assert "[##############################] 1/1 个村" in err.getvalue()
    assert out.getvalue().startswith("已生成 1 个村：")
