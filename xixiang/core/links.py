"""One URL per row from one `reverse()`.

A list of the county's 267 villages that resolved a link per row spent about a tenth of its
time in `reverse()` (the survey list, the results list). `url_per_key` resolves the URL once
with a marker in the key's place and substitutes each key: the same URL as `reverse()` gives,
for keys that the URL keeps as they are (village codes: digits; tests/core/test_links.py).
"""

from collections.abc import Callable

from django.urls import reverse

_MARKER = "__key__"


def url_per_key(viewname: str, *args) -> Callable[[str], str]:
    """key → reverse(viewname, args=[*args, key]), for a `<str:…>` last argument."""
    template = reverse(viewname, args=[*args, _MARKER])
    return lambda key: template.replace(_MARKER, str(key))
