"""Who reads and changes the plan and the commitments (目标任务, 目标承诺).

Reading: admin and leader the whole county; clerks their township; village cadres their own
village (and its township's own plan and commitment). Proposing targets: admin everywhere,
clerks for their township's villages and their township. Approving: the administrator.
Signing commitments: a village cadre their village's; a clerk their township's and its villages';
the administrator any. Names as in `villages/scope.py`.
"""

from django.db.models import Q, QuerySet

from villages import scope as village_scope
from villages.models import Township, Village
from xixiang.accounts.choices import Role
from xixiang.accounts.roles import COUNTY_WIDE_READERS, role_of

from .models import Commitment, Plan, TownshipPlan, VillagePlan, VillageTarget

READERS = COUNTY_WIDE_READERS | {Role.CLERK, Role.VILLAGE_CADRE}
PROPOSERS = frozenset({Role.ADMIN, Role.CLERK})
SIGNERS = frozenset({Role.ADMIN, Role.CLERK, Role.VILLAGE_CADRE})


def can_read_plan(user) -> bool:
    """Whether the role reads the plan at all (admin, leader, clerk, village cadre)."""
    return role_of(user) in READERS


def can_propose(user) -> bool:
    """Whether the role proposes targets, measures and responsible people (admin, clerk)."""
    return role_of(user) in PROPOSERS


def can_approve(user) -> bool:
    """Whether the role approves plans (the county administrator)."""
    return role_of(user) == Role.ADMIN


def can_sign(user) -> bool:
    """Whether the role records commitments (admin, clerk, village cadre)."""
    return role_of(user) in SIGNERS


def villages(user) -> QuerySet[Village]:
    """Villages whose targets and commitments the user reads."""
    if not can_read_plan(user):
        return Village.objects.none()
    return village_scope.villages(user)


def townships(user) -> QuerySet[Township]:
    if not can_read_plan(user):
        return Township.objects.none()
    return village_scope.townships(user)


def editable_villages(user) -> QuerySet[Village]:
    """Villages whose targets the user may propose or change."""
    if not can_propose(user):
        return Village.objects.none()
    return village_scope.editable_villages(user)


def editable_townships(user) -> QuerySet[Township]:
    if not can_propose(user):
        return Township.objects.none()
    return village_scope.editable_townships(user)


def plans(user) -> QuerySet[Plan]:
    """The county plans (their names and years are county data every reader sees)."""
    return Plan.objects.all() if can_read_plan(user) else Plan.objects.none()


def village_plans(user) -> QuerySet[VillagePlan]:
    role = role_of(user)
    if role in COUNTY_WIDE_READERS:
        return VillagePlan.objects.all()
    return VillagePlan.objects.filter(village__in=villages(user))


def editable_village_plans(user) -> QuerySet[VillagePlan]:
    return VillagePlan.objects.filter(village__in=editable_villages(user))


def village_targets(user) -> QuerySet[VillageTarget]:
    return VillageTarget.objects.filter(village_plan__in=village_plans(user))


def township_plans(user) -> QuerySet[TownshipPlan]:
    return TownshipPlan.objects.filter(township__in=townships(user))


def editable_township_plans(user) -> QuerySet[TownshipPlan]:
    return TownshipPlan.objects.filter(township__in=editable_townships(user))


def commitments(user) -> QuerySet[Commitment]:
    """Commitments the user reads: of their villages, and their townships' own."""
    role = role_of(user)
    if role in COUNTY_WIDE_READERS:
        return Commitment.objects.all()
    if not can_read_plan(user):
        return Commitment.objects.none()
    return Commitment.objects.filter(
        Q(village__in=villages(user)) | Q(village__isnull=True, township__in=townships(user))
    )


def signable_villages(user) -> QuerySet[Village]:
    """Villages whose commitment the user may record: a cadre their own, a clerk their township's
    (villages.scope.responsible_villages)."""
    return village_scope.responsible_villages(user)


def signable_townships(user) -> QuerySet[Township]:
    """Townships whose own commitment the user may record (admin, the township's clerk)."""
    role = role_of(user)
    if role == Role.ADMIN:
        return Township.objects.all()
    if role == Role.CLERK:
        return Township.objects.filter(pk=user.township_id)
    return Township.objects.none()


def editable_commitments(user) -> QuerySet[Commitment]:
    return Commitment.objects.filter(
        Q(village__in=signable_villages(user)) | Q(village__isnull=True, township__in=signable_townships(user))
    )


def can_edit_village_plan(user, village: Village) -> bool:
    """Whether `village` is in `editable_villages(user)`, without a query."""
    return can_propose(user) and village_scope.can_edit_village(user, village)


def can_sign_for(user, village: Village) -> bool:
    """Whether `village` is in `signable_villages(user)`, without a query."""
    return village_scope.is_responsible_for(user, village)
