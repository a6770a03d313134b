"""Grades are named 一类村 … 四类村 in Chinese pages and "Grade 1 village" … in English, from one place."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from villages.choices import grade_label, grade_short_label
from villages.models import VillageGrade


def test_each_grade_has_its_chinese_name_and_no_grade_is_a_dash():
    with translation.override("zh-hans"):
        assert [grade_label(g) for g in (1, 2, 3, 4)] == ["一类村", "二类村", "三类村", "四类村"]
        assert [grade_label(g) for g in (None, "", 7)] == ["—", "—", "—"]


def test_each_grade_has_its_english_name():
    with translation.override("en"):
        assert [grade_label(g) for g in (1, 2, 3, 4)] == [
            "Grade 1 village", "Grade 2 village", "Grade 3 village", "Grade 4 village"]


def test_a_narrow_cells_grade_name_is_the_same_in_chinese_and_shorter_in_english():
    with translation.override("zh-hans"):
        assert [grade_short_label(g) for g in (1, 2, 3, 4, None, 7)] == [
            "一类村", "二类村", "三类村", "四类村", "—", "—"]
    with translation.override("en"):
        assert [grade_short_label(g) for g in (1, 2, 3, 4)] == ["Grade 1", "Grade 2", "Grade 3", "Grade 4"]


@pytest.mark.django_db
def test_dashboard_village_page_and_village_list_name_the_grades(world):
    VillageGrade.objects.create(village=world.wufeng, year=2008, grade=3)
    client = world.client_for("admin")
    dashboard = client.get(reverse("home:overview")).content.decode()
    assert ">三类村</a>" in dashboard and ">一类村</a>" in dashboard and "1 类村" not in dashboard
    detail = client.get(reverse("villages:village_detail", args=[world.wufeng.code])).content.decode()
    assert "<td>2008</td><td>三类村</td>" in detail
    assert re.search(r"<td[^>]*>三类村</td>", client.get(reverse("villages:village_list")).content.decode())


@pytest.mark.django_db
def test_the_dashboard_names_the_grades_in_english(world):
    client = world.client_for("admin")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert ">Grade 1 village</a>" in client.get(reverse("home:overview")).content.decode()
