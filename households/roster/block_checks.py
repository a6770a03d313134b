"""The checks of validation.py for a block of rows at once, column by column. Pure.

`parse_household_block(rows, today)` returns exactly what `[parse_household(cells, today) for
cells in rows]` returns. Most cells of a roster are already in their usual form (a 17-digit
户编号 typed as text, a valid ID number, one of the drop-down values, a number cell for an
amount), and a whole column of them can be confirmed with a few passes of built-ins (join,
map, set) instead of a dozen Python calls per cell: a county's workbook has ~5,000,000 cells.
A block holding any cell that is not in its usual form, or any problem at all, is checked row
by row by validation.py, which names every problem; so there is one set of rules and messages,
and this module only recognises the common case faster.
"""

import datetime
from itertools import repeat
from operator import itemgetter

from xixiang.lib.id_numbers import birth_date_or_none, has_valid_check_character

from .. import rules
from ..rules import FORMULA_PREFIXES, HEAD_NAME_MIN_LENGTH, MEMBER_NAME_MIN_LENGTH, NAME_MAX_LENGTH
from .columns import CATEGORIES, HARDSHIPS, HEALTHS, LABOUR_ABILITIES, RELATIONS, SEXES, YES_NO
from .validation import (
    HouseholdRow,
    MemberRow,
    _industries,
    _integer,
    _money,
    parse_household,
    parse_member,
)

NO_PROBLEMS = ()
_FIRST_17 = itemgetter(slice(0, 17))
_CHECK_SYMBOL = itemgetter(17)
_SEX_DIGIT = itemgetter(16)
_BIRTH_DIGITS = itemgetter(slice(6, 14))
_CHECK_SYMBOLS = frozenset("0123456789X")
_SEX_OF_DIGIT = {digit: SEXES["男"] if digit in "13579" else SEXES["女"] for digit in "0123456789"}
_NUMBER_CELLS = frozenset({float, int, str})
# Drop-down values as typed, and the blank cell where the column allows it.
_PROJECT = {"": False, **YES_NO}
_HARDSHIP = {"": "", **HARDSHIPS}
_CATEGORY = {"": "", **CATEGORIES}
_PRODUCER = {"": None, **YES_NO}
_SEX = {"": "", **SEXES}
_LABOUR = {"": "", **LABOUR_ABILITIES}
_HEALTH = {"": "", **HEALTHS}


def parse_household_block(rows: list, today: datetime.date) -> list:
    """(HouseholdRow, problems) for each row (cells in the order of HOUSEHOLD_COLUMNS)."""
    typed = _household_columns(rows, today) if rows else None
    if typed is None:
        return [parse_household(cells, today) for cells in rows]
    return [(row, NO_PROBLEMS) for row in map(HouseholdRow._make, zip(*typed, strict=True))]


def parse_member_block(rows: list, today: datetime.date) -> list:
    """(MemberRow, problems) for each row (cells in the order of MEMBER_COLUMNS)."""
    typed = _member_columns(rows, today) if rows else None
    if typed is None:
        return [parse_member(cells, today) for cells in rows]
    return [(row, NO_PROBLEMS) for row in map(MemberRow._make, zip(*typed, strict=True))]


def _household_columns(rows: list, today: datetime.date) -> list | None:
    (numbers, names, ids, phones, residents, labour, industries, projects, hardships, years,
     totals, expenses, taxes, depreciation, gifts, categories, producers, scales) = zip(*rows, strict=True)
    if not (_numbers(numbers) and _names(names, minimum=HEAD_NAME_MIN_LENGTH) and _phones(phones)
            and _id_numbers(ids, today) is not None):
        return None
    resident_counts = _integers(residents, rule=rules.resident_count_problem)
    labour_counts = _integers(labour)
    if (resident_counts is None or labour_counts is None
            or any(map(rules.labour_count_problem, labour_counts, resident_counts))):
        return None
    columns = [
        numbers, names, ids, phones, resident_counts, labour_counts, _industry_lists(industries),
        _codes(projects, _PROJECT), _codes(hardships, _HARDSHIP), _integers(years, rule=rules.income_year_problem),
        _amounts(totals, required=True), _amounts(expenses, required=True), _amounts(taxes, required=False),
        _amounts(depreciation, required=False), _amounts(gifts, required=False), _codes(categories, _CATEGORY),
    ]
    if any(column is None for column in columns):
        return None
    producer_columns = _producers(producers, scales)
    return None if producer_columns is None else [*columns, *producer_columns]


