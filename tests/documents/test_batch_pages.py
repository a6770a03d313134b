"""Batches that merge many villages' documents into one PDF (xixiang/core/documents.py render_batch):
each village's score sheet numbers its own pages ("第 x 页 / 共 y 页" of that sheet, as its own PDF
does), carries no element id twice, and the notice boards stay one page each. Over the `boards`
fixtures with two more villages in 城关镇, one of them with a long sheet (every indicator adjusted
with a 300-character reason)."""

import dataclasses
import datetime
import io
import logging
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from assessment.models import Adjustment
from documents import board_batch, print_kinds
from documents.official import official_pdf
from documents.score_sheets import score_sheet
from tests.factories import VillageFactory
from villages.models import Village
from xixiang.accounts.models import User
from xixiang.core.documents import render_batch
from xixiang.lib.pdf import render_pdf

from .printed import pdf_pages

pytestmark = pytest.mark.django_db
PAGE_NUMBER = re.compile(r"第(\d+)页/共(\d+)页")


@pytest.fixture
def chengguan(boards):
    """城关镇's three villages in code order: 五丰村 (with a result), 二村 (a long sheet), 三村."""
    long = VillageFactory(township=boards.chengguan, code="610724100202", name="二村")
    VillageFactory(township=boards.chengguan, code="610724100203", name="三村")
    admin = User.objects.get(username="admin")
    for indicator in boards.cycle.indicators.all():
        Adjustment.objects.create(cycle=boards.cycle, village=long, indicator=indicator, points=Decimal("1.00"),
                                  reason=f"{indicator.code} 核查调整：" + "入户核查发现台账与实际不符，" * 19,
                                  adjusted_by=admin)
    return list(Village.objects.filter(township=boards.chengguan).select_related("township").order_by("code"))


def _sheets_batch(boards, **render):
    batch = print_kinds.batch_for("score_sheets", User.objects.get(username="admin"),
                                  {"township": boards.chengguan.code, "year": 2009})
    out = io.BytesIO()
    outcome = render_batch(batch, out, seconds=120, **render)
    assert (outcome.printed, outcome.failures) == (3, [])
    return out.getvalue()


def _numbers(text: str) -> list[tuple[int, int]]:
    return [(int(x), int(y)) for x, y in PAGE_NUMBER.findall(text)]


def test_each_villages_score_sheet_in_a_township_batch_numbers_its_own_pages(boards, chengguan):
    singles = {v.name: len(PdfReader(io.BytesIO(official_pdf("documents/score_sheet_pdf.html",
                                                               {"sheet": score_sheet(boards.cycle, v)}))).pages)
               for v in chengguan}
    assert singles["二村"] > singles["五丰村"] >= 2  # the long sheet has more pages than the others
    pages = pdf_pages(_sheets_batch(boards))  # the job's child renders
    expected = [(name, x, count) for name, count in singles.items() for x in range(1, count + 1)]
    assert len(pages) == len(expected)
    for text, (name, x, count) in zip(pages, expected, strict=True):
        assert _numbers(text) == [(x, count)], text
        assert f"城关镇{name}2009年度村级组织升级晋档考核评分表" in text  # the running title names the village
        assert all(other.name not in text for other in chengguan if other.name != name)


def test_a_three_village_score_sheet_batch_defines_no_anchor_twice(boards, chengguan, caplog):
    batch = print_kinds.batch_for("score_sheets", User.objects.get(username="admin"),
                                  {"township": boards.chengguan.code, "year": 2009})
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        content = _sheets_batch(boards, render=render_pdf)  # in this process, so that its log is seen
        render_pdf(batch.document([batch.section(village) for village in chengguan]))  # even as one document
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
    assert list(PdfReader(io.BytesIO(content)).named_destinations) == []  # no id left to clash in the merged PDF


def test_a_township_batch_of_boards_prints_one_page_per_village(boards, chengguan):
    batch = board_batch.boards_batch(Village.objects.filter(township=boards.chengguan), year=2009,
                                     published=datetime.date(2010, 1, 5))
    out = io.BytesIO()
    assert render_batch(batch, out, seconds=120).printed == 3
    pages = pdf_pages(out.getvalue())
    assert len(pages) == 3
    for text, village in zip(pages, chengguan, strict=True):
        assert f"城关镇{village.name}·2009年度" in text and _numbers(text) == []  # a poster: no page number


def _page_texts(batch, renders_at_once, render=None):
    out, progress = io.BytesIO(), []
    outcome = render_batch(dataclasses.replace(batch, chunk=1, renders_at_once=renders_at_once), out, seconds=120,
                           on_progress=lambda done, total: progress.append((done, total)),
                           **({"render": render} if render else {}))
    return outcome, progress, pdf_pages(out.getvalue())


def test_score_sheets_rendered_two_at_once_print_what_one_at_a_time_prints_in_the_same_order(boards, chengguan):
    batch = print_kinds.batch_for("score_sheets", User.objects.get(username="admin"),
                                  {"township": boards.chengguan.code, "year": 2009})
    assert batch.renders_at_once == 2  # this machine has two cores
    one_outcome, one_progress, one_at_a_time = _page_texts(batch, 1)
    two_outcome, two_progress, two_at_once = _page_texts(batch, 2)
    assert two_at_once == one_at_a_time and len(two_at_once) > 3
    assert (two_outcome.printed, two_outcome.failures) == (one_outcome.printed, one_outcome.failures) == (3, [])
    assert two_progress == one_progress == [(1, 3), (2, 3), (3, 3)]
    villages = [name for text in two_at_once for name in ("五丰村", "二村", "三村") if f"城关镇{name}2009" in text]
    assert list(dict.fromkeys(villages)) == ["五丰村", "二村", "三村"]  # the villages' order, not the renders'


def test_a_render_failing_beside_another_leaves_out_only_its_village(boards, chengguan):
    """Three chunks of one sheet, two rendering at a time; 二村's render fails (the renderer the
    job would use, refusing that one document) and only 二村 is named."""
    from xixiang.lib.pdf import RenderError, render_pdf_limited

    def render(html):
        if "城关镇 二村" in str(html):
            raise RenderError("渲染失败")
        return render_pdf_limited(html, seconds=120)

    batch = print_kinds.batch_for("score_sheets", User.objects.get(username="admin"),
                                  {"township": boards.chengguan.code, "year": 2009})
    outcome, progress, pages = _page_texts(batch, 2, render=render)
    assert (outcome.printed, outcome.failures) == (2, [("城关镇二村（610724100202）", "渲染失败")])
    assert progress == [(1, 3), (2, 3), (3, 3)]
    printed = [name for name in ("五丰村", "二村", "三村") if any(f"城关镇{name}2009" in text for text in pages)]
    assert printed == ["五丰村", "三村"]


def test_an_english_sheet_says_page_x_of_y_with_its_spaces(boards, chengguan):
    """The page number's words come from the body through string-set, which trims their edges:
    the English words carry no-break spaces ("Page 1 of 2", not "Page1of2")."""
    from django.utils import translation

    with translation.override("en"):
        content = official_pdf("documents/score_sheet_pdf.html", {"sheet": score_sheet(boards.cycle, chengguan[0])})
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    assert [re.findall(r"Page (\d+) of (\d+)", text) for text in pages] == [
        [(str(n), str(len(pages)))] for n in range(1, len(pages) + 1)]
