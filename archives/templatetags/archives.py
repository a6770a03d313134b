"""Template helpers of the archives app: sizes, and the archive panel on the village page."""

from django import template

from archives import scope as archive_scope
from xixiang.lib.years import parse_year

from .. import selectors
from ..completeness import rate
from ..filenames import format_size

register = template.Library()


@register.filter
def archive_size(value) -> str:
    return format_size(int(value or 0))


@register.inclusion_tag("archives/village_panel.html", takes_context=True)
def archive_village_panel(context, village):
    """The village's 18 categories for a year (?archive_year=, default the latest year with records)."""
    request = context["request"]
    user = request.user
    year = parse_year(request.GET.get("archive_year")) or selectors.default_year()
    categories = selectors.village_categories(user, village, year)
    present = sum(1 for _category, count in categories if count)
    years = sorted(set(selectors.years_with_records(village)) | {year}, reverse=True)
    return {
        "village": village,
        "year": year,
        "years": years,
        "categories": categories,
        "present": present,
        "total": len(categories),
        "rate": rate(present, len(categories)),
        "can_upload": archive_scope.upload_villages(user).filter(pk=village.pk).exists(),
    }
