"""The CJK font subset the PDFs embed: what it covers, and the fallback for what it does not."""

import io
from pathlib import Path

from django.conf import settings
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from xixiang.lib import pdf
from xixiang.lib.font_subset import SC_FONT_NUMBER, SOURCES, characters, gb2312_characters

SUBSET_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "noto-sans-cjk-sc-subset"


def test_gb2312_is_its_whole_table():
    found = gb2312_characters()
    assert len(found) == 7445 and {"西", "乡", "堰", "Ⅻ", "ā", "■"} <= found
    assert "〇" not in found  # in GBK, not GB 2312


def test_the_vendored_subsets_cover_gb2312_and_every_character_of_our_text_files():
    wanted = {ord(ch) for ch in characters(Path(settings.BASE_DIR))}
    for weight in ("Regular", "Bold"):
        drawable = wanted & set(TTFont(SOURCES[weight.lower()], fontNumber=SC_FONT_NUMBER).getBestCmap())
        font = TTFont(SUBSET_DIR / f"NotoSansCJKsc-{weight}-subset.otf")
        covered = set(font.getBestCmap())
        missing = "".join(sorted(chr(c) for c in drawable - covered))
        # A new template or translation with a character outside the subset: run `manage.py subset_pdf_fonts`.
        assert missing == "", f"{weight} lacks {missing[:40]}"
        assert 8000 < len(covered) < 12000  # a subset, not the whole 65,535-glyph collection


def test_a_character_outside_the_subset_is_printed_in_the_system_font():
    content = pdf.render_pdf('<link rel="stylesheet" href="/static/css/income_card.css"><p>王堃 五丰村</p>')
    page = PdfReader(io.BytesIO(content)).pages[0]
    assert "王堃 五丰村" in page.extract_text()
    fonts = {font["/BaseFont"].split("+")[-1] for font in page["/Resources"]["/Font"].values()}
    assert fonts == {"Xixiang-CJK", "Noto-Sans-CJK-SC"}  # 堃 alone from the system font
