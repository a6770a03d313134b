"""Progress of the plan per year, for villages, townships and the county, and the coverage of
村有产业、组有大户、户有项目 — computed from the villages' grade history (written by finalised
cycles), the approved targets and the registry, and cached (xixiang.core.figures) until one of
the models they read is written: `PROGRESS_MODELS` for the progress, `COVERAGE_MODELS` for the
coverage. Nothing here is stored otherwise.

A fixed number of queries whatever the number of villages (tests/targets/test_progress.py pins it).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from assessment.models import Cycle, VillageResult
from assessment.models.cycle import OPEN_STATES
from households.models import Household, IncomeRecord
from villages.models import Group, Township, Village, VillageGrade
from xixiang.core import figures

from . import rules
from . import scope as target_scope
from .models import Plan, VillagePlan, VillageTarget
from .selectors import _grade_of, current_plan, villages_targeted_to_upgrade

#: What a year's progress reads. targets/apps.py connects their saves and deletes (VillageResult:
#: saves only); the bulk paths bump them in their transaction: the assessment engine's results and
#: grades (assessment.services.engine), the demo seeder (figures.bump_all). The plan import writes
#: through village_plan_save, whose saves send signals.
PROGRESS_MODELS = (Village, Township, Plan, VillagePlan, VillageTarget, VillageGrade, Cycle, VillageResult)
#: What the coverage reads (households/apps.py connects them; the roster import bumps them).
COVERAGE_MODELS = (Village, Group, Household, IncomeRecord)


@dataclass
class VillageProgress:
    village_id: int
    code: str
    name: str
    township_id: int
    township_code: str
    township_name: str
    target: int
    baseline: int | None
    grade: int | None  # the finalised grade of the year, None while there is none
    reached: bool | None
    total: Decimal | None = None  # the open cycle's provisional total
    at_risk: bool = False


@dataclass
class TownshipProgress:
    township_id: int
    code: str
    name: str
    planned: int = 0
    reached: int = 0
    at_risk: int = 0

    @property
    def progress(self) -> float | None:
        return rules.share(self.reached, self.planned)

    @property
    def percent(self) -> int:
        return rules.percent(self.progress)


@dataclass
class Coverage:
    """村有产业、组有大户、户有项目: counts and shares (0–1, None when there is nothing to count)."""

    villages: int = 0
    villages_with_industry: int = 0
    groups: int = 0
    groups_with_large_household: int = 0
    households: int = 0
    households_with_project: int = 0

    @property
    def shares(self) -> dict[str, float | None]:
        return {
            "villages_with_industry": rules.share(self.villages_with_industry, self.villages),
            "groups_with_large_household": rules.share(self.groups_with_large_household, self.groups),
            "households_with_project": rules.share(self.households_with_project, self.households),
        }

    def add(self, other: "Coverage") -> None:
        for name in ("villages", "villages_with_industry", "groups", "groups_with_large_household", "households",
                     "households_with_project"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class YearProgress:
    year: int
    villages: list[VillageProgress]
    townships: list[TownshipProgress]
    finalised: bool  # whether the year has finalised grades
    open_cycle: bool  # whether the year's cycle is open (at-risk flags apply)
    coverage: Coverage = field(default_factory=Coverage)

    @property
    def planned(self) -> int:
        return len(self.villages)

    @property
    def reached(self) -> int:
        return sum(1 for v in self.villages if v.reached)

    @property
    def at_risk(self) -> int:
        return sum(1 for v in self.villages if v.at_risk)

    @property
    def progress(self) -> float | None:
        return rules.share(self.reached, self.planned)

    @property
    def percent(self) -> int:
        return rules.percent(self.progress)


def villages_key(villages: QuerySet[Village] | None) -> str:
    """What a cached figure over `villages` is keyed by: their ids (one query), not the scope's
    SQL, which may read tables outside the figure's models (assigned villages, pairings)."""
    return "county" if villages is None else ",".join(map(str, villages.order_by("pk").values_list("pk", flat=True)))


def year_progress(year: int, villages: QuerySet[Village] | None = None, *, township: Township | None = None,
                  with_coverage: bool = True) -> YearProgress:
    """`plain_year_progress`, cached until a model of PROGRESS_MODELS is written: two queries when
    stored (the villages' ids, the generations), plus coverage_by's with coverage."""
    key = f"{year}|{township.pk if township is not None else ''}|{villages_key(villages)}"
    result = figures.cached("year-progress", key, PROGRESS_MODELS,
                            lambda: plain_year_progress(year, villages, township=township))
    if with_coverage:
        scoped = villages
        if township is not None:
            scoped = (villages if villages is not None else Village.objects.all()).filter(township=township)
        per_township = coverage_by(year, scoped, "township_id")
        for summary in per_township.values():
            result.coverage.add(summary)
    return result


