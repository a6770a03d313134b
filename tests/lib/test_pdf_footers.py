"""PDFs whose page footer is in a static stylesheet (income cards, demonstration boards, minutes,
plans) take the footer's words from the document (templates/_pdf_page_footer.html), so an English
user's PDF says "Page 2", not "第 2 页"."""

import io

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfReader

from xixiang.lib.pdf import render_pdf


def footers(template: str, context: dict, language: str) -> list[str]:
    with translation.override(language):
        html = render_to_string(template, context)
    return [page.extract_text().splitlines()[-1].strip() for page in PdfReader(io.BytesIO(render_pdf(html))).pages]


@pytest.mark.parametrize("language,expected", [
    ("zh-hans", ["第 1 页", "第 2 页"]),
    ("en", ["Page 1", "Page 2"]),
])
def test_the_plans_footer_is_in_the_users_language(language, expected):
    plans = [("五丰村示范村建设规划", ["发展生猪养殖"]), ("江榜村示范村建设规划", ["发展茶叶"])]
    assert footers("demonstration/plan_pdf.html", {"plans": plans, "office": "西乡县升级晋档办"}, language) == expected


@pytest.mark.parametrize("language,expected", [
    ("zh-hans", ["西乡县升级晋档办 · 第 1 页"]),
    ("en", ["Xixiang County grading office · Page 1"]),
])
def test_the_income_cards_footer_names_the_office_in_the_users_language(language, expected):
    assert footers("assistance/pdf/income_cards.html", {"cards": [], "title": "增收明白卡"}, language) == expected


def test_the_minutes_footer_is_translated_too():
    assert footers("demonstration/minutes_pdf.html", {"entries": [], "title": "会议纪要"}, "en") == ["Page 1"]
