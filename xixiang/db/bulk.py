"""Writing many rows at once, with a fraction of the ORM's Python work.

`insert_objects(Model, objs)` replaces `Model.objects.bulk_create(objs)` for plain models.
Measured on a roster import (30,714 members, 15,924 income records, 7,962 households):
`bulk_create` spent 5.2 s compiling SQL — per value it walks prepare_value, pre_save_val,
field_as_sql, modify_insert_params and get_db_prep_save — against 0.8 s in the database.
Most of a roster's values are text, integers and booleans that those steps hand on
unchanged. Here each field is looked at once per call: values of plain types go straight into
the parameter list, and every other value (dates, decimals, enums, anything unusual) still
goes through the field's own `get_db_prep_save`, so what is stored is what `bulk_create`
stores (tests/db/test_bulk.py compares the two). Gain: a small county's commit into an empty
county on SQLite 5.26 s → 2.83 s; on PostgreSQL 5,000 members 0.19 s (bulk_create) → 0.10 s,
the small county's commit 7.3 s → 3.8 s. bench/db_fast_paths.py, 5,000 members: 0.53 s →
0.10 s on SQLite, 0.26 s → 0.20 s on PostgreSQL.

One `INSERT … VALUES (…), (…) … RETURNING pk` per batch (on PostgreSQL `INSERT … SELECT *
FROM UNNEST(…)` with one array per column, as bulk_create does there: a 1,000-row VALUES list
of ~30,000 placeholders cost twice bulk_create's UNNEST); the objects get their primary keys
and are marked saved, as after `bulk_create`. No signals are sent (neither does bulk_create).

For anything this fast path does not cover — a primary key already set, multi-table
inheritance, a database that cannot return rows from a multi-row insert — it simply calls
`bulk_create`.

`insert_rows(Model, columns, rows)` inserts plain tuples and gives their primary keys back
(PostgreSQL: keys from the sequence, then one COPY; see its docstring).

`update_rows(Model, key, fields, rows)` replaces `bulk_update(objs, fields)` when the new
values are known per key (no instances): one `UPDATE … SET f = CASE key WHEN … THEN … END`
per 500 rows (see its docstring for the measured gain).
"""

from collections.abc import Sequence

from django.db import connections, router
from django.db.models import (
    AutoField,
    BigAutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    Field,
    ForeignKey,
    IntegerField,
    PositiveIntegerField,
    PositiveSmallIntegerField,
    SmallAutoField,
    SmallIntegerField,
    TextField,
)

#: Field classes (exactly these, not subclasses) whose get_db_prep_save returns a str, int,
#: bool or None unchanged.
PLAIN_FIELDS = frozenset({
    CharField, TextField, IntegerField, SmallIntegerField, BigIntegerField, PositiveIntegerField,
    PositiveSmallIntegerField, BooleanField,
})
PLAIN_VALUES = frozenset({str, int, bool, type(None)})
BATCH = 1000


def insert_objects(model, objs: list, *, batch_size: int = BATCH, using: str | None = None) -> list:
    """Insert unsaved instances of `model`; → objs, each with its primary key set.

    Foreign keys must be set by id or by saved objects (bulk_create would also refuse an
    unsaved related object; here the database's NOT NULL refuses it).
    """
    objs = list(objs)
    if not objs:
        return objs
    using = using or router.db_for_write(model)
    connection = connections[using]
    meta = model._meta
    pk_attname = meta.pk.attname
    if (meta.parents or not connection.features.can_return_rows_from_bulk_insert
            or any(obj.__dict__.get(pk_attname) is not None for obj in objs)):
        return model._default_manager.using(using).bulk_create(objs, batch_size=batch_size)
    fields = [field for field in meta.concrete_fields if not field.primary_key and not field.generated]
    readers = [_reader(field, connection) for field in fields]
    size = max(1, min(batch_size, connection.ops.bulk_batch_size(fields, objs)))
    statement = _UnnestInsert if connection.vendor == "postgresql" else _ValuesInsert
    statement = statement(connection, meta, fields)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            batch = objs[start:start + size]
            columns = [list(map(read, batch)) for read in readers]
            cursor.execute(*statement.sql_and_params(columns, len(batch)))
            for obj, (pk,) in zip(batch, cursor.fetchall(), strict=True):
                setattr(obj, meta.pk.attname, pk)
                obj._state.adding = False
                obj._state.db = using
    return objs


