"""Server-side charts as inline SVG (no JavaScript library). Pure functions, no models."""

from dataclasses import dataclass
from decimal import Decimal
from html import escape


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int | float
    href: str = ""


def _format(value) -> str:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.2f}"


def horizontal_bar_chart(
    bars: list[Bar],
    *,
    title: str,
    width: int = 640,
    row_height: int = 22,
    label_width: int = 96,
    color: str = "#198754",
) -> str:
    """An accessible SVG bar chart: one labelled bar per item, values printed at the bar's end,
    each bar a link when `href` is given."""
    value_width = 110
    plot = width - label_width - value_width
    height = row_height * max(len(bars), 1) + 8
    top = max((float(b.value) for b in bars), default=0) or 1.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="bar-chart" width="100%" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for index, bar in enumerate(bars):
        y = 4 + index * row_height
        length = max(0.0, float(bar.value)) / top * plot
        row = (
            f'<text x="{label_width - 6}" y="{y + row_height * 0.7:.1f}" '
            f'text-anchor="end" font-size="12">{escape(bar.label)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{row_height - 6}" fill="{color}">'
            f"<title>{escape(bar.label)}：{_format(bar.value)}</title></rect>"
            f'<text x="{label_width + length + 4:.1f}" y="{y + row_height * 0.7:.1f}" '
            f'font-size="12">{_format(bar.value)}</text>'
        )
        if bar.href:
            row = f'<a href="{escape(bar.href)}">{row}</a>'
        parts.append(row)
    parts.append("</svg>")
    return "".join(parts)
