"""Which households and roster imports a user may see or change.

Names as in `villages/scope.py`. An assisting cadre sees the households of their own active
pairings: the assistance app (above this one) fills `assigned_households` in its ready().
"""

from django.db.models import QuerySet

from xixiang.accounts.choices import Role
from xixiang.accounts.roles import COUNTY_WIDE_READERS, REGISTRY_EDITORS, Reach, role_of

from .models import Household, ImportBatch

assigned_households = Reach("households assigned to a role by another app, as a values('household_id') queryset")


def households(user) -> QuerySet[Household]:
    role = role_of(user)
    qs = Household.objects.all()
    if role in COUNTY_WIDE_READERS:
        return qs
    if role == Role.CLERK:
        return qs.filter(township_id=user.township_id)
    if role == Role.VILLAGE_CADRE:
        return qs.filter(village_id=user.village_id)
    if role in {Role.INSPECTOR, Role.SURVEYOR}:
        return qs.filter(village_id__in=user.assigned_villages.values("pk"))
    assigned = assigned_households(user)
    return qs.none() if assigned is None else qs.filter(pk__in=assigned)


def editable_households(user) -> QuerySet[Household]:
    role = role_of(user)
    if role == Role.ADMIN:
        return Household.objects.all()
    if role == Role.CLERK:
        return Household.objects.filter(township_id=user.township_id)
    return Household.objects.none()


def can_edit_household(user, household: Household) -> bool:
    role = role_of(user)
    if role == Role.ADMIN:
        return True
    return role == Role.CLERK and household.township_id == user.township_id


def can_import_roster(user) -> bool:
    """Township clerks (their township) and the county administrator import rosters."""
    return role_of(user) in REGISTRY_EDITORS


def import_batches(user) -> QuerySet[ImportBatch]:
    """Import batches the user may see: all for the administrator, their township's for a clerk."""
    role = role_of(user)
    if role == Role.ADMIN:
        return ImportBatch.objects.all()
    if role == Role.CLERK:
        return ImportBatch.objects.filter(township_id=user.township_id)
    return ImportBatch.objects.none()
