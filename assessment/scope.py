"""Which assessment rows a user may read and which cells they may type.

Departments: a scorer sees and enters the indicators their department leads AND those it
cooperates on (domain.md §7: "ten lead and eight cooperating departments score every
village"); every cell records who entered it and its history keeps each change. Computed
indicators (survey, registry, ballots) are shown to their departments but nobody types them.
Inspection teams and surveyors work in their assigned villages; the administrator
everywhere; the leader reads results county-wide; clerks and village cadres read the results
of their township / village. Names as in `villages/scope.py`.
"""

from django.db.models import Q, QuerySet

from households import scope as household_scope
from households.models import Household
from villages import scope as village_scope
from villages.models import Department, Village
from xixiang.accounts.choices import Role
from xixiang.accounts.roles import COUNTY_WIDE_READERS, role_of

from .models import Cycle, CycleIndicator, SampleDraw, Score, SurveyResponse, VillageResult
from .scoring import COMPUTED_SOURCES, SURVEY

RESULT_READERS = frozenset({Role.ADMIN, Role.LEADER, Role.CLERK, Role.VILLAGE_CADRE, Role.INSPECTOR, Role.SURVEYOR})
CYCLE_READERS = RESULT_READERS | {Role.SCORER}


def cycles(user) -> QuerySet[Cycle]:
    if can_read_cycles(user):
        return Cycle.objects.all()
    return Cycle.objects.none()


def department_indicators(user, cycle: Cycle) -> QuerySet[CycleIndicator]:
    """The cycle's indicators shown in the user's score grid (led or co-operated), computed included."""
    qs = cycle.indicators.select_related("lead_department")
    role = role_of(user)
    if role == Role.ADMIN:
        return qs
    if role == Role.SCORER and user.department_id:
        return qs.filter(
            Q(lead_department_id=user.department_id) | Q(cooperating_departments__pk=user.department_id)
        ).distinct()
    return qs.none()


def grid_departments(user, cycle: Cycle) -> QuerySet[Department]:
    """Departments whose grid the administrator may switch to (those leading an indicator of the
    cycle); nobody else switches: a scorer's grid is their own department's."""
    if role_of(user) == Role.ADMIN:
        return Department.objects.filter(lead_indicators__cycle=cycle).distinct().order_by("code")
    return Department.objects.none()


def grid_indicators(user, cycle: Cycle, department: Department | None) -> QuerySet[CycleIndicator]:
    """The columns of the grid the user opened: a scorer's department's indicators (led or
    co-operated); for the administrator, those `department` leads (all when None)."""
    indicators = department_indicators(user, cycle)
    if department is not None and role_of(user) == Role.ADMIN:
        indicators = indicators.filter(lead_department=department)
    return indicators.order_by("order", "code")


def scorable_indicators(user, cycle: Cycle) -> QuerySet[CycleIndicator]:
    """The cycle's indicators whose cells the user may type (never the computed ones)."""
    return department_indicators(user, cycle).exclude(source__in=COMPUTED_SOURCES)


def can_read_cycles(user) -> bool:
    return role_of(user) in CYCLE_READERS


def can_score(user) -> bool:
    return role_of(user) in {Role.ADMIN, Role.SCORER}


def can_inspect(user) -> bool:
    return role_of(user) in {Role.ADMIN, Role.INSPECTOR}


def can_survey(user) -> bool:
    return role_of(user) in {Role.ADMIN, Role.SURVEYOR}


def can_read_survey(user, cycle: Cycle) -> bool:
    """The survey's progress page: surveyors and the administrator (who enter it), and, read-only,
    the departments of the cycle's survey indicator (县统计局 leads A1, 县扶贫开发局 co-operates)."""
    if can_survey(user):
        return True
    return role_of(user) == Role.SCORER and department_indicators(user, cycle).filter(source=SURVEY).exists()


def survey_progress_villages(user, cycle: Cycle) -> QuerySet[Village]:
    """Villages on the user's survey progress page: a surveyor's own, all for the administrator
    and for the survey indicator's departments (read-only), none otherwise."""
    if can_survey(user):
        return survey_villages(user)
    if can_read_survey(user, cycle):
        return Village.objects.all()
    return Village.objects.none()


def can_compare_survey(user, cycle: Cycle) -> bool:
    """The survey against the registry (数据比对): the administrator and the scorers of the
    department that leads the cycle's survey indicator (A1: 县统计局)."""
    role = role_of(user)
    if role == Role.ADMIN:
        return True
    return bool(
        role == Role.SCORER
        and user.department_id
        and cycle.indicators.filter(source=SURVEY, lead_department_id=user.department_id).exists()
    )


def survey_report_villages(user, cycle: Cycle) -> QuerySet[Village]:
    """Villages of the survey report: every village for those who may compare, none otherwise."""
    if can_compare_survey(user, cycle):
        return Village.objects.all()
    return Village.objects.none()


def can_read_results(user) -> bool:
    return role_of(user) in RESULT_READERS


def can_read_county_results(user) -> bool:
    """County statistics and reward proposals: the administrator and the leader."""
    return role_of(user) in COUNTY_WIDE_READERS


def _assigned_villages(user, role: str) -> QuerySet[Village]:
    """Every village for the administrator, the assigned ones for `role`, none for others."""
    actual = role_of(user)
    if actual == Role.ADMIN:
        return Village.objects.all()
    if actual == role:
        return Village.objects.filter(pk__in=user.assigned_villages.values("pk"))
    return Village.objects.none()


def grid_villages(user) -> QuerySet[Village]:
    """Villages in a department's score grid: every village (domain.md §1)."""
    if can_score(user):
        return Village.objects.all()
    return Village.objects.none()


def inspection_villages(user) -> QuerySet[Village]:
    return _assigned_villages(user, Role.INSPECTOR)


def survey_villages(user) -> QuerySet[Village]:
    return _assigned_villages(user, Role.SURVEYOR)


def survey_households(user) -> QuerySet[Household]:
    """Households of the villages the user surveys, as far as the households scope lets the user
    see them (a surveyor's assigned villages, every village for the administrator)."""
    return household_scope.households(user).filter(village__in=survey_villages(user))


def result_villages(user) -> QuerySet[Village]:
    """Villages whose results (totals, score sheets) the user may read."""
    if can_read_results(user):
        return village_scope.villages(user)
    return Village.objects.none()


def results(user, cycle: Cycle) -> QuerySet[VillageResult]:
    return VillageResult.objects.filter(cycle=cycle, village__in=result_villages(user))


def draws(user) -> QuerySet[SampleDraw]:
    return SampleDraw.objects.filter(village__in=survey_villages(user))


def scores(user) -> QuerySet[Score]:
    """Score rows whose history the user may read: their grid's indicators, or their results."""
    role = role_of(user)
    if role in COUNTY_WIDE_READERS:
        return Score.objects.all()
    if role == Role.SCORER:
        return Score.objects.filter(
            Q(indicator__lead_department_id=user.department_id)
            | Q(indicator__cooperating_departments__pk=user.department_id)
        ).distinct()
    return Score.objects.filter(village__in=result_villages(user))


def inspection_records(user, model) -> QuerySet:
    """Adjustments, ballots, spot checks: the villages an inspector works in or may read."""
    if role_of(user) in COUNTY_WIDE_READERS:
        return model.objects.all()
    return model.objects.filter(village__in=inspection_villages(user))


def survey_responses(user) -> QuerySet[SurveyResponse]:
    if role_of(user) in COUNTY_WIDE_READERS:
        return SurveyResponse.objects.all()
    return SurveyResponse.objects.filter(draw__village__in=survey_villages(user))
