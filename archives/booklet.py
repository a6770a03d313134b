"""The village archive booklet (册): the year's records by category, as a PDF for leaders."""

from django.template.loader import render_to_string
from django.utils import timezone

from villages.models import Village
from xixiang.lib.pdf import CJK_FONT_FAMILY, render_pdf

from . import selectors


def booklet_pdf(user, village: Village, year: int) -> bytes:
    """The PDF of `village`'s archive for `year`, listing only what `user` may read."""
    sections = selectors.booklet_records(user, village, year)
    present = sum(1 for _category, records in sections if records)
    html = render_to_string("archives/booklet.html", {
        "village": village, "year": year, "sections": sections, "present": present, "total": len(sections),
        "record_count": sum(len(records) for _category, records in sections),
        "printed_at": timezone.localtime(), "font_family": CJK_FONT_FAMILY,
    })
    return render_pdf(html)
