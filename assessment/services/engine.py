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
from xixiang.core import figures
from xixiang.db.copy import copy_rows

from .. import sampling, scoring
from ..choices import CycleStatus
from ..models import Adjustment, Ballot, ComputedValue, Cycle, Score, SurveyResponse, VillageResult
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


def registry_counts(village_ids=None) -> dict[int, tuple[int, int]]:
    """village id → (households with an income project, households) in today's registry (one query)."""
    qs = Household.objects.all()
    if village_ids is not None:
        qs = qs.filter(village_id__in=village_ids)
    rows = (
        qs.values("village_id")
        .annotate(total=Count("id"), with_project=Count("id", filter=Q(has_income_project=True)))
        .order_by()
    )
    return {row["village_id"]: (row["with_project"], row["total"]) for row in rows}


def registry_shares(village_ids=None) -> dict[int, Decimal | None]:
    """village id → share (%) of its households with an income project, today (one query)."""
    return {v: scoring.share_percent(part, whole) for v, (part, whole) in registry_counts(village_ids).items()}


def ballot_shares(cycle: Cycle, village_ids=None) -> dict[int, Decimal | None]:
    return {v: value for v, (value, _basis) in ballot_values(cycle, village_ids).items()}


def ballot_values(cycle: Cycle, village_ids=None) -> dict[int, tuple[Decimal | None, dict]]:
    """village id → (share (%) of 满意 + 基本满意 ballots, the counts) (one query)."""
    qs = Ballot.objects.filter(cycle=cycle)
    if village_ids is not None:
        qs = qs.filter(village_id__in=village_ids)
    return {
        v: (scoring.ballot_share(s, b, u), {"satisfied": s, "basically_satisfied": b, "unsatisfied": u})
        for v, s, b, u in qs.values_list("village_id", "satisfied", "basically_satisfied", "unsatisfied")
    }


def survey_values(cycle: Cycle, village_ids=None) -> dict[int, tuple[Decimal | None, dict]]:
    """village id → (survey estimate of per-capita net income, households, persons, standard error)."""
    return {
        v: (e.per_capita, {"households": e.households, "persons": e.persons, "standard_error": _text(e.standard_error)})
        for v, e in survey_estimates(cycle, village_ids).items()
    }


def registry_values(cycle: Cycle, indicator_id: int, villages: list[int], village_ids=None, *,
                    reread: bool = False) -> dict[int, tuple[Decimal | None, dict]]:
    """village id → (share (%) of households with an income project, the counts) as the cycle
    keeps it: the stored value where the cycle has one (read when first computed), today's
    registry only for villages without one, or for all when `reread` (one or two queries)."""
    result = {}
    if not reread:
        stored = ComputedValue.objects.filter(cycle=cycle, indicator_id=indicator_id)
        if village_ids is not None:
            stored = stored.filter(village_id__in=village_ids)
        result = {v: (value, basis) for v, value, basis in stored.values_list("village_id", "value", "basis")}
    if any(v not in result for v in villages):
        counts = registry_counts(village_ids)
        for village_id in villages:
            if village_id not in result:
                part, whole = counts.get(village_id, (0, 0))
                result[village_id] = (scoring.share_percent(part, whole), {"with_project": part, "households": whole})
    return result


@dataclass
class Inputs:
    """Everything the engine needs, keyed by village id."""

    rules: list[scoring.Rule]
    villages: list[tuple[int, int]]  # (village id, township id)
    per_village: dict[int, scoring.VillageScores] = field(default_factory=dict)
    previous: dict[int, int] = field(default_factory=dict)
    #: computed indicator id → village id → (value, basis): what the engine read (ComputedValue)
    computed: dict[int, dict[int, tuple[Decimal | None, dict]]] = field(default_factory=dict)


def load_inputs(cycle: Cycle, village_ids=None, *, adjusted: bool = True, reread_registry: bool = False) -> Inputs:
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

    ids = [v for v, _township in inputs.villages]
    for indicator in indicators:
        if indicator.source == scoring.SURVEY:
            values = survey_values(cycle, village_ids)
        elif indicator.source == scoring.REGISTRY:
            values = registry_values(cycle, indicator.pk, ids, village_ids, reread=reread_registry)
        elif indicator.source == scoring.BALLOTS:
            values = ballot_values(cycle, village_ids)
        else:
            continue
        inputs.computed[indicator.pk] = values
        for village_id, (value, _basis) in values.items():
            if value is not None:
                per_village[village_id].values[indicator.code] = value

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


def store_computed(cycle: Cycle, inputs: Inputs, actor, village_ids=None) -> int:
    """Keep what the engine read for the villages of `inputs` (loaded for `village_ids`, None: all):
    one ComputedValue per village and computed indicator, written only where it changed (bulk,
    with history). Returns rows written."""
    ids = [v for v, _township in inputs.villages]
    stored = ComputedValue.objects.filter(cycle=cycle, indicator_id__in=list(inputs.computed))
    if village_ids is not None:
        stored = stored.filter(village_id__in=village_ids)
    existing = {(row.village_id, row.indicator_id): row for row in stored}
    now = timezone.now()
    to_create, to_update = [], []
    for indicator_id, values in inputs.computed.items():
        for village_id in ids:
            value, basis = values.get(village_id, (None, {}))
            row = existing.get((village_id, indicator_id))
            if row is None:
                to_create.append(ComputedValue(
                    cycle=cycle, village_id=village_id, indicator_id=indicator_id, value=value, basis=basis, read_at=now
                ))
            elif row.value != value or row.basis != basis:
                row.value, row.basis, row.read_at = value, basis, now
                to_update.append(row)
    if to_create:
        bulk_create_with_history(to_create, ComputedValue, batch_size=5000, default_user=actor)
    if to_update:
        bulk_update_with_history(to_update, ComputedValue, ["value", "basis", "read_at"], batch_size=2000,
                                 default_user=actor)
    return len(to_create) + len(to_update)


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
    figures.bump(VillageResult)  # the bulk paths send no signals (targets.progress reads the totals)


