"""Reads shared by the assessment pages, exports and commands."""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, QuerySet, Sum

from households.models import Household, IncomeRecord
from villages.models import Village, VillageGrade
from xixiang.lib.money import round_yuan

from . import scoring
from .choices import Dimension, InspectionMethod
from .models import (
    Adjustment,
    Ballot,
    Cycle,
    CycleIndicator,
    Indicator,
    SampleDraw,
    Score,
    SpotCheck,
    SurveyResponse,
    VillageResult,
)
from .sampling import differs_from_registry
from .services.engine import survey_estimates, village_outcomes
from .services.survey import ITEM_FIELDS

GRADES = (1, 2, 3, 4)


def catalogue() -> QuerySet[Indicator]:
    """The indicator catalogue in its order (county data: the page decides who reads it)."""
    return Indicator.objects.order_by("order", "code")


def catalogue_total() -> Decimal:
    """The maxima of the stored catalogue added up (100 when it is consistent)."""
    return sum(Indicator.objects.values_list("max_points", flat=True), 0)


def grade_counts(grades) -> dict[int, int]:
    """Villages per grade (1–4) among `grades`; zero where none (keyed by int, as villages.selectors)."""
    counts = Counter(grades)
    return {g: counts.get(g, 0) for g in GRADES}


def grade_summary(cycle: Cycle) -> dict:
    """The county statistics of a cycle: villages per grade this year and last, 新增一类村/二类村
    (grade-1 / grade-2 count this year minus last year)."""
    current = grade_counts(cycle.results.values_list("grade", flat=True))
    previous = grade_counts(VillageGrade.objects.filter(year=cycle.year - 1).values_list("grade", flat=True))
    return {
        "year": cycle.year,
        "villages": sum(current.values()),
        "grades": current,
        "previous": previous,
        "new_grade_1": current[1] - previous[1],
        "new_grade_2": current[2] - previous[2],
    }


def grade_summary_from_history(year: int) -> dict:
    """The same figures for a year without a cycle (e.g. the 2008 baseline)."""
    current = grade_counts(VillageGrade.objects.filter(year=year).values_list("grade", flat=True))
    previous = grade_counts(VillageGrade.objects.filter(year=year - 1).values_list("grade", flat=True))
    return {
        "year": year,
        "villages": sum(current.values()),
        "grades": current,
        "previous": previous,
        "new_grade_1": current[1] - previous[1],
        "new_grade_2": current[2] - previous[2],
    }


@dataclass
class GridRow:
    village: Village
    cells: list[tuple[CycleIndicator, Decimal | None, int]]  # (indicator, value, version; 0 = no score yet)
    done: bool


def grid_rows(cycle: Cycle, indicators: list[CycleIndicator], villages: QuerySet[Village]) -> list[GridRow]:
    """The score grid: one row per village, one cell per indicator (three queries in all).

    Computed indicators show the value the system computed (survey estimate; registry and
    ballot shares appear once the engine has run)."""
    villages = list(villages.select_related("township").order_by("code"))
    ids = [i.pk for i in indicators]
    values, versions = {}, {}
    for v, i, value, version in Score.objects.filter(cycle=cycle, indicator_id__in=ids).values_list(
        "village_id", "indicator_id", "value", "version"
    ):
        values[(v, i)], versions[(v, i)] = value, version
    computed = [i for i in indicators if i.is_computed]
    if computed:
        results = dict(cycle.results.values_list("village_id", "scores"))
        estimates = survey_estimates(cycle) if any(i.source == scoring.SURVEY for i in computed) else {}
        for indicator in computed:
            for village in villages:
                if indicator.source == scoring.SURVEY:
                    estimate = estimates.get(village.pk)
                    value = estimate.per_capita if estimate else None
                else:
                    stored = results.get(village.pk, {}).get(indicator.code)
                    value = Decimal(stored[0]) if stored and stored[0] is not None else None
                if value is not None:
                    values[(village.pk, indicator.pk)] = value
    editable = [i for i in indicators if not i.is_computed]
    rows = []
    for village in villages:
        cells = [(i, values.get((village.pk, i.pk)), versions.get((village.pk, i.pk), 0)) for i in indicators]
        done = all(values.get((village.pk, i.pk)) is not None for i in editable) if editable else False
        rows.append(GridRow(village, cells, done))
    return rows


