"""Tables whose body template reads records directly (the fast path) render the same cells as
django-tables2's own per-cell rendering (the plain way)."""

import re

from django.template import Context, Template
from django.test import RequestFactory

PLAIN_TEMPLATE = "django_tables2/bootstrap5.html"
_TBODY = re.compile(r"<tbody[^>]*>(.*?)</tbody>", re.S)
_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<td([^>]*)>(.*?)</td>", re.S)


def body_cells(html: str) -> list[list[tuple[str, str]]]:
    """Each body row as (td attributes, cell HTML), whitespace collapsed."""
    def squeeze(text):
        return " ".join(text.split())

    body = _TBODY.search(html).group(1)
    return [[(squeeze(a), squeeze(c)) for a, c in _CELL.findall(row)] for row in _ROW.findall(body)]


def both_ways(make_table, user) -> tuple[list, list]:
    """(fast rows, plain rows) of the table `make_table()` builds, rendered for `user`."""
    request = RequestFactory().get("/")
    request.user = user
    fast = make_table()
    plain = make_table()
    assert fast.template_name != PLAIN_TEMPLATE
    plain.template_name = PLAIN_TEMPLATE
    return body_cells(_rendered(fast, request)), body_cells(_rendered(plain, request))


def _rendered(table, request) -> str:
    """As a page renders it: `{% render_table %}` gives the columns' templates the table's context
    (a TemplateColumn reads `table`), which `Table.as_html` does not."""
    template = Template("{% load django_tables2 %}{% render_table table %}")
    return template.render(Context({"table": table, "request": request}))
