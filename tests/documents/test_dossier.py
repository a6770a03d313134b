"""The village dossier (册, documents/dossier.py) over the notice-board fixtures (`boards`: 五丰村's
2009 result, pairings, project, designation and 2010 commitment), with one archive photo."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader

from archives import demo_files as samples
from archives import services as archive_services
from archives.models import ArchiveCategory
from documents import dossier as dossiers

from .printed import assert_official

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive_dir(settings, tmp_path):
    location = tmp_path / "archive-storage"
    settings.STORAGES = {**settings.STORAGES, "archives": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(location), "base_url": None}}}
    return location


@pytest.fixture
def dossier_world(boards, archive_dir):
    archive_services.archive_record_create(
        actor=boards.users["clerk_chengguan"], village=boards.wufeng, year=2009,
        category=ArchiveCategory.objects.get(code="J1"), medium=None, title="村容村貌照片",
        files=[ContentFile(samples.jpeg(640, 480), name="村委会.jpg")])
    return boards


def url(code, pdf=False, year=2009):
    return reverse("documents:dossier_pdf" if pdf else "documents:dossier", args=[code, year])


def test_the_dossier_pdf_has_the_profile_before_the_archive_index_with_the_photo_as_a_thumbnail(dossier_world):
    response = dossier_world.client_for("cadre_wufeng").get(url(dossier_world.wufeng.code, pdf=True))
    assert response["Content-Type"] == "application/pdf"
    pages = assert_official(response.content)
    text = "".join(pages)
    assert "城关镇五丰村2009年度村级档案册" in text
    for part in ["一、村情概况", "二、级类评定历史", "三、2009年度考核评分", "四、结对帮扶", "五、2009年度建设项目",
                 "六、示范村", "七、目标承诺", "八、2009年度档案目录"]:
        assert part in text
    assert text.index("一、村情概况") < text.index("七、目标承诺") < text.index("八、2009年度档案目录")
    assert "2008四类村2008年摸底评定" in text  # the grade history
    assert "总分87.9，评定为二类村" in text and "A1" in text and "E3" in text
    assert "赵县长" in text and "县统计局" in text and "张志强（县统计局）联系1户" in text
    assert "通村水泥路建设" in text and "360000.00" in text
    assert "2009年度" in text and "2009年起为示范村" in text
    assert "确保2010年晋升一类村" in text and "村容村貌照片" in text and "村委会.jpg" in text
    assert "13909160001" not in text  # the cadre's phone is not printed
    images = {image.name: image for page in PdfReader(io.BytesIO(response.content)).pages for image in page.images}
    assert [image.image.size for image in images.values()] == [(320, 240)]  # the stored thumbnail, not the original


def test_the_dossier_page_shows_the_same_sections_and_links_the_thumbnail(dossier_world):
    html = dossier_world.client_for("clerk_chengguan").get(url(dossier_world.wufeng.code)).content.decode()
    assert 'id="dossier-profile"' in html and 'id="dossier-sheet"' in html and 'data-archive="J1"' in html
    photo = dossier_world.wufeng.archive_records.get().files.get()
    assert f'src="{reverse("archives:file_thumbnail", args=[photo.pk])}"' in html
    assert html.count('data-category="') == 5 and html.count('data-indicator="') == 15
    assert "<div data-cadre>张志强（县统计局）联系 1 户</div>" in html


def test_a_village_cadre_or_demonstration_household_is_named_with_their_village(dossier_world):
    from tests.assistance.factories import CadreFactory, HouseholdPairingFactory
    from tests.factories import HouseholdFactory

    group = dossier_world.own_household.group
    for name, level in (("魏玉国", "village"), ("苏春国", "demonstration")):
        cadre = CadreFactory(name=name, level=level, unit=None, village=dossier_world.wufeng)
        HouseholdPairingFactory(cadre=cadre, household=HouseholdFactory(group=group))
    lines = dossiers.dossier_for(dossier_world.users["admin"], dossier_world.wufeng, 2009).pairings.cadre_lines
    assert sorted(lines) == sorted(["张志强（县统计局）联系 1 户", "魏玉国（五丰村）联系 1 户",
                                    "苏春国（五丰村）联系 1 户"])


def test_the_dossier_page_in_english_counts_each_cadres_households_in_english(dossier_world):
    client = dossier_world.client_for("clerk_chengguan")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(url(dossier_world.wufeng.code)).content.decode()
    assert "<div data-cadre>张志强 (县统计局): 1 household</div>" in html


@pytest.mark.parametrize("username,status", [
    ("admin", 200), ("leader", 200), ("clerk_chengguan", 200), ("cadre_wufeng", 200), ("clerk_xiakou", 404),
    ("scorer_tongji", 404), ("inspector1", 404), ("surveyor1", 404), ("helper1", 404),
])
def test_a_dossier_answers_within_the_users_scope_only(boards, username, status):
    assert boards.client_for(username).get(url(boards.wufeng.code)).status_code == status
    if status == 404:
        assert boards.client_for(username).get(url(boards.wufeng.code, pdf=True)).status_code == 404


def test_a_dossier_of_a_year_out_of_range_or_an_unknown_village_answers_404(boards):
    client = boards.client_for("admin")
    assert client.get(url(boards.wufeng.code, year=1999)).status_code == 404
    assert client.get(url("610724100999")).status_code == 404


def test_a_dossier_reads_a_fixed_number_of_queries(dossier_world, django_assert_num_queries):
    village = dossier_world.wufeng
    with django_assert_num_queries(18):
        dossiers.dossier_for(dossier_world.users["admin"], village, 2009)
