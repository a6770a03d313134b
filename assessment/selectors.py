"""Reads shared by the assessment pages, exports and commands."""

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from households.models import Household, IncomeRecord
from villages.choices import Grade
from villages.models import Township, Village, VillageGrade
from xixiang.core import figures
from xixiang.lib.money import round_yuan

from . import completeness, rewards, scoring
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
from .models.cycle import OPEN_STATES
from .sampling import differs_from_registry
from .services.engine import survey_estimates, village_outcomes
from .services.survey import ITEM_FIELDS

GRADES = (1, 2, 3, 4)
#: How the pages and exports name a grade (and no grade last year).
GRADE_NAMES = {**{grade.value: grade.label for grade in Grade}, None: _("无上年级类")}
#: How the reward pages name a tie-break key (assessment.rewards.TIE_KEYS).
TIE_KEY_NAMES = {
    "A1": _("A1 农民人均纯收入得分"),
    **{d.value: format_lazy(_("{dimension}小计"), dimension=d.label) for d in Dimension},
    "code": _("村编码"),
}


def working_year() -> int | None:
    """The working year of the cycles (`working_year_of`); one query. Registered as
    xixiang.core.working_year's provider."""
    return working_year_of(Cycle.objects.values_list("year", "status").order_by("-year")[:20])


def working_year_of(cycles) -> int | None:
    """The open cycle's year (the latest, should two be open); else the year after the last
    closed cycle; None without cycles. `cycles`: (year, status) pairs, latest first."""
    latest_closed = None
    for year, status in cycles:
        if status in OPEN_STATES:
            return year
        latest_closed = latest_closed or year
    return None if latest_closed is None else latest_closed + 1


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


def _summary(year: int, pairs: list[tuple[int, int | None]], previous: dict[int, int]) -> dict:
    """The figures of a year from (grade, last year's grade) per village and last year's counts."""
    current = grade_counts(g for g, _p in pairs)
    return {
        "year": year,
        "villages": sum(current.values()),
        "grades": current,
        "previous": previous,
        "new_grade_1": sum(1 for g, p in pairs if g == 1 and p != 1),
        "new_grade_2": sum(1 for g, p in pairs if g == 2 and p in (3, 4)),
    }


def grade_summary(cycle: Cycle) -> dict:
    """The county statistics of a cycle (domain.md §7): villages per grade this year and last,
    新增一类村 (grade 1 now, not grade 1 last year) and 新增二类村 (grade 2
    now, grade 3 or 4 last year). Two queries."""
    pairs = list(cycle.results.values_list("grade", "previous_grade"))
    previous = grade_counts(VillageGrade.objects.filter(year=cycle.year - 1).values_list("grade", flat=True))
    return _summary(cycle.year, pairs, previous)


def grade_summary_from_history(year: int) -> dict:
    """The same figures for a year without a cycle (e.g. the 2008 baseline), from the grade history."""
    rows = VillageGrade.objects.filter(year__in=[year, year - 1]).values_list("village_id", "year", "grade")
    by_year = {year: {}, year - 1: {}}
    for village_id, y, g in rows:
        by_year[y][village_id] = g
    pairs = [(g, by_year[year - 1].get(v)) for v, g in by_year[year].items()]
    return _summary(year, pairs, grade_counts(by_year[year - 1].values()))


#: Row and column keys of the transition matrix: grades 1–4, and None for no grade last year.
MATRIX_FROM = (1, 2, 3, 4, None)


