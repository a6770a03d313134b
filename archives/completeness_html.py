"""The completeness matrix's body rows as HTML, built in one pass (no per-cell template machinery).

The full county's matrix is 267 villages × 18 categories: the template loop with a `{% translate %}`
and an `{% if %}` per cell cost ~400 ms of the page's ~450 ms for the administrator (profiled on
the full county, bench/pages.py). Here each village's and category's text is escaped once and the
cells are joined as strings; tests/archives/test_completeness_html.py renders the same rows with
the template loop (the plain way) and compares them.
"""

from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .completeness import Matrix


def matrix_body(matrix: Matrix, *, can_upload: bool, villages_url: str, upload_url: str) -> SafeString:
    """The `<tr>` rows of `matrix` (without `<tbody>`): township, village link, one cell per
    category (its count, or ✗ — linked to the prefilled upload form when `can_upload`), present, rate."""
    if not matrix.rows:
        empty = escape(_("没有可显示的村"))
        return mark_safe(f'<tr><td colspan="{len(matrix.categories) + 4}" class="text-muted">{empty}</td></tr>')
    year = escape(localize(matrix.year))
    title = escape(_("上传档案"))
    codes = [escape(c.code) for c in matrix.categories]
    out = []
    for row in matrix.rows:
        village = row.village
        code = escape(village.code)
        cells = []
        if can_upload:
            prefix = f'<td class="cell-missing"><a href="{escape(upload_url)}?village={code}&amp;category='
            suffix = f'&amp;year={year}" title="{title}">✗</a></td>'
            for n, category in zip(row.counts, codes, strict=True):
                cells.append(f'<td class="cell-ok">{n}</td>' if n else f"{prefix}{category}{suffix}")
        else:
            for n in row.counts:
                cells.append(f'<td class="cell-ok">{n}</td>' if n else '<td class="cell-missing">✗</td>')
        out.append(
            f"<tr><td>{escape(village.township_name)}</td>"
            f'<td><a href="{escape(villages_url)}{code}/?archive_year={year}">{escape(village.name)}</a></td>'
            f'{"".join(cells)}'
            f'<td class="text-end">{localize(row.present)}</td>'
            f'<td class="text-end">{escape(localize(row.rate))}%</td></tr>'
        )
    return mark_safe("\n".join(out))
