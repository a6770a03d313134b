"""Charts drawn by pygal: values, links, escaped labels, the CJK font, no script, the nonce for pages."""

from decimal import Decimal

from xixiang.lib.svg_charts import Series, bar_chart, with_nonce


def _bars(svg: str) -> dict[str, str]:
    return {bar.split('<desc class="label">')[1].split("<")[0]: bar.split('<desc class="value">')[1].split("<")[0]
            for bar in svg.split('<g class="bar">')[1:]}


def test_each_bar_carries_its_label_value_and_link():
    svg = bar_chart(title="协调项目资金", labels=["城关镇", "峡口镇"],
                    series=[Series("资金", [Decimal("1500000"), 0], ["/x?township=1&kind=a", ""])], horizontal=True)
    assert svg.startswith("<svg") and "<title>协调项目资金</title>" in svg
    assert _bars(svg) == {"城关镇": "1,500,000", "峡口镇": "0"}
    assert svg.count('xlink:href="/x?township=1&amp;kind=a"') == 1
    assert "<script" not in svg and "<!--" not in svg and 'id="activate-serie-' not in svg
    assert "Noto Sans CJK SC" in svg


def test_labels_are_escaped():
    svg = bar_chart(title="<t>", labels=["<b>"], series=[Series("s", [1])])
    assert "<b>" not in svg and "&lt;b&gt;" in svg and "&lt;t&gt;" in svg


def test_the_page_version_carries_the_nonce_and_the_pdf_version_none():
    svg = bar_chart(title="t", labels=["a"], series=[Series("s", [1])])
    assert with_nonce(svg, "abc").count('<style type="text/css" nonce="abc">') == 1
    assert with_nonce(svg, "") == svg and "nonce=" not in svg


def test_a_chart_carries_no_inline_style_attribute_that_a_pages_csp_would_block():
    svg = bar_chart(title="各级类村数", labels=["一类村", "二类村"], series=[Series("2009 年", [1, 12], [])])
    assert " style=" not in svg and 'opacity="0"' in svg


def test_the_print_version_draws_the_same_texts_bars_and_colours_without_what_only_a_browser_uses():
    import io
    import re

    from pypdf import PdfReader

    from xixiang.lib.pdf import render_pdf, svg_data_url
    from xixiang.lib.svg_charts import for_print

    svg = bar_chart(title="各乡镇级类", labels=["城关镇", "峡口镇", "堰口镇"],
                    series=[Series("2008 年", [3, 0, 12], ["/a?t=1", "", ""]), Series("2009 年", [4, 1, 11], [])])
    printed = for_print(svg)

    def elements(text, tag):
        return re.findall(rf"<{tag}\b[^>]*>[^<]*", text)

    assert svg.count("<desc") == 31 and "<desc" not in printed  # the tooltips' data of the 6 bars
    assert 'class="tooltip"' in svg and 'class="tooltip"' not in printed and "tooltip-box" not in printed
    assert elements(printed, "text") == elements(svg, "text")
    assert elements(printed, "rect") == [rect for rect in elements(svg, "rect") if "tooltip-box" not in rect]
    assert printed.count('xlink:href="/a?t=1"') == 1
    style = re.search(r"<style[^>]*>(.*?)</style>", printed, re.S).group(1)
    assert ":hover" not in style and ".tooltip" not in style and "transition" not in style
    assert ".color-0" in style and ".color-1" in style and "text-anchor:middle" in style
    texts = [PdfReader(io.BytesIO(render_pdf(f'<img src="{svg_data_url(one)}">'))).pages[0].extract_text()
             for one in (svg, printed)]
    assert texts[0] == texts[1] and "城关镇" in texts[1] and "12" in texts[1]
