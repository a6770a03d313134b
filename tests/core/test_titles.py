"""Every page's browser title names the page first, then the system: "页面名 - 西乡县升级晋档管理系统"."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

SYSTEM = "西乡县升级晋档管理系统"
TEMPLATES = settings.BASE_DIR / "templates"


def title_of(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def test_every_page_template_names_its_page_in_the_title_block():
    pages = {str(path.relative_to(TEMPLATES)): path.read_text() for path in TEMPLATES.rglob("*.html")}
    pages = {name: text for name, text in pages.items() if '{% extends "base.html" %}' in text}
    untitled = sorted(name for name, text in pages.items() if "{% block title %}" not in text)
    assert len(pages) > 80
    assert untitled == []


@pytest.mark.parametrize(("user", "url", "title"), [
    ("clerk_chengguan", lambda w: reverse("households:household_list"), "农户信息"),
    ("clerk_chengguan", lambda w: reverse("households:household_detail", args=[w.own_household.number]),
     lambda w: f"王建国 {w.own_household.number}"),
    ("admin", lambda w: reverse("villages:village_detail", args=[w.wufeng.code]), "五丰村"),
    ("admin", lambda w: reverse("villages:township_list"), "乡镇"),
    ("admin", lambda w: reverse("archives:record_list"), "村级档案"),
    ("admin", lambda w: reverse("assessment:cycle_list"), "考核评价"),
    ("admin", lambda w: reverse("demonstration:designation_list"), "示范村"),
    ("admin", lambda w: reverse("projects:project_list"), "项目库"),
    ("admin", lambda w: reverse("assistance:dashboard"), "结对帮扶台账"),
    ("admin", lambda w: reverse("password_change"), "修改密码"),
    ("admin", lambda w: reverse("home:dashboard"), "待办"),
    ("leader", lambda w: reverse("home:overview"), "全县概况"),
])
def test_pages_across_apps_name_themselves_before_the_system(world, user, url, title):
    response = world.client_for(user).get(url(world))
    expected = title(world) if callable(title) else title
    assert (response.status_code, title_of(response)) == (200, f"{expected} - {SYSTEM}")


def test_the_login_page_names_itself_too(client, db):
    assert title_of(client.get(reverse("login"))) == f"登录 - {SYSTEM}"
