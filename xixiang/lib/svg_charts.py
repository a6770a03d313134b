"""Server-side charts as SVG, drawn by pygal (README: Dependencies). Pure functions, no models.

The same SVG goes inline into a page and into a WeasyPrint PDF: pygal writes its styles in a
`<style>` element inside the SVG (scoped to the chart's own id), which WeasyPrint's SVG renderer
reads; in a browser the page's Content Security Policy admits that element through the request's
nonce (`{{ svg|chart_nonce:csp_nonce }}`, xixiang.core.templatetags.xixiang). No JavaScript.
Labels are escaped by pygal (it builds the SVG as an element tree). Text is in the CJK font.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache

from .pdf import CJK_FONT_FAMILY

COLORS = ("#9bbf8a", "#1f6f43", "#d9a441", "#b5483a", "#4a7bb7", "#7a5195")


@cache
def _style():
    """pygal's style for our charts. pygal is imported when a chart is drawn, not with this
    module: processes that draw none (render children, most requests) do not load it."""
    from pygal.style import Style

    return Style(
        font_family=CJK_FONT_FAMILY,
        background="white",
        plot_background="white",
        foreground="#222",
        foreground_strong="#111",
        foreground_subtle="#ccc",
        colors=COLORS,
        title_font_size=15,
        label_font_size=11,
        major_label_font_size=11,
        legend_font_size=12,
        value_font_size=11,
        tooltip_font_size=12,
        opacity="1",
        opacity_hover="0.85",
        transition="0s",
        guide_stroke_color="#d0d0d0",
        major_guide_stroke_color="#b0b0b0",
        guide_stroke_dasharray="2,3",
        major_guide_stroke_dasharray="2,3",
    )


@dataclass(frozen=True)
class Series:
    """One series of bars: its name, a value per label and (optionally) a link per label."""

    name: str
    values: list
    links: list[str] = field(default_factory=list)


def _number(value) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _format(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}"
    return f"{value:,.1f}"


def bar_chart(
    *,
    title: str,
    labels: list[str],
    series: list[Series],
    horizontal: bool = False,
    width: int = 720,
    height: int | None = None,
    unit: str = "",
) -> str:
    """An SVG bar chart (grouped bars when there are several series), values printed on the bars,
    a bar a link where the series gives one. Returns the `<svg>` element as text.

    pygal takes ~20–40 ms a chart, so charts are kept by their data (an LRU of 256): the county
    overview draws its grade chart once per change of the figures, not once per request."""
    key = (
        str(title),
        tuple(str(label) for label in labels),
        tuple((str(one.name), tuple(one.values), tuple(one.links)) for one in series),
        horizontal,
        width,
        height,
        unit,
    )
    return _bar_chart(*key)


@lru_cache(maxsize=256)
def _bar_chart(title, labels, series, horizontal, width, height, unit) -> str:
    series = [Series(name, list(values), list(links)) for name, values, links in series]
    labels = list(labels)
    if height is None:
        height = max(260, 11 * len(labels) * max(1, len(series)) + 8 * len(labels) + 110) if horizontal else 340
    import pygal

    chart_class = pygal.HorizontalBar if horizontal else pygal.Bar
    chart = chart_class(
        style=_style(),
        js=[],
        disable_xml_declaration=True,
        width=width,
        height=height,
        title=title,
        legend_at_bottom=True,
        legend_at_bottom_columns=max(1, len(series)),
        show_legend=len(series) > 1,
        print_values=True,
        print_values_position="top",
        value_formatter=lambda v: _format(v) + unit,
        show_y_guides=False,  # the values are printed on the bars
        show_x_guides=False,
        x_label_rotation=0 if horizontal or len(labels) <= 12 else 35,
        truncate_label=-1,
        margin=8,
        margin_left=48 if horizontal else 8,  # pygal measures labels as Latin text: room for Chinese names
        spacing=6,
        explicit_size=False,
    )
    if horizontal:  # pygal draws the first label at the bottom; a reader expects it on top
        labels = list(reversed(labels))
        series = [Series(one.name, list(reversed(one.values)), list(reversed(one.links))) for one in series]
    chart.x_labels = [str(label) for label in labels]
    for one in series:
        points = []
        for index, value in enumerate(one.values):
            point = {"value": _number(value), "label": str(labels[index]) if index < len(labels) else ""}
            if index < len(one.links) and one.links[index]:
                point["xlink"] = {"href": one.links[index], "target": "_self"}
            points.append(point)
        chart.add(str(one.name), points)
    svg = chart.render(is_unicode=True)
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)  # pygal's banner (version, date): not for a document
    svg = re.sub(r"<script\b.*?</script>", "", svg, flags=re.S)  # pygal's config for its (unused) JavaScript
    svg = re.sub(r' id="activate-serie-\d+"', "", svg)  # for pygal's script only; would repeat across charts
    # the tooltip group's style attribute: a page's CSP blocks inline style attributes (a nonce covers
    # only <style> elements); the SVG presentation attribute says the same
    svg = svg.replace(' style="opacity: 0"', ' opacity="0"')
    return svg.replace('class="pygal-chart"', 'class="pygal-chart chart" role="img"', 1)


def with_nonce(svg: str, nonce: str) -> str:
    """The chart with the request's CSP nonce on its `<style>` element (for pages, not PDFs)."""
    if not nonce:
        return svg
    return svg.replace('<style type="text/css">', f'<style type="text/css" nonce="{nonce}">')


#: pygal's style rules that only a browser uses (pointer hover, its tooltips and transitions) or that
#: style chart kinds and elements we never draw (dots, gauges, maps, second axes, "no data"),
#: found in a rule's selectors (or its declarations: transitions).
_SCREEN_ONLY_RULE = re.compile(
    r":hover|\.tooltip|\.active|transition|\.map-element|\.gauge|\.dot\b|\.bg-lines|\.showable|\.ci\b|no_data"
    r"|\.max-value|\.bound\b|\.y2\b|\.web\b|\.subtle-fill|\.nofill")
_DESC = re.compile(r"<desc\b[^>]*>.*?</desc>", re.S)
_TOOLTIP = re.compile(r'<g [^>]*class="tooltip">.*?<g class="text"\s*/></g>', re.S)
_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)
_RULE = re.compile(r"[^{}]+\{[^{}]*\}")


def for_print(svg: str) -> str:
    """The chart as a PDF draws it, without what only a browser uses: pygal's `<desc>` elements
    (its tooltips' data: a value, a label and two coordinates per bar), its empty tooltip group and
    the style rules for hover, tooltips and chart kinds we do not draw. What is drawn stays the same;
    WeasyPrint then reads a third fewer elements and matches a third of the rules against each
    (the county summary's five charts: 0.95 → 0.64 s of CPU)."""
    svg = _TOOLTIP.sub("", _DESC.sub("", svg))

    def drawn_rules(match: re.Match) -> str:
        kept = [rule for rule in _RULE.findall(match.group(2)) if not _SCREEN_ONLY_RULE.search(rule)]
        return match.group(1) + "".join(kept) + match.group(3)

    return _STYLE.sub(drawn_rules, svg)
