"""Which pairings, assistance records, plans and cadres (三联三帮) a user may read or change.

Reading: admin and leader the whole county; clerks their township; assisting cadres (helper)
their own cadre, their own household pairings (active or ended), the records on them and
the plans of their households. Changing: admin everywhere; clerks their township's pairings,
records and plans; helpers the records and plans of their own active households.
Names as in `villages/scope.py`.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from households import scope as household_scope
from households.models import Household
from xixiang.accounts.choices import Role
from xixiang.accounts.roles import COUNTY_WIDE_READERS, role_of

from .models import AssistanceRecord, Cadre, HouseholdPairing, HouseholdPlan, LeaderPairing, UnitPairing
from .selectors import active_household_pairings

PAIRING_MANAGERS = frozenset({Role.ADMIN, Role.CLERK})
RECORDERS = frozenset({Role.ADMIN, Role.CLERK, Role.HELPER})


def can_manage_pairings(user) -> bool:
    """Whether the role creates, ends and changes pairings (admin, clerk)."""
    return role_of(user) in PAIRING_MANAGERS


def can_record(user) -> bool:
    """Whether the role records assistance and edits plans (admin, clerk, helper)."""
    return role_of(user) in RECORDERS


def can_read_ledgers(user) -> bool:
    """Whether the role reads the ledgers, roll-ups and rule checks (admin, leader, clerk)."""
    return role_of(user) in COUNTY_WIDE_READERS | {Role.CLERK}


def helper_household_ids(user) -> QuerySet:
    """Households of the assisting cadre's own active pairings, as household ids (registered
    with the households scope in apps.py: helpers see exactly these households)."""
    if role_of(user) != Role.HELPER:
        return HouseholdPairing.objects.none().values("household_id")
    return active_household_pairings().filter(cadre__user=user).values("household_id")


def cadres(user) -> QuerySet[Cadre]:
    role = role_of(user)
    if role in COUNTY_WIDE_READERS or role == Role.CLERK:
        return Cadre.objects.all()
    if role == Role.HELPER:
        return Cadre.objects.filter(user=user)
    return Cadre.objects.none()


def _by_township(model, user, *, editable: bool) -> QuerySet:
    role = role_of(user)
    if role == Role.ADMIN or (role == Role.LEADER and not editable):
        return model.objects.all()
    if role == Role.CLERK:
        return model.objects.filter(township_id=user.township_id)
    return model.objects.none()


def leader_pairings(user) -> QuerySet[LeaderPairing]:
    return _by_township(LeaderPairing, user, editable=False)


def editable_leader_pairings(user) -> QuerySet[LeaderPairing]:
    return _by_township(LeaderPairing, user, editable=True)


def unit_pairings(user) -> QuerySet[UnitPairing]:
    return _by_township(UnitPairing, user, editable=False)


def editable_unit_pairings(user) -> QuerySet[UnitPairing]:
    return _by_township(UnitPairing, user, editable=True)


def household_pairings(user) -> QuerySet[HouseholdPairing]:
    if role_of(user) == Role.HELPER:
        return HouseholdPairing.objects.filter(cadre__user=user)
    return _by_township(HouseholdPairing, user, editable=False)


def editable_household_pairings(user) -> QuerySet[HouseholdPairing]:
    """Pairings the user may end or change (admin, clerk); helpers record on theirs, see below."""
    return _by_township(HouseholdPairing, user, editable=True)


def recordable_household_pairings(user) -> QuerySet[HouseholdPairing]:
    """Household pairings the user may add assistance records to."""
    if role_of(user) == Role.HELPER:
        return active_household_pairings().filter(cadre__user=user)
    return editable_household_pairings(user)


def records(user) -> QuerySet[AssistanceRecord]:
    if role_of(user) == Role.HELPER:
        return AssistanceRecord.objects.filter(household_pairing__cadre__user=user)
    return _by_township(AssistanceRecord, user, editable=False)


def plans(user) -> QuerySet[HouseholdPlan]:
    return HouseholdPlan.objects.filter(household__in=household_scope.households(user))


def plan_households(user) -> QuerySet[Household]:
    """Households whose plans the user may write: admin all, clerk their township, helper own."""
    if role_of(user) == Role.HELPER:
        return household_scope.households(user)
    return household_scope.editable_households(user)


def can_plan(user, household: Household) -> bool:
    """Whether the user may write this household's plans (the household page's edit links)."""
    return can_record(user) and plan_households(user).filter(pk=household.pk).exists()


def township_cadres(user) -> QuerySet[Cadre]:
    """Cadres a rule check shows: all for county readers; for a clerk, the cadres of their
    township's stations and villages and those holding households there."""
    role = role_of(user)
    qs = cadres(user)
    if role == Role.CLERK:
        pairs_here = HouseholdPairing.objects.filter(cadre=OuterRef("pk"), township_id=user.township_id)
        return qs.filter(
            Q(unit__township_id=user.township_id) | Q(village__township_id=user.township_id) | Exists(pairs_here)
        )
    if role in COUNTY_WIDE_READERS:
        return qs
    return qs.none()
