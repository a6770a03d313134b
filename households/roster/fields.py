"""Model columns the import engine reads and compares (values_list order)."""

import itertools
from decimal import Decimal

from django.db.models import Case, CharField, DecimalField, F, Func, Value, When, signals
from django.db.models.base import ModelState

from xixiang.lib.keys import key_condition

from ..models import INDUSTRY_FIELDS, Household, IncomeRecord, Member

INDUSTRY_ORDER = tuple(INDUSTRY_FIELDS)
SIMPLE_FIELDS = ("head_name", "head_id_number", "phone", "labour_count", *INDUSTRY_FIELDS.values(),
                 "has_income_project", "hardship")
#: Derived from income, members and the file's 户类别 (engine.RosterImport.desired).
RESULT_FIELDS = ("resident_count", "latest_income_year", "latest_per_capita_income", "computed_category",
                 "category_override", "category_override_reason", "category")
COMPARED_FIELDS = SIMPLE_FIELDS + RESULT_FIELDS
INCOME_ITEMS = ("total_income", "business_expenses", "taxes_and_fees", "depreciation", "gifts_outside",
                "resident_members")
INCOME_UPDATE_FIELDS = (*INCOME_ITEMS, "net_income", "per_capita_net_income")
MEMBER_COMPARED = ("name", "relation", "sex", "labour_ability", "health")
#: The columns of stored rows an import reads: keys and what it compares. Not the timestamps
#: and other columns the roster does not hold (converting them, above all time-zone-aware
#: datetimes, cost more than the comparison in a re-import of an unchanged county). A changed
#: row is rebuilt from these with `from_db` (the others deferred) and saved field by field.
HOUSEHOLD_COLUMNS_DB = ("id", "number", *COMPARED_FIELDS)
INCOME_COLUMNS_DB = ("id", "household_id", "year", *INCOME_ITEMS, "per_capita_net_income")
MEMBER_COLUMNS_DB = ("id", "household_id", "id_number", *MEMBER_COMPARED)
MEMBER_UPDATE_FIELDS = MEMBER_COMPARED
SERIOUS_HEALTH = ("serious", "disabled")

COMPARED_AT = tuple(HOUSEHOLD_COLUMNS_DB.index(name) for name in COMPARED_FIELDS)
RESULT_AT = tuple(HOUSEHOLD_COLUMNS_DB.index(name) for name in RESULT_FIELDS)
INCOME_ITEM_AT = tuple(INCOME_COLUMNS_DB.index(name) for name in INCOME_ITEMS)
INCOME_PER_CAPITA_AT = INCOME_COLUMNS_DB.index("per_capita_net_income")
MEMBER_COMPARED_AT = tuple(MEMBER_COLUMNS_DB.index(name) for name in MEMBER_COMPARED)

#: Rows per INSERT/UPDATE statement.
BATCH = 1000

_DEFAULTS = {
    model: {field.attname: field.get_default() for field in model._meta.concrete_fields}
    for model in (Household, IncomeRecord, Member)
}
_ATTNAMES = {model: tuple(field.attname for field in model._meta.concrete_fields)
             for model in (Household, IncomeRecord, Member)}


def new_instance(model, values: dict):
    """An unsaved instance with `values` (attnames), other fields at their defaults.

    Given every concrete field positionally, Model.__init__ sends pre_init and post_init,
    sets a fresh ModelState and setattr()s each attname, which stores it in __dict__ (the
    foreign-key attname descriptor also forgets a cached related object: a new instance has
    none). Doing that directly costs a fifth as much, which matters for hundreds of thousands
    of rows; when anything listens to pre_init/post_init, the constructor itself is used.
    """
    defaults = _DEFAULTS[model]
    if not values.keys() <= defaults.keys():
        raise ValueError(f"not fields of {model.__name__}: {', '.join(sorted(values.keys() - defaults.keys()))}")
    if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
        return model(*[values[name] if name in values else defaults[name] for name in _ATTNAMES[model]])
    instance = model.__new__(model)
    instance._state = ModelState()
    state = instance.__dict__
    state.update(defaults)
    state.update(values)
    return instance


