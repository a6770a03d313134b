"""Which models have a history page, and how to scope them for a user.

Apps register their audited models in AppConfig.ready():

    audit_registry.register(Household, scope.households, related=household_related_history)

The history view looks the object up through the registered scope function, so a user
never reads the history of a row they may not see (404 instead). `related(obj)` may return
history querysets of child rows (members, income records) shown on the same page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class Registration:
    scoped_queryset: Callable[..., QuerySet]
    related: Callable[[Model], list[QuerySet]] | None = None


_REGISTRY: dict[str, Registration] = {}


def key_for(model: type[Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def register(model: type[Model], scoped_queryset: Callable[..., QuerySet], *, related=None) -> None:
    _REGISTRY[key_for(model)] = Registration(scoped_queryset, related)


def registration(key: str) -> Registration | None:
    return _REGISTRY.get(key)
