"""Which printed documents a user may read: score sheets, results lists, public notices, charts,
and the village notice boards (牌). Names as in `villages/scope.py`.

Score sheets, results, notices, charts: leader and administrator everything; township clerk their
township's; village cadre their village's score sheet; inspection team the score sheets of its
villages. A document of another scope answers 404 (the page, the PDF and the command alike); a
role that reads no such document answers 403. Built on the scopes below (villages, assessment).

Notice boards: a board is meant for the public, but reading and printing it in the system follows
the hierarchy: the administrator and the county leader every village, a township clerk their
township's villages, a village cadre their own village; no other role (a scorer, inspector,
surveyor or assisting cadre prints no boards). A batch covers a township (the clerk's own, or any
for the county-wide roles) or the whole county (county-wide roles only).
"""

from django.db.models import QuerySet

from assessment import scope as assessment_scope
from villages import scope as village_scope
from villages.models import Township, Village
from xixiang.accounts.choices import Role
from xixiang.accounts.roles import COUNTY_WIDE_READERS, is_county_wide, role_of

from .models import PublicNotice

SCORE_SHEET_READERS = COUNTY_WIDE_READERS | {Role.CLERK, Role.VILLAGE_CADRE, Role.INSPECTOR}
TOWNSHIP_DOCUMENT_READERS = COUNTY_WIDE_READERS | {Role.CLERK}


def can_read_score_sheets(user) -> bool:
    return role_of(user) in SCORE_SHEET_READERS


def score_sheet_villages(user) -> QuerySet[Village]:
    """Villages whose score sheet the user may print: an inspection team only its own villages."""
    role = role_of(user)
    if role == Role.INSPECTOR:
        return assessment_scope.inspection_villages(user)
    if role in SCORE_SHEET_READERS:
        return village_scope.villages(user)
    return Village.objects.none()


def can_read_county_documents(user) -> bool:
    """County results lists, county notices and the county charts: the leader and the administrator."""
    return role_of(user) in COUNTY_WIDE_READERS


def can_read_township_documents(user) -> bool:
    return role_of(user) in TOWNSHIP_DOCUMENT_READERS


def document_townships(user) -> QuerySet[Township]:
    """Townships whose results list, notices and charts the user may print."""
    if can_read_township_documents(user):
        return village_scope.townships(user)
    return Township.objects.none()


def can_read_place_documents(user, township_code: str) -> bool:
    """Whether `user` reads the documents (results list, summary) of the township `township_code`,
    or of the county when it is empty."""
    if township_code:
        return document_townships(user).filter(code=township_code).exists()
    return can_read_county_documents(user)


def notices(user) -> QuerySet[PublicNotice]:
    """Public notices: every one for the leader and the administrator, a clerk their township's."""
    role = role_of(user)
    if role in COUNTY_WIDE_READERS:
        return PublicNotice.objects.all()
    if role == Role.CLERK:
        return PublicNotice.objects.filter(township_id=user.township_id)
    return PublicNotice.objects.none()


def can_read_notices(user) -> bool:
    return can_read_township_documents(user)


def can_publish_notices(user) -> bool:
    """The administrator publishes county and township notices; a clerk their township's."""
    return role_of(user) in {Role.ADMIN, Role.CLERK}


def publishable_townships(user) -> QuerySet[Township]:
    role = role_of(user)
    if role == Role.ADMIN:
        return Township.objects.all()
    if role == Role.CLERK:
        return Township.objects.filter(pk=user.township_id)
    return Township.objects.none()


def can_publish_county_notices(user) -> bool:
    return role_of(user) == Role.ADMIN


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


# --- village dossiers (册) and printing many at once (documents/dossier.py, documents/print_kinds.py) ---


def dossier_villages(user) -> QuerySet[Village]:
    """Villages whose dossier the user may read: the administrator and the leader every village,
    a clerk their township's, a village cadre their own; no other role (404)."""
    return board_villages(user)


def print_townships(user) -> QuerySet[Township]:
    """Townships the user may print many documents of at once (a clerk their own)."""
    return board_townships(user)


def can_print_many(user) -> bool:
    return can_print_boards(user)


def can_print_county(user) -> bool:
    """Whether the user may print the whole county's documents at once (leader, administrator)."""
    return is_county_wide(user)
