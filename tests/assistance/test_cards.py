import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assistance import cards
from assistance.models import HouseholdPlan
from households.models import Household
from tests.factories import HouseholdFactory, IncomeRecordFactory
from xixiang.core.models import DocumentJob
from xixiang.lib import pdf, pdf_fetcher

# the start page's form, which posts to the page itself (templates/core/document_job_start.html)
START_FORM = '<form method="post"><input type="hidden" name="csrfmiddlewaretoken"'


def _text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def plan(world, assist):
    IncomeRecordFactory(household=world.own_household, year=2008, per_capita_net_income=Decimal("2345.67"))
    return HouseholdPlan.objects.create(
        household=world.own_household,
        year=2009,
        target_income=Decimal("2700"),
        measure_industry="茶园提质增效",
        cadre=assist.helper_cadre,
        leader=assist.leader,
    )


def test_a_households_card_shows_head_figures_measures_and_cadre(world, assist, plan):
    response = world.client_for("helper1").get(
        reverse("assistance:household_card", args=[world.own_household.number, 2009])
    )
    assert response["Content-Type"] == "application/pdf"
    pages, text = _text(response.content)
    assert pages == 1
    for expected in ("王建国", "2,345.67", "2,700.00", "茶园提质增效", "张志强", "13909160001", "赵县长", "增收明白卡"):
        assert expected in text


def _village_job(client, code: str, year: int = 2009) -> DocumentJob:
    """Start a village's cards from their page (the immediate backend renders them during the POST)."""
    response = client.post(reverse("assistance:village_cards", args=[code, year]))
    job = DocumentJob.objects.latest("id")
    assert response.status_code == 302 and response["Location"] == reverse("core:document_job", args=[job.pk])
    job.refresh_from_db()
    return job


def _download(client, job: DocumentJob) -> bytes:
    return b"".join(client.get(reverse("core:document_job_download", args=[job.pk])).streaming_content)


def test_a_villages_cards_page_offers_a_button_and_renders_nothing_on_get(world, assist, plan):
    response = world.client_for("clerk_chengguan").get(
        reverse("assistance:village_cards", args=[world.wufeng.code, 2009])
    )
    page = response.content.decode()
    assert response.status_code == 200 and "五丰村 2009 年增收明白卡" in page and START_FORM in page
    assert DocumentJob.objects.count() == 0


def test_a_village_batch_has_one_card_per_page(world, assist, plan):
    HouseholdFactory(group=world.wufeng_group, head_name="陈秀兰")
    client = world.client_for("clerk_chengguan")
    job = _village_job(client, world.wufeng.code)
    assert (job.kind, job.status, job.item_count, job.filename) == (
        "income_cards",
        "done",
        2,
        "增收明白卡-610724100201-2009.pdf",
    )
    pages, text = _text(_download(client, job))
    assert pages == 2
    assert "王建国" in text and "陈秀兰" in text and "李明华" not in text


def test_a_village_page_shown_again_links_to_the_users_latest_job_for_it(world, assist, plan):
    client = world.client_for("clerk_chengguan")
    job = _village_job(client, world.wufeng.code)
    DocumentJob.objects.filter(pk=job.pk).update(status="running")
    page = client.get(reverse("assistance:village_cards", args=[world.wufeng.code, 2009])).content.decode()
    assert "（处理中）" in page and reverse("core:document_job", args=[job.pk]) in page and START_FORM in page
    other = (
        world.client_for("admin")
        .get(reverse("assistance:village_cards", args=[world.wufeng.code, 2009]))
        .content.decode()
    )
    assert 'id="last-job"' not in other  # someone else's job is not shown


