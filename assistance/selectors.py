"""Reads shared by the assistance views, exports, PDFs and the bench: active pairings, rule
checks, roll-ups and the figures of one household. Callers pass querysets already scoped
by assistance/scope.py; nothing here filters for permission."""

import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, Exists, IntegerField, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from households.categories import KEY_TARGETS
from households.models import Household, IncomeRecord
from villages.models import Department, Township, Village
from xixiang.core import figures, working_year

from .choices import PARTY_LEVELS, RecordKind
from .models import AssistanceRecord, Cadre, HouseholdPairing, HouseholdPlan, LeaderPairing, UnitPairing
from .six_to_household import SixItem, six_to_household

MIN_HOUSEHOLDS_PER_CADRE = 2


def today() -> datetime.date:
    return timezone.localdate()


def active_q(on: datetime.date | None = None, prefix: str = "") -> Q:
    """Pairings not ended on `on` (today by default): no end date or an end date not before it."""
    on = on or today()
    return Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": on})


def active_household_pairings(on: datetime.date | None = None) -> QuerySet[HouseholdPairing]:
    return HouseholdPairing.objects.filter(active_q(on))


# --- rule checks (domain.md §5) --------------------------------------------------------


def _active_count(model, field: str, on):
    counts = (
        model.objects.filter(active_q(on), **{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def cadres_below_minimum(cadres: QuerySet[Cadre], on=None) -> QuerySet[Cadre]:
    """Active party cadres holding fewer than 2 households today (0 included)."""
    return (
        cadres.filter(level__in=PARTY_LEVELS, is_active=True)
        .annotate(household_count=_active_count(HouseholdPairing, "cadre", on))
        .filter(household_count__lt=MIN_HOUSEHOLDS_PER_CADRE)
    )


def key_households_without_cadre(households: QuerySet[Household], on=None) -> QuerySet[Household]:
    """温饱户, 帮扶户 and 关怀户 that no active pairing covers."""
    paired = HouseholdPairing.objects.filter(active_q(on), household=OuterRef("pk"))
    return households.filter(category__in=KEY_TARGETS).exclude(Exists(paired))


def poor_villages_without_unit(villages: QuerySet[Village], on=None) -> QuerySet[Village]:
    """Poor villages that no active unit pairing covers."""
    paired = UnitPairing.objects.filter(active_q(on), village=OuterRef("pk"))
    return villages.filter(is_poor=True).exclude(Exists(paired))


TARGET_FIELD = {LeaderPairing: "village", UnitPairing: "village", HouseholdPairing: "household"}


def ended_without_successor(pairings: QuerySet, on=None) -> QuerySet:
    """Pairings that have ended (end date before `on`) with no later line on the same target.

    A successor is another pairing of the same ledger on the same village (leader, unit) or
    household (cadre) that starts after this one started.
    """
    model = pairings.model
    target = TARGET_FIELD[model]
    later = model.objects.filter(**{target: OuterRef(target)}, start_date__gt=OuterRef("start_date"))
    return pairings.filter(end_date__lt=on or today()).exclude(Exists(later))


# --- roll-ups ----------------------------------------------------------------------------

#: The article's headline figures: key → (label, aggregate). Labels live in views/templates.
FIGURES = {
    "income_cards": Sum("quantity", filter=Q(kind=RecordKind.INCOME_CARD)),
    "money": Sum("amount", filter=Q(kind=RecordKind.MONEY)),
    "goods": Sum("amount", filter=Q(kind=RecordKind.GOODS)),
    "project_funds": Sum("amount", filter=Q(kind=RecordKind.PROJECT_FUNDS)),
    "trained": Sum("people_trained", filter=Q(kind=RecordKind.TRAINING)),
    "visits": Count("id", filter=Q(kind=RecordKind.VISIT)),
}
#: The record kind each figure drills down to.
FIGURE_KINDS = {
    "income_cards": RecordKind.INCOME_CARD,
    "money": RecordKind.MONEY,
    "goods": RecordKind.GOODS,
    "project_funds": RecordKind.PROJECT_FUNDS,
    "trained": RecordKind.TRAINING,
    "visits": RecordKind.VISIT,
}


def headline_figures(records: QuerySet[AssistanceRecord]) -> dict:
    """One aggregate query: every headline figure over `records` (zero where none)."""
    row = records.order_by().aggregate(**FIGURES)
    return {key: value or 0 for key, value in row.items()}


def paired_household_count(pairings: QuerySet[HouseholdPairing], on=None) -> int:
    """Households with an active pairing among `pairings`: cached (xixiang.core.figures) until a
    pairing changes; the date is part of the query, so a new day counts afresh."""
    distinct = pairings.filter(active_q(on)).order_by().values("household_id").distinct()
    return figures.cached("paired-households", figures.query_key(distinct), [HouseholdPairing], distinct.count)


ROLLUP_KEYS = {
    "township": ("township_id", "township__code", "township__name"),
    "unit": ("unit_id", "unit__name"),
    "cadre": ("cadre_id", "cadre__name", "cadre__unit__name"),
    "year": ("year",),
}


def rollup(records: QuerySet[AssistanceRecord], dimension: str) -> QuerySet:
    """Headline figures grouped by township, unit, cadre or year (one query, rows as dicts)."""
    keys = ROLLUP_KEYS[dimension]
    qs = records.order_by().values(*keys).annotate(**FIGURES, records=Count("id"))
    if dimension in {"unit", "cadre"}:
        qs = qs.filter(**{f"{keys[0]}__isnull": False})
    return qs.order_by(keys[-1] if dimension != "township" else "township_id")


#: What each roll-up reads besides the records: the names its rows show.
ROLLUP_MODELS = {
    "township": [AssistanceRecord, Township],
    "unit": [AssistanceRecord, Department],
    "cadre": [AssistanceRecord, Cadre, Department],
    "year": [AssistanceRecord],
}


def cached_rollup(records: QuerySet[AssistanceRecord], dimension: str) -> list[dict]:
    """`rollup` as a list, cached (xixiang.core.figures) until a record or a name it shows changes:
    the county's township roll-up aggregates every record, and the dashboard shows it on each
    visit (the roll-up pages too)."""
    rows = rollup(records, dimension)
    return figures.cached(f"rollup-{dimension}", figures.query_key(rows), ROLLUP_MODELS[dimension], lambda: list(rows))


def figures_total(rows) -> dict:
    """Headline figures summed over roll-up rows (so a page needs one aggregate, not two)."""
    return {key: sum((row[key] or 0 for row in rows), 0) for key in FIGURES}


def records_of_year(records: QuerySet[AssistanceRecord], year: int | None) -> QuerySet[AssistanceRecord]:
    """`records` of one year, or all of them when no year is chosen."""
    return records.filter(year=year) if year else records


def card_year(plans: QuerySet[HouseholdPlan], chosen: int | None = None) -> int:
    """The year income cards are printed for unless the user says otherwise: the year chosen on
    the page, else the latest year with a household plan among `plans`, else this year."""
    if chosen:
        return chosen
    # the first row of the year index backwards (index householdplan_year), not MAX over every plan
    # in scope: on the full county the MAX hashed all 97,000 plans against the households (67 ms)
    latest = plans.order_by("-year").values_list("year", flat=True).first()
    return latest or today().year


def record_years(records: QuerySet[AssistanceRecord]) -> list[int]:
    """Years from the latest to the earliest record: a min/max read from the year index."""
    bounds = records.order_by().aggregate(first=Min("year"), last=Max("year"))
    if bounds["first"] is None:
        return []
    return list(range(bounds["last"], bounds["first"] - 1, -1))


# --- one household -----------------------------------------------------------------------


@dataclass
class HouseholdAssistance:
    """What the household page and the income card show about one household."""

    pairings: list[HouseholdPairing]
    plan: HouseholdPlan | None
    plans: list[HouseholdPlan]
    last_visit: datetime.date | None
    village_leaders: list[LeaderPairing]

    @property
    def cadres(self) -> list[Cadre]:
        return [p.cadre for p in self.pairings]


def household_assistance(household: Household, on=None) -> HouseholdAssistance:
    """Active pairings, plans, last visit and the village's leaders: four queries, always."""
    pairings = list(HouseholdPairing.objects.filter(active_q(on), household=household).select_related("cadre__unit"))
    plans = list(HouseholdPlan.objects.filter(household=household).select_related("cadre", "leader").order_by("-year"))
    last_visit = AssistanceRecord.objects.filter(household=household, kind=RecordKind.VISIT).aggregate(
        last=Max("date")
    )["last"]
    leaders = list(LeaderPairing.objects.filter(active_q(on), village_id=household.village_id).select_related("leader"))
    return HouseholdAssistance(pairings, plans[0] if plans else None, plans, last_visit, leaders)


def household_section(household: Household, *, can_plan: bool, on=None) -> dict:
    """The context of the assistance section on the household page: 六到户, pairings, plans and
    the year of the next plan. Five queries, always (the working year's among them); `can_plan`
    from the caller's scope."""
    info = household_assistance(household, on)
    working = working_year.current()  # read whether needed or not: the page's query count stays fixed
    return {
        "household": household,
        "info": info,
        "six": six_items(household, info),
        "can_plan": can_plan,
        # after the latest plan; a household's first plan is for the working year (the open cycle's)
        "next_year": info.plans[0].year + 1 if info.plans else working,
        # past years' plans whose year-end result is still empty (the latest plan's year is still running)
        "results_missing": [p.year for p in info.plans[1:] if p.result_income is None],
    }


def village_cards_section(village: Village) -> dict:
    """The income cards' button of a village (its page, the household list filtered to it): the
    working year's cards, one query. The caller's page is already scoped to the village."""
    return {"village": village, "year": working_year.current()}


def six_items(household: Household, info: HouseholdAssistance) -> list[SixItem]:
    """六到户 of one household from what `household_assistance` read (no query)."""
    plan = info.plan
    assessed = next((p for p in info.plans if p.result_income is not None), None)
    leaders = [plan.leader.name] if plan and plan.leader_id else [p.leader.name for p in info.village_leaders]
    return six_to_household(
        surveyed_year=household.latest_income_year,
        category_label=household.get_category_display() if household.category else "",
        cadre_names=[c.name for c in info.cadres],
        plan_year=plan.year if plan else None,
        target_income=plan.target_income if plan else None,
        leader_names=leaders,
        result_income=assessed.result_income if assessed else None,
        result_note=assessed.result_note if assessed else "",
        result_year=assessed.year if assessed else None,
        result_target=assessed.target_income if assessed else None,
    )


class CadreHousehold(NamedTuple):
    """A row of the assisting cadre's own page: the pairing, the latest plan, the last visit."""

    pairing: HouseholdPairing
    plan: HouseholdPlan | None
    last_visit: datetime.date | None


def cadre_households(
    pairings: QuerySet[HouseholdPairing], plans: QuerySet[HouseholdPlan], limit: int = 200
) -> list[CadreHousehold]:
    """The cadre's households (`pairings` scoped to them) by number, each with its latest plan
    among `plans` and its last visit: three queries."""
    rows = list(pairings.select_related("household__village").order_by("household__number")[:limit])
    ids = [p.household_id for p in rows]
    latest = {}
    for plan in plans.filter(household_id__in=ids).order_by("year"):
        latest[plan.household_id] = plan  # the latest year wins
    visits = last_visits(ids)
    return [CadreHousehold(p, latest.get(p.household_id), visits.get(p.household_id)) for p in rows]


#: What a new year's plan takes from last year's (一户一策 carries on; the result is the year's own).
CARRIED_PLAN_FIELDS = (
    "target_income", "measure_industry", "measure_training", "measure_migration", "cadre_id", "leader_id"
)


def carried_plan(previous: HouseholdPlan, year: int) -> HouseholdPlan:
    """A plan for `year` starting from `previous`'s target and measures, its result still empty."""
    plan = HouseholdPlan(household_id=previous.household_id, year=year)
    for name in CARRIED_PLAN_FIELDS:
        setattr(plan, name, getattr(previous, name))
    return plan


def plan_for(household: Household, year: int) -> HouseholdPlan:
    """The household's plan for `year` as stored, else a new one starting from last year's
    measures (carried_plan), else an empty one to fill in."""
    plans = {p.year: p for p in HouseholdPlan.objects.filter(household=household, year__in=[year, year - 1])}
    if year in plans:
        return plans[year]
    if year - 1 in plans:
        return carried_plan(plans[year - 1], year)
    return HouseholdPlan(household=household, year=year)


def previous_plan_without_result(household: Household, year: int) -> HouseholdPlan | None:
    """Last year's plan when its year-end result is still to be filled in (the plan form's prompt)."""
    return HouseholdPlan.objects.filter(household=household, year=year - 1, result_income__isnull=True).first()


def last_visits(household_ids) -> dict[int, datetime.date]:
    """household id → date of the last visit, for a page of households (one query)."""
    rows = (
        AssistanceRecord.objects.filter(household_id__in=list(household_ids), kind=RecordKind.VISIT)
        .order_by()
        .values("household_id")
        .annotate(last=Max("date"))
        .values_list("household_id", "last")
    )
    return dict(rows)


def income_before(household_ids, year: int) -> dict[int, IncomeRecord]:
    """household id → its latest income record before `year` (one query)."""
    result = {}
    records = IncomeRecord.objects.filter(household_id__in=list(household_ids), year__lt=year).order_by(
        "household_id", "year"
    )
    for record in records:
        result[record.household_id] = record  # the later year overwrites the earlier
    return result