def county_statistics(cycle: Cycle, township: Township | None = None) -> dict:
    """The statistics page and its export: grade_summary, the net change per grade, the transition
    matrix (last year's grade × this year's; a row for villages without last year's grade only
    when there are some) and the grades per township this year and last. Three queries.
    With `township`, the same figures for that township's villages only (the township summary)."""
    results = cycle.results.all() if township is None else cycle.results.filter(village__township=township)
    last_grades = VillageGrade.objects.filter(year=cycle.year - 1)
    if township is not None:
        last_grades = last_grades.filter(village__township=township)
    rows = list(results.values_list("village__township_id", "grade", "previous_grade"))
    matrix = Counter((p, g) for _t, g, p in rows)
    current = defaultdict(Counter)
    for township_id, g, _p in rows:
        current[township_id][g] += 1
    previous = defaultdict(Counter)
    for township_id, g in last_grades.values_list("village__township_id", "grade"):
        previous[township_id][g] += 1
    townships = Township.objects.filter(pk__in=set(current) | set(previous)).order_by("code")
    last_year = {g: sum(c.get(g, 0) for c in previous.values()) for g in GRADES}
    summary = _summary(cycle.year, [(g, p) for _t, g, p in rows], last_year)
    return {
        **summary,
        "net": {g: summary["grades"][g] - last_year[g] for g in GRADES},
        "matrix": [
            (GRADE_NAMES[p], [matrix.get((p, g), 0) for g in GRADES], sum(matrix.get((p, g), 0) for g in GRADES))
            for p in MATRIX_FROM
            if p is not None or any(matrix.get((None, g)) for g in GRADES)
        ],
        "townships": [
            (t, [current[t.pk].get(g, 0) for g in GRADES], [previous[t.pk].get(g, 0) for g in GRADES])
            for t in townships
        ],
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


def grid_progress(rows: list[GridRow]) -> tuple[int, int]:
    """`progress` of a grid already read (no query): its rows done, its rows. The same figures,
    since a score's value is never null and a row is done when every editable cell has one."""
    return sum(1 for row in rows if row.done), len(rows)


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


def missing_scores(cycle: Cycle) -> list[completeness.Missing]:
    """Every village × non-computed indicator of the cycle without a department's entry or an
    inspection team's points (completeness.missing_scores; four queries). Finalising refuses
    while there is any; the finalise page and `run_assessment --finalise` list them."""
    indicators = [
        completeness.IndicatorRef(i.code, i.name, i.lead_department.name, i.is_computed)
        for i in cycle.indicators.select_related("lead_department").order_by("order", "code")
    ]
    villages = [
        completeness.VillageRef(*row) for row in Village.objects.values_list("code", "name", "township__name")
    ]
    entered = set(Score.objects.filter(cycle=cycle).values_list("village__code", "indicator__code"))
    entered |= set(Adjustment.objects.filter(cycle=cycle).values_list("village__code", "indicator__code"))
    return completeness.missing_scores(villages, indicators, entered)


def finalise_preview(cycle: Cycle) -> dict:
    """What finalising would write, computed now without storing anything: villages per grade
    (and last year's), villages up / same / down / without last year's grade."""
    from .services.engine import RESULT_COLUMNS, compute_results, load_inputs

    rows = compute_results(cycle, load_inputs(cycle))
    grade, change = RESULT_COLUMNS.index("grade"), RESULT_COLUMNS.index("change")
    summary = completeness.change_summary((row[grade], row[change]) for row in rows)
    summary["previous"] = grade_counts(
        VillageGrade.objects.filter(year=cycle.year - 1).values_list("grade", flat=True)
    )
    return summary


def row_done(cycle: Cycle, indicators: list[CycleIndicator], village: Village) -> bool:
    """Whether the village has every editable indicator of a grid entered (its row's ✓; one query)."""
    editable = [i.pk for i in indicators if not i.is_computed]
    if not editable:
        return False
    return Score.objects.filter(cycle=cycle, village=village, indicator_id__in=editable).count() == len(editable)


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

    @property
    def value_text(self) -> str | None:
        """The value as sheets print it: its places kept, with thousands separators (3124.00 → 3,124.00)."""
        return None if self.value is None else f"{Decimal(self.value):,}"


def score_sheet(cycle: Cycle, village: Village, result: VillageResult | None) -> list[SheetRow]:
    """Every indicator of a village's result: value, method, original and final score, who
    entered it and who adjusted it (three queries)."""
    indicators = list(cycle.indicators.all())
    # by indicator: no order needed (the models' default ordering joins cycle, village and indicator)
    scores = {
        s.indicator_id: s
        for s in Score.objects.filter(cycle=cycle, village=village).select_related("entered_by").order_by()
    }
    adjustments = {
        a.indicator_id: a
        for a in Adjustment.objects.filter(cycle=cycle, village=village).select_related("adjusted_by").order_by()
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
            "subtotals": subtotals,
        }
        for code, name, township, township_id, total, grade, previous, change, rank_c, rank_t, scores, subtotals in (
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
                "subtotals",
            ).order_by("rank_county", "village__code")
        )
    ]


def _ties(ties) -> list[dict]:
    """Tie-breaks as the pages show them: rewards.TieBreak's fields and the key's name."""
    return [dict(asdict(t), key_name=TIE_KEY_NAMES[t.key]) for t in ties]


