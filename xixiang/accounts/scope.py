"""The one place that answers "which rows may this user see or change".

Every view, export, download and PDF takes its queryset from here. Nothing else in the code
filters by township or village for permission reasons.

Reading scope by role (domain.md §1):
  admin, leader       the whole county
  clerk               their township
  village cadre       their village
  scorer              every village (to score it), no households
  inspector, surveyor their assigned villages, and those villages' households
  helper              the households of their own active pairings (assistance app)

Changing scope: admin everywhere; clerk in their township. Everyone else changes no
registry data (other apps grant narrower write rights, e.g. archive uploads by village
cadres, through functions added here).
"""

from django.db.models import QuerySet

from villages.models import Department, Group, Township, Village
from households.models import Household

from .choices import Role

COUNTY_WIDE_READERS = {Role.ADMIN, Role.LEADER}
REGISTRY_EDITORS = {Role.ADMIN, Role.CLERK}


def _role(user) -> str | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    return user.role


def is_admin(user) -> bool:
    return _role(user) == Role.ADMIN


def has_role(user, *roles: str) -> bool:
    return _role(user) in roles


# --- hierarchy -------------------------------------------------------------------------


def townships(user) -> QuerySet[Township]:
    role = _role(user)
    qs = Township.objects.all()
    if role in COUNTY_WIDE_READERS or role == Role.SCORER:
        return qs
    if role == Role.CLERK:
        return qs.filter(pk=user.township_id)
    if role == Role.VILLAGE_CADRE:
        return qs.filter(villages__pk=user.village_id)
    if role in {Role.INSPECTOR, Role.SURVEYOR}:
        return qs.filter(villages__in=user.assigned_villages.all()).distinct()
    if role == Role.HELPER:
        return qs.filter(pk__in=households(user).values("township_id"))
    return qs.none()


def villages(user) -> QuerySet[Village]:
    role = _role(user)
    qs = Village.objects.all()
    if role in COUNTY_WIDE_READERS or role == Role.SCORER:
        return qs
    if role == Role.CLERK:
        return qs.filter(township_id=user.township_id)
    if role == Role.VILLAGE_CADRE:
        return qs.filter(pk=user.village_id)
    if role in {Role.INSPECTOR, Role.SURVEYOR}:
        return qs.filter(pk__in=user.assigned_villages.values("pk"))
    if role == Role.HELPER:
        return qs.filter(pk__in=households(user).values("village_id"))
    return qs.none()


def groups(user) -> QuerySet[Group]:
    role = _role(user)
    qs = Group.objects.all()
    if role in COUNTY_WIDE_READERS or role == Role.SCORER:
        return qs
    if role == Role.CLERK:
        return qs.filter(village__township_id=user.township_id)
    if role == Role.HELPER:
        return qs.filter(pk__in=households(user).values("group_id"))
    return qs.filter(village__in=villages(user))


def households(user) -> QuerySet[Household]:
    role = _role(user)
    qs = Household.objects.all()
    if role in COUNTY_WIDE_READERS:
        return qs
    if role == Role.CLERK:
        return qs.filter(township_id=user.township_id)
    if role == Role.VILLAGE_CADRE:
        return qs.filter(village_id=user.village_id)
    if role in {Role.INSPECTOR, Role.SURVEYOR}:
        return qs.filter(village_id__in=user.assigned_villages.values("pk"))
    if role == Role.HELPER:
        return qs.filter(pk__in=_helper_household_ids(user))
    return qs.none()


def _helper_household_ids(user):
    """Households an assisting cadre is paired with (replaced by the assistance app)."""
    return Household.objects.none().values("pk")


def departments(user) -> QuerySet[Department]:
    """Departments are public within the system (names of units, no personal data)."""
    if _role(user) is None:
        return Department.objects.none()
    return Department.objects.all()


# --- changing --------------------------------------------------------------------------


def editable_townships(user) -> QuerySet[Township]:
    role = _role(user)
    if role == Role.ADMIN:
        return Township.objects.all()
    if role == Role.CLERK:
        return Township.objects.filter(pk=user.township_id)
    return Township.objects.none()


def editable_villages(user) -> QuerySet[Village]:
    return Village.objects.filter(township__in=editable_townships(user))


def editable_groups(user) -> QuerySet[Group]:
    return Group.objects.filter(village__township__in=editable_townships(user))


def editable_households(user) -> QuerySet[Household]:
    role = _role(user)
    if role == Role.ADMIN:
        return Household.objects.all()
    if role == Role.CLERK:
        return Household.objects.filter(township_id=user.township_id)
    return Household.objects.none()


def can_edit_registry(user) -> bool:
    """Whether the user's role edits registry data at all (admin, clerk)."""
    return _role(user) in REGISTRY_EDITORS


def can_edit_household(user, household: Household) -> bool:
    role = _role(user)
    if role == Role.ADMIN:
        return True
    return role == Role.CLERK and household.township_id == user.township_id


def can_edit_village(user, village: Village) -> bool:
    role = _role(user)
    if role == Role.ADMIN:
        return True
    return role == Role.CLERK and village.township_id == user.township_id


def sees_full_id_numbers(user) -> bool:
    """Whether lists show full ID numbers: only to roles that edit households."""
    return can_edit_registry(user)


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
