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
