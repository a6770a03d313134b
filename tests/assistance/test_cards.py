import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from assistance.models import HouseholdPlan
from tests.factories import HouseholdFactory, IncomeRecordFactory
from xixiang.lib import pdf


def _text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def plan(world, assist):
    IncomeRecordFactory(household=world.own_household, year=2008, per_capita_net_income=Decimal("2345.67"))
    return HouseholdPlan.objects.create(
        household=world.own_household, year=2009, target_income=Decimal("2700"), measure_industry="茶园提质增效",
        cadre=assist.helper_cadre, leader=assist.leader,
    )


def test_a_households_card_shows_head_figures_measures_and_cadre(world, assist, plan):
    response = world.client_for("helper1").get(reverse("assistance:household_card", args=[world.own_household.number, 2009]))
    assert response["Content-Type"] == "application/pdf"
    pages, text = _text(response.content)
    assert pages == 1
    for expected in ("王建国", "2,345.67", "2,700.00", "茶园提质增效", "张志强", "13909160001", "赵县长", "增收明白卡"):
        assert expected in text


def test_a_village_batch_has_one_card_per_page(world, assist, plan):
    HouseholdFactory(group=world.wufeng_group, head_name="陈秀兰")
    response = world.client_for("clerk_chengguan").get(reverse("assistance:village_cards", args=[world.wufeng.code, 2009]))
    pages, text = _text(response.content)
    assert pages == 2
    assert "王建国" in text and "陈秀兰" in text and "李明华" not in text


def test_a_card_outside_the_users_scope_answers_404(world, assist, plan):
    url = reverse("assistance:household_card", args=[world.own_household.number, 2009])
    assert world.client_for("clerk_xiakou").get(url).status_code == 404
    assert world.client_for("helper1").get(reverse("assistance:village_cards", args=[world.jiangbang.code, 2009])).status_code == 404


def test_the_command_renders_a_villages_cards_to_a_file(world, assist, plan, tmp_path):
    output = tmp_path / "cards.pdf"
    out = io.StringIO()
    call_command("render_income_cards", "--village", world.wufeng.code, "--year", "2009", "-o", str(output), stdout=out)
    pages, text = _text(output.read_bytes())
    assert pages == 1 and "王建国" in text and "2,700.00" in text
    assert "已生成 五丰村 1 张增收明白卡" in out.getvalue()


def test_the_command_refuses_an_unknown_village(db, tmp_path):
    with pytest.raises(CommandError, match="找不到村编码为 610724999999 的行政村"):
        call_command("render_income_cards", "--village", "610724999999", "--year", "2009", "-o", str(tmp_path / "x.pdf"))


def test_the_fetcher_serves_our_static_files_only(db):
    fetcher = pdf.StaticOnlyURLFetcher()
    response = fetcher.fetch(pdf.BASE_URL + "static/css/income_card.css")
    assert b"@page" in response.read() and response.content_type == "text/css"
    for url in ("https://example.com/x.css", "file:///etc/passwd", pdf.BASE_URL + "static/../../etc/passwd",
                pdf.BASE_URL + "media/secret.pdf", "data:text/css,body{}"):
        with pytest.raises(pdf.RefusedURL):
            fetcher.fetch(url)


def test_a_document_asking_for_a_remote_image_still_renders_without_it(db):
    content = pdf.render_pdf('<p style="font-family: \'Noto Sans CJK SC\'">西乡<img src="http://127.0.0.1:9/x.png"></p>')
    assert "西乡" in _text(content)[1]



def test_a_village_batch_renders_in_the_background_and_downloads(world, assist, plan):
    from assistance.models import CardBatch

    client = world.client_for("clerk_chengguan")
    response = client.post(reverse("assistance:card_batch_create"), {"code": world.wufeng.code, "year": "2009"})
    batch = CardBatch.objects.get()
    assert response["Location"] == reverse("assistance:card_batch", args=[batch.pk])
    batch.refresh_from_db()  # the immediate backend (tests) ran the task during the request
    assert (batch.status, batch.progress, batch.card_count) == ("done", 100, 1)
    status = client.get(reverse("assistance:card_batch", args=[batch.pk]), headers={"HX-Request": "true"}).content.decode()
    assert 'data-status="done"' in status and 'value="100"' in status and "hx-trigger" not in status
    download = client.get(reverse("assistance:card_batch_download", args=[batch.pk]))
    pages, text = _text(b"".join(download.streaming_content))
    assert pages == 1 and "王建国" in text


def test_a_queued_batch_page_keeps_polling_until_the_worker_is_done(world, assist, plan):
    from assistance import tasks
    from assistance.models import CardBatch

    client = world.client_for("clerk_chengguan")
    client.post(reverse("assistance:card_batch_create"), {"code": world.wufeng.code, "year": "2009"})
    batch = CardBatch.objects.get()
    CardBatch.objects.filter(pk=batch.pk).update(status="queued", progress=0)
    queued = client.get(reverse("assistance:card_batch", args=[batch.pk]), headers={"HX-Request": "true"}).content.decode()
    assert 'data-status="queued"' in queued and "hx-trigger" in queued
    tasks.render_village_cards.call(batch.pk)  # what the db_worker runs in production
    batch.refresh_from_db()
    assert (batch.status, batch.progress) == ("done", 100)


def test_a_batch_is_private_to_whoever_asked_for_it(world, assist, plan):
    from assistance.models import CardBatch

    world.client_for("clerk_chengguan").post(reverse("assistance:card_batch_create"), {"code": world.wufeng.code, "year": "2009"})
    batch = CardBatch.objects.get()
    for name in ("clerk_xiakou", "leader"):
        assert world.client_for(name).get(reverse("assistance:card_batch", args=[batch.pk])).status_code == 404
        assert world.client_for(name).get(reverse("assistance:card_batch_download", args=[batch.pk])).status_code == 404
    assert world.client_for("admin").get(reverse("assistance:card_batch", args=[batch.pk])).status_code == 200


def test_a_batch_for_a_village_outside_scope_is_refused(world, assist):
    from assistance.models import CardBatch

    response = world.client_for("clerk_chengguan").post(reverse("assistance:card_batch_create"),
                                                        {"code": world.jiangbang.code, "year": "2009"}, follow=True)
    assert f"找不到村编码为 {world.jiangbang.code} 的行政村，或该村不在您的管辖范围内" in response.content.decode()
    assert CardBatch.objects.count() == 0