class _ValuesInsert:
    """INSERT … VALUES (…), (…) … RETURNING pk: one placeholder per value."""

    def __init__(self, connection, meta, fields):
        quote = connection.ops.quote_name
        self.head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
        self.row = f"({', '.join(['%s'] * len(fields))})"
        self.tail = f" RETURNING {quote(meta.pk.column)}"
        self.sql_by_rows = {}

    def sql_and_params(self, columns: list, rows: int) -> tuple[str, list]:
        sql = self.sql_by_rows.get(rows)
        if sql is None:
            sql = self.sql_by_rows[rows] = self.head + ", ".join([self.row] * rows) + self.tail
        return sql, [value for row in zip(*columns, strict=False) for value in row]


class _UnnestInsert:
    """PostgreSQL: INSERT … SELECT * FROM UNNEST(%s::type[], …) RETURNING pk, one array per
    column, as Django's own bulk_create does there (far less to quote and plan)."""

    def __init__(self, connection, meta, fields):
        quote = connection.ops.quote_name
        # Without length or precision (varchar[], not varchar(50)[]): nothing is truncated.
        arrays = ", ".join(f"(%s)::{field.db_type(connection).split('(')[0]}[]" for field in fields)
        self.sql = (f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
                    f"SELECT * FROM UNNEST({arrays}) RETURNING {quote(meta.pk.column)}")

    def sql_and_params(self, columns: list, rows: int) -> tuple[str, list]:
        return self.sql, columns


def has_pre_save(field) -> bool:
    """Whether `field` changes or makes its value as it is saved (auto_now dates, files); a
    date without auto_now or auto_now_add keeps its value (DateField.pre_save hands it on)."""
    if isinstance(field, DateField) and not (field.auto_now or field.auto_now_add):
        return type(field).pre_save not in (Field.pre_save, DateField.pre_save, DateTimeField.pre_save)
    return type(field).pre_save is not Field.pre_save


def _reader(field, connection):
    """A function obj → the parameter for `field`, as bulk_create would send it."""
    attname, prep = field.attname, field.get_db_prep_save
    if has_pre_save(field):
        return lambda obj: prep(field.pre_save(obj, True), connection)
    if not _is_plain(field):
        return lambda obj: prep(obj.__dict__[attname], connection)

    def read(obj):
        value = obj.__dict__[attname]
        return value if value.__class__ in PLAIN_VALUES else prep(value, connection)

    return read


def preparer(field, connection):
    """A function value → the parameter for `field`, as bulk_create would send it (no pre_save)."""
    prep = field.get_db_prep_save
    if not _is_plain(field):
        return lambda value: prep(value, connection)
    return lambda value: value if value.__class__ in PLAIN_VALUES else prep(value, connection)


def _is_plain(field) -> bool:
    if type(field) is ForeignKey:
        return type(field.target_field) in (AutoField, BigAutoField, SmallAutoField)
    return type(field) in PLAIN_FIELDS


