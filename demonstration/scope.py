"""Which demonstration villages, meetings and follow-up actions a user may read or change.

Reading: the administrator and the county leader the whole county; a township clerk their
township; a village cadre their own village; other roles nothing. Changing: designations (type,
plan, leader, team, resident cadre) are the county administrator's; meetings and their actions
the administrator's and, in their own township, the clerk's (they decide and document them).
Names as in `villages/scope.py`; rows outside a user's scope answer 404 in the views.
"""

from django.db.models import QuerySet

from xixiang.accounts.choices import Role
from xixiang.accounts.roles import COUNTY_WIDE_READERS, role_of

from .models import Action, Designation, Meeting, ResidentCadre, TeamMember

READERS = COUNTY_WIDE_READERS | {Role.CLERK, Role.VILLAGE_CADRE}
MEETING_EDITORS = frozenset({Role.ADMIN, Role.CLERK})


def can_read(user) -> bool:
    """Whether the role reads demonstration villages at all (admin, leader, clerk, village cadre)."""
    return role_of(user) in READERS


def can_designate(user) -> bool:
    """Whether the role designates demonstration villages and keeps their team (the administrator)."""
    return role_of(user) == Role.ADMIN


def can_record_meetings(user) -> bool:
    """Whether the role records meetings and their actions (admin, clerk)."""
    return role_of(user) in MEETING_EDITORS


def _readable(model, user) -> QuerySet:
    role = role_of(user)
    if role in COUNTY_WIDE_READERS:
        return model.objects.all()
    if role == Role.CLERK:
        return model.objects.filter(township_id=user.township_id)
    if role == Role.VILLAGE_CADRE:
        field = "village_id" if model is not Action else "designation__village_id"
        return model.objects.filter(**{field: user.village_id})
    return model.objects.none()


def _editable(model, user) -> QuerySet:
    role = role_of(user)
    if role == Role.ADMIN:
        return model.objects.all()
    if role == Role.CLERK:
        return model.objects.filter(township_id=user.township_id)
    return model.objects.none()


def designations(user) -> QuerySet[Designation]:
    return _readable(Designation, user)


def editable_designations(user) -> QuerySet[Designation]:
    """Designations whose type, plan, leader, team and cadre the user may change: admin only."""
    return Designation.objects.all() if can_designate(user) else Designation.objects.none()


def meeting_designations(user) -> QuerySet[Designation]:
    """Designations the user may record meetings of: admin all, clerk their township."""
    return _editable(Designation, user)


def meetings(user) -> QuerySet[Meeting]:
    return _readable(Meeting, user)


def editable_meetings(user) -> QuerySet[Meeting]:
    return _editable(Meeting, user)


def actions(user) -> QuerySet[Action]:
    return _readable(Action, user)


def editable_actions(user) -> QuerySet[Action]:
    return _editable(Action, user)


def team_members(user) -> QuerySet[TeamMember]:
    return TeamMember.objects.filter(designation__in=designations(user).values("pk"))


def resident_cadres(user) -> QuerySet[ResidentCadre]:
    return ResidentCadre.objects.filter(designation__in=designations(user).values("pk"))
