"""The shared shape of every official document (score sheets, results lists, notices, charts):
A4, the title, the issuing office, the date, "第 x 页 / 共 y 页" from CSS @page counters and the
embedded CJK font. Templates extend templates/documents/official_base.html; this renders them.

A document is rendered in the request (a village's score sheet, a results list: one render of a
few pages, well under the render limit) through xixiang.lib.pdf, whose fetcher loads only our
static files.
"""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xixiang.lib.pdf import CJK_FONT_FAMILY, pdf_response, render_pdf

ISSUING_OFFICE = _("西乡县村级组织升级晋档、科学发展活动领导小组办公室")


def official_context(context: dict) -> dict:
    """`context` with what the base template needs: the office, the date, the font."""
    return {"issuing_office": ISSUING_OFFICE, "issued_on": timezone.localdate(), "font_family": CJK_FONT_FAMILY,
            **context}


def official_html(template: str, context: dict) -> str:
    return render_to_string(template, official_context(context))


def official_pdf(template: str, context: dict) -> bytes:
    """The PDF of an official document (template extends documents/official_base.html)."""
    return render_pdf(official_html(template, context))


def official_pdf_response(template: str, context: dict, filename: str):
    return pdf_response(official_pdf(template, context), filename)