def progress(cycle: Cycle, indicators: list[CycleIndicator], villages: QuerySet[Village]) -> tuple[int, int]:
    """(villages with every editable indicator entered, villages) for a department's grid."""
    editable = [i.pk for i in indicators if not i.is_computed]
    total = villages.count()
    if not editable:
        return 0, total
    per_village = Counter(
        Score.objects.filter(cycle=cycle, indicator_id__in=editable, village__in=villages).values_list(
            "village_id", flat=True
        )
    )
    return sum(1 for n in per_village.values() if n == len(editable)), total


def score_cell(cycle: Cycle, village: Village, indicator: CycleIndicator) -> tuple[Decimal | None, int]:
    """(value, version) of one grid cell as stored; (None, 0) when nobody has entered it."""
    stored = cycle.scores.filter(village=village, indicator=indicator).values_list("value", "version").first()
    return stored or (None, 0)


@dataclass
class SheetRow:
    indicator: CycleIndicator
    value: str | None
    original: str
    final: str
    entered_by: object
    adjustment: Adjustment | None


def score_sheet(cycle: Cycle, village: Village, result: VillageResult | None) -> list[SheetRow]:
    """Every indicator of a village's result: value, method, original and final score, who
    entered it and who adjusted it (three queries)."""
    indicators = list(cycle.indicators.select_related("lead_department"))
    scores = {
        s.indicator_id: s for s in Score.objects.filter(cycle=cycle, village=village).select_related("entered_by")
    }
    adjustments = {
        a.indicator_id: a for a in Adjustment.objects.filter(cycle=cycle, village=village).select_related("adjusted_by")
    }
    stored = result.scores if result else {}
    rows = []
    for indicator in indicators:
        value, original, final = stored.get(indicator.code, [None, "0.00", "0.00"])
        score = scores.get(indicator.pk)
        rows.append(
            SheetRow(
                indicator, value, original, final, score.entered_by if score else None, adjustments.get(indicator.pk)
            )
        )
    return rows


def dimension_labels() -> dict[str, str]:
    return {d.value: str(d.label) for d in Dimension}


def result_rows(results: QuerySet[VillageResult]) -> list[dict]:
    """Plain rows (for reward lists and what-if) from results, with village and township."""
    return [
        {
            "code": code,
            "village": name,
            "township": township,
            "township_id": township_id,
            "total": total,
            "grade": grade,
            "previous_grade": previous,
            "change": change,
            "rank_county": rank_c,
            "rank_township": rank_t,
            "points": {c: s[2] for c, s in scores.items()},
        }
        for code, name, township, township_id, total, grade, previous, change, rank_c, rank_t, scores in (
            results.values_list(
                "village__code",
                "village__name",
                "village__township__name",
                "village__township_id",
                "total",
                "grade",
                "previous_grade",
                "change",
                "rank_county",
                "rank_township",
                "scores",
            ).order_by("rank_county", "village__code")
        )
    ]


def reward_proposals(cycle: Cycle) -> dict:
    """The county and township reward lists of domain.md §7 (amounts and counts from the cycle)."""
    rows = result_rows(cycle.results.all())
    county = scoring.reward_candidates_county(rows, cycle.county_reward_count)
    township = sorted(scoring.reward_candidates_township(rows), key=lambda r: (r["code"][:9], r["code"]))
    return {
        "county": county,
        "township": township,
        "county_total": cycle.county_reward_amount * len(county),
        "township_total": cycle.township_reward_amount * len(township),
    }


