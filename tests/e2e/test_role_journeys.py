"""One journey per role, as a person would do it: each starts from the role's home page (待办) and
follows its links and buttons (no typed URLs), and ends with what was stored."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from assessment import services as assessment_services
from assessment.models import Adjustment, Score, SpotCheck, SurveyResponse
from assistance.choices import RecordKind
from assistance.models import AssistanceRecord
from households.models import Household, ImportBatch
from tests.assessment.test_engine import enter_wufeng
from tests.assistance.factories import CadreFactory, HouseholdPairingFactory, HouseholdRecordFactory
from tests.factories import next_id_number
from tests.households.roster.conftest import GROUP, household_row, member_row, write_workbook

from . import phone
from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_clerk_imports_a_roster_and_finds_its_households(page, world, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media"), "base_url": settings.MEDIA_URL}}}
    head, child = next_id_number(), next_id_number()
    number = f"{GROUP}050"
    workbook = write_workbook(tmp_path / "农户信息表.xlsx", [household_row(number, head, 户主姓名="张三丰")], [
        member_row(number, head, 与户主关系="户主", 姓名="张三丰"), member_row(number, child, 姓名="张小明")])
    log_in(page, "clerk_chengguan")
    assert page.locator("#todo [data-todo=households-without-income]").is_visible()

    page.click("nav >> text=农户")
    page.click("main >> text=导入")
    page.set_input_files("input[type=file][name=file]", str(workbook))
    page.click("text=上传并检查")
    page.wait_for_selector("#commit-form")
    assert page.inner_text("#batch-counts tbody tr:first-child td:nth-child(2)") == "1"  # 将新增 1 户
    page.click("#commit-form button[type=submit]")
    page.wait_for_load_state()
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.IMPORTED
    household = Household.objects.get(number=number)
    assert (household.head_name, household.members.count(), household.township) == ("张三丰", 2, world.chengguan)

    page.click("nav >> text=农户")
    page.fill("#id_q", "张三丰")
    page.click("#household-filter button[type=submit]")
    assert page.locator("#household-table tbody tr").count() == 1
    page.click(f"#household-table >> text={number}")
    page.wait_for_url(f"**/households/{number}/")
    assert page.inner_text("#member-table tbody").count("张") == 2


def test_scorer_fills_grid_cells_with_the_keyboard_and_sees_the_progress(page, scoring_cycle):
    aw = scoring_cycle
    log_in(page, "scorer_shuili")
    assert page.inner_text("[data-count=empty-cells]") == "2"
    page.click("[data-todo=empty-cells] a.todo-link")
    page.wait_for_url("**/assessment/2009/grid/")
    assert page.inner_text("#grid-progress") == "0 / 2"

    page.click("input[aria-label='五丰村 B1']")
    page.keyboard.type("85")
    page.keyboard.press("Tab")  # moves on: the cell saves itself
    page.wait_for_selector("#grid-progress:text-is('1 / 2')")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "江榜村 B1"
    page.keyboard.type("90")
    page.keyboard.press("Enter")  # the last row: nowhere to move, Enter saves in place
    page.wait_for_selector("#grid-progress:text-is('2 / 2')")
    stored = {s.village.name: s.value for s in Score.objects.filter(cycle=aw.cycle, indicator__code="B1")}
    assert stored == {"五丰村": Decimal("85.00"), "江榜村": Decimal("90.00")}
    assert page.locator("#done-610724100201").inner_text() == "✓"

    page.click("nav >> text=首页")
    assert page.inner_text("[data-count=empty-cells]") == "0"


def test_surveyor_enters_a_sampled_households_income(page, scoring_cycle):
    aw = scoring_cycle
    number = aw.cycle.draws.get(village=aw.wufeng).household_numbers[0]
    log_in(page, "surveyor1")
    assert page.inner_text("[data-count=survey]") == "1"
    page.click("[data-todo=survey] >> text=五丰村")
    page.wait_for_url(f"**/assessment/2009/survey/{aw.wufeng.code}/")
    page.fill(f"[name='{number}-total_income']", "15000")
    page.fill(f"[name='{number}-business_expenses']", "3000")
    page.fill(f"[name='{number}-resident_members']", "3")
    page.click("text=保存调查数据")
    page.wait_for_selector(".alert-success")
    assert page.inner_text(".alert-success") == "已保存 1 户调查数据"
    response = SurveyResponse.objects.get(household__number=number)
    assert (response.total_income, response.business_expenses, response.resident_members, response.net_income) == (
        Decimal("15000.00"), Decimal("3000.00"), 3, Decimal("12000.00"))
    assert "已录入 1 户" in page.inner_text("#estimate")
    page.click("nav >> text=首页")
    assert page.inner_text("[data-count=survey]") == "0"


def test_inspection_group_records_a_spot_check_and_an_adjustment_and_sees_the_total_move(page, scoring_cycle):
    aw = scoring_cycle
    enter_wufeng(aw)
    assessment_services.cycle_start_verification(actor=aw.users["admin"], cycle=aw.cycle)
    assessment_services.cycle_compute(actor=aw.users["admin"], cycle=aw.cycle)
    log_in(page, "inspector1")
    page.click("[data-todo=villages-to-verify] >> text=五丰村")
    page.wait_for_url(f"**/assessment/2009/inspection/{aw.wufeng.code}/")
    assert "总分 26.9" in page.inner_text("#result-summary")

    page.fill("#spot-form [name=date]", "2009-12-05")
    page.fill("#spot-form [name=households_visited]", "8")
    page.fill("#spot-form [name=findings]", "收入台账与调查一致")
    method = page.locator("#spot-form input[type=checkbox]").first
    method.check()
    name = method.get_attribute("name")
    page.fill(f"#spot-form [name={name.replace('_done', '_findings')}]", "抽查 8 户，收入与台账一致")
    page.click("#spot-form button")
    page.wait_for_selector("#spot-checks .spot-check")
    check = SpotCheck.objects.get()
    assert (check.village, check.households_visited, check.findings, check.inspector.username) == (
        aw.wufeng, 8, "收入台账与调查一致", "inspector1")
    findings = getattr(check, name.replace("_done", "_findings"))
    assert (getattr(check, name), findings) == (True, "抽查 8 户，收入与台账一致")

    page.select_option("#adjust-form [name=indicator]", "A1")
    page.fill("#adjust-form [name=points]", "0")
    page.fill("#adjust-form [name=reason]", "收入台账不实")
    page.click("#adjust-form button")
    page.wait_for_selector("#result-summary:has-text('调整前总分')")
    summary = page.inner_text("#result-summary")
    assert "总分 10.9" in summary and "（调整前总分 26.9）" in summary
    adjustment = Adjustment.objects.get()
    assert (adjustment.village, adjustment.indicator.code, adjustment.points) == (aw.wufeng, "A1", Decimal("0.00"))


def test_assisting_cadre_records_a_visit_on_a_phone(browser, live_server, world):
    cadre = CadreFactory(name="张志强", unit=world.tongji, user=world.users["helper1"])
    pairing = HouseholdPairingFactory(cadre=cadre, household=world.own_household)
    HouseholdRecordFactory(household_pairing=pairing, date=datetime.date(2009, 3, 2), note="了解生产情况")
    context = phone.phone_context(browser, live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        log_in(page, "helper1")
        assert page.inner_text("[data-count=not-visited]") == "1"
        page.click("[data-todo=not-visited] a.todo-link")
        page.wait_for_url("**/assistance/my/")
        card = page.locator(f"#my-households tr[data-household='{world.own_household.number}']")
        today = timezone.localdate()
        card.locator("input[name=date]").fill(today.isoformat())
        card.locator("input[name=note]").fill("看了茶园，商定春季追肥")
        button = card.locator("button[type=submit]")
        assert button.bounding_box()["height"] >= phone.TOUCH_MIN
        button.tap()
        page.wait_for_selector(".alert-success")
        assert page.inner_text(".alert-success") == "已登记走访"
        visit = AssistanceRecord.objects.filter(kind=RecordKind.VISIT).order_by("-id").first()
        assert (visit.household, visit.date, visit.note) == (world.own_household, today, "看了茶园，商定春季追肥")
        assert page.inner_text(f"[data-last-visit='{world.own_household.number}']") == today.isoformat()
        assert phone.fits_phone(page)
        page.locator("nav .navbar-toggler").tap()
        page.click("#main-nav >> text=首页")
        assert page.inner_text("[data-count=not-visited]") == "0"
    finally:
        context.close()


def test_leader_opens_the_county_summary(page, scoring_cycle):
    enter_wufeng(scoring_cycle)
    assessment_services.cycle_compute(actor=scoring_cycle.users["admin"], cycle=scoring_cycle.cycle)
    log_in(page, "leader")
    page.click("[data-todo=county-summary] a.todo-link")
    page.wait_for_url(re.compile(r"/summary/2009/$"))
    assert page.inner_text("main h1") == "全县 2009 年度村级组织升级晋档工作汇总"
    body = page.inner_text("main")
    assert "2009 年参评 2 个村；新增一类村 0 个，新增二类村 0 个。" in body
    assert page.locator("main svg").count() >= 1  # the grade chart
