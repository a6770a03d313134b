"""Grades are named 一类村 … 四类村 on every document and plan page (villages.choices.grade_label),
never "2 类村" or a bare digit: over the `boards` fixture (五丰村: 2009 grade 2, last year 4,
targets 3 for 2009 and 1 for 2010, a 2010 commitment for grade 1)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
DIGIT_GRADE = re.compile(r"\d\s*类(村)?<")


def _page(boards, name, *args) -> str:
    response = boards.client_for("admin").get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_the_score_sheet_names_this_and_last_years_grade(boards):
    html = _page(boards, "documents:score_sheet", 2009, boards.wufeng.code)
    assert re.search(r"<td data-grade>二类村</td>", html) and "<td>四类村</td>" in html
    assert "评定为二类村" in html and not DIGIT_GRADE.search(html)


def test_the_results_list_names_the_grades(boards):
    html = _page(boards, "documents:results", 2009)
    assert "<td>二类村</td>" in html and "<td>四类村</td>" in html and not DIGIT_GRADE.search(html)


def test_the_dossier_names_the_grade_and_the_commitments_target(boards):
    html = _page(boards, "documents:dossier", boards.wufeng.code, 2009)
    assert "评定为二类村，全县第 1 名" in html and not DIGIT_GRADE.search(html)


def test_the_village_and_township_targets_pages_name_the_grades(boards):
    village = _page(boards, "targets:village", boards.wufeng.code)
    assert "<td>2009</td><td>三类村\n" in village and "<td>2010</td><td>一类村\n" in village
    assert not DIGIT_GRADE.search(village)
    township = _page(boards, "targets:township", boards.chengguan.code)
    assert re.search(r">五丰村</a></td><td>四类村</td><td>三类村</td><td>\s*—</td>", township)
