"""Small template helpers used across apps."""

from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from xixiang.audit.registry import key_for
from xixiang.lib.money import figure_text
from xixiang.lib.pdf import svg_data_url
from xixiang.lib.svg_charts import for_print, with_nonce

register = template.Library()


@register.simple_tag
def history_url(obj) -> str:
    """Link to the change history page of `obj`."""
    return reverse("audit:object_history", args=[key_for(type(obj)), obj.pk])


@register.filter(is_safe=True)
def page_title(rendered) -> str:
    """A browser title: the page's own name (its `title` block, already escaped) first, then
    the system's; the system's alone on a page that names none."""
    system = conditional_escape(gettext("西乡县升级晋档管理系统"))
    page = str(rendered).strip()
    return mark_safe(f"{page} - {system}" if page else system)


@register.filter
def figure(value):
    """A number in a table with thousands separators (xixiang.lib.money.figure_text); text as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    return figure_text(value)


@register.filter
def chart_image(svg) -> str:
    """An SVG chart as an `<img>` for a PDF (see xixiang.lib.pdf.svg_data_url), without what only a
    browser uses (xixiang.lib.svg_charts.for_print)."""
    return mark_safe(f'<img class="chart-image" alt="" src="{svg_data_url(for_print(str(svg)))}">')


@register.filter
def yuan(value) -> str:
    """Format a Decimal amount of yuan (or its text, as report JSON carries it: "197672000.00")
    with thousands separators and two places."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value) if isinstance(value, str) else value:,.2f}"


@register.filter
def chart_nonce(svg, nonce) -> str:
    """An inline SVG chart (xixiang.lib.svg_charts) with the request's CSP nonce on its style, as safe HTML."""
    # LazyNonce is falsy until read: compare with None, never `nonce or ""`
    # the SVG is pygal's escaped element tree
    return mark_safe(with_nonce(str(svg), "" if nonce is None else str(nonce)))
