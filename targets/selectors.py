"""Shared reads of the plan: targets, villages targeted to upgrade, commitments.

Other apps (projects' tilt report, documents' notice board, leaders' summaries) build on
`villages_targeted_to_upgrade`, `village_targets`, `village_target`, `commitment_for`,
`commitments_for` and `township_commitment_for`; keep their signatures stable.

Only approved village plans count as the plan (a township's draft is a proposal).
"""

from dataclasses import dataclass

from django.db.models import BooleanField, Case, CharField, F, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from villages.models import Township, Village, VillageGrade

from . import rules
from .choices import PlanStatus
from .models import Commitment, Plan, VillagePlan, VillageTarget


@dataclass(frozen=True)
class TargetRow:
    """A village's target for one year, with what its plan names."""

    village_id: int
    year: int
    grade: int  # the target grade, 1 best – 4
    baseline: int | None  # the grade the village starts the year from (rules.baseline_grade)
    is_upgrade: bool  # target better than baseline
    status: str  # PlanStatus of the village's plan
    measures: str
    township_leader: str
    party_secretary: str
    contact_leader: str

    @property
    def is_approved(self) -> bool:
        return self.status == PlanStatus.APPROVED


def plan_for(year: int) -> Plan | None:
    """The plan whose years include `year`."""
    return Plan.objects.filter(first_year__lte=year, last_year__gte=year).order_by("-first_year").first()


def current_plan() -> Plan | None:
    """The latest plan (the 2009–2011 one in the demo)."""
    return Plan.objects.order_by("-first_year").first()


# The subqueries below order explicitly: the models' default orderings (village plan → village
# code; village) joined villages_village into every subquery, a sequential scan of it per village
# and subquery (the plan page's three years took 13 / 37 / 45 ms on the full county).


def _target_of(year: int, village_ref: str = "pk"):
    """The approved target of `year`; of the latest plan should two plans hold one (as village_targets)."""
    return Subquery(
        VillageTarget.objects.filter(
            village_plan__village=OuterRef(village_ref), village_plan__status=PlanStatus.APPROVED, year=year
        ).order_by("-village_plan__plan__first_year").values("grade")[:1],
        output_field=IntegerField(),
    )


def _grade_of(year: int, village_ref: str = "pk"):
    return Subquery(  # one grade per village and year (one_grade_per_village_year): no order needed
        VillageGrade.objects.filter(village=OuterRef(village_ref), year=year).order_by().values("grade")[:1],
        output_field=IntegerField(),
    )


def baseline_expression(year: int, first_year: int, village_ref: str = "pk"):
    """SQL for rules.baseline_grade: the grade of year−1, else its target, going back to the plan's
    first year, else the latest grade before `year`."""
    parts = []
    for y in range(year - 1, first_year - 1, -1):
        parts += [_grade_of(y, village_ref), _target_of(y, village_ref)]
    latest = Subquery(
        VillageGrade.objects.filter(village=OuterRef(village_ref), year__lt=year)
        .order_by("-year").values("grade")[:1],
        output_field=IntegerField(),
    )
    parts.append(latest)
    return Coalesce(*parts, output_field=IntegerField()) if len(parts) > 1 else parts[0]


def villages_with_targets(year: int) -> QuerySet[Village]:
    """Villages with an approved target for `year`, annotated with `target_grade` and
    `baseline_grade` (the grade they start the year from)."""
    plan = plan_for(year)
    if plan is None:
        return Village.objects.none().annotate(target_grade=F("pk"), baseline_grade=F("pk"))
    return (
        Village.objects.annotate(
            target_grade=_target_of(year), baseline_grade=baseline_expression(year, plan.first_year)
        )
        .filter(target_grade__isnull=False)
    )


#: What villages_targeted_to_upgrade reads (targets/apps.py and households/apps.py bump them on
#: every write): for figures cached over the targeted villages (xixiang.core.figures).
TARGETED_MODELS = (Village, Plan, VillagePlan, VillageTarget, VillageGrade)


def villages_targeted_to_upgrade(year: int) -> QuerySet[Village]:
    """Villages whose approved target grade for `year` is better than their grade the year before
    (rules.baseline_grade), annotated with `target_grade` and `baseline_grade`; one query."""
    return villages_with_targets(year).filter(target_grade__lt=F("baseline_grade"))


