"""The survey report's (数据比对) village rows as HTML, built in one pass.

The county's report is 267 villages × 9 cells; through the template loop (a `default_if_none`
and a localize per figure, a `{% translate %}` per row) rendering was about half of the page on
the full county (cProfile). Here each figure is localized and escaped once and the rows are
joined as strings; tests/assessment/test_survey_report_html.py renders the same rows with the
template loop and compares them.
"""

from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .selectors import SurveyComparison


def _figure(value) -> str:
    return "—" if value is None else escape(localize(value))


def report_body(rows: list[SurveyComparison]) -> SafeString:
    """The `<tr>` rows of the report's table (without `<tbody>`); `[]` gives no row (the
    template says there is no survey data)."""
    to_check, agrees = escape(gettext("需核实")), escape(gettext("一致"))
    out = []
    for r in rows:
        village = r.village
        if r.flagged:
            verdict, row_class = f"<strong>{to_check}</strong>", ' class="table-warning"'
        else:
            verdict, row_class = ("—" if r.flagged is None else agrees), ""
        out.append(
            f'\n<tr{row_class} data-code="{escape(village.code)}"><td>{escape(village.township.name)}</td>'
            f'<td>{escape(village.name)}</td>\n<td class="text-end">{escape(localize(r.n))}</td>'
            f'<td class="text-end">{_figure(r.estimate)}</td>\n'
            f'<td class="text-end">{_figure(r.standard_error)}</td>\n'
            f'<td class="text-end">{_figure(r.registry_sampled)}</td>'
            f'<td class="text-end">{_figure(r.registry_village)}</td>\n'
            f'<td class="text-end">{_figure(r.difference)}</td>\n<td>{verdict}</td></tr>'
        )
    return mark_safe("".join(out))
