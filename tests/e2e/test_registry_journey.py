"""A township clerk logs in, finds a household, edits a member and sees it in the history."""

import pytest

from households.models import Member

from .conftest import log_in

# serialized_rollback: the live server needs committed data, and the flush after each test
# must not take the data-migration catalogues (thresholds, archive categories, indicators) along.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_clerk_finds_household_edits_member_and_sees_history(page, world):
    household = world.own_household
    log_in(page, "clerk_chengguan")

    page.click("nav >> text=农户")
    page.fill("#id_q", "建国")
    page.click("#household-filter button[type=submit]")
    rows = page.locator("#household-table tbody tr")
    assert rows.count() == 1
    page.click(f"#household-table >> text={household.number}")
    page.wait_for_url(f"**/households/{household.number}/")

    page.click("text=编辑")
    page.fill("#id_members-0-name", "王建民")
    page.click("#household-form button[type=submit]")
    page.wait_for_url(f"**/households/{household.number}/")
    assert "已保存农户" in page.inner_text(".alert-success")
    assert page.inner_text("#member-table tbody tr:first-child td:first-child") == "王建民"

    page.click("text=修改历史")
    history = page.inner_text("#history-table")
    assert "王建国" in history and "王建民" in history and "clerk_chengguan" in history
    assert Member.objects.get(household=household, relation="head").name == "王建民"


def test_clerk_of_other_township_gets_not_found_for_the_household(page, world):
    log_in(page, "clerk_xiakou")
    response = page.goto(f"/households/{world.own_household.number}/")
    assert response.status == 404


def test_pages_raise_no_content_security_policy_violations(page, world):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    log_in(page, "admin")
    for url in [
        "/",
        "/overview/",
        "/households/",
        f"/households/{world.own_household.number}/",
        f"/households/{world.own_household.number}/edit/",
        "/archives/",
        "/archives/completeness/",
        "/archives/new/",
        "/assistance/",
        "/assistance/records/",
        "/assessment/",
        "/assessment/catalogue/",
        f"/villages/{world.wufeng.code}/",
    ]:
        response = page.goto(url)
        assert response.status == 200, url
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    # below 1400 px the English menu sits behind its toggle: its words are there, not shown
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Households" in page.text_content("nav.navbar")
    assert violations == []
