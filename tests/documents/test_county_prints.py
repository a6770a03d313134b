"""County-scope batches (“批量打印” for the whole county) on the test world (城关镇五丰村, 峡口镇江榜村,
both with a 2009 result here): each kind prints one PDF (a zip for the dossiers) that names every
village, and a village whose stored result is damaged (its JSON no longer what the engine writes)
is named in the job's message while the other still prints."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse

from assessment.models import VillageResult
from assistance import cards
from xixiang.core.errors import DomainError
from xixiang.core.models import DocumentJob

from .printed import pdf_pages

pytestmark = pytest.mark.django_db
VILLAGES = {"610724100201": ("城关镇", "五丰村"), "610724108201": ("峡口镇", "江榜村")}
FAILED_WUFENG = "未能生成 1 项：城关镇五丰村（610724100201）（发生内部错误）"


@pytest.fixture
def county(boards):
    VillageResult.objects.create(cycle=boards.cycle, village=boards.jiangbang, total=Decimal("61.5"),
                                 subtotals={"A": "20.00", "B": "12.00", "C": "9.50", "D": "10.00", "E": "10.00"},
                                 scores={}, rank_county=2, rank_township=1, grade=3, previous_grade=4, change="up")
    return boards


def _damage_wufengs_result(boards) -> None:
    """A damaged row, as a hand edit in the database could leave it: a dimension's subtotal that is
    not a number and an indicator's stored score without its original and final points."""
    VillageResult.objects.filter(village=boards.wufeng).update(subtotals={"A": "缺失"}, scores={"A1": ["缺失"]})


def _start(county, kind: str, url: str = "documents:print_new", username: str = "leader"):
    client = county.client_for(username)
    response = client.post(reverse(url), {"kind": kind, "year": "2009", "township": ""})
    job = DocumentJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("core:document_job", args=[job.pk])
    return client, job


def _download(client, job) -> bytes:
    response = client.get(reverse("core:document_job_download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _text(client, job) -> str:
    return "".join(pdf_pages(_download(client, job)))


def _names_every_village(text: str) -> bool:
    return all(f"{township}{village}" in text for township, village in VILLAGES.values())


# --- every village printed ------------------------------------------------------------------------------


def test_the_countys_notice_boards_are_one_pdf_with_every_village(county):
    client, job = _start(county, "", url="documents:board_batch")
    assert (job.kind, job.status, job.item_count, job.error) == ("notice_boards", "done", 2, "")
    pages = pdf_pages(_download(client, job))
    assert len(pages) == 2 and ["城关镇五丰村" in pages[0], "峡口镇江榜村" in pages[1]] == [True, True]


def test_the_countys_score_sheets_are_one_pdf_with_every_village(county):
    client, job = _start(county, "score_sheets")
    assert (job.status, job.item_count, job.error, job.filename) == ("done", 2, "", "评分表-全县-2009.pdf")
    text = _text(client, job)
    assert _names_every_village(text) and "评定为二类村" in text and "评定为三类村" in text


def test_the_countys_dossiers_are_a_zip_of_one_pdf_per_village(county):
    client, job = _start(county, "dossiers")
    assert (job.status, job.item_count, job.error, job.filename) == ("done", 2, "", "档案册-全县-2009.zip")
    archive = zipfile.ZipFile(io.BytesIO(_download(client, job)))
    assert archive.namelist() == ["610724100201-城关镇五丰村-2009.pdf", "610724108201-峡口镇江榜村-2009.pdf"]
    for name, (township, village) in zip(archive.namelist(), VILLAGES.values(), strict=True):
        assert f"{township}{village}2009年度村级档案册" in "".join(pdf_pages(archive.read(name)))


def test_the_countys_income_cards_are_one_pdf_with_every_village(county):
    client, job = _start(county, "income_cards_batch")
    assert (job.status, job.item_count, job.error) == ("done", 2, "")
    text = _text(client, job)
    assert "城关镇五丰村一组" in text and "峡口镇江榜村一组" in text and "王建国" in text and "李明华" in text


def test_the_countys_results_list_is_one_pdf_with_every_village(county):
    client, job = _start(county, "results_list")
    assert (job.status, job.item_count, job.error) == ("done", 2, "")
    text = _text(client, job)
    assert "全县2009年度村级组织升级晋档考核结果" in text
    assert all(village in text and township in text for township, village in VILLAGES.values())
    assert text.index("五丰村") < text.index("江榜村")  # ranked


# --- one village failing ------------------------------------------------------------------------------------


def test_a_village_with_a_damaged_result_is_named_and_the_others_boards_print(county):
    _damage_wufengs_result(county)
    client, job = _start(county, "", url="documents:board_batch")
    assert (job.status, job.item_count, job.error) == ("done", 1, FAILED_WUFENG)
    text = _text(client, job)
    assert "峡口镇江榜村" in text and "五丰村" not in text


def test_a_village_with_a_damaged_result_is_named_and_the_others_score_sheets_print(county):
    _damage_wufengs_result(county)
    client, job = _start(county, "score_sheets")
    assert (job.status, job.item_count, job.error) == ("done", 1, FAILED_WUFENG)
    text = _text(client, job)
    assert "峡口镇江榜村" in text and "五丰村" not in text and "第1页/共" in text
    status = client.get(reverse("core:document_job", args=[job.pk])).content.decode()
    assert "data-warning" in status and "城关镇五丰村（610724100201）（发生内部错误）" in status


def test_a_village_with_a_damaged_result_is_named_and_the_others_dossiers_print(county):
    _damage_wufengs_result(county)
    client, job = _start(county, "dossiers")
    assert (job.status, job.item_count, job.error) == ("done", 1, FAILED_WUFENG)
    assert zipfile.ZipFile(io.BytesIO(_download(client, job))).namelist() == ["610724108201-峡口镇江榜村-2009.pdf"]


def test_a_village_whose_cards_cannot_be_made_is_named_and_the_others_income_cards_print(county, monkeypatch):
    real = cards.cards_for  # no stored data makes a card fail: the existing failure approach (tests/documents)

    def failing(households, year):
        if households.filter(village=county.wufeng).exists():
            raise DomainError("数据不完整")
        return real(households, year)

    monkeypatch.setattr(cards, "cards_for", failing)
    client, job = _start(county, "income_cards_batch")
    assert (job.status, job.item_count) == ("done", 1)
    assert job.error == "未能生成 1 项：城关镇五丰村（610724100201）（数据不完整）"
    text = _text(client, job)
    assert "峡口镇江榜村一组" in text and "五丰村" not in text


def test_a_county_batch_where_every_village_fails_ends_failed_naming_them(county):
    VillageResult.objects.update(subtotals={"A": "缺失"}, scores={"A1": ["缺失"]})
    client, job = _start(county, "score_sheets")
    assert job.status == "failed"
    assert job.error == ("未能生成 2 项：城关镇五丰村（610724100201）（发生内部错误）；"
                         "峡口镇江榜村（610724108201）（发生内部错误）")
