"""Scope of the assistance ledgers (三联三帮): pairings, records, plans, income cards."""

from django.db.models import QuerySet

from households.models import Household

from ..choices import Role
from .registry import COUNTY_WIDE_READERS, _role, editable_households, households

# --- assistance app (三联三帮: pairings, assistance records, plans, income cards) ----------
#
# Reading: admin and leader the whole county; clerks their township; assisting cadres (helper)
# their own cadre, their own household pairings (active or ended), the records on them and
# the plans of their households. Changing: admin everywhere; clerks their township's pairings,
# records and plans; helpers the records and plans of their own active households.

PAIRING_MANAGERS = {Role.ADMIN, Role.CLERK}
ASSISTANCE_RECORDERS = {Role.ADMIN, Role.CLERK, Role.HELPER}


def can_manage_pairings(user) -> bool:
    """Whether the role creates, ends and changes pairings (admin, clerk)."""
    return _role(user) in PAIRING_MANAGERS


def can_record_assistance(user) -> bool:
    """Whether the role records assistance and edits plans (admin, clerk, helper)."""
    return _role(user) in ASSISTANCE_RECORDERS


def sees_assistance_ledgers(user) -> bool:
    """Whether the role reads the ledgers, roll-ups and rule checks (admin, leader, clerk)."""
    return _role(user) in COUNTY_WIDE_READERS | {Role.CLERK}


def cadres(user):
    from assistance.models import Cadre

    role = _role(user)
    if role in COUNTY_WIDE_READERS or role == Role.CLERK:
        return Cadre.objects.all()
    if role == Role.HELPER:
        return Cadre.objects.filter(user=user)
    return Cadre.objects.none()


def _by_township(model, user, *, editable: bool):
    role = _role(user)
    if role == Role.ADMIN or (role == Role.LEADER and not editable):
        return model.objects.all()
    if role == Role.CLERK:
        return model.objects.filter(township_id=user.township_id)
    return model.objects.none()


def leader_pairings(user):
    from assistance.models import LeaderPairing

    return _by_township(LeaderPairing, user, editable=False)


def editable_leader_pairings(user):
    from assistance.models import LeaderPairing

    return _by_township(LeaderPairing, user, editable=True)


def unit_pairings(user):
    from assistance.models import UnitPairing

    return _by_township(UnitPairing, user, editable=False)


def editable_unit_pairings(user):
    from assistance.models import UnitPairing

    return _by_township(UnitPairing, user, editable=True)


def household_pairings(user):
    from assistance.models import HouseholdPairing

    if _role(user) == Role.HELPER:
        return HouseholdPairing.objects.filter(cadre__user=user)
    return _by_township(HouseholdPairing, user, editable=False)


def editable_household_pairings(user):
    """Pairings the user may end or change (admin, clerk); helpers record on theirs, see below."""
    from assistance.models import HouseholdPairing

    return _by_township(HouseholdPairing, user, editable=True)


def recordable_household_pairings(user):
    """Household pairings the user may add assistance records to."""
    from assistance.selectors import active_household_pairings

    if _role(user) == Role.HELPER:
        return active_household_pairings().filter(cadre__user=user)
    return editable_household_pairings(user)


def assistance_records(user):
    from assistance.models import AssistanceRecord

    if _role(user) == Role.HELPER:
        return AssistanceRecord.objects.filter(household_pairing__cadre__user=user)
    return _by_township(AssistanceRecord, user, editable=False)


def household_plans(user):
    from assistance.models import HouseholdPlan

    return HouseholdPlan.objects.filter(household__in=households(user))


def plan_households(user) -> QuerySet[Household]:
    """Households whose plans the user may write: admin all, clerk their township, helper own."""
    role = _role(user)
    if role == Role.HELPER:
        return households(user)
    return editable_households(user)


def township_cadres(user):
    """Cadres a rule check shows: all for county readers; for a clerk, the cadres of their
    township's stations and villages and those holding households there."""
    from django.db.models import Exists, OuterRef, Q

    from assistance.models import HouseholdPairing

    role = _role(user)
    qs = cadres(user)
    if role == Role.CLERK:
        pairs_here = HouseholdPairing.objects.filter(cadre=OuterRef("pk"), township_id=user.township_id)
        return qs.filter(
            Q(unit__township_id=user.township_id) | Q(village__township_id=user.township_id) | Exists(pairs_here)
        )
    if role in COUNTY_WIDE_READERS:
        return qs
    return qs.none()