def whatif(cycle: Cycle, maxima: dict[str, Decimal], thresholds: scoring.Thresholds) -> dict:
    """How many villages would change grade with other maxima and thresholds (nothing stored)."""
    rows = scoring.whatif_grades(result_rows(cycle.results.all()), cycle.rules(), maxima, thresholds)
    changed = [r for r in rows if r["new_grade"] != r["grade"]]
    return {
        "villages": len(rows),
        "current": grade_counts(r["grade"] for r in rows),
        "new": grade_counts(r["new_grade"] for r in rows),
        "changed": changed,
        "moves": Counter((r["grade"], r["new_grade"]) for r in changed),
        "maxima_total": sum(maxima.values(), Decimal(0)),
    }


def inspection_rows(cycle: Cycle, villages: QuerySet[Village]) -> list[tuple[Village, bool, bool]]:
    """(village, has a ballot, has an adjustment) for an inspection team's villages (three queries)."""
    ballots = set(Ballot.objects.filter(cycle=cycle, village__in=villages).values_list("village_id", flat=True))
    adjusted = set(Adjustment.objects.filter(cycle=cycle, village__in=villages).values_list("village_id", flat=True))
    return [(v, v.pk in ballots, v.pk in adjusted) for v in villages]


def village_inspection(cycle: Cycle, village: Village) -> dict:
    """What a village's inspection page shows: the cycle's indicators, the ballot, spot checks,
    the score sheet and the outcomes the engine would compute now."""
    result = VillageResult.objects.filter(cycle=cycle, village=village).first()
    return {
        "indicators": list(cycle.indicators.all()),
        "ballot": Ballot.objects.filter(cycle=cycle, village=village).first(),
        "spot_checks": cycle.spot_checks.filter(village=village).select_related("inspector"),
        "sheet": score_sheet(cycle, village, result),
        "outcomes": village_outcomes(cycle, village),
        "result": result,
    }


def verified_villages(cycle: Cycle, villages: QuerySet[Village]) -> set[int]:
    """Ids of `villages` the cycle's inspection has verified: a check with all five methods done
    (choices.InspectionMethod) (one query)."""
    done = {f"{method.value}_done": True for method in InspectionMethod}
    return set(
        SpotCheck.objects.filter(cycle=cycle, village__in=villages, **done).values_list("village_id", flat=True)
    )


def inspection_progress(cycle: Cycle, villages: QuerySet[Village]) -> tuple[int, int]:
    """(villages verified, villages assigned) of an inspection group (two queries)."""
    return len(verified_villages(cycle, villages)), villages.count()


def survey_overview(cycle: Cycle, villages: QuerySet[Village]) -> list[tuple[Village, SampleDraw | None, object]]:
    """(village, its draw, its estimate) for a surveyor's villages, by code (three queries)."""
    villages = list(villages.select_related("township").order_by("code"))
    ids = [v.pk for v in villages]
    draws = {d.village_id: d for d in SampleDraw.objects.filter(cycle=cycle, village__in=ids)}
    estimates = survey_estimates(cycle, ids)
    return [(v, draws.get(v.pk), estimates.get(v.pk)) for v in villages]


@dataclass
class SurveyRow:
    """One sampled household of a village's survey page: its number, the household (None when
    it is not in `households`), the stored response and the form's initial values."""

    number: str
    household: Household | None
    response: SurveyResponse | None
    initial: dict


@dataclass
class SurveySheet:
    draw: SampleDraw | None
    rows: list[SurveyRow]
    estimate: object


