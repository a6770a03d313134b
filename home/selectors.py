"""The cycle's checklist (待办清单): what each department, township, the survey and each inspection
group still has to do, with counts. Every part is a fixed number of queries, whatever the
number of villages, households or groups (tests/home/test_checklist.py pins them)."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from archives.models import ArchiveCategory, ArchiveRecord
from assessment import selectors as assessment_selectors
from assessment.models import Cycle, CycleIndicator, SampleDraw, Score
from assessment.scoring import COMPUTED_SOURCES
from households.models import Household, IncomeRecord
from villages.models import Township, Village
from xixiang.accounts.models import User
from xixiang.core import figures


@dataclass
class Part:
    """One part of the checklist: its rows and the count of what is left."""

    rows: list = field(default_factory=list)
    left: int = 0


@dataclass(frozen=True)
class IndicatorRow:
    indicator: CycleIndicator
    entered: int
    empty: int


def department_part(cycle: Cycle, indicators: QuerySet[CycleIndicator]) -> Part:
    """Cells still empty per entered (not computed) indicator, by lead department (three queries)."""
    indicators = list(
        indicators.exclude(source__in=COMPUTED_SOURCES).select_related("lead_department").order_by("order", "code")
    )
    if not indicators:
        return Part()
    villages = Village.objects.count()
    entered = dict(
        Score.objects.filter(cycle=cycle, indicator__in=[i.pk for i in indicators])
        .values_list("indicator_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows = [IndicatorRow(i, entered.get(i.pk, 0), villages - entered.get(i.pk, 0)) for i in indicators]
    return Part(rows, sum(r.empty for r in rows))


@dataclass(frozen=True)
class TownshipRow:
    township: Township
    households: int
    without_income: int
    villages: int
    archive_gaps: int  # (village, category) cells of the year without a live record


def township_household_counts(year: int, township_ids: list[int]) -> dict[int, dict]:
    """township id → {"total": households, "missing": those without an income record of `year`}:
    one EXISTS per household (124 ms for the county's 97,005 on PostgreSQL), so cached
    (xixiang.core.figures) until a household or income record changes (one query when stored)."""
    has_income = Exists(IncomeRecord.objects.filter(household=OuterRef("pk"), year=year))
    rows = (
        Household.objects.filter(township_id__in=township_ids)
        .annotate(has_income=has_income)
        .values("township_id")
        .annotate(total=Count("id"), missing=Count("id", filter=Q(has_income=False)))
        .order_by()
    )
    return figures.cached("township-households", figures.query_key(rows), [Household, IncomeRecord],
                          lambda: {row["township_id"]: row for row in rows})


def township_part(year: int, townships: QuerySet[Township]) -> Part:
    """Per township: households without an income record for `year`, and the archive categories
    of `year` its villages still lack (four queries; the household counts cached)."""
    townships = list(townships.annotate(village_count=Count("villages")).order_by("code"))
    if not townships:
        return Part()
    ids = [t.pk for t in townships]
    households = township_household_counts(year, ids)
    categories = ArchiveCategory.objects.filter(is_active=True).count()
    present = Counter(
        township_id
        for township_id, _village, _category in ArchiveRecord.objects.live()
        .filter(year=year, category__is_active=True, village__township_id__in=ids)
        .values_list("village__township_id", "village_id", "category_id")
        .distinct()
        .order_by()
    )
    rows = []
    for t in townships:
        counts = households.get(t.pk, {"total": 0, "missing": 0})
        gaps = t.village_count * categories - present.get(t.pk, 0)
        rows.append(TownshipRow(t, counts["total"], counts["missing"], t.village_count, gaps))
    return Part(rows, sum(r.without_income + r.archive_gaps for r in rows))


@dataclass(frozen=True)
class SurveyRow:
    village: Village
    drawn: bool
    sampled: int
    without_items: int


def survey_part(cycle: Cycle, villages: QuerySet[Village]) -> Part:
    """Per village: sampled households whose income items are not entered yet, and villages not
    drawn yet; only villages with something left are listed (two queries)."""
    draws = {
        d.village_id: d
        for d in SampleDraw.objects.filter(cycle=cycle, village__in=villages)
        .annotate(answered=Count("responses"))
        .only("village_id", "size")
    }
    rows = []
    for village in villages.select_related("township").order_by("code"):
        draw = draws.get(village.pk)
        if draw is None:
            rows.append(SurveyRow(village, False, 0, 0))
        elif draw.size > draw.answered:
            rows.append(SurveyRow(village, True, draw.size, draw.size - draw.answered))
    return Part(rows, sum(r.without_items for r in rows))


def survey_left(cycle: Cycle, villages: QuerySet[Village] | None = None) -> int:
    """`survey_part(cycle, villages).left` in one query of two numbers per draw, without the
    villages' rows (the leader's overdue item: survey_part built the county's 267 villages with
    their townships, ~40% of the leader's 待办). `villages` None: the county."""
    draws = SampleDraw.objects.filter(cycle=cycle)
    if villages is not None:
        draws = draws.filter(village__in=villages)
    return sum(max(size - answered, 0) for size, answered in draws.annotate(
        answered=Count("responses")).values_list("size", "answered").order_by())


@dataclass(frozen=True)
class InspectionRow:
    group: User
    assigned: int
    verified: int

    @property
    def not_verified(self) -> int:
        return self.assigned - self.verified


def inspection_part(cycle: Cycle, inspectors: QuerySet[User]) -> Part:
    """Per inspection group: villages assigned and villages verified (a complete spot check in the
    cycle, as the inspection pages count it) (one query)."""
    groups = inspectors.annotate(
        assigned=Count("assigned_villages", distinct=True),
        verified=Count(
            "assigned_villages",
            filter=Q(assigned_villages__assessment_spot_checks__cycle=cycle)
            & assessment_selectors.complete_spot_check("assigned_villages__assessment_spot_checks__"),
            distinct=True,
        ),
    ).order_by("username")
    rows = [InspectionRow(g, g.assigned, g.verified) for g in groups]
    return Part(rows, sum(r.not_verified for r in rows))
