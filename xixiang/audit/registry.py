"""Which models have a history page, and how to scope them for a user.

Apps register their audited models in AppConfig.ready():

    audit_registry.register(Household, scope.households, related=household_related_history)

The history view looks the object up through the registered scope function, so a user
never reads the history of a row they may not see (404 instead). `related(obj)` may return
history querysets of child rows (members, income records) shown on the same page.

`masked` names the fields of the object and its child rows that hold personal data, each with
the function that masks a value, and `reveals(user, obj)` says who sees them in full: the same
rule as the object's own detail page (domain.md §3, §10: history pages mask as lists do).

    audit_registry.register(Household, scope.households, related=…,
                            masked={"head_id_number": mask_id_number, "id_number": mask_id_number},
                            reveals=scope.can_edit_household)
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class Registration:
    scoped_queryset: Callable[..., QuerySet]
    related: Callable[[Model], list[QuerySet]] | None = None
    masked: dict[str, Callable[[str], str]] = field(default_factory=dict)
    reveals: Callable[[object, Model], bool] | None = None

    def masks_for(self, user, obj: Model) -> dict[str, Callable[[str], str]]:
        """The field → mask functions to apply for `user` on `obj`'s history (none if revealed)."""
        if not self.masked or (self.reveals is not None and self.reveals(user, obj)):
            return {}
        return self.masked


_REGISTRY: dict[str, Registration] = {}


def key_for(model: type[Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def register(model: type[Model], scoped_queryset: Callable[..., QuerySet], *, related=None,
             masked: dict[str, Callable[[str], str]] | None = None, reveals=None) -> None:
    if masked and reveals is None:
        raise ValueError(f"{key_for(model)}: masked fields need a `reveals` rule")
    _REGISTRY[key_for(model)] = Registration(scoped_queryset, related, dict(masked or {}), reveals)


def registration(key: str) -> Registration | None:
    return _REGISTRY.get(key)
