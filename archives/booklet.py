"""The village archive booklet (册): the year's records by category, as a PDF for leaders.

A booklet grows with the village's archive, so it is a background document job ("booklet",
registered in apps.py): built with the asking user's scope, rendered in a child process with
the time limit XIXIANG_PDF_RENDER_SECONDS (xixiang/core/documents.py).
"""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from archives import scope as archive_scope
from villages.models import Village
from xixiang.core.documents import Built
from xixiang.core.errors import DomainError
from xixiang.lib.pdf import CJK_FONT_FAMILY

from . import selectors


def booklet_html(user, village: Village, year: int) -> tuple[str, int]:
    """The HTML of `village`'s archive booklet for `year`, listing only what `user` may read, and its record count."""
    sections = selectors.booklet_records(user, village, year)
    present = sum(1 for _category, records in sections if records)
    record_count = sum(len(records) for _category, records in sections)
    html = render_to_string("archives/booklet.html", {
        "village": village, "year": year, "sections": sections, "present": present, "total": len(sections),
        "record_count": record_count, "printed_at": timezone.localtime(), "font_family": CJK_FONT_FAMILY,
    })
    return html, record_count


def booklet_job(village: Village, year: int) -> dict:
    """The document job of a village's booklet: its kind, parameters, title and file name."""
    return {"kind": "booklet", "params": {"village": village.code, "year": year},
            "title": _("%(village)s %(year)s 年度档案册") % {"village": village.name, "year": year},
            "filename": _("%(village)s%(year)s年度档案册.pdf") % {"village": village.name, "year": year}}


def job_build(user, params: dict) -> Built:
    """The "booklet" job: the archive booklet of the village, as `user` may read it."""
    village = archive_scope.readable_villages(user).select_related("township").filter(code=params["village"]).first()
    if village is None:
        raise DomainError(_("找不到村编码为 %(code)s 的行政村，或该村不在您的管辖范围内") % {"code": params["village"]})
    html, record_count = booklet_html(user, village, params["year"])
    return Built(html, record_count)


def job_allowed(user, params: dict) -> bool:
    return archive_scope.readable_villages(user).filter(code=params["village"]).exists()


def job_count_text(count: int) -> str:
    return ngettext("%(n)s 条档案", "%(n)s 条档案", count) % {"n": count}
