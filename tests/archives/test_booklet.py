import subprocess

import pytest
from django.urls import reverse

from .conftest import JPEG, PDF, content

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def pdf_fonts(data: bytes) -> str:
    return subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True).stdout.decode()


@pytest.fixture
def filed(world, make_record):
    make_record([content("推进会记录.pdf", PDF)], code="W3", title="升级晋档推进会会议记录")
    make_record([content("帮扶照片.jpg", JPEG)], code="B4", title="帮扶活动照片")
    make_record([content("旧.pdf", PDF.replace(b"test", b"old!"))], code="J1", title="二〇〇八年村情", year=2008)


def test_booklet_lists_the_years_records_by_category_in_chinese(world, filed):
    url = reverse("archives:village_booklet", args=[world.wufeng.code])
    response = world.client_for("leader").get(url, {"year": 2009})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"2009.pdf\"; filename*=UTF-8''"
        "%E4%BA%94%E4%B8%B0%E6%9D%912009%E5%B9%B4%E5%BA%A6%E6%A1%A3%E6%A1%88%E5%86%8C.pdf")
    text = pdf_text(response.content)
    for expected in ["城关镇五丰村村级档案册", "2009 年度 · 村编码 610724100201", "W3 会议记录", "升级晋档推进会会议记录", "推进会记录.pdf",
                     "B4 帮扶记录", "帮扶活动照片", "共 2 条档案；2 / 18 个类别有档案。", "本年度缺少该类档案。", "第1页/共3页"]:
        assert expected in text, expected
    assert "二〇〇八年村情" not in text
    fonts = {line.split()[0].split("+")[-1] for line in pdf_fonts(response.content).splitlines()[2:]}
    assert fonts == {"Noto-Sans-CJK-SC", "Noto-Sans-CJK-SC-Bold"}  # set everywhere: no fallback font embedded


def test_booklet_of_another_townships_village_answers_404(world, filed):
    url = reverse("archives:village_booklet", args=[world.wufeng.code])
    assert world.client_for("clerk_xiakou").get(url).status_code == 404


def test_booklet_needs_login(world):
    response = world.client_for("anonymous").get(reverse("archives:village_booklet", args=[world.wufeng.code]))
    assert response.status_code == 302
