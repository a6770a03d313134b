"""Thousands of keys as one query parameter: `Model.objects.filter(field__in=key_set(keys))`.

An import looks rows up by a few thousand keys at a time. Written as `field__in=keys`, Django
compiles one placeholder per key, and on PostgreSQL psycopg (bound on the client side, as
Django sets it up) then quotes every key in Python: 21 ms for 2,000 household numbers against
4 ms for the same rows fetched this way (measured on the full demo county). Here the keys
travel as one parameter that the database splits:

- PostgreSQL: `SELECT unnest(string_to_array(%s, ','))`, with a cast for integer keys; keys
  are integers, or strings without a comma (ID numbers, household numbers);
- SQLite: `SELECT value FROM json_each(%s)` with the keys as a JSON array.

Anything else (other key types, other databases) gets the plain list back, so the result is
always that of `field__in=keys`.
"""

import json
from collections.abc import Collection

from django.db import connections
from django.db.models.expressions import RawSQL


def key_set(keys: Collection, *, using: str = "default") -> RawSQL | list:
    """The right-hand side of `field__in=` for many string or integer keys (module docstring)."""
    keys = list(keys)
    vendor = connections[using].vendor
    types = set(map(type, keys))
    if types == {int}:
        if vendor == "postgresql":
            return RawSQL("SELECT unnest(CAST(string_to_array(%s, ',') AS bigint[]))", [",".join(map(str, keys))])
        if vendor == "sqlite":
            return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(keys)])
    elif types == {str}:
        if vendor == "postgresql":
            joined = ",".join(keys)
            if joined.count(",") == len(keys) - 1:  # no key holds a comma
                return RawSQL("SELECT unnest(string_to_array(%s, ','))", [joined])
        if vendor == "sqlite":
            return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(keys, ensure_ascii=False)])
    return keys


def key_condition(column_sql: str, keys: Collection, *, using: str = "default") -> tuple[str, list]:
    """`column IN (…)` as SQL and parameters, for a hand-written query."""
    rhs = key_set(keys, using=using)
    if isinstance(rhs, RawSQL):
        return f"{column_sql} IN ({rhs.sql})", list(rhs.params)
    return f"{column_sql} IN ({', '.join(['%s'] * len(rhs))})", rhs