def village_targets(village: Village, *, grades: dict[int, int] | None = None) -> dict[int, TargetRow]:
    """The village's targets of every plan, by year (drafts included: `status` says which).
    Two queries; one when the caller passes the village's `grades` ({year: grade})."""
    return _targets_and_plans(village, grades)[0]


def village_targets_and_plan(village: Village, plan: Plan | None, *, grades: dict[int, int] | None = None,
                             ) -> tuple[dict[int, TargetRow], VillagePlan | None]:
    """`village_targets(village, grades=grades)` and `village_plan(village, plan)` together: the
    village's plan comes with its targets' query when it has a target (the village page's section:
    one query fewer)."""
    rows, plans = _targets_and_plans(village, grades)
    found = plans.get(plan.pk) if plan is not None else None
    return rows, found if found is not None else village_plan(village, plan)


def _targets_and_plans(village: Village, grades: dict[int, int] | None) -> tuple[dict[int, TargetRow], dict]:
    targets = list(
        VillageTarget.objects.filter(village_plan__village=village)
        .select_related("village_plan")
        .order_by("year", "-village_plan__plan__first_year")
    )
    if grades is None:
        grades = dict(VillageGrade.objects.filter(village=village).values_list("year", "grade"))
    by_year = {t.year: t.grade for t in targets}
    rows = {}
    for t in targets:
        if t.year in rows:
            continue
        vp = t.village_plan
        baseline = rules.baseline_grade(t.year, grades, by_year)
        rows[t.year] = TargetRow(
            village_id=village.pk, year=t.year, grade=t.grade, baseline=baseline,
            is_upgrade=rules.is_upgrade(t.grade, baseline), status=vp.status, measures=vp.measures,
            township_leader=vp.township_leader, party_secretary=vp.party_secretary, contact_leader=vp.contact_leader,
        )
    return rows, {t.village_plan.plan_id: t.village_plan for t in targets}


def village_target(village: Village, year: int) -> TargetRow | None:
    """The village's target for `year` (drafts included: see `status`), or None."""
    return village_targets(village).get(year)


def village_plan(village: Village, plan: Plan | None = None) -> VillagePlan | None:
    plan = plan or current_plan()
    if plan is None:
        return None
    return VillagePlan.objects.filter(plan=plan, village=village).first()


def commitment_for(village: Village, year: int) -> Commitment | None:
    """The village's public commitment (目标承诺) for `year`, or None."""
    return Commitment.objects.filter(village=village, year=year).select_related("township", "village").first()


def commitments_for(village: Village, years) -> dict[int, Commitment]:
    """{year: the village's public commitment} for those of `years` that have one (one query)."""
    return {c.year: c for c in Commitment.objects.filter(village=village, year__in=list(years))
            .select_related("township", "village")}


def township_commitment_for(township: Township, year: int) -> Commitment | None:
    """The township's own public commitment for `year` (not its villages'), or None."""
    return Commitment.objects.filter(township=township, village__isnull=True, year=year).select_related(
        "township").first()


def _any_target_of(plan: Plan, year: int):
    return Subquery(
        VillageTarget.objects.filter(village_plan__village=OuterRef("pk"), village_plan__plan=plan, year=year)
        .values("grade")[:1],
        output_field=IntegerField(),
    )


def target_rows(villages: QuerySet[Village], plan: Plan, year: int) -> QuerySet[Village]:
    """`villages` annotated for the targets list: `plan_status` (None: no plan yet), `target_<y>`
    for each plan year (drafts included), `year_target` (the approved target of `year`),
    `baseline_grade`, `is_upgrade` and `year_grade` (the finalised grade of `year`). One query."""
    status = Subquery(VillagePlan.objects.filter(plan=plan, village=OuterRef("pk")).values("status")[:1],
                      output_field=CharField())
    annotations = {f"target_{y}": _any_target_of(plan, y) for y in plan.years}
    return villages.annotate(
        plan_status=status, year_target=_target_of(year), baseline_grade=baseline_expression(year, plan.first_year),
        year_grade=_grade_of(year), **annotations,
    ).annotate(is_upgrade=Case(When(year_target__lt=F("baseline_grade"), then=Value(True)), default=Value(False),
                               output_field=BooleanField()))
