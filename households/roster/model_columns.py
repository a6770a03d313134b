"""The model columns the import engine reads, compares and writes (values_list order), and how
it makes new instances (`new_instance`). The database work itself is in xixiang/db."""

from django.db.models import signals
from django.db.models.base import ModelState

from ..models import INDUSTRY_FIELDS, Household, IncomeRecord, Member

INDUSTRY_ORDER = tuple(INDUSTRY_FIELDS)
SIMPLE_FIELDS = ("head_name", "head_id_number", "phone", "labour_count", *INDUSTRY_FIELDS.values(),
                 "has_income_project", "hardship", "is_large_producer", "large_producer_scale")
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
PRODUCER_AT = HOUSEHOLD_COLUMNS_DB.index("is_large_producer")  # its scale follows
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
