"""Which townships, villages, groups and departments a user may see or change.

Every view, export, download, task and PDF takes hierarchy rows from here; nothing else filters
by township or village for permission reasons. Names: `<rows>(user)` what the user may read,
`editable_<rows>(user)` what they may change, `can_<verb>(user, obj)` a yes/no on one object.

Roles that reach the hierarchy only through households (the assisting cadre) are answered by
`household_reach`, which the households app fills in (households sit above villages).
"""

from django.db.models import QuerySet

from xixiang.accounts.choices import Role
from xixiang.accounts.roles import COUNTY_WIDE_READERS, Reach, role_of

from .models import Department, Group, Township, Village

household_reach = Reach("households through which a role reaches their groups, villages and townships")

_COUNTY_WIDE_HIERARCHY = COUNTY_WIDE_READERS | {Role.SCORER}
_ASSIGNED = {Role.INSPECTOR, Role.SURVEYOR}


def _through_households(qs: QuerySet, user, field: str) -> QuerySet:
    reached = household_reach(user)
    return qs.none() if reached is None else qs.filter(pk__in=reached.values(field))


def townships(user) -> QuerySet[Township]:
    role = role_of(user)
    qs = Township.objects.all()
    if role in _COUNTY_WIDE_HIERARCHY:
        return qs
    if role == Role.CLERK:
        return qs.filter(pk=user.township_id)
    if role == Role.VILLAGE_CADRE:
        return qs.filter(villages__pk=user.village_id)
    if role in _ASSIGNED:
        return qs.filter(villages__in=user.assigned_villages.all()).distinct()
    return _through_households(qs, user, "township_id")


def villages(user) -> QuerySet[Village]:
    role = role_of(user)
    qs = Village.objects.all()
    if role in _COUNTY_WIDE_HIERARCHY:
        return qs
    if role == Role.CLERK:
        return qs.filter(township_id=user.township_id)
    if role == Role.VILLAGE_CADRE:
        return qs.filter(pk=user.village_id)
    if role in _ASSIGNED:
        return qs.filter(pk__in=user.assigned_villages.values("pk"))
    return _through_households(qs, user, "village_id")


def follows_user_row(user) -> bool:
    """Whether `villages(user)` follows from the user's own row alone (role, township, village):
    the county-wide roles, clerks and village cadres. A figure cached under the SQL of their scope
    stays right while the figure's own models do not change; the villages of inspectors, surveyors
    and assisting cadres follow their assignments and pairings, which no figure's generation tracks."""
    return role_of(user) in _COUNTY_WIDE_HIERARCHY | {Role.CLERK, Role.VILLAGE_CADRE}


def groups(user) -> QuerySet[Group]:
    role = role_of(user)
    qs = Group.objects.all()
    if role in _COUNTY_WIDE_HIERARCHY:
        return qs
    if role == Role.CLERK:
        return qs.filter(village__township_id=user.township_id)
    if role in {Role.VILLAGE_CADRE, *_ASSIGNED}:
        return qs.filter(village__in=villages(user))
    return _through_households(qs, user, "group_id")


def departments(user) -> QuerySet[Department]:
    """Departments are public within the system (names of units, no personal data)."""
    if role_of(user) is None:
        return Department.objects.none()
    return Department.objects.all()


def editable_townships(user) -> QuerySet[Township]:
    role = role_of(user)
    if role == Role.ADMIN:
        return Township.objects.all()
    if role == Role.CLERK:
        return Township.objects.filter(pk=user.township_id)
    return Township.objects.none()


def editable_villages(user) -> QuerySet[Village]:
    return Village.objects.filter(township__in=editable_townships(user))


def editable_groups(user) -> QuerySet[Group]:
    return Group.objects.filter(village__township__in=editable_townships(user))


def can_edit_village(user, village: Village) -> bool:
    role = role_of(user)
    if role == Role.ADMIN:
        return True
    return role == Role.CLERK and village.township_id == user.township_id


def responsible_villages(user) -> QuerySet[Village]:
    """Villages the user answers for: every village for the county administrator, the township's
    for a clerk, their own for a village cadre (who uploads archives, signs commitments)."""
    role = role_of(user)
    if role == Role.ADMIN:
        return Village.objects.all()
    if role == Role.CLERK:
        return Village.objects.filter(township_id=user.township_id)
    if role == Role.VILLAGE_CADRE:
        return Village.objects.filter(pk=user.village_id)
    return Village.objects.none()


def is_responsible_for(user, village: Village) -> bool:
    """Whether `village` is in `responsible_villages(user)`, without a query: the village page
    asks it for several sections (tests/villages/test_scope_predicates.py holds the two together)."""
    role = role_of(user)
    if role == Role.ADMIN:
        return True
    if role == Role.CLERK:
        return village.township_id == user.township_id
    return role == Role.VILLAGE_CADRE and village.pk == user.village_id
