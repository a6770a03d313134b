"""Cached figures: expensive aggregates that are read far more often than they change.

A figure is cached under the SQL of the query that computes it (so each scope, year and filter
has its own entry) and the *generations* of the models it reads. A generation is a counter in
the database (FigureGeneration), raised inside every transaction that writes that model's rows:
post_save/post_delete for ordinary writes (`depends_on` connects them), `bump()` for bulk paths
that send no signals (imports, the demo seeder). Because the counter lives in the database, the
cache may be per process (local memory, the default) or shared (Redis), and it is transactional:
a reader sees the new generation exactly when it sees the write, so a process never serves a
figure computed before a write it can see — the user's own write shows at once. (A reader reads
the generation before the figures; under READ COMMITTED a figure stored under a generation is
never older than that generation.)

The counter row is locked from the write until its transaction ends, so concurrent writers of
the same model wait for one another's commit there; the services that write these models are
short transactions. Entries also expire after TIMEOUT, and a database restored from a backup
needs the cache cleared (its generations go back).
"""

import hashlib
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import F, Model, QuerySet
from django.db.models.signals import post_delete, post_save

from .models import FigureGeneration

#: Seconds an entry lives at most.
TIMEOUT = 600
_connected: set[str] = set()


def _label(model) -> str:
    return model._meta.label_lower


def generations(models: Iterable[type[Model]]) -> tuple[int, ...]:
    """The current generation of each model (one query)."""
    labels = [_label(m) for m in models]
    found = dict(FigureGeneration.objects.filter(label__in=labels).values_list("label", "n"))
    return tuple(found.get(label, 0) for label in labels)


def bump(*models: type[Model]) -> None:
    """Mark the figures over `models` out of date (in the current transaction: readers see the
    new generation when they see the write)."""
    for label in sorted({_label(m) for m in models}):
        if not FigureGeneration.objects.filter(label=label).update(n=F("n") + 1):
            FigureGeneration.objects.get_or_create(label=label)
            FigureGeneration.objects.filter(label=label).update(n=F("n") + 1)


def bump_all() -> None:
    """Mark every figure out of date: the models registered with `depends_on` (the demo seeder,
    whose many bulk paths send no signals, calls this after its reset and after its seed)."""
    from django.apps import apps

    bump(*(apps.get_model(label) for label in sorted(_connected)))


def _on_write(sender, **kwargs):
    bump(sender)


def depends_on(*models: type[Model], deletes: bool = True) -> None:
    """Raise the generation of `models` after every save and delete of one of their rows.

    `deletes=False` connects saves only, for a model whose rows are deleted in bulk by a path
    that bumps explicitly: a post_delete receiver makes Django fetch every row a
    `QuerySet.delete()` removes (and so bump once per row) instead of one DELETE."""
    for model in models:
        if _label(model) not in _connected:
            _connected.add(_label(model))
            post_save.connect(_on_write, sender=model, dispatch_uid=f"figures-{_label(model)}-save")
            if deletes:
                post_delete.connect(_on_write, sender=model, dispatch_uid=f"figures-{_label(model)}-delete")


def query_key(queryset: QuerySet) -> str:
    """A key for what `queryset` reads: its SQL with parameters (scope, year and filters included);
    a queryset that can match nothing (`.none()`, `pk__in=[]`) has no SQL and one key per model."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return f"{queryset.db}:{queryset.model._meta.label}:nothing"
    return f"{queryset.db}:{sql}:{params!r}"


def cached_count(name: str, queryset: QuerySet, models: Iterable[type[Model]]) -> int:
    """`queryset.count()`, cached while no model of `models` has changed (see `cached`)."""
    return cached(name, query_key(queryset), models, queryset.count)


def cached(name: str, key: str, models: Iterable[type[Model]], compute: Callable):
    """`compute()`, or its value stored for `key` while no model of `models` has changed.

    One query to read the generations; `compute`'s queries only when the figure is not stored.
    """
    models = list(models)
    digest = hashlib.sha256(f"{key}|{generations(models)}".encode()).hexdigest()
    entry = f"figures:{name}:{digest}"
    value = cache.get(entry)
    if value is None:
        value = compute()
        cache.set(entry, value, TIMEOUT)
    return value
