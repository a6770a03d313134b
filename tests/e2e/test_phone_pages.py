"""The pages village cadres and assisting cadres use in the villages, on a 390×844 phone: no
sideways scroll of the page, the navigation collapsed behind its toggle, controls at least 44 px
tall; each page is also saved as a screenshot at 1366×768 and at 390×844 (tests/e2e/phone.py)."""

import datetime
import re

import pytest

from archives import demo_files
from archives.models import ArchiveRecord
from tests.assistance.factories import CadreFactory, HouseholdPairingFactory, HouseholdRecordFactory

from . import phone
from .conftest import log_in

JPEG = demo_files.jpeg(640, 480)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def phone_page(browser, live_server):
    context = phone.phone_context(browser, live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def paired(world):
    """helper1 is 张志强, paired with 五丰村's 王建国 (one visit in March 2009)."""
    cadre = CadreFactory(name="张志强", unit=world.tongji, user=world.users["helper1"])
    pairing = HouseholdPairingFactory(cadre=cadre, household=world.own_household)
    HouseholdRecordFactory(household_pairing=pairing, date=datetime.date(2009, 3, 2), note="了解生产情况")
    return pairing


def test_village_cadre_pages_fit_a_phone(phone_page, world, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "archives": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "archive-storage"), "base_url": None}}}
    page = phone_page
    log_in(page, "cadre_wufeng")
    phone.check_phone_page(page, "cadre-home")
    page.goto(f"/households/{world.own_household.number}/")
    phone.check_phone_page(page, "cadre-household")
    page.goto("/archives/new/")
    phone.check_phone_page(page, "cadre-archive-upload")
    camera = page.locator("#id_uploads_camera")
    assert camera.get_attribute("accept") == "image/*,application/pdf"
    assert camera.get_attribute("capture") == "environment"

    # a photo taken with the camera input is uploaded with the record
    page.select_option("#id_category", "W3")
    page.fill("#id_title", "推进会照片")
    camera.set_input_files(files=[{"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": JPEG}])
    assert page.inner_text("[data-dropzone-list]").startswith("IMG_0001.jpg")
    page.click("#archive-upload-form button[type=submit]")
    page.wait_for_url(re.compile(r"/archives/records/\d+/$"))
    record = ArchiveRecord.objects.get()
    assert (record.village, record.category.code, record.title) == (world.wufeng, "W3", "推进会照片")
    assert [f.original_name for f in record.files.all()] == ["IMG_0001.jpg"]
    assert "已上传档案“推进会照片”（1 个文件）" in page.inner_text(".alert-success")
    phone.check_phone_page(page, "cadre-archive-record")


def test_assisting_cadre_pages_fit_a_phone(phone_page, world, paired):
    page = phone_page
    log_in(page, "helper1")
    phone.check_phone_page(page, "helper-home")
    page.goto("/assistance/my/")
    phone.check_phone_page(page, "helper-my-households")
    # on a phone each household is a card: no table head, the cells labelled
    assert page.locator("#my-households thead").is_hidden()
    cell = page.locator("#my-households td[data-label]").first
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"户编号："'
    page.goto(f"/households/{world.own_household.number}/")
    phone.check_phone_page(page, "helper-household")


def test_survey_form_fits_a_phone(phone_page, scoring_cycle):
    page = phone_page
    log_in(page, "surveyor1")
    page.goto(f"/assessment/2009/survey/{scoring_cycle.wufeng.code}/")
    phone.check_phone_page(page, "survey-form")


def test_the_village_page_with_its_targets_and_projects_fits_a_phone(phone_page, world):
    """The projects section's yearly table has a column per output kind and the targets table a
    column per item: both scroll inside their own container (the page once scrolled 9 px sideways)."""
    from projects.models import OutputKind
    from tests.factories import DepartmentFactory
    from tests.projects.conftest import make_allocation, make_project
    from tests.targets.factories import CommitmentFactory, PlanFactory, plan_village

    PlanFactory()
    plan_village(world.wufeng, {2009: 3, 2010: 2, 2011: 1})
    CommitmentFactory(village=world.wufeng, year=2009)
    department = DepartmentFactory(code="D901", name="县交通运输局")
    kinds = list(OutputKind.objects.order_by("order")[:4])
    for year in (2009, 2010):
        project = make_project(f"{year}年五丰村通村水泥路建设（中央车购税）", department, year=year)
        make_allocation(project, world.wufeng, "15926000", [(kind, "242.5") for kind in kinds])
    page = phone_page
    log_in(page, "cadre_wufeng")
    page.goto(f"/villages/{world.wufeng.code}/")
    assert page.locator("#village-project-years th").count() == 3 + len(kinds)
    phone.check_phone_page(page, "cadre-village")


def test_the_administrators_menu_fits_a_1366_screen_one_line_an_entry(browser, live_server, world, settings):
    """The widest menu (the administrator's) on a common office screen: no sideways scroll, every
    entry on one line (行政村 once broke into three), the account's actions under the user's name."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=phone.DESKTOP)
    page = context.new_page()
    log_in(page, "admin")
    page.goto("/demonstration/")
    assert phone.page_width(page) <= phone.DESKTOP["width"]
    heights = page.eval_on_selector_all("#main-nav .navbar-nav > .nav-item > .nav-link",
                                        "links => links.map(a => a.getBoundingClientRect().height)")
    assert len(heights) >= 12 and max(heights) < 48, heights
    assert page.locator("#main-nav .dropdown-menu button[type=submit]").count() == 1  # 退出, a POST
    # in English the wider entries stay behind the toggle up to 1400 px rather than run over
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.goto("/demonstration/")
    assert page.locator("nav.navbar .navbar-toggler").is_visible()
    assert phone.page_width(page) <= phone.DESKTOP["width"]
    context.close()


def test_the_lists_fit_a_phone_in_english(phone_page, live_server, world, settings):
    """English headers are wider than Chinese ones: the lists' tables scroll inside their own box
    (app.css), never the page (the household list was 1,037 px wide on a 390 px phone)."""
    page = phone_page
    log_in(page, "admin")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    for url in ("/households/", "/demonstration/", "/archives/", "/assistance/pairings/household/", "/villages/"):
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "en"
        assert phone.fits_phone(page), f"{url}: {phone.page_width(page)} px wide: {phone.overflowing(page)}"
