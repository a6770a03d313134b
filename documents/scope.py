"""Which notice boards (牌) a user may read and print (names as in `villages/scope.py`).

A board is meant for the public, but reading and printing it in the system follows the
hierarchy: the administrator and the county leader every village, a township clerk their
township's villages, a village cadre their own village; no other role (a scorer, inspector,
surveyor or assisting cadre prints no boards). A batch covers a township (the clerk's own, or any
for the county-wide roles) or the whole county (county-wide roles only).
"""

from django.db.models import QuerySet

from villages import scope as village_scope
from villages.models import Township, Village
from xixiang.accounts.choices import Role
from xixiang.accounts.roles import is_county_wide, role_of

BOARD_READERS = frozenset({Role.ADMIN, Role.LEADER, Role.CLERK, Role.VILLAGE_CADRE})
BATCH_PRINTERS = frozenset({Role.ADMIN, Role.LEADER, Role.CLERK})


def board_villages(user) -> QuerySet[Village]:
    """Villages whose board the user may read (page and PDF)."""
    if role_of(user) not in BOARD_READERS:
        return Village.objects.none()
    return village_scope.villages(user)


def board_townships(user) -> QuerySet[Township]:
    """Townships whose boards the user may print as one batch."""
    if role_of(user) not in BATCH_PRINTERS:
        return Township.objects.none()
    return village_scope.townships(user)


def can_print_boards(user) -> bool:
    """Whether the user's role prints batches of boards at all."""
    return role_of(user) in BATCH_PRINTERS


def can_print_county_boards(user) -> bool:
    """Whether the user may print the whole county's boards as one batch."""
    return is_county_wide(user)
