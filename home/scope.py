"""Who reads the cycle's checklist (待办清单) and which of its parts, and the county overview.

The administrator and the leader read every part; a department's scorer the indicators their
department scores (assessment.scope.department_indicators); a township clerk their township; a
surveyor the villages they survey; an inspection group its own progress. Other roles: 403."""

from django.db.models import QuerySet

from assessment import scope as assessment_scope
from assessment.models import Cycle, CycleIndicator
from villages.models import Township, Village
from xixiang.accounts.choices import Role
from xixiang.accounts.models import User
from xixiang.accounts.roles import COUNTY_WIDE_READERS, role_of

#: The checklist's parts and the roles (besides the administrator and the leader) reading each.
PART_READERS = {
    "departments": Role.SCORER,
    "townships": Role.CLERK,
    "survey": Role.SURVEYOR,
    "inspection": Role.INSPECTOR,
}
CHECKLIST_READERS = COUNTY_WIDE_READERS | set(PART_READERS.values())
#: Who reads the county overview (/overview/): the roles with a territory of households (the
#: county, a township, a village, assigned villages); a department's scorer and an assisting
#: cadre read no households, so the overview would show them zeros.
OVERVIEW_READERS = COUNTY_WIDE_READERS | {Role.CLERK, Role.VILLAGE_CADRE, Role.INSPECTOR, Role.SURVEYOR}


def can_read_overview(user) -> bool:
    return role_of(user) in OVERVIEW_READERS


def can_read_checklist(user) -> bool:
    return role_of(user) in CHECKLIST_READERS


def can_read_checklist_part(user, part: str) -> bool:
    role = role_of(user)
    return role in COUNTY_WIDE_READERS or (role is not None and PART_READERS.get(part) == role)


def checklist_indicators(user, cycle: Cycle) -> QuerySet[CycleIndicator]:
    """The cycle's indicators whose empty cells the user sees."""
    if role_of(user) in COUNTY_WIDE_READERS:
        return cycle.indicators.all()
    if role_of(user) == Role.SCORER:
        return assessment_scope.department_indicators(user, cycle)
    return cycle.indicators.none()


def checklist_townships(user) -> QuerySet[Township]:
    """Townships whose registry and archive gaps the user sees."""
    role = role_of(user)
    if role in COUNTY_WIDE_READERS:
        return Township.objects.all()
    if role == Role.CLERK and user.township_id:
        return Township.objects.filter(pk=user.township_id)
    return Township.objects.none()


def checklist_survey_villages(user) -> QuerySet[Village]:
    """Villages whose survey progress the user sees."""
    if role_of(user) in COUNTY_WIDE_READERS:
        return Village.objects.all()
    return assessment_scope.survey_villages(user)


def checklist_inspectors(user) -> QuerySet[User]:
    """Inspection groups whose progress the user sees: all for county readers, one's own group."""
    role = role_of(user)
    inspectors = User.objects.filter(role=Role.INSPECTOR, is_active=True)
    if role in COUNTY_WIDE_READERS:
        return inspectors
    if role == Role.INSPECTOR:
        return inspectors.filter(pk=user.pk)
    return User.objects.none()