@pytest.mark.parametrize("name", ["五丰村</style><h1>X", "五丰\n} body { display:none } x{", '五丰"村; color: red'])
def test_cards_of_a_village_whose_name_looks_like_css_print_the_name_and_every_field(world, assist, plan, name):
    world.wufeng.name = name
    world.wufeng.save()
    client = world.client_for("clerk_chengguan")
    pages, text = _text(_download(client, _village_job(client, world.wufeng.code)))
    assert pages == 1
    assert " ".join(name.split()) in " ".join(text.split())  # HTML folds the newline into a space
    for expected in (
        "王建国",
        "2,345.67",
        "2,700.00",
        "茶园提质增效",
        "张志强",
        "13909160001",
        "赵县长",
        "西乡县农户增收明白卡",
    ):
        assert expected in text


def test_a_card_outside_the_users_scope_answers_404(world, assist, plan):
    url = reverse("assistance:household_card", args=[world.own_household.number, 2009])
    assert world.client_for("clerk_xiakou").get(url).status_code == 404
    village_cards = reverse("assistance:village_cards", args=[world.jiangbang.code, 2009])
    assert world.client_for("helper1").get(village_cards).status_code == 404
    assert world.client_for("clerk_chengguan").post(village_cards).status_code == 404
    assert world.client_for("anonymous").get(village_cards).url == f"{reverse('login')}?next={village_cards}"
    assert DocumentJob.objects.count() == 0


def test_the_command_renders_a_villages_cards_to_a_file(world, assist, plan, tmp_path):
    output = tmp_path / "cards.pdf"
    out = io.StringIO()
    call_command("render_income_cards", "--village", world.wufeng.code, "--year", "2009", "-o", str(output), stdout=out)
    pages, text = _text(output.read_bytes())
    assert pages == 1 and "王建国" in text and "2,700.00" in text
    assert "已生成 五丰村 1 张增收明白卡" in out.getvalue()


def test_the_command_refuses_an_unknown_village(db, tmp_path):
    with pytest.raises(CommandError, match="找不到村编码为 610724999999 的行政村"):
        call_command(
            "render_income_cards", "--village", "610724999999", "--year", "2009", "-o", str(tmp_path / "x.pdf")
        )


def test_the_fetcher_serves_our_static_files_only(db):
    fetcher = pdf_fetcher.StaticOnlyURLFetcher()
    response = fetcher.fetch(pdf.BASE_URL + "static/css/income_card.css")
    assert b"@page" in response.read() and response.content_type == "text/css"
    for url in (
        "https://example.com/x.css",
        "file:///etc/passwd",
        pdf.BASE_URL + "static/../../etc/passwd",
        pdf.BASE_URL + "media/secret.pdf",
        "data:text/css,body{}",
    ):
        with pytest.raises(pdf.RefusedURL):
            fetcher.fetch(url)


def test_a_document_asking_for_a_remote_image_still_renders_without_it(db):
    content = pdf.render_pdf(
        '<p style="font-family: \'Noto Sans CJK SC\'">西乡<img src="http://127.0.0.1:9/x.png"></p>'
    )
    assert "西乡" in _text(content)[1]


