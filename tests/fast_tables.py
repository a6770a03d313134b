"""Tables whose body template reads records directly (the fast path) render the same cells as
django-tables2's own per-cell rendering (the plain way)."""

import re

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
    return body_cells(fast.as_html(request)), body_cells(plain.as_html(request))
