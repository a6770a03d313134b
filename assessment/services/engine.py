"""The assessment engine: every village's indicator scores, total, subtotals, ranks, grade and
change, computed from what departments, surveyors and inspection teams entered.

Reads are set-based (one query per kind of input, whatever the number of villages) and the
results are written in bulk, so the query count does not grow with the county.
Results are always recomputed from the inputs, never from stored totals.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, DecimalField, F, IntegerField, Q, Sum
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from households.models import Household
from villages.models import Village, VillageGrade
from xixiang.db.copy import copy_rows

from .. import sampling, scoring
from ..choices import CycleStatus
from ..models import Adjustment, Ballot, Cycle, Score, SurveyResponse, VillageResult
from .common import require_admin, require_state

PRODUCT = DecimalField(max_digits=30, decimal_places=4)


def survey_estimates(cycle: Cycle, village_ids=None) -> dict[int, sampling.Estimate]:
    """village id → ratio estimate of per-capita net income from the cycle's responses (one query)."""
    qs = SurveyResponse.objects.filter(draw__cycle=cycle)
    if village_ids is not None:
        qs = qs.filter(draw__village_id__in=village_ids)
    rows = (
        qs.values("draw__village_id", "draw__population")
        .annotate(
            n=Count("id"),
            sy=Sum("net_income"),
            sx=Sum("resident_members"),
            syy=Sum(F("net_income") * F("net_income"), output_field=PRODUCT),
            sxx=Sum(F("resident_members") * F("resident_members"), output_field=IntegerField()),
            sxy=Sum(F("net_income") * F("resident_members"), output_field=PRODUCT),
        )
        .order_by()
    )
    return {
        row["draw__village_id"]: sampling.ratio_estimate_from_sums(
            row["n"],
            row["draw__population"],
            Decimal(row["sy"]),
            Decimal(row["sx"]),
            Decimal(row["syy"]),
            Decimal(row["sxx"]),
            Decimal(row["sxy"]),
        )
        for row in rows
    }


def registry_shares(village_ids=None) -> dict[int, Decimal | None]:
    """village id → share (%) of its households with an income project (one query)."""
    qs = Household.objects.all()
    if village_ids is not None:
        qs = qs.filter(village_id__in=village_ids)
    rows = (
        qs.values("village_id")
        .annotate(total=Count("id"), with_project=Count("id", filter=Q(has_income_project=True)))
        .order_by()
    )
    return {row["village_id"]: scoring.share_percent(row["with_project"], row["total"]) for row in rows}


def ballot_shares(cycle: Cycle, village_ids=None) -> dict[int, Decimal | None]:
    qs = Ballot.objects.filter(cycle=cycle)
    if village_ids is not None:
        qs = qs.filter(village_id__in=village_ids)
    return {
        v: scoring.ballot_share(s, b, u)
        for v, s, b, u in qs.values_list("village_id", "satisfied", "basically_satisfied", "unsatisfied")
    }


@dataclass
class Inputs:
    """Everything the engine needs, keyed by village id."""

    rules: list[scoring.Rule]
    villages: list[tuple[int, int]]  # (village id, township id)
    per_village: dict[int, scoring.VillageScores] = field(default_factory=dict)
    previous: dict[int, int] = field(default_factory=dict)


def load_inputs(cycle: Cycle, village_ids=None, *, adjusted: bool = True) -> Inputs:
    indicators = list(cycle.indicators.all())
    code_of = {i.pk: i.code for i in indicators}
    rules = [i.rule() for i in indicators]
    villages_qs = Village.objects.order_by()
    if village_ids is not None:
        villages_qs = villages_qs.filter(pk__in=village_ids)
    inputs = Inputs(rules=rules, villages=list(villages_qs.values_list("id", "township_id")))
    per_village = defaultdict(scoring.VillageScores)

    scores = Score.objects.filter(cycle=cycle)
    if village_ids is not None:
        scores = scores.filter(village_id__in=village_ids)
    for village_id, indicator_id, value in scores.values_list("village_id", "indicator_id", "value").iterator(
        chunk_size=20000
    ):
        per_village[village_id].values[code_of[indicator_id]] = value

    sources = {r.source: r.code for r in rules}
    computed = []
    if scoring.SURVEY in sources:
        estimates = survey_estimates(cycle, village_ids)
        computed.append((sources[scoring.SURVEY], {v: e.per_capita for v, e in estimates.items()}))
    if scoring.REGISTRY in sources:
        computed.append((sources[scoring.REGISTRY], registry_shares(village_ids)))
    if scoring.BALLOTS in sources:
        computed.append((sources[scoring.BALLOTS], ballot_shares(cycle, village_ids)))
    for code, values in computed:
        for village_id, value in values.items():
            if value is not None:
                per_village[village_id].values[code] = value

    if adjusted:
        adjustments = Adjustment.objects.filter(cycle=cycle)
        if village_ids is not None:
            adjustments = adjustments.filter(village_id__in=village_ids)
        for village_id, indicator_id, points in adjustments.values_list("village_id", "indicator_id", "points"):
            per_village[village_id].adjusted[code_of[indicator_id]] = points

    previous = VillageGrade.objects.filter(year=cycle.year - 1)
    if village_ids is not None:
        previous = previous.filter(village_id__in=village_ids)
    inputs.previous = dict(previous.values_list("village_id", "grade"))
    inputs.per_village = per_village
    return inputs