class IncomeFigures:
    """The income items of a row, for income_record_compute in a dry run (no model instance)."""

    __slots__ = ("total_income", "business_expenses", "taxes_and_fees", "depreciation", "gifts_outside",
                 "resident_members", "net_income", "per_capita_net_income")
    items = IncomeRecord.items

    def __init__(self, total_income, business_expenses, taxes_and_fees, depreciation, gifts_outside, resident_members):
        self.total_income = total_income
        self.business_expenses = business_expenses
        self.taxes_and_fees = taxes_and_fees
        self.depreciation = depreciation
        self.gifts_outside = gifts_outside
        self.resident_members = resident_members


def stored_values(queryset, names: tuple[str, ...]):
    """`queryset.values_list(*names)`, with the same values.

    On SQLite the database prints each decimal column with its places (`printf('%.2f', …)`,
    NULL kept) and the text becomes a Decimal here, a column at a time: with Django's SQLite
    converter (from the float, in a context, then quantized) reading 40,000 income records took
    0.36 s against 0.15 s, and a re-import of an unchanged county reads about 1,400,000 stored
    amounts. The float SQLite keeps is within a millionth of an amount below 10,000,000,000.00,
    so the printed cents are the stored ones.
    """
    from django.db import connection

    fields = [queryset.model._meta.get_field(name) for name in names]
    decimals = {at: field for at, field in enumerate(fields) if isinstance(field, DecimalField)}
    if connection.vendor != "sqlite" or not decimals:
        return queryset.values_list(*names)
    columns = [_printed(name, decimals[at]) if at in decimals else name for at, name in enumerate(names)]
    return _with_decimals(queryset.values_list(*columns), {at: field.null for at, field in decimals.items()})


def _printed(name: str, field: DecimalField):
    printed = Func(Value(f"%.{field.decimal_places}f"), F(name), function="printf", output_field=CharField())
    if not field.null:
        return printed
    return Case(When(**{f"{name}__isnull": True}, then=Value(None)), default=printed, output_field=CharField())


def _with_decimals(rows, nullable: dict[int, bool], chunk: int = 2000):
    """The rows with the texts at the positions of `nullable` made Decimal, a column at a time."""
    rows = iter(rows)
    while block := list(itertools.islice(rows, chunk)):
        columns = list(zip(*block, strict=True))
        for at, null in nullable.items():
            if null:
                columns[at] = [None if text is None else Decimal(text) for text in columns[at]]
            else:
                columns[at] = map(Decimal, columns[at])
        yield from zip(*columns, strict=True)


def owners(model, column: str, values: list, select: tuple[str, ...]) -> list[tuple]:
    """`SELECT select FROM model WHERE column IN values` for plain string/integer columns.

    The ORM spends more time compiling a query than the database spends answering it; these
    look-ups (who owns an ID number) only need text and integers, so they go straight to the
    cursor, with the keys as one parameter (xixiang.lib.keys).
    """
    if not values:
        return []
    from django.db import connection

    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in select)
    condition, params = key_condition(quote(model._meta.get_field(column).column), values)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {quote(model._meta.db_table)} WHERE {condition}", params)
        return cursor.fetchall()


def update_rows(model, key: str, fields: tuple[str, ...], rows: dict, *, chunk: int = 500) -> None:
    """Set `fields` of many rows to per-row values in one statement per `chunk` rows:
    `UPDATE … SET f = CASE key WHEN … THEN … END … WHERE key IN (…)`.

    For rows this import created a moment ago (their history is corrected in the same way)
    and the re-derived values of stored households: Django's bulk_update builds an expression
    per row and field and is far slower.

    PostgreSQL needs the CAST (a CASE of untyped parameters is text). SQLite must not have it:
    CAST(… AS datetime) takes NUMERIC affinity and turns '2009-05-06 07:08:09' into 2009,
    while a plain parameter is stored by the column's affinity like any other write.
    """
    from django.db import connection

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
