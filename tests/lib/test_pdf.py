"""The limited render: a child process with our fetcher and fonts, killed when it overruns."""

import io
import multiprocessing
import time

import pytest
from pypdf import PdfReader

from xixiang.lib import pdf

#: ~30 s per 3000 rows on the development machine: far longer than the limits below.
HEAVY = "<table>" + "".join(f"<tr><td>西乡第{i}行</td><td>升级晋档</td></tr>" for i in range(6000)) + "</table>"


def test_a_limited_render_uses_our_static_stylesheet_and_fonts_and_refuses_other_urls():
    stages = []
    content = pdf.render_pdf_limited(
        '<link rel="stylesheet" href="/static/css/income_card.css"><h1>西乡县</h1><img src="http://127.0.0.1:9/x.png">',
        seconds=60, on_stage=stages.append)
    reader = PdfReader(io.BytesIO(content))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (420, 595)  # A5, from the css
    assert "西乡县" in page.extract_text()
    fonts = {font["/BaseFont"].split("+")[-1] for font in page["/Resources"]["/Font"].values()}
    assert fonts == {"Xixiang-CJK", "Xixiang-CJK-Bold"}  # the css sets the subset font everywhere: no fallback
    assert stages == ["layout"]


def test_a_render_that_overruns_its_limit_is_killed_and_the_caller_goes_on():
    started = time.monotonic()
    with pytest.raises(pdf.RenderTimeout) as raised:
        pdf.render_pdf_limited(HEAVY, seconds=2)
    assert time.monotonic() - started < 12  # stopped at the limit, not after the whole render
    assert raised.value.message == "生成超时（超过 2 秒），请缩小范围后重试"
    assert multiprocessing.active_children() == []  # the child is gone, not left running
    assert "西乡" in PdfReader(io.BytesIO(pdf.render_pdf_limited("<p>西乡</p>", seconds=60))).pages[0].extract_text()


def test_a_chart_goes_into_a_pdf_as_an_svg_image_whose_style_stays_inside_it():
    from xixiang.lib.pdf_fetcher import StaticOnlyURLFetcher

    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><style>text { fill: #b5483a; }'
           ' p { display: none; }</style><text x="4" y="20">一类村 12</text></svg>')
    fetched = StaticOnlyURLFetcher().fetch(pdf.svg_data_url(svg))
    assert fetched.read() == svg.encode() and fetched.content_type == "image/svg+xml"
    content = pdf.render_pdf(f'<p>西乡县</p><img src="{pdf.svg_data_url(svg)}">')
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "西乡县" in text and "一类村 12" in text  # the chart's `p { display: none }` did not reach the page


def test_no_other_data_url_is_fetched():
    from xixiang.lib.pdf_fetcher import StaticOnlyURLFetcher

    for url in ("data:image/svg+xml,<svg/>", "data:image/png;base64,iVBORw0KGgo=", "data:image/svg+xml;base64,@@@"):
        with pytest.raises(pdf.RefusedURL):
            StaticOnlyURLFetcher().fetch(url)


def test_the_fetcher_loads_no_certificates_and_still_refuses_the_network():
    """Python's default HTTPS context loads the system's certificates (~50 ms a render) for a
    handler our fetcher never reaches: it gets a bare context instead."""
    from urllib.request import HTTPSHandler

    from xixiang.lib.pdf_fetcher import StaticOnlyURLFetcher

    fetcher = StaticOnlyURLFetcher()
    (https,) = [handler for handler in fetcher.handlers if isinstance(handler, HTTPSHandler)]
    assert https._context.cert_store_stats() == {"crl": 0, "x509": 0, "x509_ca": 0}
    with pytest.raises(pdf.RefusedURL):
        fetcher.fetch("https://example.org/x.css")
