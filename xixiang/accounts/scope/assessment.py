"""Scope of the yearly assessment: cycles, score grids, inspection, survey, results."""

from django.db.models import QuerySet

from villages.models import Village

from ..choices import Role
from .registry import COUNTY_WIDE_READERS, _role, villages

# --- assessment (assessment app) -------------------------------------------------------
#
# Departments: a scorer sees and enters the indicators their department leads AND those it
# cooperates on (domain.md §7: "ten lead and eight cooperating departments score every
# village"); every cell records who entered it and its history keeps each change. Computed
# indicators (survey, registry, ballots) are shown to their departments but nobody types them.
# Inspection teams and surveyors work in their assigned villages; the administrator
# everywhere; the leader reads results county-wide; clerks and village cadres read the results
# of their township / village.

ASSESSMENT_RESULT_READERS = {Role.ADMIN, Role.LEADER, Role.CLERK, Role.VILLAGE_CADRE, Role.INSPECTOR, Role.SURVEYOR}
ASSESSMENT_CYCLE_READERS = ASSESSMENT_RESULT_READERS | {Role.SCORER}


def assessment_cycles(user):
    from assessment.models import Cycle

    if _role(user) in ASSESSMENT_CYCLE_READERS:
        return Cycle.objects.all()
    return Cycle.objects.none()


def assessment_department_indicators(user, cycle):
    """The cycle's indicators shown in the user's score grid (led or co-operated), computed included."""
    from django.db.models import Q

    qs = cycle.indicators.select_related("lead_department")
    role = _role(user)
    if role == Role.ADMIN:
        return qs
    if role == Role.SCORER and user.department_id:
        return qs.filter(
            Q(lead_department_id=user.department_id) | Q(cooperating_departments__pk=user.department_id)
        ).distinct()
    return qs.none()


def assessment_scorable_indicators(user, cycle):
    """The cycle's indicators whose cells the user may type (never the computed ones)."""
    from assessment.scoring import COMPUTED_SOURCES

    return assessment_department_indicators(user, cycle).exclude(source__in=COMPUTED_SOURCES)


def can_score(user) -> bool:
    return _role(user) in {Role.ADMIN, Role.SCORER}


def assessment_grid_villages(user) -> QuerySet[Village]:
    """Villages in a department's score grid: every village (domain.md §1)."""
    if can_score(user):
        return Village.objects.all()
    return Village.objects.none()


def assessment_inspection_villages(user) -> QuerySet[Village]:
    role = _role(user)
    if role == Role.ADMIN:
        return Village.objects.all()
    if role == Role.INSPECTOR:
        return Village.objects.filter(pk__in=user.assigned_villages.values("pk"))
    return Village.objects.none()


def assessment_survey_villages(user) -> QuerySet[Village]:
    role = _role(user)
    if role == Role.ADMIN:
        return Village.objects.all()
    if role == Role.SURVEYOR:
        return Village.objects.filter(pk__in=user.assigned_villages.values("pk"))
    return Village.objects.none()


def assessment_result_villages(user) -> QuerySet[Village]:
    """Villages whose results (totals, score sheets) the user may read."""
    if _role(user) in ASSESSMENT_RESULT_READERS:
        return villages(user)
    return Village.objects.none()


def assessment_results(user, cycle):
    from assessment.models import VillageResult

    return VillageResult.objects.filter(cycle=cycle, village__in=assessment_result_villages(user))


def can_read_assessment_results(user) -> bool:
    return _role(user) in ASSESSMENT_RESULT_READERS


def can_read_county_results(user) -> bool:
    """County statistics and reward proposals: the administrator and the leader."""
    return _role(user) in COUNTY_WIDE_READERS


def can_inspect(user) -> bool:
    return _role(user) in {Role.ADMIN, Role.INSPECTOR}


def can_survey(user) -> bool:
    return _role(user) in {Role.ADMIN, Role.SURVEYOR}


def assessment_draws(user):
    from assessment.models import SampleDraw

    return SampleDraw.objects.filter(village__in=assessment_survey_villages(user))


def assessment_scores(user):
    """Score rows whose history the user may read: their grid's indicators, or their results."""
    from django.db.models import Q

    from assessment.models import Score

    role = _role(user)
    if role in COUNTY_WIDE_READERS:
        return Score.objects.all()
    if role == Role.SCORER:
        return Score.objects.filter(
            Q(indicator__lead_department_id=user.department_id)
            | Q(indicator__cooperating_departments__pk=user.department_id)
        ).distinct()
    return Score.objects.filter(village__in=assessment_result_villages(user))


def assessment_inspection_records(user, model):
    """Adjustments, ballots, spot checks: the villages an inspector works in or may read."""
    if _role(user) in COUNTY_WIDE_READERS:
        return model.objects.all()
    return model.objects.filter(village__in=assessment_inspection_villages(user))


def assessment_survey_responses(user):
    from assessment.models import SurveyResponse

    if _role(user) in COUNTY_WIDE_READERS:
        return SurveyResponse.objects.all()
    return SurveyResponse.objects.filter(draw__village__in=assessment_survey_villages(user))
