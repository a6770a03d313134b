"""The score grid's body rows as HTML, built in one pass (no per-cell template machinery).

The full county's grid is 267 villages × a department's indicators; with an `{% include %}` of
`assessment/_grid_cell.html` per cell, the template was ~60% of the page (cProfile on the full
county, bench/pages.py: ~18,000 variable lookups for one indicator's column). Here each village's
and indicator's text is escaped once and the cells are joined as strings, as
archives/completeness_html.py does for the completeness matrix. The saved cell that `grid_cell`
answers (with its error, what was typed, the out-of-band progress) still renders the template;
tests/assessment/test_grid_html.py renders the page's rows with the template loop and compares
them cell for cell.
"""

from html import escape as _escape

from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

from .selectors import GridRow


def escape(text) -> str:
    """Django's `escape` without its lazy-string wrapper (~5,000 calls a page)."""
    return _escape(str(text))


def _text(value) -> str:
    """A value as `{{ value|default_if_none:"" }}` renders it (localized, escaped)."""
    return "" if value is None else escape(localize(value))


def grid_body(rows: list[GridRow], *, editable: bool, cell_url: str) -> SafeString:
    """The `<tr>` rows of the grid (without `<tbody>`): township, village, one cell per indicator
    (a computed value, an input that saves itself when `editable`, else the stored value), ✓."""
    url = escape(cell_url)
    columns = []  # per indicator: (code, is computed), escaped once
    if rows:
        columns = [(escape(indicator.code), indicator.is_computed) for indicator, _v, _n in rows[0].cells]
    out = []
    for row in rows:
        village = row.village
        code, name = escape(village.code), escape(village.name)
        cells = []
        for (indicator_code, computed), (_indicator, value, version) in zip(columns, row.cells, strict=True):
            head = f'<td id="cell-{code}-{indicator_code}" class="p-0">'
            if computed:
                shown = "—" if value is None else escape(localize(value))
                cells.append(f'{head}<span class="d-block px-2 text-end text-muted">{shown}</span></td>')
            elif editable:
                cells.append(
                    f'{head}<input class="form-control form-control-sm border-0 text-end" name="value" '
                    f'value="{_text(value)}" inputmode="decimal" autocomplete="off" '
                    f'aria-label="{name} {indicator_code}" hx-post="{url}" hx-trigger="change" '
                    f'hx-target="closest td" hx-swap="outerHTML" hx-vals=\'{{"village": "{code}", '
                    f'"indicator": "{indicator_code}", "version": "{escape(localize(version or 0))}"}}\'></td>'
                )
            else:
                shown = "—" if value is None else escape(localize(value))
                cells.append(f'{head}<span class="d-block px-2 text-end">{shown}</span></td>')
        out.append(
            f"<tr><td>{escape(village.township.name)}</td><td>{name}</td>{''.join(cells)}"
            f'<td class="text-center" id="done-{code}">{"✓" if row.done else ""}</td></tr>'
        )
    return mark_safe("\n".join(out))
