"""The working year: the year the county is working on, which pages offer by default (a new
household's first plan, an archive upload's year) instead of today's calendar year.

It is the open assessment cycle's year. The assessment app knows it and registers, in its
`AppConfig.ready()`, `working_year.register(provider)`, where `provider()` returns the year or
None; lower apps (households, archives, assistance) ask `working_year.current()` without
importing assessment. With no provider, or none answering, it is today's year.
"""

from collections.abc import Callable

from django.utils import timezone

_provider: Callable[[], int | None] | None = None


def register(provider: Callable[[], int | None]) -> None:
    """Name the function that knows the working year (registering again replaces it)."""
    global _provider
    _provider = provider


def current() -> int:
    """The working year (one query with assessment's provider)."""
    year = _provider() if _provider is not None else None
    return year if year is not None else timezone.localdate().year
