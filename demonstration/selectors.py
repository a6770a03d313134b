"""Reads the demonstration pages, the board (its PDF), the village page's section and the
programme report share. Flags (missed weekly meetings, overdue actions) are computed from the
records with the pure rules of `rules.py`, never stored."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, IntegerField, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessment.models import Cycle, VillageResult
from assessment.models.cycle import CLOSED_STATES
from projects import selectors as project_selectors
from villages.models import Village, VillageGrade

from . import rules
from .choices import MeetingKind
from .models import Action, Designation, Meeting


def today() -> datetime.date:
    return timezone.localdate()


def default_year() -> int:
    """The latest year with a designation, else this year."""
    return Designation.objects.order_by("-year").values_list("year", flat=True).first() or today().year


def years() -> list[int]:
    return list(Designation.objects.order_by("-year").values_list("year", flat=True).distinct())


def progress_meetings_prefetch() -> Prefetch:
    """The held progress meetings' dates of each designation (one query for a page of them)."""
    return Prefetch("meetings", queryset=Meeting.objects.filter(kind=MeetingKind.PROGRESS, held=True)
                    .only("id", "designation_id", "date").order_by("date"), to_attr="progress_meetings")


def _count_of(model, **filters):
    """The designation's rows of `model` matching `filters`, as a correlated subquery."""
    rows = (model.objects.filter(designation=OuterRef("pk"), **filters).order_by().values("designation")
            .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def with_flags(designations: QuerySet[Designation], *, meetings: bool = True) -> QuerySet[Designation]:
    """Designations annotated with their held meetings and open / overdue actions, and (unless
    `meetings` is False: the county list reads them with `attach_progress_dates`) their progress
    meetings prefetched (for `missed_weeks_of`).

    Counted in subqueries, not `Count(..., distinct=True)` over joins: joining both meetings and
    actions made each designation's meetings × actions rows (on the full demo ~1,200 each) for the
    rows and again for the paginator's count (the list's SQL ~60 ms of its ~90)."""
    now = today()
    flagged = designations.select_related("village", "township", "kind").annotate(
        meetings_held=_count_of(Meeting, held=True),
        actions_open=_count_of(Action, done=False),
        actions_overdue=_count_of(Action, done=False, due_date__lt=now),
    )
    return flagged.prefetch_related(progress_meetings_prefetch()) if meetings else flagged


def attach_progress_dates(designations: list[Designation]) -> None:
    """Set `progress_dates` (the held progress meetings' dates, for `missed_weeks_of`) on each
    of `designations`, in one query of plain values: the prefetch made a model instance of every
    meeting (~56 a designation on the full demo, ~900 for a page of the county list)."""
    dates = defaultdict(list)
    meetings = Meeting.objects.filter(designation__in=[d.pk for d in designations], kind=MeetingKind.PROGRESS,
                                      held=True).order_by("date")
    for designation_id, date in meetings.values_list("designation_id", "date"):
        dates[designation_id].append(date)
    for designation in designations:
        designation.progress_dates = dates[designation.pk]


def missed_weeks_of(designation: Designation, on: datetime.date | None = None) -> list[datetime.date]:
    """Mondays of the designation's weeks without a progress meeting (`attach_progress_dates` or
    `with_flags` read the meetings beforehand; otherwise they are read here)."""
    on = on or today()
    start, end = rules.designation_period(designation.year, on)
    if hasattr(designation, "progress_dates"):
        dates = designation.progress_dates
    elif hasattr(designation, "progress_meetings"):
        dates = [m.date for m in designation.progress_meetings]
    else:
        dates = designation.meetings.filter(kind=MeetingKind.PROGRESS, held=True).values_list("date", flat=True)
    return rules.missed_weeks(dates, start=start, end=end, today=on)


def since_years(village_ids) -> dict[int, int]:
    """The first year each village was a demonstration village."""
    rows = (Designation.objects.filter(village_id__in=village_ids).order_by().values("village_id")
            .annotate(first=Min("year")))
    return {row["village_id"]: row["first"] for row in rows}


def current_designation(village: Village) -> Designation | None:
    """The village's latest designation, if it has one."""
    return Designation.objects.filter(village=village).select_related("kind").order_by("-year").first()


def overdue_actions(actions: QuerySet[Action]) -> QuerySet[Action]:
    return actions.filter(done=False, due_date__lt=today())


@dataclass
class Board:
    """What the demonstration-village board shows (public: village-level figures and officials only)."""

    designation: Designation
    since: int
    team: list
    resident_cadres: list
    meetings_by_kind: list[tuple[str, int]]
    meetings_held: int
    recent_meetings: list
    open_actions: list
    overdue_count: int
    missed_weeks: list[datetime.date]
    funds: dict
    allocations: list
    result: VillageResult | None
    grade: int | None
    printed: datetime.date = field(default_factory=today)

    @property
    def village(self) -> Village:
        return self.designation.village


def board(designation: Designation, *, recent: int = 10) -> Board:
    """The board of one designation: a fixed number of queries."""
    designation = (Designation.objects.select_related("village__township", "kind", "plan__category",
                                                      "contact__leader__unit")
                   .prefetch_related(progress_meetings_prefetch()).get(pk=designation.pk))
    meetings = Meeting.objects.filter(designation=designation, held=True)
    counts = dict(meetings.order_by().values_list("kind").annotate(n=Count("id")))
    actions = Action.objects.filter(designation=designation, done=False).select_related("meeting").order_by("due_date")
    village = designation.village
    cycle = Cycle.objects.filter(year=designation.year, status__in=CLOSED_STATES).first()
    result = VillageResult.objects.filter(cycle=cycle, village=village).first() if cycle else None
    grade = result.grade if result else (
        VillageGrade.objects.filter(village=village, year__lte=designation.year).order_by("-year")
        .values_list("grade", flat=True).first())
    now = today()
    open_actions = list(actions)
    return Board(
        designation=designation,
        since=since_years([village.pk]).get(village.pk, designation.year),
        team=list(designation.team.all()),
        resident_cadres=list(designation.resident_cadres.all()),
        meetings_by_kind=[(label, counts.get(value, 0)) for value, label in MeetingKind.choices],
        meetings_held=sum(counts.values()),
        recent_meetings=list(meetings.select_related("minutes").order_by("-date", "-id")[:recent]),
        open_actions=open_actions,
        overdue_count=sum(1 for a in open_actions if rules.is_overdue(due_date=a.due_date, done=a.done, today=now)),
        missed_weeks=missed_weeks_of(designation, now),
        funds=project_selectors.village_totals(village, designation.year),
        allocations=project_selectors.village_allocations(village, designation.year),
        result=result,
        grade=grade,
    )


def village_section(user, village: Village, *, readable: QuerySet[Designation]) -> dict | None:
    """The village page's section: whether the village is a demonstration village, its flags,
    and the link to the board. None (no section) when it never was one or the user may not read it.

    Two queries: the village's designations (a few; the first year is the oldest's, and the scope
    reads a village's designations all or none) with the overdue actions counted, then the latest's
    progress meetings' dates."""
    designations = list(readable.filter(village=village).select_related("kind").order_by("-year")
                        .annotate(actions_overdue=_count_of(Action, done=False, due_date__lt=today())))
    if not designations:
        return None
    designation = designations[0]
    designation.village = village  # the page has it (the board's link reads its code)
    attach_progress_dates([designation])
    return {"designation": designation, "since": designations[-1].year,
            "missed_weeks": missed_weeks_of(designation)}


def demonstration_villages(year: int) -> list[dict]:
    """The "demonstration_villages" of `programme_report --json`: one entry per designation of
    `year`, with the year's projects and funds (projects.selectors) and the meetings held."""
    rows = list(Designation.objects.filter(year=year).select_related("village", "kind")
                .annotate(meetings_held=Count("meetings", filter=Q(meetings__held=True)))
                .order_by("village__code"))
    ids = [d.village_id for d in rows]
    since = since_years(ids)
    figures = project_selectors.village_figures(ids, year)
    out = []
    for d in rows:
        funds = figures.get(d.village_id, {})
        amount = funds.get("allocated_yuan") or Decimal("0")
        out.append({
            "code": d.village.code,
            "name": d.village.name,
            "type": d.kind.name,
            "since": since[d.village_id],
            "projects": funds.get("projects", 0),
            "allocated_yuan": f"{amount.quantize(Decimal('0.01'))}",
            "meetings": d.meetings_held,
        })
    return out
