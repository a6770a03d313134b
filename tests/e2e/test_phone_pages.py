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
