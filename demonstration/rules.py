"""The demonstration-village rules as pure functions (plain values in, no models): the weekly
progress meeting (每周召开一次推进会), overdue follow-up actions, and the checks a designation and a
meeting must pass. The services, the pages and the demo all call these, so they agree."""

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext as _


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of `day`'s week (ISO weeks, Monday to Sunday)."""
    return day - datetime.timedelta(days=day.weekday())


def missed_weeks(meeting_dates: Iterable[datetime.date], *, start: datetime.date, end: datetime.date,
                 today: datetime.date) -> list[datetime.date]:
    """The Mondays of the weeks between `start` and `end` (inclusive) without a progress meeting.

    Only weeks that are over count: a week whose Sunday is today or later is not yet missed.
    A first or last week only partly inside [start, end] counts like any other (a meeting in it
    on any day, even outside the range, covers it)."""
    last = min(end, today - datetime.timedelta(days=1))
    if last < start:
        return []
    held = {week_start(d) for d in meeting_dates}
    missed = []
    monday = week_start(start)
    while monday <= last:
        sunday = monday + datetime.timedelta(days=6)
        if sunday < today and monday not in held:
            missed.append(monday)
        monday += datetime.timedelta(days=7)
    return missed


def is_overdue(*, due_date: datetime.date, done: bool, today: datetime.date) -> bool:
    """An action not done whose due date has passed."""
    return not done and due_date < today


def designation_problems(*, year, kind) -> dict[str, str]:
    """What a designation lacks, by field: the year and the type are required."""
    problems = {}
    if year in (None, ""):
        problems["year"] = _("请填写示范村的年度")
    if kind is None:
        problems["kind"] = _("请选择示范村类型")
    return problems


def meeting_held_problem(*, date: datetime.date, held: bool, today: datetime.date) -> str | None:
    """A meeting dated after today cannot have been held."""
    if held and date > today:
        return _("会议日期 %(date)s 在今天（%(today)s）之后，不能标记为已召开") % {
            "date": date.isoformat(), "today": today.isoformat()}
    return None


def designation_period(year: int, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The days a designation of `year` expects weekly meetings: the year, up to today."""
    return datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)