@dataclass(frozen=True)
class ComputeSummary:
    year: int
    villages: int
    grades: dict[int, int]


@transaction.atomic
def cycle_compute(*, actor, cycle: Cycle, reread_registry: bool = False) -> ComputeSummary:
    """Compute and store the results of every village (the cycle must still be open), keeping
    what the engine read (ComputedValue). `reread_registry`: read A2 from today's registry again
    instead of the value the cycle kept."""
    require_admin(actor)
    require_state(cycle, CycleStatus.DRAFT, CycleStatus.SCORING, CycleStatus.VERIFICATION, doing="重新计算结果")
    return _compute_all(cycle, actor, reread_registry=reread_registry)


def _compute_all(cycle: Cycle, actor, *, reread_registry: bool = False) -> ComputeSummary:
    inputs = load_inputs(cycle, reread_registry=reread_registry)
    rows = compute_results(cycle, inputs)
    store_results(cycle, rows)
    store_computed(cycle, inputs, actor)
    cycle.computed_at = timezone.now()
    Cycle.objects.filter(pk=cycle.pk).update(computed_at=cycle.computed_at)
    counts = Counter(row[RESULT_COLUMNS.index("grade")] for row in rows)
    return ComputeSummary(cycle.year, len(rows), {g: counts.get(g, 0) for g in (1, 2, 3, 4)})


def village_recompute(*, actor, cycle: Cycle, village: Village) -> VillageResult | None:
    """After an inspection change (adjustment, ballots): the village's totals, grade and change
    computed again at once, and every village's ranks from the stored totals. Nothing happens
    while the cycle has no results yet (the first computation makes them all)."""
    if not cycle.results.exists():
        return None
    # one recomputation of the cycle at a time, so that ranks are taken from every latest total
    Cycle.objects.select_for_update().filter(pk=cycle.pk).values_list("pk", flat=True).get()
    if not cycle.results.filter(village=village).exists():  # a village the last computation did not know
        _compute_all(cycle, actor)
        return cycle.results.get(village=village)
    inputs = load_inputs(cycle, [village.pk])
    (row,) = compute_results(cycle, inputs)
    values = dict(zip(RESULT_COLUMNS, row, strict=True))
    cycle.results.filter(village=village).update(
        **{f: values[f] for f in ("total", "subtotals", "scores", "grade", "previous_grade", "change")}
    )
    store_computed(cycle, inputs, actor, [village.pk])
    rerank(cycle)
    figures.bump(VillageResult)  # the update and the ranks' bulk_update send no signals
    return cycle.results.get(village=village)


def rerank(cycle: Cycle) -> int:
    """Ranks in county and township from the stored totals (competition ranking, as the engine);
    only changed rows are written. Returns how many changed."""
    rows = list(cycle.results.values_list("pk", "village__township_id", "total", "rank_county", "rank_township"))
    county = scoring.competition_ranks({pk: total for pk, _t, total, _c, _r in rows})
    by_township = defaultdict(dict)
    for pk, township_id, total, _c, _r in rows:
        by_township[township_id][pk] = total
    township = {}
    for members in by_township.values():
        township.update(scoring.competition_ranks(members))
    changed = [
        VillageResult(pk=pk, rank_county=county[pk], rank_township=township[pk])
        for pk, _t, _total, rank_c, rank_t in rows
        if (rank_c, rank_t) != (county[pk], township[pk])
    ]
    VillageResult.objects.bulk_update(changed, ["rank_county", "rank_township"], batch_size=2000)
    return len(changed)


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
    if to_create or to_update:
        figures.bump(VillageGrade)  # bulk: no signals (targets.progress reads the grades)
    return len(to_create) + len(to_update)


def grades_withdraw(*, actor, cycle: Cycle, reason: str) -> int:
    """Take the grades the cycle wrote out of the villages' grade history (reopening): the
    latest grade of each village is last year's again. Bulk: one INSERT of the deletions into
    the grades' history (actor, `reason`) and one DELETE, whatever the number of villages.
    Returns how many were withdrawn."""
    written = VillageGrade.objects.filter(year=cycle.year, source=cycle.source_label)
    now = timezone.now()
    Historical = VillageGrade.history.model
    deletions = [
        Historical(
            id=pk, village_id=village_id, year=year, grade=grade, source=source,
            history_date=now, history_type="-", history_user=actor, history_change_reason=reason[:100],
        )
        for pk, village_id, year, grade, source in written.values_list("pk", "village_id", "year", "grade", "source")
    ]
    Historical.objects.bulk_create(deletions, batch_size=5000)
    # The history of each deletion is written above; QuerySet.delete() would write it again, row by
    # row (simple_history's post_delete), without the actor. Nothing references a grade row.
    written._raw_delete(written.db)
    figures.bump(VillageGrade)
    return len(deletions)
