"""The survey village page's sample rows as HTML, built in one pass.

A village's sample is ~35 households × 6 income inputs: rendering each input through Django's
form renderer (`{{ field.as_widget }}`: a template per widget, ~200 per page) was ~75% of the page
on the full county (cProfile, bench/pages.py). Here each input is written from the same widget
attributes Django computes (`BoundField.build_widget_attrs`, `Widget.get_context`: the id, the
classes, `maxlength`, `aria-invalid` on a field with errors, the value as the widget formats it)
and the rows are joined as strings; tests/assessment/test_survey_html.py renders the same rows
with the template loop and compares them cell for cell, on opening and after a refused save.
"""

from html import escape as quoted

from django.forms import BoundField
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _shown(value, empty: str = "—") -> str:
    return empty if value is None else escape(localize(value))


def input_html(field: BoundField) -> str:
    """`field.as_widget()` for a plain `<input>` widget, without the widget's template (escaped
    with the standard library's `html.escape`, which Django's `escape` wraps, lazily: 6 calls a field)."""
    widget = field.field.widget
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    out = [f'<input type="{quoted(context["type"])}" name="{quoted(context["name"])}"']
    if context["value"] is not None:
        out.append(f' value="{quoted(str(context["value"]))}"')
    for name, value in context["attrs"].items():
        if value is True:
            out.append(f" {name}")
        elif value is not False:
            out.append(f' {name}="{quoted(str(value))}"')
    out.append(">")
    return "".join(out)


def sample_body(forms) -> SafeString:
    """The `<tr>` rows of the sample (without `<tbody>`): position, number, head, one input per
    income item, net income. `forms`: the view's (position, number, household, response, form)."""
    out = []
    for position, number, household, response, form in forms:
        head = (household.head_name if household else "") or "—"
        inputs = "".join(f"<td>{input_html(field)}</td>" for field in form)
        net = _shown(response.net_income) if response else ""  # as the template showed a missing response
        out.append(
            f"<tr><td>{_shown(position)}</td><td>{escape(number)}</td><td>{escape(head)}</td>{inputs}"
            f'<td class="text-end">{net}</td></tr>'
        )
    return mark_safe("\n".join(out))


def _or(value, empty) -> str:
    """`{{ value|default:empty }}`: the empty text for any false value (0 and None alike)."""
    return escape(localize(value)) if value else empty


def survey_list_body(rows, *, can_enter: bool, village_url) -> SafeString:
    """The survey list's `<tr>` rows (village, N, n, households entered, estimate, standard error):
    267 for the county, through the template loop about half of the page (cProfile); built here
    in one pass (tests/assessment/test_views_field.py compares them with the template loop);
    `village_url(code)` is the village's survey page."""
    out = []
    for village, draw, estimate in rows:
        name = escape(village.name)
        link = f'<a href="{escape(village_url(village.code))}">{name}</a>' if can_enter else name
        if estimate is None:  # the template read '' for each of its figures
            households, per_capita, error = "0", "", ""
        else:
            households = _or(estimate.households, "0")
            per_capita, error = _shown(estimate.per_capita), _shown(estimate.standard_error)
        population, size = (_or(draw.population, "—"), _or(draw.size, "—")) if draw else ("—", "—")
        out.append(
            f'\n<tr><td>{escape(village.township.name)}</td>\n<td>{link}</td>\n'
            f'<td class="text-end">{population}</td><td class="text-end">{size}</td>\n'
            f'<td class="text-end">{households}</td><td class="text-end">{per_capita}</td>\n'
            f'<td class="text-end">{error}</td></tr>'
        )
    return mark_safe("".join(out))
