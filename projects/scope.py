"""Which projects and allocations a user may read or change (domain.md §1, §6).

Reading: the catalogue is read by the administrator, the county leader, department scorers and
township clerks (names, levels and sums, no personal data). Allocations: admin and leader the
county; scorers their department's projects' allocations; clerks their township's; village
cadres their village's. Changing: the administrator everything; a department scorer (the
department's user) the projects of their department and their allocations, to villages in
reach: the whole county for a county department, its own township for a township station.
Names as in `villages/scope.py`.
"""

from django.db.models import QuerySet

from villages import scope as village_scope
from villages.models import Village
from xixiang.accounts.choices import Role
from xixiang.accounts.roles import COUNTY_WIDE_READERS, role_of

from .models import Allocation, Project

CATALOGUE_READERS = COUNTY_WIDE_READERS | {Role.SCORER, Role.CLERK}
EDITORS = frozenset({Role.ADMIN, Role.SCORER})


def can_read_catalogue(user) -> bool:
    """Whether the role reads the project catalogue and the county reports."""
    return role_of(user) in CATALOGUE_READERS


def can_edit_projects(user) -> bool:
    """Whether the role keeps projects at all (admin; a scorer with a department)."""
    role = role_of(user)
    return role == Role.ADMIN or (role == Role.SCORER and user.department_id is not None)


def can_read_allocations(user) -> bool:
    return role_of(user) in CATALOGUE_READERS | {Role.VILLAGE_CADRE}


def projects(user) -> QuerySet[Project]:
    if role_of(user) in CATALOGUE_READERS:
        return Project.objects.all()
    return Project.objects.none()


def editable_projects(user) -> QuerySet[Project]:
    role = role_of(user)
    if role == Role.ADMIN:
        return Project.objects.all()
    if role == Role.SCORER and user.department_id is not None:
        return Project.objects.filter(department_id=user.department_id)
    return Project.objects.none()


def allocations(user) -> QuerySet[Allocation]:
    role = role_of(user)
    if role in COUNTY_WIDE_READERS:
        return Allocation.objects.all()
    if role == Role.SCORER and user.department_id is not None:
        return Allocation.objects.filter(project__department_id=user.department_id)
    if role == Role.CLERK:
        return Allocation.objects.filter(township_id=user.township_id)
    if role == Role.VILLAGE_CADRE:
        return Allocation.objects.filter(village_id=user.village_id)
    return Allocation.objects.none()


def allocatable_villages(user) -> QuerySet[Village]:
    """Villages the user may allocate funds to: admin all; a scorer of a county department
    every village, of a township station that township's villages; nobody else any."""
    role = role_of(user)
    if role == Role.ADMIN:
        return Village.objects.all()
    if role == Role.SCORER and user.department_id is not None:
        township_id = user.department.township_id
        villages = village_scope.villages(user)
        return villages.filter(township_id=township_id) if township_id else villages
    return Village.objects.none()


def editable_allocations(user) -> QuerySet[Allocation]:
    return Allocation.objects.filter(project__in=editable_projects(user).values("pk"),
                                     village__in=allocatable_villages(user).values("pk"))


def can_edit_project(user, project: Project) -> bool:
    return editable_projects(user).filter(pk=project.pk).exists()


def can_allocate(user, project: Project, village: Village) -> bool:
    return can_edit_project(user, project) and allocatable_villages(user).filter(pk=village.pk).exists()
