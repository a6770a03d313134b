"""Scope of the registry: townships, villages, groups, households, departments; roster imports."""

from django.db.models import QuerySet

from households.models import Household
from villages.models import Department, Group, Township, Village

from ..choices import Role

COUNTY_WIDE_READERS = {Role.ADMIN, Role.LEADER}
REGISTRY_EDITORS = {Role.ADMIN, Role.CLERK}


def _role(user) -> str | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    return user.role


def is_township_bound(user) -> bool:
    """Whether the user works inside one township at most (clerk, village cadre)."""
    return _role(user) in {Role.CLERK, Role.VILLAGE_CADRE}


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
    """Households of the assisting cadre's own active pairings (assistance app)."""
    from assistance.selectors import active_household_pairings

    return active_household_pairings().filter(cadre__user=user).values("household_id")


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


# --- households: roster import and export (households.roster) --------------------------


def can_import_roster(user) -> bool:
    """Township clerks (their township) and the county administrator import rosters."""
    return _role(user) in REGISTRY_EDITORS


def import_batches(user):
    """Import batches the user may see: all for the administrator, their township's for a clerk."""
    from households.models import ImportBatch

    role = _role(user)
    if role == Role.ADMIN:
        return ImportBatch.objects.all()
    if role == Role.CLERK:
        return ImportBatch.objects.filter(township_id=user.township_id)
    return ImportBatch.objects.none()