def update_rows(model, key: str, fields: tuple[str, ...], rows: dict, *, chunk: int = 500,
                using: str | None = None) -> None:
    """Set `fields` of many rows to per-row values: `rows` maps a value of the column `key` to
    the tuple of new values (in `fields` order). One statement per `chunk` rows:
    `UPDATE … SET f = CASE key WHEN … THEN … END … WHERE key IN (…)`.

    Replaces `bulk_update(objs, fields)`, which needs an instance per row and builds a
    `Case(When(pk=…, then=Value(…)))` expression per row and field, compiled in Python: for the
    roster's re-derived household values (2,000 rows × 8 columns, bench/db_fast_paths.py)
    3.04 s against 0.06 s here on SQLite, 4.13 s against 0.72 s on PostgreSQL. The same rows
    result (tests/db/test_bulk.py). No `version` bump, no history, no signals: the caller
    does what it needs (xixiang.db.history).

    PostgreSQL needs the CAST (a CASE of untyped parameters is text). SQLite must not have it:
    CAST(… AS datetime) takes NUMERIC affinity and turns '2009-05-06 07:08:09' into 2009,
    while a plain parameter is stored by the column's affinity like any other write.
    """
    connection = connections[using or router.db_for_write(model)]
    quote = connection.ops.quote_name
    meta = model._meta
    key_column = quote(meta.get_field(key).column)
    items = list(rows.items())
    for start in range(0, len(items), chunk):
        part = items[start:start + chunk]
        sets, params = [], []
        for position, name in enumerate(fields):
            field = meta.get_field(name)
            then = "%s" if connection.vendor == "sqlite" else f"CAST(%s AS {field.db_type(connection)})"
            whens = []
            for key_value, values in part:
                whens.append(f"WHEN %s THEN {then}")
                params += [key_value, field.get_db_prep_save(values[position], connection)]
            sets.append(f"{quote(field.column)} = CASE {key_column} {' '.join(whens)} END")
        params += [key_value for key_value, _values in part]
        sql = (f"UPDATE {quote(meta.db_table)} SET {', '.join(sets)} "
               f"WHERE {key_column} IN ({', '.join(['%s'] * len(part))})")
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def insert_rows(model, columns: Sequence[str], rows: Sequence[Sequence], *, using: str | None = None) -> list:
    """Insert `rows` (tuples of values for the fields or attnames `columns`; every other field
    gets its default) into `model`'s table; → their new primary keys, in order.

    Replaces `insert_objects(Model, [Model(**dict(zip(columns, row))) for row in rows])` when
    the rows are plain tuples: no model instance is built (Model.__init__ was a third of a
    projects import, 50,000 allocations). On PostgreSQL the keys are taken from the table's
    sequence first (one `SELECT nextval(…) FROM generate_series(1, n)`) and the rows, keys
    included, go in one `COPY … FROM STDIN` (xixiang.db.copy): no parameter lists to quote
    (psycopg quotes UNNEST's arrays in Python). Elsewhere, one `INSERT … VALUES … RETURNING`
    per batch, as insert_objects. Values go through each field's `get_db_prep_save`, as there
    (tests/db/test_bulk.py compares the two). No signals are sent. Fields that make their own
    value as they are saved (auto_now dates, files) are refused.
    """
    rows = list(rows)
    if not rows:
        return []
    using = using or router.db_for_write(model)
    connection = connections[using]
    meta = model._meta
    given = [meta.get_field(name) for name in columns]
    names = {field.attname for field in given}
    others = [field for field in meta.concrete_fields
              if field.attname not in names and not field.primary_key and not field.generated]
    if any(has_pre_save(field) for field in given + others):
        raise ValueError(f"insert_rows cannot fill {model.__name__}'s fields that make their own value")
    defaults = tuple(field.get_default() for field in others)
    fields = given + others
    prepare = [preparer(field, connection) for field in fields]
    if connection.vendor == "postgresql":
        from .copy import copy_prepared

        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [meta.db_table, meta.pk.column, len(rows)])
            pks = [pk for (pk,) in cursor.fetchall()]
        copy_prepared(connection, meta.db_table, [meta.pk.column] + [field.column for field in fields],
                      ([pk, *[prep(value) for prep, value in zip(prepare, (*row, *defaults), strict=True)]]
                       for pk, row in zip(pks, rows, strict=True)))
        return pks
    statement = _ValuesInsert(connection, meta, fields)
    size = max(1, min(BATCH, connection.ops.bulk_batch_size(fields, rows)))
    pks = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = [[prep(value) for prep, value in zip(prepare, (*row, *defaults), strict=True)]
                     for row in rows[start:start + size]]
            cursor.execute(*statement.sql_and_params(list(zip(*batch, strict=True)), len(batch)))
            pks += [pk for (pk,) in cursor.fetchall()]
    return pks
