"""Template filters of the archives app: formatting only (the village page's archive section
is built by `selectors.village_panel`, registered as a page section in apps.py)."""

from django import template

from ..filenames import format_size

register = template.Library()


@register.filter
def archive_size(value) -> str:
    return format_size(int(value or 0))