def _member_columns(rows: list, today: datetime.date) -> list | None:
    numbers, names, ids, relations, sexes, labour, health = zip(*rows, strict=True)
    if not (_numbers(numbers) and _names(names, minimum=MEMBER_NAME_MIN_LENGTH)):
        return None
    births = _id_numbers(ids, today)
    if births is None:
        return None
    id_sexes = list(map(_SEX_OF_DIGIT.__getitem__, map(_SEX_DIGIT, ids)))
    given_sexes = _codes(sexes, _SEX)
    if given_sexes is None or any(given and given != own for given, own in zip(given_sexes, id_sexes, strict=True)):
        return None
    columns = [numbers, names, ids, _codes(relations, RELATIONS), given_sexes, id_sexes, births,
               _codes(labour, _LABOUR), _codes(health, _HEALTH)]
    return None if any(column is None for column in columns) else columns


# --- one column each: True / the typed values when every cell is in its usual form -----------


def _joined(column) -> str | None:
    """All cells joined, when every one is text."""
    try:
        return "".join(column)
    except TypeError:
        return None


def _numbers(column) -> bool:
    """Every 户编号 is 17 ASCII digits (households.rules.household_number_problem)."""
    joined, length = _joined(column), rules.HOUSEHOLD_NUMBER_LENGTH
    return (joined is not None and len(joined) == length * len(column) and min(map(len, column)) == length
            and joined.isascii() and joined.isdigit())


def _names(column, *, minimum: int) -> bool:
    """Every name is trimmed text of minimum–20 characters that does not look like a formula (the
    rule of households.rules.person_name_problem; any other block is checked row by row)."""
    if _joined(column) is None:
        return False
    lengths = set(map(len, column))
    return (min(lengths) >= minimum and max(lengths) <= NAME_MAX_LENGTH
            and not any(map(str.startswith, column, repeat(FORMULA_PREFIXES)))
            and list(map(str.strip, column)) == list(column))


def _phones(column) -> bool:
    """Every phone is blank or an 11-digit mobile number as typed (the usual case of
    households.rules.phone_problem)."""
    joined = _joined(column)
    return (joined is not None and (not joined or (joined.isascii() and joined.isdigit()))
            and set(map(len, column)) <= {0, 11} and all(map(str.startswith, filter(None, column), repeat("1"))))


def _id_numbers(column, today: datetime.date) -> list | None:
    """The birth dates, when every ID number is canonical and valid (see id_numbers)."""
    joined = _joined(column)
    if (joined is None or len(joined) != 18 * len(column) or min(map(len, column)) != 18 or not joined.isascii()
            or not "".join(map(_FIRST_17, column)).isdigit() or not set(map(_CHECK_SYMBOL, column)) <= _CHECK_SYMBOLS):
        return None
    births = list(map(birth_date_or_none, map(_BIRTH_DIGITS, column)))
    if None in births or max(births) > today or min(births).year < 1880:
        return None
    return births if all(map(has_valid_check_character, column)) else None


def _integers(column, rule=None) -> list | None:
    """The whole numbers, each distinct cell checked once by validation._integer (with `rule`)."""
    if not set(map(type, column)) <= _NUMBER_CELLS:  # a bool would pass for 1 as a dict key
        return None
    typed = {}
    for value in set(column):
        problems = []
        typed[value] = _integer(value, "", problems, rule=rule)
        if problems:
            return None
    return list(map(typed.__getitem__, column))


def _amounts(column, *, required: bool) -> list | None:
    if not set(map(type, column)) <= _NUMBER_CELLS:
        return None
    typed = {}
    for value in set(column):
        problems = []
        typed[value] = _money(value, "", problems, required=required)
        if problems:
            return None
    return list(map(typed.__getitem__, column))


def _industry_lists(column) -> list | None:
    if _joined(column) is None:
        return None
    typed = {}
    for value in set(column):
        problems = []
        typed[value] = _industries(value, "", problems)
        if problems:
            return None
    return list(map(typed.__getitem__, column))


def _producers(producers, scales) -> list | None:
    """产业大户 as typed and each 大户's trimmed scale of at most 100 characters (validation._large_producer)."""
    flags = _codes(producers, _PRODUCER)
    if flags is None or _joined(scales) is None:
        return None
    limit = rules.LARGE_PRODUCER_SCALE_MAX_LENGTH
    if any(len(s) > limit or s != s.strip() or (flag and not s) for flag, s in zip(flags, scales, strict=True)):
        return None
    return [flags, [s if flag else "" for flag, s in zip(flags, scales, strict=True)]]


def _codes(column, mapping: dict) -> list | None:
    """The codes of drop-down values typed exactly (and of blanks, where `mapping` has "")."""
    try:
        return list(map(mapping.__getitem__, column))
    except (KeyError, TypeError):
        return None
