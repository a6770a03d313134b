import subprocess

import pytest
from django.urls import reverse

from xixiang.core.models import DocumentJob

from .conftest import JPEG, PDF, content

pytestmark = pytest.mark.django_db

# the start page's form, which posts to the page itself (templates/core/document_job_start.html)
START_FORM = '<form method="post"><input type="hidden" name="csrfmiddlewaretoken"'


def pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def pdf_fonts(data: bytes) -> str:
    return subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True).stdout.decode()


def booklet_job(client, code: str, year: int = 2009) -> tuple[DocumentJob, object]:
    """Start the booklet from its page (the immediate backend renders it during the POST); the job and its download."""
    url = reverse("archives:village_booklet", args=[code]) + f"?year={year}"
    response = client.post(url)
    job = DocumentJob.objects.latest("id")
    assert response.status_code == 302 and response["Location"] == reverse("core:document_job", args=[job.pk])
    job.refresh_from_db()
    return job, client.get(reverse("core:document_job_download", args=[job.pk]))


@pytest.fixture
def filed(world, make_record):
    make_record([content("推进会记录.pdf", PDF)], code="W3", title="升级晋档推进会会议记录")
    make_record([content("帮扶照片.jpg", JPEG)], code="B4", title="帮扶活动照片")
    make_record([content("旧.pdf", PDF.replace(b"test", b"old!"))], code="J1", title="二〇〇八年村情", year=2008)


def test_the_booklet_page_offers_a_button_and_renders_nothing_on_get(world, filed):
    response = world.client_for("leader").get(
        reverse("archives:village_booklet", args=[world.wufeng.code]), {"year": 2009}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "五丰村 2009 年度档案册" in page and START_FORM in page
    assert DocumentJob.objects.count() == 0


def test_booklet_lists_the_years_records_by_category_in_chinese(world, filed):
    job, response = booklet_job(world.client_for("leader"), world.wufeng.code)
    assert (job.kind, job.status, job.item_count, job.params) == (
        "booklet",
        "done",
        2,
        {"village": world.wufeng.code, "year": 2009},
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E4%BA%94%E4%B8%B0%E6%9D%912009%E5%B9%B4%E5%BA%A6%E6%A1%A3%E6%A1%88%E5%86%8C.pdf"
    )
    data = b"".join(response.streaming_content)
    text = pdf_text(data)
    for expected in [
        "城关镇五丰村村级档案册",
        "2009 年度 · 村编码 610724100201",
        "W3 会议记录",
        "升级晋档推进会会议记录",
        "推进会记录.pdf",
        "B4 帮扶记录",
        "帮扶活动照片",
        "共 2 条档案；2 / 18 个类别有档案。",
        "本年度缺少该类档案。",
        "城关镇 五丰村 2009 年度档案册",
    ]:
        assert expected in text, expected
    assert "第1页/共3页" in "".join(text.split())  # pdftotext spaces the page number's parts as it likes
    assert "二〇〇八年村情" not in text
    fonts = {line.split()[0].split("+")[-1] for line in pdf_fonts(data).splitlines()[2:]}
    assert fonts == {"Xixiang-CJK", "Xixiang-CJK-Bold"}  # set everywhere: the subset, no fallback font


@pytest.mark.parametrize("name", ["五丰村</style><h1>X", "五丰\n} body { display:none } x{", '五丰"村; color: red'])
def test_a_village_name_that_looks_like_css_is_printed_as_text_and_breaks_nothing(world, filed, name):
    world.wufeng.name = name
    world.wufeng.save()
    job, response = booklet_job(world.client_for("leader"), world.wufeng.code)
    text = pdf_text(b"".join(response.streaming_content))
    printed = " ".join(name.split())  # HTML folds the newline into a space
    assert job.filename == " ".join(printed.replace("/", " ").split()) + "2009年度档案册.pdf"  # no newline, no path
    assert f"城关镇{printed}村级档案册" in text  # the cover
    assert f"城关镇 {printed} 2009 年度档案册" in text  # the running head, fed from the body by string-set
    for expected in [
        "升级晋档推进会会议记录",
        "帮扶活动照片",
        "W3 会议记录",
        "共 2 条档案；2 / 18 个类别有档案。",
    ]:
        assert expected in text, expected
    assert "第3页/共3页" in "".join(text.split())


def test_the_booklet_job_is_private_to_whoever_asked_and_the_administrator(world, filed):
    job, _response = booklet_job(world.client_for("leader"), world.wufeng.code)
    page, download = reverse("core:document_job", args=[job.pk]), reverse("core:document_job_download", args=[job.pk])
    assert "五丰村 2009 年度档案册" in world.client_for("leader").get(page).content.decode()
    assert b"".join(world.client_for("admin").get(download).streaming_content).startswith(b"%PDF-")
    for name in ("clerk_chengguan", "clerk_xiakou"):
        assert world.client_for(name).get(page).status_code == 404
        assert world.client_for(name).get(download).status_code == 404
    assert world.client_for("anonymous").get(download).url == f"{reverse('login')}?next={download}"


def test_booklet_of_another_townships_village_answers_404(world, filed):
    url = reverse("archives:village_booklet", args=[world.wufeng.code])
    assert world.client_for("clerk_xiakou").get(url).status_code == 404
    assert world.client_for("clerk_xiakou").post(url).status_code == 404
    assert DocumentJob.objects.count() == 0


def test_booklet_needs_login(world):
    url = reverse("archives:village_booklet", args=[world.wufeng.code])
    response = world.client_for("anonymous").get(url)
    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={url}")
