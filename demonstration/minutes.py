"""Meeting minutes (会议纪要) and other documents the demonstration part files in the archive, as
PDFs rendered by WeasyPrint (xixiang/lib/pdf.py) with the CJK font embedded, like every printed
document: archive records are kept for years, so their glyphs must not depend on the reader's fonts.

One template (templates/demonstration/minutes_pdf.html) prints one meeting per page: a held
meeting's own minutes are a one-page document (one render, ~0.4 s, in the request), and a
minutes volume (会议记录汇编) is the same template with every meeting of a village and year, still
one render — which is how the demo files its year of meetings (demonstration/demo.py).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from xixiang.lib.pdf import render_pdf

from .models import Action, Meeting

#: The office that issues the minutes.
OFFICE = "西乡县村级组织升级晋档、科学发展活动领导小组办公室"


@dataclass(frozen=True)
class Entry:
    """One meeting as printed: its title and its follow-up actions."""

    meeting: Meeting
    actions: Sequence[Action]
    title: str


def minutes_title(meeting: Meeting) -> str:
    return _("%(village)s%(kind)s会议纪要（%(date)s）") % {
        "village": meeting.village.name, "kind": meeting.get_kind_display(), "date": meeting.date.isoformat()}


def volume_title(village, year: int) -> str:
    return _("%(village)s%(year)s年示范村会议记录汇编") % {"village": village.name, "year": year}


def entry(meeting: Meeting, actions: Sequence[Action]) -> Entry:
    return Entry(meeting=meeting, actions=list(actions), title=minutes_title(meeting))


def minutes_html(entries: Sequence[Entry], *, title: str) -> str:
    """The HTML of one document with one meeting per page."""
    return render_to_string("demonstration/minutes_pdf.html", {"entries": entries, "title": title, "office": _(OFFICE)})


def minutes_pdf(meeting: Meeting, actions: Sequence[Action]) -> bytes:
    """The minutes of one meeting (one page, as a rule)."""
    one = entry(meeting, actions)
    return render_pdf(minutes_html([one], title=one.title))


def volume_pdf(entries: Sequence[Entry], *, title: str) -> bytes:
    """A minutes volume: every meeting of `entries`, one per page, in one render."""
    return render_pdf(minutes_html(entries, title=title))


def plans_pdf(plans: Sequence[tuple[str, Sequence[str]]]) -> bytes:
    """Plan documents (title, paragraphs), one per page, in one render (the demo's G1 plans)."""
    return render_pdf(render_to_string("demonstration/plan_pdf.html", {"plans": plans, "office": _(OFFICE)}))
