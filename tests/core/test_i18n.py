"""Chinese pages carry no English left over from Django, and English pages no Chinese."""

from django.conf import settings
from django.urls import reverse


def test_the_empty_choice_of_a_select_is_chinese_on_a_chinese_page(world):
    page = world.client_for("clerk_chengguan").get(
        reverse("households:household_edit", args=[world.own_household.number])).content.decode()
    assert "- 请选择 -" in page
    assert "Select an option" not in page


def test_the_language_list_names_each_language_in_itself_and_selects_the_current_one(world):
    page = world.client_for("clerk_chengguan").get(reverse("households:household_list")).content.decode()
    assert '<option value="zh-hans" selected>简体中文</option>' in page
    assert '<option value="en" >English</option>' in page
    assert "英语" not in page
    client = world.client_for("clerk_chengguan")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("households:household_list")).content.decode()
    assert '<option value="zh-hans" >简体中文</option>' in page
    assert '<option value="en" selected>English</option>' in page


def test_the_user_name_and_the_language_list_keep_their_width_in_the_navigation(world):
    page = world.client_for("clerk_chengguan").get(reverse("households:household_list")).content.decode()
    assert 'class="navbar-text navbar-user me-2 text-white"' in page
    assert 'class="form-select form-select-sm language-select"' in page
    css = (settings.BASE_DIR / "static" / "css" / "app.css").read_text()
    assert ".navbar .navbar-user { white-space: nowrap; flex: none; }" in css
    assert ".navbar .language-select { width: auto; min-width: 6.5rem; flex: none; }" in css
