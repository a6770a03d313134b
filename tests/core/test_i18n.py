"""Chinese pages carry no English left over from Django, and English pages no Chinese."""

from django.conf import settings
from django.template import Context, Template
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
    assert 'class="nav-link dropdown-toggle navbar-user text-white"' in page
    assert 'class="form-select form-select-sm language-select"' in page
    css = (settings.BASE_DIR / "static" / "css" / "app.css").read_text()
    assert ".navbar .navbar-user { white-space: nowrap; flex: none; }" in css
    assert ".navbar .language-select { width: auto; min-width: 6.5rem; flex: none; }" in css


def test_the_navigation_names_the_user_and_role_once(world):
    admin = world.users["admin"]
    admin.first_name, admin.last_name = "", "县升级晋档办"
    admin.save()
    page = world.client_for("admin").get(reverse("households:household_list")).content.decode()
    assert ">县升级晋档办（管理员）</a>" in page  # the account menu's toggle
    assert "县升级晋档办（县升级晋档办" not in page
    clerk = world.users["clerk_chengguan"]
    assert clerk.name_with_role() == f"{clerk}（乡镇文书）"


def test_figures_have_thousands_separators_on_chinese_pages_but_years_do_not():
    template = Template("{% load humanize %}{{ people|intcomma }} {{ year }}")
    rendered = template.render(Context({"people": 7962, "year": 2026}))
    assert rendered == "7,962 2026"