def survey_sheet(cycle: Cycle, village: Village, households: QuerySet[Household]) -> SurveySheet:
    """A village's sample in the order drawn, each household with its response so far (the
    response's items, else the registry's resident count, as the form's initial values), and the
    village's estimate. `households`: those the user may see (assessment.scope.survey_households)."""
    draw = draw_for(cycle, village)
    if draw is None:
        return SurveySheet(None, [], None)
    responses = {r.household_number: r for r in draw.responses.all()}
    numbers = draw.household_numbers
    found = {h.number: h for h in households.filter(number__in=numbers).select_related("group")}
    rows = []
    for number in numbers:
        response, household = responses.get(number), found.get(number)
        if response:
            initial = {f: getattr(response, f) for f in [*ITEM_FIELDS, "resident_members"]}
        else:
            initial = {"resident_members": household.resident_count if household else ""}
        rows.append(SurveyRow(number, household, response, initial))
    return SurveySheet(draw, rows, survey_estimates(cycle, [village.pk]).get(village.pk))


def draw_for(cycle: Cycle, village: Village) -> SampleDraw | None:
    return SampleDraw.objects.filter(cycle=cycle, village=village).first()


@dataclass(frozen=True)
class SurveyComparison:
    """One village of the survey report (数据比对): the survey estimate and its standard error
    beside the registry's per-capita net income of the same sampled households and of the whole
    village for the cycle's year; `flagged` when the survey and the registry's figure for the same
    households differ by more than three standard errors (None: nothing to compare)."""

    village: Village
    n: int
    estimate: Decimal | None
    standard_error: Decimal | None
    registry_sampled: Decimal | None
    registry_village: Decimal | None
    flagged: bool | None

    @property
    def difference(self) -> Decimal | None:
        if self.estimate is None or self.registry_sampled is None:
            return None
        return self.estimate - self.registry_sampled


def _per_capita(rows, key: str) -> dict[int, Decimal]:
    """key → Σ net income / Σ resident members of the grouped registry rows, to the fen."""
    return {row[key]: round_yuan(Decimal(row["sy"]) / row["sx"]) for row in rows if row["sx"]}


def survey_report(cycle: Cycle, villages: QuerySet[Village]) -> list[SurveyComparison]:
    """The survey against the registry for `villages`, by code, in four queries whatever their
    number: the villages, the survey estimates, the registry of the households that answered
    the survey (the same households, the same year) and the registry of every household."""
    villages = list(villages.select_related("township").order_by("code"))
    ids = [v.pk for v in villages]
    estimates = survey_estimates(cycle, ids)
    records = IncomeRecord.objects.filter(year=cycle.year).order_by()
    answered = "household__survey_responses__draw"
    sampled = _per_capita(
        records.filter(**{f"{answered}__cycle": cycle, f"{answered}__village_id__in": ids})
        .values(village=F(f"{answered}__village_id"))
        .annotate(sy=Sum("net_income"), sx=Sum("resident_members")),
        "village",
    )
    whole = _per_capita(
        records.filter(household__village_id__in=ids)
        .values(village=F("household__village_id"))
        .annotate(sy=Sum("net_income"), sx=Sum("resident_members")),
        "village",
    )
    rows = []
    for village in villages:
        estimate = estimates.get(village.pk)
        per_capita = estimate.per_capita if estimate else None
        error = estimate.standard_error if estimate else None
        rows.append(SurveyComparison(
            village=village,
            n=estimate.households if estimate else 0,
            estimate=per_capita,
            standard_error=error,
            registry_sampled=sampled.get(village.pk),
            registry_village=whole.get(village.pk),
            flagged=differs_from_registry(per_capita, error, sampled.get(village.pk)),
        ))
    return rows


def survey_report_json(year: int, rows: list[SurveyComparison]) -> dict:
    """The survey report as `survey_report --json` prints it: amounts as strings of yuan to 2 places."""

    def yuan(value):
        return None if value is None else f"{value:.2f}"

    return {
        "year": year,
        "villages": [
            {
                "code": r.village.code,
                "name": r.village.name,
                "n": r.n,
                "estimate": yuan(r.estimate),
                "standard_error": yuan(r.standard_error),
                "registry_sampled": yuan(r.registry_sampled),
                "registry_village": yuan(r.registry_village),
                "flagged": r.flagged,
            }
            for r in rows
        ],
    }