def plain_year_progress(year: int, villages: QuerySet[Village] | None = None, *,
                        township: Township | None = None) -> YearProgress:
    """The year's planned upgrades among `villages` (default: all), each with its finalised grade,
    whether it is reached and, while the year's cycle is open, whether it is at risk; rolled up
    per township (coverage left empty: see year_progress). Five queries, whatever the villages."""
    targeted = villages_targeted_to_upgrade(year)
    townships = Township.objects.order_by("code")
    if villages is not None:
        targeted = targeted.filter(pk__in=villages.values("pk"))
        townships = townships.filter(pk__in=villages.values("township_id"))
    if township is not None:
        targeted = targeted.filter(township=township)
        townships = townships.filter(pk=township.pk)
    rows = [
        VillageProgress(pk, code, name, t_id, t_code, t_name, target, baseline, grade, rules.is_reached(target, grade))
        for pk, code, name, t_id, t_code, t_name, target, baseline, grade in targeted.annotate(
            year_grade=_grade_of(year)).values_list(
            "pk", "code", "name", "township_id", "township__code", "township__name", "target_grade",
            "baseline_grade", "year_grade").order_by("code")
    ]
    cycle = Cycle.objects.filter(year=year).first()
    open_cycle = cycle is not None and cycle.status in OPEN_STATES
    if open_cycle and rows:
        totals = dict(VillageResult.objects.filter(cycle=cycle, village_id__in=[r.village_id for r in rows])
                      .values_list("village_id", "total"))
        for row in rows:
            row.total = totals.get(row.village_id)
            row.at_risk = rules.is_at_risk(row.total, row.target, cycle)
    by_township = {t.pk: TownshipProgress(t.pk, t.code, t.name) for t in townships}
    for row in rows:
        summary = by_township.get(row.township_id)
        if summary is not None:
            summary.planned += 1
            summary.reached += bool(row.reached)
            summary.at_risk += row.at_risk
    finalised = cycle.is_closed if cycle is not None else any(r.grade is not None for r in rows)
    return YearProgress(year, rows, list(by_township.values()), finalised, open_cycle)


def coverage_by(year: int, villages: QuerySet[Village] | None, key: str) -> dict[int, Coverage]:
    """`plain_coverage_by`, cached (xixiang.core.figures) until a village, group, household or income
    record changes: on the full county its household and group counts took ~90 ms per request.
    The key holds the villages' ids (one query), not the scope's SQL, which may read other tables
    (assigned villages, pairings); plus one query to read the generations when stored."""
    return figures.cached("coverage", f"{year}|{key}|{villages_key(villages)}", COVERAGE_MODELS,
                          lambda: plain_coverage_by(year, villages, key))


def plain_coverage_by(year: int, villages: QuerySet[Village] | None, key: str) -> dict[int, Coverage]:
    """村有产业、组有大户、户有项目 per `key` ("township_id" or "village_id"), four queries whatever the
    villages. The year's households are those with an income record of the year (one record per
    household and year); for a year nobody has one yet, the registry as it stands. 产业大户 and
    leading industries are the registry's current flags (it keeps no yearly copy of them)."""
    village_key = "pk" if key == "village_id" else key
    result: dict[int, Coverage] = {}
    county = villages is None
    villages = Village.objects.all() if county else villages
    scoped = {} if county else {"village__in": villages.values("pk")}

    def entry(k) -> Coverage:
        return result.setdefault(k, Coverage())

    for k, n, with_industry in villages.order_by().values(village_key).annotate(
            n=Count("pk"), with_industry=Count("pk", filter=~Q(leading_industries=""))).values_list(
            village_key, "n", "with_industry"):
        entry(k).villages, entry(k).villages_with_industry = n, with_industry
    group_key = "village__township_id" if key == "township_id" else "village_id"
    large = Household.objects.filter(group=OuterRef("pk"), is_large_producer=True)
    for k, n, with_large in Group.objects.filter(**scoped).order_by().values(
            group_key).annotate(n=Count("pk"), with_large=Count("pk", filter=Q(Exists(large)))).values_list(
            group_key, "n", "with_large"):
        entry(k).groups, entry(k).groups_with_large_household = n, with_large
    records = IncomeRecord.objects.filter(year=year)
    if records.exists():
        rows = records.filter(**{f"household__{k}": v for k, v in scoped.items()}).order_by().values(
            f"household__{key}").annotate(n=Count("pk"), with_project=Count(
                "pk", filter=Q(household__has_income_project=True))).values_list(f"household__{key}", "n",
                                                                                  "with_project")
    else:
        rows = Household.objects.filter(**scoped).order_by().values(key).annotate(
            n=Count("pk"), with_project=Count("pk", filter=Q(has_income_project=True))).values_list(
            key, "n", "with_project")
    for k, n, with_project in rows:
        entry(k).households, entry(k).households_with_project = n, with_project
    return result


def plan_years(plan, villages: QuerySet[Village] | None = None) -> list[YearProgress]:
    """Each year of the plan's progress (without coverage), for the county page's summary: one
    cached entry for the plan's years (as year_progress: two queries when stored; on the full
    county the three years' SQL took ~10 ms each)."""
    key = f"{plan.pk}|{plan.first_year}-{plan.last_year}|{villages_key(villages)}"
    return figures.cached("plan-years", key, PROGRESS_MODELS,
                          lambda: [plain_year_progress(year, villages) for year in plan.years])


def plan_so_far(years: list[YearProgress]) -> tuple[int, int]:
    """(reached, planned) over the plan's years that have finalised grades."""
    done = [y for y in years if y.finalised]
    return sum(y.reached for y in done), sum(y.planned for y in done)


def dashboard_block(user, villages: QuerySet[Village]) -> dict | None:
    """The dashboard's block: the plan's years with planned, reached and progress among the user's
    villages (None when there is no plan or the role does not read it)."""
    plan = current_plan()
    if plan is None or not target_scope.can_read_plan(user):
        return None
    years = plan_years(plan, villages)
    reached, planned = plan_so_far(years)
    return {"plan": plan, "years": years, "reached": reached, "planned": planned,
            "percent": rules.percent(rules.share(reached, planned))}