def village_outcomes(cycle: Cycle, village: Village, *, adjusted: bool = True) -> dict[str, scoring.IndicatorOutcome]:
    """One village's indicator outcomes as the engine would compute them now."""
    inputs = load_inputs(cycle, [village.pk], adjusted=adjusted)
    outcomes, _total, _subtotals = scoring.score_village(
        inputs.rules, inputs.per_village.get(village.pk, scoring.VillageScores())
    )
    return outcomes


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


#: Columns of a result row, in the order compute_results gives them.
RESULT_COLUMNS = [
    "cycle_id",
    "village_id",
    "total",
    "subtotals",
    "scores",
    "rank_county",
    "rank_township",
    "grade",
    "previous_grade",
    "change",
]


def compute_results(cycle: Cycle, inputs: Inputs) -> list[tuple]:
    """One row (RESULT_COLUMNS) per village of `inputs`; pure computation, nothing stored."""
    thresholds = cycle.thresholds()
    empty = scoring.VillageScores()
    computed = {}
    for village_id, _township in inputs.villages:
        computed[village_id] = scoring.score_village(inputs.rules, inputs.per_village.get(village_id, empty))
    totals = {v: c[1] for v, c in computed.items()}
    county_ranks = scoring.competition_ranks(totals)
    by_township = defaultdict(dict)
    for village_id, township_id in inputs.villages:
        by_township[township_id][village_id] = totals[village_id]
    township_ranks = {}
    for members in by_township.values():
        township_ranks.update(scoring.competition_ranks(members))
    rows = []
    for village_id, _township in inputs.villages:
        outcomes, total, subtotals = computed[village_id]
        grade = scoring.grade(total, thresholds)
        previous = inputs.previous.get(village_id)
        rows.append(
            (
                cycle.pk,
                village_id,
                total,
                {d: str(v) for d, v in subtotals.items()},
                {code: [_text(o.value), str(o.original), str(o.final)] for code, o in outcomes.items()},
                county_ranks[village_id],
                township_ranks[village_id],
                grade,
                previous,
                scoring.grade_change(previous, grade),
            )
        )
    return rows


def store_results(cycle: Cycle, rows: list[tuple]) -> None:
    """Replace the cycle's results: one DELETE and one bulk write (COPY on PostgreSQL, xixiang.db.copy)."""
    VillageResult.objects.filter(cycle=cycle).delete()
    copy_rows(VillageResult, RESULT_COLUMNS, rows)


@dataclass(frozen=True)
class ComputeSummary:
    year: int
    villages: int
    grades: dict[int, int]


@transaction.atomic
def cycle_compute(*, actor, cycle: Cycle) -> ComputeSummary:
    """Compute and store the results of every village (the cycle must still be open)."""
    require_admin(actor)
    require_state(cycle, CycleStatus.DRAFT, CycleStatus.SCORING, CycleStatus.VERIFICATION, doing="重新计算结果")
    rows = compute_results(cycle, load_inputs(cycle))
    store_results(cycle, rows)
    cycle.computed_at = timezone.now()
    Cycle.objects.filter(pk=cycle.pk).update(computed_at=cycle.computed_at)
    counts = Counter(row[RESULT_COLUMNS.index("grade")] for row in rows)
    return ComputeSummary(cycle.year, len(rows), {g: counts.get(g, 0) for g in (1, 2, 3, 4)})


def grades_write(*, actor, cycle: Cycle) -> int:
    """Write each village's grade for the cycle's year into its grade history (bulk, audited)."""
    require_admin(actor)
    grades = dict(cycle.results.values_list("village_id", "grade"))
    existing = {g.village_id: g for g in VillageGrade.objects.filter(year=cycle.year, village_id__in=grades)}
    source = cycle.source_label
    to_create, to_update = [], []
    for village_id, grade in grades.items():
        row = existing.get(village_id)
        if row is None:
            to_create.append(VillageGrade(village_id=village_id, year=cycle.year, grade=grade, source=source))
        elif row.grade != grade or row.source != source:
            row.grade, row.source = grade, source
            to_update.append(row)
    if to_create:
        bulk_create_with_history(to_create, VillageGrade, batch_size=5000, default_user=actor)
    if to_update:
        bulk_update_with_history(to_update, VillageGrade, ["grade", "source"], batch_size=2000, default_user=actor)
    return len(to_create) + len(to_update)
