"""Role predicates: what a user's role allows, whatever the rows. Imports no app.

Which rows a user may see or change is each app's own business, in `<app>/scope.py`, built on
these predicates (domain.md §1):

  admin, leader       the whole county
  clerk               their township
  village cadre       their village
  scorer              every village (to score it), no households
  inspector, surveyor their assigned villages, and those villages' households
  helper              the households of their own active pairings (assistance app)

A lower app sometimes needs rows a higher app decides (an assisting cadre reaches the households
of their pairings, which the assistance app knows): the lower app's scope declares a `Reach`, and
the higher app fills it in its `AppConfig.ready()`, the way apps register their history pages.
"""

from collections.abc import Callable

from django.db.models import QuerySet

from .choices import Role

COUNTY_WIDE_READERS = frozenset({Role.ADMIN, Role.LEADER})
REGISTRY_EDITORS = frozenset({Role.ADMIN, Role.CLERK})


def role_of(user) -> str | None:
    """The user's role; None for anonymous or inactive users; superusers act as administrators."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    return user.role


def is_admin(user) -> bool:
    return role_of(user) == Role.ADMIN


def has_role(user, *roles: str) -> bool:
    return role_of(user) in roles


def is_county_wide(user) -> bool:
    """Whether the user reads the whole county (administrator, county leader)."""
    return role_of(user) in COUNTY_WIDE_READERS


def is_township_bound(user) -> bool:
    """Whether the user works inside one township at most (clerk, village cadre)."""
    return role_of(user) in {Role.CLERK, Role.VILLAGE_CADRE}


def can_edit_registry(user) -> bool:
    """Whether the user's role edits registry data at all (admin, clerk)."""
    return role_of(user) in REGISTRY_EDITORS


def sees_full_id_numbers(user) -> bool:
    """Whether lists show full ID numbers: only to roles that edit households."""
    return can_edit_registry(user)


class Reach:
    """Rows some roles reach through a higher app, asked for by a lower app's scope.

    The lower app declares `household_reach = Reach("…")` in its scope module and calls
    `household_reach(user)`: the registered provider's queryset for the user's role, or None
    when no app registered one for that role (the role then reaches nothing this way).
    """

    def __init__(self, description: str):
        self.description = description
        self._providers: dict[str, Callable[[object], QuerySet]] = {}

    def register(self, role: str, provider: Callable[[object], QuerySet]) -> None:
        self._providers[role] = provider

    def __call__(self, user) -> QuerySet | None:
        provider = self._providers.get(role_of(user))
        return provider(user) if provider is not None else None
