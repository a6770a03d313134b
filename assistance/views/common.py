"""What the assistance views share: the ledger table and role checks (403s through
xixiang.core.edit.require)."""

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from assistance import scope as assistance_scope
from xixiang.accounts import roles
from xixiang.accounts.choices import Role

from .. import filters, forms, tables
from ..models import HouseholdPairing, LeaderPairing, UnitPairing


@dataclass(frozen=True)
class LedgerConfig:
    key: str
    title: str
    model: type
    table: type
    filterset: type
    form: type
    read_scope: object
    edit_scope: object
    related: tuple[str, ...]


LEDGERS = {
    "leader": LedgerConfig(
        "leader",
        _("领导联点"),
        LeaderPairing,
        tables.LeaderPairingTable,
        filters.LeaderPairingFilter,
        forms.LeaderPairingForm,
        assistance_scope.leader_pairings,
        assistance_scope.editable_leader_pairings,
        ("leader__unit", "village", "township"),
    ),
    "unit": LedgerConfig(
        "unit",
        _("部门联村"),
        UnitPairing,
        tables.UnitPairingTable,
        filters.UnitPairingFilter,
        forms.UnitPairingForm,
        assistance_scope.unit_pairings,
        assistance_scope.editable_unit_pairings,
        ("unit", "village", "township"),
    ),
    "household": LedgerConfig(
        "household",
        _("干部联户"),
        HouseholdPairing,
        tables.HouseholdPairingTable,
        filters.HouseholdPairingFilter,
        forms.HouseholdPairingForm,
        assistance_scope.household_pairings,
        assistance_scope.editable_household_pairings,
        ("cadre__unit", "household", "village", "township"),
    ),
}


def ledger_or_404(key: str) -> LedgerConfig:
    try:
        return LEDGERS[key]
    except KeyError as exc:
        raise Http404 from exc


def is_helper(user) -> bool:
    return roles.has_role(user, Role.HELPER)


def may_read_ledger(user, ledger: str) -> bool:
    return assistance_scope.can_read_ledgers(user) or (ledger == "household" and is_helper(user))


def may_read_records(user) -> bool:
    return assistance_scope.can_read_ledgers(user) or is_helper(user)