def test_a_village_batch_renders_in_the_background_and_downloads(world, assist, plan):
    client = world.client_for("clerk_chengguan")
    response = client.post(reverse("assistance:card_batch_create"), {"code": world.wufeng.code, "year": "2009"})
    job = DocumentJob.objects.get()
    assert response["Location"] == reverse("core:document_job", args=[job.pk])
    job.refresh_from_db()  # the immediate backend (tests) ran the task during the request
    assert (job.kind, job.params, job.status, job.item_count) == (
        "income_cards",
        {"village": world.wufeng.code, "year": 2009},
        "done",
        1,
    )
    status = client.get(reverse("core:document_job", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()
    assert (
        'data-status="done"' in status and 'value="100"' in status and "1 张" in status and "hx-trigger" not in status
    )
    pages, text = _text(_download(client, job))
    assert pages == 1 and "王建国" in text


def test_a_queued_batch_page_keeps_polling_until_the_worker_is_done(world, assist, plan):
    from xixiang.core import tasks

    client = world.client_for("clerk_chengguan")
    client.post(reverse("assistance:card_batch_create"), {"code": world.wufeng.code, "year": "2009"})
    job = DocumentJob.objects.get()
    DocumentJob.objects.filter(pk=job.pk).update(status="queued")
    queued = client.get(reverse("core:document_job", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()
    assert 'data-status="queued"' in queued and "hx-trigger" in queued
    full = client.get(reverse("core:document_job", args=[job.pk])).content.decode()
    assert "五丰村 2009 年增收明白卡" in full and 'id="job-status"' in full
    tasks.run_document_job.call(job.pk)  # what the db_worker runs in production
    job.refresh_from_db()
    assert job.status == "done"


def test_a_batch_is_private_to_whoever_asked_for_it(world, assist, plan):
    world.client_for("clerk_chengguan").post(
        reverse("assistance:card_batch_create"), {"code": world.wufeng.code, "year": "2009"}
    )
    job = DocumentJob.objects.get()
    page, download = reverse("core:document_job", args=[job.pk]), reverse("core:document_job_download", args=[job.pk])
    for name in ("clerk_xiakou", "leader"):
        assert world.client_for(name).get(page).status_code == 404
        assert world.client_for(name).get(download).status_code == 404
    assert _text(b"".join(world.client_for("clerk_chengguan").get(download).streaming_content))[0] == 1
    assert "五丰村 2009 年增收明白卡" in world.client_for("admin").get(page).content.decode()
    assert _text(b"".join(world.client_for("admin").get(download).streaming_content))[0] == 1
    assert world.client_for("anonymous").get(page).url == f"{reverse('login')}?next={page}"


def test_a_batch_whose_village_left_the_askers_scope_answers_404(world, assist, plan):
    clerk = world.users["clerk_chengguan"]
    world.client_for("clerk_chengguan").post(
        reverse("assistance:card_batch_create"), {"code": world.wufeng.code, "year": "2009"}
    )
    job = DocumentJob.objects.get()
    clerk.township = world.xiakou
    clerk.save()
    assert world.client_for("clerk_chengguan").get(reverse("core:document_job", args=[job.pk])).status_code == 404
    assert (
        world.client_for("clerk_chengguan").get(reverse("core:document_job_download", args=[job.pk])).status_code == 404
    )


def test_a_batch_for_a_village_outside_scope_is_refused(world, assist):
    response = world.client_for("clerk_chengguan").post(
        reverse("assistance:card_batch_create"), {"code": world.jiangbang.code, "year": "2009"}, follow=True
    )
    assert f"找不到村编码为 {world.jiangbang.code} 的行政村，或该村不在您的管辖范围内" in response.content.decode()
    assert DocumentJob.objects.count() == 0


def test_a_household_without_a_plan_for_the_year_gets_a_card_that_says_so(world, assist, plan):
    households = Household.objects.filter(pk=world.own_household.pk)
    html = cards.cards_html(cards.cards_for(households, 2010), title="增收明白卡")
    assert "尚未制定 2010 年增收计划（一户一策），请帮扶干部与农户商定目标和措施后重新打印。" in html
    assert "本年目标人均纯收入" not in html and "产业项目" not in html
    planned = cards.cards_html(cards.cards_for(households, 2009), title="增收明白卡")
    assert "尚未制定" not in planned and "茶园提质增效" in planned


def test_the_village_page_has_a_button_to_the_villages_cards_of_the_working_year(world, assist):
    page = world.client_for("clerk_chengguan").get(reverse("villages:village_detail", args=[world.wufeng.code]))
    url = reverse("assistance:village_cards", args=[world.wufeng.code, timezone.localdate().year])
    assert f'id="village-cards"\n  href="{url}"' in page.content.decode()


def test_the_household_list_filtered_to_a_village_has_the_cards_button(world, assist):
    client = world.client_for("clerk_chengguan")
    url = reverse("assistance:village_cards", args=[world.wufeng.code, timezone.localdate().year])
    filtered = client.get(reverse("households:household_list"), {"village": world.wufeng.code}).content.decode()
    assert f'href="{url}"' in filtered
    assert 'id="village-cards"' not in client.get(reverse("households:household_list")).content.decode()