def reward_proposals(cycle: Cycle) -> dict:
    """The county and township reward lists of domain.md §7 (amounts and the county count from
    the cycle; one village per township), each with the ties its tie-break decided (one query)."""
    rows = result_rows(cycle.results.all())
    county = rewards.county_rewards(rows, cycle.county_reward_count)
    townships = rewards.township_rewards(rows)
    township = [dict(r, reward_rank=r["rank_township"]) for ranking in townships for r in ranking.chosen]
    return {
        "county": county.chosen,
        "county_ties": _ties(county.ties),
        "township": township,
        "township_ties": _ties(tie for ranking in townships for tie in ranking.ties),
        "county_total": cycle.county_reward_amount * len(county.chosen),
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


def complete_spot_check(prefix: str = "") -> Q:
    """A spot check that verifies its village: all five methods done (choices.InspectionMethod).
    `prefix` reaches SpotCheck through a relation, e.g. "assessment_spot_checks__"."""
    return Q(**{f"{prefix}{method.value}_done": True for method in InspectionMethod})


def verified_villages(cycle: Cycle, villages: QuerySet[Village]) -> set[int]:
    """Ids of `villages` the cycle's inspection has verified (`complete_spot_check`) (one query)."""
    checks = SpotCheck.objects.filter(complete_spot_check(), cycle=cycle, village__in=villages)
    return set(checks.values_list("village_id", flat=True))


def inspection_progress(cycle: Cycle, villages: QuerySet[Village]) -> tuple[int, int]:
    """(villages verified, villages assigned) of an inspection group (two queries)."""
    return len(verified_villages(cycle, villages)), villages.count()


def survey_overview(cycle: Cycle, villages: QuerySet[Village]) -> list[tuple[Village, SampleDraw | None, object]]:
    """(village, its draw, its estimate) for a surveyor's villages, by code (three queries). The
    draws are read without their frame and positions (every household's number, county-wide some
    2 MB of JSON decoded per request): the list shows N and n only."""
    villages = list(villages.select_related("township").order_by("code"))
    ids = [v.pk for v in villages]
    draws = SampleDraw.objects.filter(cycle=cycle, village__in=ids).only("village_id", "population", "size").order_by()
    draws = {d.village_id: d for d in draws}
    estimates = survey_estimates(cycle, ids)
    return [(v, draws.get(v.pk), estimates.get(v.pk)) for v in villages]


@dataclass(frozen=True)
class SurveyProgress:
    """How far the income survey of a cycle is among some villages."""

    villages: int  # villages with a draw
    complete: int  # villages with every sampled household entered
    entered: int  # households entered
    sampled: int  # households sampled


def survey_progress(cycle: Cycle, villages: QuerySet[Village] | None = None) -> SurveyProgress:
    """Villages drawn and fully entered, households entered and sampled (one query)."""
    draws = SampleDraw.objects.filter(cycle=cycle)
    if villages is not None:
        draws = draws.filter(village__in=villages)
    rows = list(draws.annotate(entered=Count("responses")).values_list("size", "entered").order_by())
    return SurveyProgress(
        villages=len(rows),
        complete=sum(1 for size, entered in rows if entered >= size),
        entered=sum(entered for _size, entered in rows),
        sampled=sum(size for size, _entered in rows),
    )


@dataclass
class SurveyRow:
    """One sampled household of a village's survey page: its position in the draw's frame
    (0-based, ⌊r + i·k⌋), its number, the household (None when it is not in `households`), the
    stored response and the form's initial values."""

    position: int | None
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
    positions = list(draw.positions)[: len(numbers)]
    positions += [None] * (len(numbers) - len(positions))  # a stored draw is consistent; never fail on one that is not
    for position, number in zip(positions, numbers, strict=True):
        response, household = responses.get(number), found.get(number)
        if response:
            initial = {f: getattr(response, f) for f in [*ITEM_FIELDS, "resident_members"]}
        else:
            initial = {"resident_members": household.resident_count if household else ""}
        rows.append(SurveyRow(position, number, household, response, initial))
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
    the survey (the same households, the same year) and the registry of every household (the
    generations of the cached figure instead, once it is cached)."""
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
    whole_rows = (
        records.filter(household__village_id__in=ids)
        .values(village=F("household__village_id"))
        .annotate(sy=Sum("net_income"), sx=Sum("resident_members"))
    )
    # A scan of every household's record of the year (~45 ms for the county's 97,005): cached
    # (xixiang.core.figures) until a household or an income record changes.
    whole = figures.cached("survey-registry-village", figures.query_key(whole_rows), [Household, IncomeRecord],
                           lambda: _per_capita(whole_rows, "village"))
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
